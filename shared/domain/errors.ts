/**
 * Domain errors carry their HTTP status and a stable problem type; the HTTP error mapper turns
 * them into RFC 9457 `application/problem+json`. Anything that is not a DomainError is a 500.
 */

export const PROBLEM_BASE = 'https://pmsc.example/problems/';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `location.lat`; `''` for the whole document. */
  readonly field: string;
  readonly message: string;
  /** Where the field is: `body`, `query`, `path` or `header`. */
  readonly in?: string;
  /** For an uploaded file (CSV): the line of the row, 1 for the header. */
  readonly line?: number;
  /** For an uploaded file (CSV): the column of the field. */
  readonly column?: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Last segment of the problem type URI; stable, documented in docs/api.md. */
  abstract readonly code: string;
  abstract readonly title: string;
  readonly extensions: Record<string, unknown>;

  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = new.target.name;
    this.extensions = extensions;
  }

  get type(): string {
    return PROBLEM_BASE + this.code;
  }
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'validation-failed';
  readonly title = 'The request is not valid';
  constructor(
    detail: string,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(detail, { errors });
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
}

export class MalformedBodyError extends DomainError {
  readonly status = 400;
  readonly code = 'malformed-body';
  readonly title = 'The request body is not valid JSON';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload-too-large';
  readonly title = 'The request body is too large';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly code = 'unauthorized';
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';
  readonly title = 'Not found';

  static of(what: string, id: string): NotFoundError {
    return new NotFoundError(`${what} ${id} does not exist`, { resource: what, id });
  }
}

export class NotAcceptableError extends DomainError {
  readonly status = 406;
  readonly code = 'not-acceptable';
  readonly title = 'No acceptable representation';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict';
}

export class IdempotencyConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'idempotency-in-progress';
  readonly title = 'A request with this Idempotency-Key is still in progress';
}

export class IdempotencyMismatchError extends DomainError {
  readonly status = 422;
  readonly code = 'idempotency-key-reused';
  readonly title = 'This Idempotency-Key was used with a different request';
}

export class PreconditionFailedError extends DomainError {
  readonly status = 412;
  readonly code = 'precondition-failed';
  readonly title = 'The resource has changed';
}

export class PreconditionRequiredError extends DomainError {
  readonly status = 428;
  readonly code = 'precondition-required';
  readonly title = 'If-Match is required';
}
