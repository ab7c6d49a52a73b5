import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
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
