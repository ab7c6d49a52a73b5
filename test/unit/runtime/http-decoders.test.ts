import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { type HttpEvent, httpHandler } from '../../../shared/runtime/http.ts';
import { ok } from '../../../shared/runtime/responses.ts';

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

const event = (contentType: string, body: string, isBase64Encoded = false): HttpEvent =>
  ({
    version: '2.0',
    routeKey: 'POST /lists',
    rawPath: '/lists',
    headers: { 'content-type': contentType },
    body,
    isBase64Encoded,
    requestContext: {
      requestId: 'req-1',
      authorizer: { jwt: { claims: { sub: 'u1', 'cognito:groups': '[admin]' }, scopes: null } },
    },
  }) as unknown as HttpEvent;

/** A body of names, as JSON or as lines of text/plain decoded by the route's decoder. */
const handler = httpHandler(
  {
    body: z.strictObject({ names: z.array(z.string().min(2)) }),
    decoders: {
      'text/plain': (text: string) => {
        if (text.includes('!')) throw ValidationError.field('', 'no exclamation marks');
        return { names: text.split('\n').filter(Boolean) };
      },
    },
  },
  async ({ body }) => ok({ count: body.names.length, names: body.names }),
);

async function call(e: HttpEvent) {
  const result = await handler(e, context);
  return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined };
}

describe('httpHandler with decoders', () => {
  it('decodes a body of a declared media type, whatever its parameters', async () => {
    expect(await call(event('text/plain; charset=utf-8', 'ab\ncd\n'))).toEqual({
      status: 200,
      json: { count: 2, names: ['ab', 'cd'] },
    });
    expect(await call(event('Text/Plain', Buffer.from('xy').toString('base64'), true))).toMatchObject({
      json: { names: ['xy'] },
    });
  });

  it('still takes JSON', async () => {
    expect((await call(event('application/json', '{"names":["ab"]}'))).json).toEqual({
      count: 1,
      names: ['ab'],
    });
  });

  it("answers the decoder's own problems", async () => {
    const refused = await call(event('text/plain', 'ab!'));
    expect(refused).toMatchObject({ status: 400, json: { errors: [{ message: 'no exclamation marks' }] } });
  });

  it('hands the decoded body to run as is: the decoder validates, a large file is not parsed twice', async () => {
    expect(await call(event('text/plain', 'a'))).toEqual({ status: 200, json: { count: 1, names: ['a'] } });
  });

  it('refuses other media types with 415, listing the ones it takes', async () => {
    const res = await call(event('text/csv', 'a,b'));
    expect(res.status).toBe(415);
    expect(res.json.detail).toBe('send application/json or text/plain, not text/csv');
  });
});
