import { PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../domain/errors.ts';
import { parseIfMatch } from '../domain/params.ts';
import type { HttpResult } from './http.ts';

// an absent etag is left out, not set to undefined: the idempotency store refuses undefined attributes
export const ok = (body: unknown, etag?: number): HttpResult => ({
  status: 200,
  body,
  ...(etag === undefined ? {} : { etag }),
});
export const created = (body: unknown, location: string, etag?: number): HttpResult => ({
  status: 201,
  body,
  ...(etag === undefined ? {} : { etag }),
  headers: { location },
});
export const accepted = (body: unknown, location: string): HttpResult => ({
  status: 202,
  body,
  headers: { location },
});
export const noContent = (): HttpResult => ({ status: 204 });

/**
 * The version a conditional update must start from, read from If-Match. Required: an update
 * without it could silently overwrite a change the caller never saw.
 */
export function requireIfMatch(
  headers: Readonly<Record<string, string | undefined>>,
  currentVersion: number,
): number {
  const expected = parseIfMatch(headers['if-match']);
  if (expected === undefined)
    throw new PreconditionRequiredError('send If-Match with the ETag you last read');
  if (Number.isNaN(expected)) {
    throw new ValidationError('If-Match must be an ETag this API issued, e.g. "3"', [
      { field: 'If-Match', message: 'is not an ETag of this API', in: 'header' },
    ]);
  }
  if (expected !== currentVersion) {
    throw new PreconditionFailedError(`the resource is at version ${currentVersion}, not ${expected}`, {
      currentVersion,
    });
  }
  return expected;
}
