import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ConflictError,
  DomainError,
  IdempotencyConflictError,
  IdempotencyMismatchError,
  PROBLEM_BASE,
} from '../domain/errors.ts';
import { logger } from './powertools.ts';

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
/** A dependency that did not answer in time (the SDK's request timeout): busy, not broken. */
const TIMED_OUT = new Set(['TimeoutError']);

/** Maps what a handler threw to the DomainError a caller may see, or undefined for a real fault. */
export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  // Powertools idempotency errors are told by name: importing their classes would put the
  // idempotency library (about 23 KiB) into every HTTP function, reads included.
  const name = (error as { name?: string } | null)?.name;
  if (name === 'IdempotencyAlreadyInProgressError') {
    return new IdempotencyConflictError(
      'the first request with this Idempotency-Key has not finished; retry later',
    );
  }
  if (name === 'IdempotencyValidationError') {
    return new IdempotencyMismatchError('this Idempotency-Key was already used with a different body');
  }
  if (name === 'TransactionConflictException' || name === 'TransactionCanceledException') {
    return new ConflictError('a concurrent change won; reload and retry');
  }
  return undefined;
}

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(body),
  } satisfies APIGatewayProxyStructuredResultV2;
}

/**
 * RFC 9457 problem response. DomainErrors show their detail; throttling and a dependency's
 * timeout are a 503 with Retry-After; anything else is logged and answered with a generic 500 that leaks nothing.
 */
export function problemResponse(
  error: unknown,
  instance: string,
  requestId: string,
): APIGatewayProxyStructuredResultV2 {
  const known = toDomainError(error);
  if (known) {
    // extensions first: no extension member may overwrite one RFC 9457 defines
    return problem(known.status, {
      ...known.extensions,
      type: known.type,
      title: known.title,
      status: known.status,
      detail: known.message,
      instance,
      requestId,
    });
  }
  const name = (error as { name?: string } | null)?.name ?? '';
  if (THROTTLING.has(name) || TIMED_OUT.has(name)) {
    const throttled = THROTTLING.has(name);
    logger.warn(throttled ? 'throttled by a dependency' : 'a dependency timed out', { error: name });
    return problem(
      503,
      {
        type: `${PROBLEM_BASE}service-busy`,
        title: 'The service is busy',
        status: 503,
        detail: throttled
          ? 'the request was throttled; retry after a short wait'
          : 'the database did not answer in time; retry after a short wait (a retried create with the same Idempotency-Key is made once)',
        instance,
        requestId,
      },
      { 'retry-after': '1' },
    );
  }
  logger.error('unhandled error', error as Error);
  return problem(500, {
    type: `${PROBLEM_BASE}internal`,
    title: 'Internal server error',
    status: 500,
    detail: 'the request could not be completed; it has been logged',
    instance,
    requestId,
  });
}
