import type { ChildDistrict } from '../domain/child-districts.ts';
import { resolveSecret } from './secrets.ts';

/**
 * A city stack's client of one district's API: an access token by OAuth client credentials
 * (Cognito's `/oauth2/token`, or the external issuer's token endpoint in China), kept until a
 * minute before it expires, and JSON calls with a timeout. A 401 drops the token and asks again
 * once (the district may have rotated its keys).
 */

const TIMEOUT_MS = 10_000;
const tokens = new Map<string, { token: string; until: number }>();

export class DistrictCallError extends Error {
  override readonly name = 'DistrictCallError';
  constructor(
    message: string,
    /** HTTP status, or undefined when the district could not be reached. */
    readonly status: number | undefined,
  ) {
    super(message);
  }

  /** Worth retrying: the district was unreachable, throttled or failing. */
  get transient(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

async function accessToken(child: ChildDistrict): Promise<string> {
  const cached = tokens.get(child.code);
  if (cached && cached.until > Date.now()) return cached.token;
  const secret = await resolveSecret(child.clientSecret);
  let response: Response;
  try {
    response = await fetch(child.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${child.clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: child.scope }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new DistrictCallError(
      `token endpoint of ${child.code} unreachable: ${(error as Error).message}`,
      undefined,
    );
  }
  if (!response.ok) {
    throw new DistrictCallError(
      `token endpoint of ${child.code} answered ${response.status}`,
      response.status,
    );
  }
  const body = (await response.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token)
    throw new DistrictCallError(`token endpoint of ${child.code} sent no access_token`, 502);
  const lifetime = (body.expires_in ?? 3600) * 1000;
  tokens.set(child.code, { token: body.access_token, until: Date.now() + lifetime - 60_000 });
  return body.access_token;
}

export interface DistrictAnswer<T> {
  readonly status: number;
  readonly body: T;
  readonly etag: string | null;
}

/** One call to the district's API as the city's machine client. */
export async function callDistrict<T>(
  child: ChildDistrict,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  retriedAuth = false,
): Promise<DistrictAnswer<T>> {
  const token = await accessToken(child);
  let response: Response;
  try {
    response = await fetch(
      new URL(path.replace(/^\//, ''), child.apiUrl.endsWith('/') ? child.apiUrl : `${child.apiUrl}/`),
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
    );
  } catch (error) {
    throw new DistrictCallError(
      `${method} ${path} at ${child.code} unreachable: ${(error as Error).message}`,
      undefined,
    );
  }
  if (response.status === 401 && !retriedAuth) {
    tokens.delete(child.code);
    return callDistrict(child, method, path, options, true);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DistrictCallError(
      `${method} ${path} at ${child.code} answered ${response.status}: ${text.slice(0, 300)}`,
      response.status,
    );
  }
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    etag: response.headers.get('etag'),
  };
}
