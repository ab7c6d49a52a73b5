import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROBLEM_BASE } from '../../../shared/domain/errors.ts';
import { logger } from '../../../shared/runtime/powertools.ts';
import { problemResponse } from '../../../shared/runtime/problem.ts';

/**
 * What a caller reads in the problems that do not come from a domain rule (docs/api.md): each
 * says what happened and what to do next, and the faults a caller cannot fix reach the logs,
 * which the 500's detail promises.
 */

const named = (name: string) => Object.assign(new Error(`${name} from the SDK`), { name });
const body = (error: unknown) => JSON.parse(String(problemResponse(error, '/bookings', 'req-9').body));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the problems of retries and races', () => {
  it('tells a caller whose first request with the key is still running to retry later', () => {
    expect(body(named('IdempotencyAlreadyInProgressError')).detail).toMatch(/has not finished; retry later/);
  });

  it('tells a caller that reused a key with another body that the key was already used', () => {
    expect(body(named('IdempotencyValidationError')).detail).toMatch(/already used with a different body/);
  });

  it('tells the loser of a race to reload and retry', () => {
    for (const name of ['TransactionConflictException', 'TransactionCanceledException']) {
      expect(body(named(name))).toMatchObject({
        status: 409,
        detail: expect.stringMatching(/reload and retry/),
      });
    }
  });
});

describe('a busy dependency', () => {
  it('is a 503 titled as busy, saying whether it throttled or did not answer in time', () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const throttled = body(named('ThrottlingException'));
    expect(throttled).toMatchObject({
      type: `${PROBLEM_BASE}service-busy`,
      title: 'The service is busy',
      detail: expect.stringMatching(/throttled; retry after a short wait/),
    });
    const late = body(named('TimeoutError'));
    expect(late.title).toBe('The service is busy');
    expect(late.detail).toMatch(/did not answer in time/);
    // operators see which of the two it was, and the SDK's error name
    expect(warn.mock.calls).toEqual([
      ['throttled by a dependency', { error: 'ThrottlingException' }],
      ['a dependency timed out', { error: 'TimeoutError' }],
    ]);
  });
});

describe('a fault', () => {
  it('is logged with the error and answered as an internal error that says so', () => {
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const fault = new Error('secret table name in here');
    expect(body(fault)).toMatchObject({
      type: `${PROBLEM_BASE}internal`,
      title: 'Internal server error',
      status: 500,
      detail: 'the request could not be completed; it has been logged',
    });
    expect(error).toHaveBeenCalledWith('unhandled error', fault);
  });

  it('is a 500 also when what was thrown is not an error at all', () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    expect(problemResponse(null, '/bookings', 'req-9').statusCode).toBe(500);
    expect(problemResponse('a string', '/bookings', 'req-9').statusCode).toBe(500);
  });
});
