import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import { type Principal, principalFromClaims } from '../domain/auth.ts';
import {
  MalformedBodyError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors.ts';
import { claimNames } from './env.ts';
import type { runIdempotent } from './idempotency.ts';
import { metrics } from './powertools.ts';
import { problemResponse } from './problem.ts';
import { parseOrThrow } from './validation.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface HttpRequest<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  /** Undefined only on public routes. */
  readonly principal: Principal;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
  /**
   * On an idempotent route called with `Idempotency-Key`: the route, the caller and the key. A
   * create writes it as a guard in the same transaction as the new item, so a retry after a crash
   * between the two writes finds the item instead of creating a second one.
   */
  readonly idempotencyKey?: string;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Version of the returned resource, sent as a strong ETag. */
  readonly etag?: number;
  /**
   * A body already serialised, sent as is instead of `body` (say its content-type in `headers`);
   * `base64` for bytes, e.g. a stored gzip body sent with `content-encoding: gzip`.
   */
  readonly raw?: { readonly body: string; readonly base64?: boolean };
}

export interface HttpOptions<
  BS extends z.ZodType | undefined,
  QS extends z.ZodType | undefined,
  PS extends z.ZodType | undefined,
> {
  readonly body?: BS;
  readonly query?: QS;
  readonly params?: PS;
  /** `public` routes have no principal; every other route needs verified JWT claims. */
  readonly auth?: 'public' | 'jwt';
  /**
   * For creating POSTs: `runIdempotent` from ./idempotency.ts, so a repeated `Idempotency-Key`
   * replays the first result. Passed in (not imported here) so that only those functions bundle
   * the idempotency library.
   */
  readonly idempotent?: typeof runIdempotent;
  /** Largest accepted body; 64 KiB unless said otherwise. */
  readonly maxBodyBytes?: number;
  /**
   * Media types the route takes besides JSON (e.g. `text/csv`), each with the function that
   * decodes the text into the body as `body` would have parsed it: the decoder validates with the
   * same schemas itself (so a large file is not validated twice) and throws its own
   * ValidationError for what it finds wrong, naming lines rather than JSON paths.
   */
  readonly decoders?: Readonly<Record<string, (text: string) => unknown>>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

const DEFAULT_MAX_BODY = 64 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function etagOf(version: number): string {
  return `"${version}"`;
}

function readBody(
  event: HttpEvent,
  schema: z.ZodType | undefined,
  maxBytes: number,
  decoders: HttpOptions<undefined, undefined, undefined>['decoders'] = {},
): unknown {
  if (!schema) return undefined;
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > maxBytes) {
    throw new PayloadTooLargeError(`the body is larger than ${maxBytes} bytes`, { limit: maxBytes });
  }
  const type = event.headers['content-type'];
  const decode = type ? decoders[type.split(';')[0]!.trim().toLowerCase()] : undefined;
  if (decode) return decode(text);
  if (type && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    const accepted = ['application/json', ...Object.keys(decoders)].join(' or ');
    throw new UnsupportedMediaTypeError(`send ${accepted}, not ${type}`);
  }
  if (text.trim() === '')
    throw new ValidationError('a JSON body is required', [{ field: '', message: 'is required', in: 'body' }]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MalformedBodyError((error as Error).message);
  }
  return parseOrThrow(schema, json, 'body');
}

function idempotencyKeyOf(event: HttpEvent): string | undefined {
  const key = event.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1-255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters', in: 'header' },
    ]);
  }
  return key;
}

function principalKey(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'machine' ? `client:${principal.clientId}` : `user:${principal.sub}`;
}

function toResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...result.headers };
  if (result.etag !== undefined) headers.etag = etagOf(result.etag);
  if (result.raw) {
    return {
      statusCode: result.status,
      headers,
      body: result.raw.body,
      isBase64Encoded: result.raw.base64 === true,
    };
  }
  if (result.body === undefined) return { statusCode: result.status, headers };
  headers['content-type'] ??= 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

/** Counts answers by class (`http2xx`, `http4xx`, `http5xx`), the metric alarms watch. */
function countStatus(response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  metrics.addMetric(`http${Math.floor((response.statusCode ?? 200) / 100)}xx`, MetricUnit.Count, 1);
  return response;
}

/** One route of an HTTP function: an API Gateway v2 event in, its answer out. */
export type RouteHandler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The one factory for HTTP routes: authentication from the authorizer's claims, zod parsing of
 * path, query and body, optional idempotency, and the problem+json error mapper. `run` only sees
 * typed, validated input. The Powertools logger and metrics wrap the whole function once, in
 * `httpFunction` (./http-function.ts), which dispatches each event to its route.
 */
export function httpHandler<
  BS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
>(
  options: HttpOptions<BS, QS, PS>,
  run: (request: HttpRequest<Out<BS>, Out<QS>, Out<PS>>) => Promise<HttpResult>,
): RouteHandler {
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    try {
      const principal =
        options.auth === 'public'
          ? (undefined as unknown as Principal)
          : principalFromClaims(event.requestContext.authorizer?.jwt?.claims, claimNames());
      const params = options.params
        ? parseOrThrow(options.params, event.pathParameters ?? {}, 'path')
        : undefined;
      const query = options.query
        ? parseOrThrow(options.query, event.queryStringParameters ?? {}, 'query')
        : undefined;
      const body = readBody(event, options.body, options.maxBodyBytes ?? DEFAULT_MAX_BODY, options.decoders);
      const idempotent = options.idempotent;
      const header = idempotent ? idempotencyKeyOf(event) : undefined;
      const idempotencyKey = header && `${event.routeKey}|${principalKey(principal)}|${header}`;
      const request = {
        body,
        query,
        params,
        principal,
        headers: event.headers,
        requestId,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      } as HttpRequest<Out<BS>, Out<QS>, Out<PS>>;
      const result =
        idempotent && idempotencyKey
          ? await idempotent(idempotencyKey, event.body ?? '', context, () => run(request))
          : await run(request);
      return countStatus(toResponse(result));
    } catch (error) {
      return countStatus(problemResponse(error, event.rawPath, requestId));
    }
  };
}

type SchemaOf<O, K extends 'body' | 'query' | 'params'> = O extends { readonly [P in K]?: infer S }
  ? S
  : undefined;

/** The typed request a handler built from `options` receives. */
export type RequestFor<O> = HttpRequest<
  Out<SchemaOf<O, 'body'>>,
  Out<SchemaOf<O, 'query'>>,
  Out<SchemaOf<O, 'params'>>
>;

/** The bare function of an HTTP handler: typed request in, result out. */
export type Run<O> = (request: RequestFor<O>) => Promise<HttpResult>;
