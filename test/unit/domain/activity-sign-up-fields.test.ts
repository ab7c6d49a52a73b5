import { describe, expect, it } from 'vitest';
import {
  assertSignUpOpen,
  CreateActivitySchema,
  type Occurrence,
} from '../../../shared/domain/activities.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';

/**
 * What a 400 of an activity names (docs/bookings.md, classes): the field a client highlights
 * (`occurrenceId` for a sign-up that is not open, `end` for an occurrence without length).
 */

const occurrence = (patch: Partial<Occurrence> = {}) =>
  ({
    status: 'scheduled',
    signUpOpensAt: '2026-03-03T11:00:00.000Z',
    signUpClosesAt: '2026-03-10T10:30:00.000Z',
    ...patch,
  }) as Occurrence;

function problemOf(run: () => void) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors;
  }
  throw new Error('expected a 400');
}

describe('a sign-up that is not open', () => {
  it('names the occurrence as the field, whether cancelled, not yet open or closed', () => {
    const cancelled = problemOf(() =>
      assertSignUpOpen(occurrence({ status: 'cancelled' }), Date.parse('2026-03-05T00:00:00Z')),
    );
    expect(cancelled).toEqual([{ field: 'occurrenceId', message: 'this occurrence is cancelled' }]);
    const early = problemOf(() => assertSignUpOpen(occurrence(), Date.parse('2026-03-03T10:59:59Z')));
    expect(early).toEqual([{ field: 'occurrenceId', message: 'sign-up opens at 2026-03-03T11:00:00.000Z' }]);
    const late = problemOf(() => assertSignUpOpen(occurrence(), Date.parse('2026-03-10T10:30:00Z')));
    expect(late).toEqual([{ field: 'occurrenceId', message: 'sign-up closed at 2026-03-10T10:30:00.000Z' }]);
  });
});

describe('an occurrence without length', () => {
  it('is refused on its end: an end equal to the start is not after it', () => {
    const result = CreateActivitySchema.safeParse({
      title: '红色党课',
      kind: 'party-class',
      start: '2026-03-03T19:00:00+08:00',
      end: '2026-03-03T19:00:00+08:00',
      seats: 20,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([
      'end',
      'must be after start',
    ]);
  });
});
