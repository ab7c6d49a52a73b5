/**
 * CORS as an HTTP API with `corsPreflight` answers it: a preflight (OPTIONS with an Origin and
 * Access-Control-Request-Method) gets 204 from the gateway itself, whatever the routes; other
 * answers to an allowed Origin carry Access-Control-Allow-Origin and the exposed headers. An
 * origin not in the list gets no CORS headers, so the browser blocks it.
 */
import {
  CORS_ALLOW_HEADERS,
  CORS_ALLOW_METHODS,
  CORS_EXPOSE_HEADERS,
  CORS_MAX_AGE_SECONDS,
} from '../config/cors.ts';

export interface CorsPolicy {
  readonly origins: readonly string[];
}

const originOf = (headers: Record<string, string | string[] | undefined>): string | undefined => {
  const value = headers.origin;
  return typeof value === 'string' ? value : undefined;
};

/** Headers to add to an ordinary answer. */
export function corsHeaders(
  policy: CorsPolicy,
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const origin = originOf(headers);
  if (origin === undefined || !policy.origins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': CORS_EXPOSE_HEADERS.join(','),
    vary: 'origin',
  };
}

/** The gateway's own answer to a preflight, or undefined when the request is not one. */
export function preflightResponse(
  policy: CorsPolicy,
  method: string,
  headers: Record<string, string | string[] | undefined>,
): { status: number; headers: Record<string, string> } | undefined {
  if (method !== 'OPTIONS' || typeof headers['access-control-request-method'] !== 'string') return undefined;
  const origin = originOf(headers);
  const requested = String(headers['access-control-request-method']).toUpperCase();
  if (
    origin === undefined ||
    !policy.origins.includes(origin) ||
    !(CORS_ALLOW_METHODS as readonly string[]).includes(requested)
  ) {
    return { status: 204, headers: {} };
  }
  return {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': CORS_ALLOW_METHODS.join(','),
      'access-control-allow-headers': CORS_ALLOW_HEADERS.join(','),
      'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
      vary: 'origin',
    },
  };
}
