import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  IdempotencyConflictError,
  IdempotencyMismatchError,
  MalformedBodyError,
  NotAcceptableError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/domain/errors.ts';

/** The problem types of docs/api.md ("Errors"): each domain error's type and status. */
const DOCUMENTED: [DomainError, string, number][] = [
  [new ValidationError('x'), 'validation-failed', 400],
  [new MalformedBodyError('x'), 'malformed-body', 400],
  [new UnauthorizedError('x'), 'unauthorized', 401],
  [new ForbiddenError('x'), 'forbidden', 403],
  [new NotFoundError('x'), 'not-found', 404],
  [new NotAcceptableError('x'), 'not-acceptable', 406],
  [new ConflictError('x'), 'conflict', 409],
  [new IdempotencyConflictError('x'), 'idempotency-in-progress', 409],
  [new PreconditionFailedError('x'), 'precondition-failed', 412],
  [new PayloadTooLargeError('x'), 'payload-too-large', 413],
  [new UnsupportedMediaTypeError('x'), 'unsupported-media-type', 415],
  [new IdempotencyMismatchError('x'), 'idempotency-key-reused', 422],
  [new PreconditionRequiredError('x'), 'precondition-required', 428],
];

describe('domain errors', () => {
  it.each(DOCUMENTED)(
    '%s is https://pmsc.example/problems/%s with status %i and a title',
    (error, code, status) => {
      expect(error.type).toBe(`https://pmsc.example/problems/${code}`);
      expect(error.status).toBe(status);
      expect(error.title.length).toBeGreaterThan(3);
      expect(error.name).toBe(error.constructor.name);
      expect(error.extensions).toEqual(error instanceof ValidationError ? { errors: [] } : {});
    },
  );

  it('names the field of a one-field validation error in its detail and its errors', () => {
    const error = ValidationError.field('location.lat', 'must be at most 90');
    expect(error.message).toBe('location.lat: must be at most 90');
    expect(error.errors).toEqual([{ field: 'location.lat', message: 'must be at most 90' }]);
    expect(error.extensions).toEqual({ errors: error.errors });
  });

  it('says which resource does not exist, and names it in the extensions', () => {
    const error = NotFoundError.of('center', 'c-x');
    expect(error.message).toBe('center c-x does not exist');
    expect(error.extensions).toEqual({ resource: 'center', id: 'c-x' });
  });
});
