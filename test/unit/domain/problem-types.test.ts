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

/**
 * docs/api.md "Problem types": each error answers its documented type, and a title of its own
 * (RFC 9457: the short summary of the problem type, the same for every problem of that type).
 * The errors are made inside each test, as a handler makes them per request.
 */
const MAKERS: [string, (detail: string) => DomainError][] = [
  ['validation-failed', (d) => new ValidationError(d)],
  ['malformed-body', (d) => new MalformedBodyError(d)],
  ['unauthorized', (d) => new UnauthorizedError(d)],
  ['forbidden', (d) => new ForbiddenError(d)],
  ['not-found', (d) => new NotFoundError(d)],
  ['not-acceptable', (d) => new NotAcceptableError(d)],
  ['conflict', (d) => new ConflictError(d)],
  ['idempotency-in-progress', (d) => new IdempotencyConflictError(d)],
  ['precondition-failed', (d) => new PreconditionFailedError(d)],
  ['payload-too-large', (d) => new PayloadTooLargeError(d)],
  ['unsupported-media-type', (d) => new UnsupportedMediaTypeError(d)],
  ['idempotency-key-reused', (d) => new IdempotencyMismatchError(d)],
  ['precondition-required', (d) => new PreconditionRequiredError(d)],
];

describe('problem types', () => {
  it.each(MAKERS)('%s: the documented type, a title, and the detail as given', (code, make) => {
    const error = make('what went wrong');
    expect(error.code).toBe(code);
    expect(error.type).toBe(`https://pmsc.example/problems/${code}`);
    expect(error.title.trim()).not.toBe('');
    expect(error.message).toBe('what went wrong');
  });

  it('gives every problem type a title of its own', () => {
    const titles = MAKERS.map(([, make]) => make('x').title);
    expect(new Set(titles).size).toBe(MAKERS.length);
  });

  it('gives the two idempotency problems titles that name the Idempotency-Key', () => {
    expect(new IdempotencyConflictError('x').title).toContain('Idempotency-Key');
    expect(new IdempotencyMismatchError('x').title).toContain('Idempotency-Key');
  });

  it('lists no field problems for a validation error made without any', () => {
    const error = new ValidationError('the body is not valid');
    expect(error.errors).toEqual([]);
    expect(error.extensions).toEqual({ errors: [] });
  });
});
