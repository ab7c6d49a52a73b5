/** API Gateway HTTP API (payload format 2.0) events and results. */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './env.ts';
import type { RouteMatch } from './routes.ts';

export interface HttpEventInput {
  readonly method: string;
  /** Path and query as sent, e.g. `/centers/a%20b?x=1`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string | undefined;
  readonly sourceIp: string;
  readonly match: RouteMatch;
  readonly jwt?: { readonly claims: Record<string, string>; readonly scopes: string[] | null };
  readonly now?: Date;
  /** The gateway's id of the request (also in the access log and the `apigw-requestid` header). */
  readonly requestId?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `22/Nov/2025:04:29:00 +0000`, the format of requestContext.time. */
export const clfTime = (date: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
};

/** Repeated query keys are joined with commas; values are decoded, as API Gateway does. */
export const parseQueryString = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return Object.keys(params).length > 0 ? params : undefined;
};

/** Header names lower-cased; repeated headers joined with commas; cookies go to `event.cookies`. */
export const normaliseHeaders = (
  headers: IncomingHttpHeaders,
): { headers: Record<string, string>; cookies: string[] | undefined } => {
  const normalised: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      const all = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(';'));
      cookies = all.map((c) => c.trim()).filter(Boolean);
      continue;
    }
    normalised[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return { headers: normalised, cookies };
};

export const buildHttpEvent = (input: HttpEventInput): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const now = input.now ?? new Date();
  const queryIndex = input.url.indexOf('?');
  const rawPath = queryIndex === -1 ? input.url : input.url.slice(0, queryIndex);
  const rawQueryString = queryIndex === -1 ? '' : input.url.slice(queryIndex + 1);
  const { headers, cookies } = normaliseHeaders(input.headers);
  const host = headers.host ?? 'localhost';
  const queryStringParameters = parseQueryString(rawQueryString);
  const hasPathParameters = Object.keys(input.match.pathParameters).length > 0;
  const event = {
    version: '2.0',
    routeKey: input.match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies === undefined ? {} : { cookies }),
    headers,
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      ...(input.jwt === undefined
        ? {}
        : {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims: input.jwt.claims, scopes: input.jwt.scopes },
            },
          }),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: input.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId ?? randomUUID(),
      routeKey: input.match.route.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(hasPathParameters ? { pathParameters: { ...input.match.pathParameters } } : {}),
    ...(input.body === undefined || input.body === '' ? {} : { body: input.body }),
    isBase64Encoded: false,
  };
  // Public routes have no authorizer; the type models only JWT routes, which is what handlers read.
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
};

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

export class InvalidHandlerResultError extends Error {
  override readonly name = 'InvalidHandlerResultError';
}

/**
 * What API Gateway makes of a handler's result: a structured result (with `statusCode`) as given,
 * anything else as a 200 JSON body.
 */
export const toHttpResponse = (result: unknown): HttpResponse => {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const r = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown;
      body?: unknown;
      isBase64Encoded?: unknown;
    };
    const status = r.statusCode;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      throw new InvalidHandlerResultError(`statusCode must be an integer HTTP status, got ${String(status)}`);
    }
    if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') {
      throw new InvalidHandlerResultError('body must be a string in a structured result');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(r.headers ?? {})) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
    }
    const cookies = Array.isArray(r.cookies) ? r.cookies.map(String) : [];
    const text = typeof r.body === 'string' ? r.body : '';
    const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    return { statusCode: status, headers, cookies, body };
  }
  const json = { 'content-type': 'application/json' };
  if (result === undefined || result === null)
    return { statusCode: 200, headers: json, cookies: [], body: Buffer.alloc(0) };
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  return { statusCode: 200, headers: json, cookies: [], body: Buffer.from(text, 'utf8') };
};
