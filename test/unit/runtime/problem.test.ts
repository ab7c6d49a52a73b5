import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, PROBLEM_BASE } from '../../../shared/domain/errors.ts';
import { problemResponse, toDomainError } from '../../../shared/runtime/problem.ts';

describe('toDomainError', () => {
  it('answers a retry while the first request with its key is running with 409', () => {
    const mapped = toDomainError(new IdempotencyAlreadyInProgressError('in progress'));
    expect(mapped?.status).toBe(409);
    expect(problemResponse(new IdempotencyAlreadyInProgressError('x'), '/centers', 'r1').statusCode).toBe(
      409,
    );
  });

  it('answers a key reused with another body with 422', () => {
    expect(toDomainError(new IdempotencyValidationError('mismatch'))?.status).toBe(422);
  });

  it('leaves an unknown error to the 500 path', () => {
    expect(toDomainError(new Error('boom'))).toBeUndefined();
  });
});

describe('problemResponse', () => {
  const named = (name: string) => Object.assign(new Error(name), { name });
  const parse = (r: ReturnType<typeof problemResponse>) =>
    JSON.parse(String(r.body)) as Record<string, unknown>;

  it('answers a domain error as RFC 9457 problem+json with its detail, instance and request id', () => {
    const r = problemResponse(NotFoundError.of('center', 'c-x'), '/centers/c-x', 'req-1');
    expect(r.statusCode).toBe(404);
    expect(r.headers).toEqual({ 'content-type': 'application/problem+json' });
    expect(parse(r)).toMatchObject({
      type: `${PROBLEM_BASE}not-found`,
      title: 'Not found',
      status: 404,
      instance: '/centers/c-x',
      requestId: 'req-1',
    });
    expect(String(parse(r).detail)).toContain('c-x');
  });

  it('lets no extension member overwrite a member RFC 9457 defines', () => {
    const error = new ConflictError('version moved', { status: 200, type: 'x', currentVersion: 2 });
    expect(parse(problemResponse(error, '/c', 'r'))).toMatchObject({
      status: 409,
      type: `${PROBLEM_BASE}conflict`,
      currentVersion: 2,
    });
  });

  it('answers a lost transaction race with 409, never 500', () => {
    for (const name of ['TransactionConflictException', 'TransactionCanceledException']) {
      expect(problemResponse(named(name), '/c', 'r').statusCode).toBe(409);
    }
  });

  it('answers throttling by a dependency with 503 and Retry-After', () => {
    for (const name of [
      'ThrottlingException',
      'ProvisionedThroughputExceededException',
      'RequestLimitExceeded',
      'TooManyRequestsException',
    ]) {
      const r = problemResponse(named(name), '/c', 'r');
      expect(r.statusCode, name).toBe(503);
      expect(r.headers).toEqual({ 'content-type': 'application/problem+json', 'retry-after': '1' });
      expect(parse(r)).toMatchObject({ type: `${PROBLEM_BASE}service-busy`, status: 503 });
    }
  });

  it('answers a database that did not answer in time with 503 and Retry-After, not 500', () => {
    const r = problemResponse(named('TimeoutError'), '/bookings', 'r');
    expect(r.statusCode).toBe(503);
    expect(r.headers).toEqual({ 'content-type': 'application/problem+json', 'retry-after': '1' });
    expect(parse(r)).toMatchObject({
      type: `${PROBLEM_BASE}service-busy`,
      status: 503,
      detail: expect.stringContaining('did not answer in time'),
    });
  });

  it('answers anything else with a generic 500 that leaks nothing of the error', () => {
    const r = problemResponse(new Error('password=hunter2 at db.internal'), '/c', 'r-9');
    expect(r.statusCode).toBe(500);
    const body = parse(r);
    expect(body).toMatchObject({
      type: `${PROBLEM_BASE}internal`,
      status: 500,
      requestId: 'r-9',
      instance: '/c',
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(problemResponse(null, '/c', 'r').statusCode).toBe(500);
  });
});
