import { describe, expect, it } from 'vitest';
import {
  buildHttpEvent,
  clfTime,
  normaliseHeaders,
  parseQueryString,
  toHttpResponse,
} from '../../../infra/local/http-event.ts';
import type { LocalFunctionSpec } from '../../../infra/local/manifest-source.ts';
import { compileRoutes } from '../../../infra/local/routes.ts';

const [route] = compileRoutes([
  {
    id: 'get-room',
    entry: 'x.ts',
    trigger: {
      kind: 'http',
      routes: [{ method: 'GET', path: '/centers/{id}/rooms/{roomId}', auth: 'jwt', entry: 'x.ts' }],
    },
  } as LocalFunctionSpec,
]);

describe('parseQueryString', () => {
  it('joins repeated keys with commas and decodes values', () => {
    expect(parseQueryString('a=1&a=2&b=x%20y&c=')).toEqual({ a: '1,2', b: 'x y', c: '' });
  });

  it('is undefined for an empty query', () => {
    expect(parseQueryString('')).toBeUndefined();
  });
});

describe('normaliseHeaders', () => {
  it('lower-cases names, joins repeats and moves cookies out', () => {
    const result = normaliseHeaders({ 'X-A': 'v', 'x-b': ['1', '2'], cookie: 'a=1; b=2' });

    expect(result).toEqual({ headers: { 'x-a': 'v', 'x-b': '1,2' }, cookies: ['a=1', 'b=2'] });
  });
});

describe('buildHttpEvent', () => {
  it('builds a payload 2.0 event with the JWT authorizer context', () => {
    const now = new Date('2026-03-04T05:06:07.089Z');

    const event = buildHttpEvent({
      method: 'GET',
      url: '/centers/c%201/rooms/r1?date=2026-03-04',
      headers: { host: 'localhost:3000', 'user-agent': 'vitest' },
      body: '',
      sourceIp: '127.0.0.1',
      match: { route: route!, pathParameters: { id: 'c 1', roomId: 'r1' } },
      jwt: { claims: { sub: 'u1', 'cognito:groups': '[staff]' }, scopes: null },
      now,
    });

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /centers/{id}/rooms/{roomId}',
      rawPath: '/centers/c%201/rooms/r1',
      rawQueryString: 'date=2026-03-04',
      queryStringParameters: { date: '2026-03-04' },
      pathParameters: { id: 'c 1', roomId: 'r1' },
      isBase64Encoded: false,
      requestContext: {
        domainName: 'localhost:3000',
        stage: '$default',
        time: '04/Mar/2026:05:06:07 +0000',
        timeEpoch: now.getTime(),
        http: { method: 'GET', path: '/centers/c%201/rooms/r1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        authorizer: { jwt: { claims: { sub: 'u1', 'cognito:groups': '[staff]' }, scopes: null } },
      },
    });
    expect(event.body).toBeUndefined();
  });

  it('formats requestContext.time like API Gateway', () => {
    expect(clfTime(new Date('2025-11-02T23:59:01Z'))).toBe('02/Nov/2025:23:59:01 +0000');
  });
});

describe('toHttpResponse', () => {
  it('keeps a structured result and lower-cases its headers', () => {
    const response = toHttpResponse({ statusCode: 201, headers: { Location: '/x', 'X-N': 1 }, body: '{}' });

    expect(response).toMatchObject({ statusCode: 201, headers: { location: '/x', 'x-n': '1' } });
    expect(response.body.toString()).toBe('{}');
  });

  it('treats anything without statusCode as a 200 JSON body', () => {
    expect(toHttpResponse({ a: 1 }).body.toString()).toBe('{"a":1}');
    expect(toHttpResponse('text').body.toString()).toBe('text');
    expect(toHttpResponse(undefined)).toMatchObject({ statusCode: 200 });
  });

  it('refuses an invalid status code or a non-string body', () => {
    expect(() => toHttpResponse({ statusCode: 99 })).toThrow(/statusCode/);
    expect(() => toHttpResponse({ statusCode: 200, body: { a: 1 } })).toThrow(/body/);
  });
});
