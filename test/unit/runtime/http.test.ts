import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConflictError } from '../../../shared/domain/errors.ts';
import { type HttpEvent, httpHandler } from '../../../shared/runtime/http.ts';
import { ok } from '../../../shared/runtime/responses.ts';

const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

function event(overrides: Partial<HttpEvent> & { claims?: Record<string, string> } = {}): HttpEvent {
  const { claims = { sub: 'u1', 'cognito:groups': '[resident]' }, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /things/{id}',
    rawPath: '/things/t-123',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { id: 't-123' },
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      authorizer: { jwt: { claims, scopes: null } },
    } as unknown as HttpEvent['requestContext'],
    ...rest,
  } as HttpEvent;
}

const handler = httpHandler(
  {
    params: z.strictObject({ id: z.string().min(3) }),
    query: z.strictObject({ verbose: z.enum(['yes', 'no']).optional() }),
    body: z.strictObject({ name: z.string().min(1), size: z.number().int() }),
    maxBodyBytes: 200,
  },
  async ({ body, params, principal }) => {
    if (body.name === 'taken') throw new ConflictError('that name is taken');
    if (body.name === 'boom') throw new Error('secret internals');
    return ok({ id: params.id, name: body.name, by: principal.kind === 'user' ? principal.sub : '' }, 7);
  },
);

async function call(e: HttpEvent) {
  const result = await handler(e, context);
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

describe('httpHandler', () => {
  it('passes typed input to run and sends the version as a strong ETag', async () => {
    const res = await call(event({ body: JSON.stringify({ name: 'hall', size: 3 }) }));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ etag: '"7"', 'content-type': 'application/json' });
    expect(res.json).toEqual({ id: 't-123', name: 'hall', by: 'u1' });
  });

  it('names every bad and unknown field in a 400 problem', async () => {
    const res = await call(event({ body: JSON.stringify({ name: '', size: 1.5, colour: 'red' }) }));
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(res.json.type).toBe('https://pmsc.example/problems/validation-failed');
    expect(res.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'name', 'size']);
  });

  it('answers 400 for malformed JSON, 415 for another media type, 413 for an oversized body', async () => {
    expect((await call(event({ body: '{"name":' }))).json).toMatchObject({
      status: 400,
      type: expect.stringMatching(/malformed-body$/),
    });
    expect(
      (await call(event({ body: 'name=x', headers: { 'content-type': 'text/plain' } }))).statusCode,
    ).toBe(415);
    const big = await call(event({ body: JSON.stringify({ name: 'x'.repeat(300), size: 1 }) }));
    expect(big.statusCode).toBe(413);
    expect(big.json.limit).toBe(200);
  });

  it('rejects unknown query parameters and bad path parameters', async () => {
    const body = JSON.stringify({ name: 'a', size: 1 });
    const q = await call(event({ body, queryStringParameters: { near: '1,2' } }));
    expect(q.statusCode).toBe(400);
    expect(q.json.errors[0]).toMatchObject({ field: 'near', in: 'query' });
    const p = await call(event({ body, pathParameters: { id: 'x' } }));
    expect(p.json.errors[0]).toMatchObject({ field: 'id', in: 'path' });
  });

  it('answers 401 without claims', async () => {
    const e = event({ body: JSON.stringify({ name: 'a', size: 1 }) });
    (e.requestContext as { authorizer?: unknown }).authorizer = undefined;
    expect((await call(e)).statusCode).toBe(401);
  });

  it('maps domain errors to their status and hides unknown errors behind a generic 500', async () => {
    const conflict = await call(event({ body: JSON.stringify({ name: 'taken', size: 1 }) }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json.detail).toBe('that name is taken');
    const fault = await call(event({ body: JSON.stringify({ name: 'boom', size: 1 }) }));
    expect(fault.statusCode).toBe(500);
    expect(fault.body).not.toContain('secret internals');
    expect(fault.json.requestId).toBe('req-1');
  });
});
