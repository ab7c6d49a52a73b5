import { describe, expect, it } from 'vitest';
import {
  ActivityParams,
  ActivitySchema,
  activityOfOccurrence,
  assertSignUpOpen,
  CreateActivitySchema,
  type Occurrence,
  OccurrenceSchema,
} from '../../../shared/domain/activities.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';

/** The activity rules of docs/bookings.md (activities): defaults, limits and the sign-up window. */

const base = {
  title: '红色党课',
  kind: 'party-class',
  start: '2026-03-03T19:00:00+08:00',
  end: '2026-03-03T20:30:00+08:00',
  seats: 20,
};
const issuesOf = (input: Record<string, unknown>) => {
  const result = CreateActivitySchema.safeParse({ ...base, ...input });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('a new activity', () => {
  it('opens sign-up 14 days before, closes it at the start, lets people cancel until an hour before, public, for everyone', () => {
    expect(CreateActivitySchema.parse(base)).toMatchObject({
      signUpOpensDaysBefore: 14,
      signUpClosesMinutesBefore: 0,
      cancelMinutesBefore: 60,
      partyMembersOnly: false,
      onHolidays: false,
      public: true,
      seatShards: 1,
    });
  });

  it('lasts up to 12 hours: exactly 12 is taken, a minute more is refused on `end`', () => {
    expect(issuesOf({ end: '2026-03-04T07:00:00+08:00' })).toEqual([]);
    expect(issuesOf({ end: '2026-03-04T07:01:00+08:00' })).toEqual([
      'end: an occurrence lasts at most 12 hours',
    ]);
  });

  it('splits its seats over 1 to 10 counters, never more counters than seats', () => {
    expect(issuesOf({ seats: 10, seatShards: 10 })).toEqual([]);
    expect(issuesOf({ seats: 9, seatShards: 10 })).toEqual(['seats: must be at least seatShards']);
    expect(issuesOf({ seats: 100, seatShards: 11 })).toHaveLength(1);
    expect(issuesOf({ seats: 100, seatShards: 0 })).toHaveLength(1);
  });

  it('takes a room or a place, and either alone', () => {
    expect(issuesOf({ roomId: 'r-hall' })).toEqual([]);
    expect(issuesOf({ place: 'the park pavilion' })).toEqual([]);
    expect(issuesOf({ roomId: 'r-hall', place: 'the park pavilion' })).toEqual([
      'place: give roomId or place, not both',
    ]);
  });

  it('reads a recurrence with or without its RRULE: prefix, and refuses text that is not one', () => {
    expect(issuesOf({ recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10' })).toEqual([]);
    expect(issuesOf({ recurrence: 'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10' })).toEqual([]);
    expect(issuesOf({ recurrence: 'every Tuesday' })).toHaveLength(1);
    expect(issuesOf({ recurrence: 'X;FREQ=WEEKLY;COUNT=2' })).toHaveLength(1);
    expect(issuesOf({ recurrence: 'FREQ=WEEKLY;COUNT=2 and more' })).toHaveLength(1);
  });
});

describe('the sign-up window of an occurrence', () => {
  const occurrence: Occurrence = {
    id: 'a-class.20260310t1900',
    activityId: 'a-class',
    centerId: 'c-youyi',
    title: '红色党课',
    start: '2026-03-10T19:00:00+08:00',
    end: '2026-03-10T20:30:00+08:00',
    seats: 20,
    signUpOpensAt: '2026-03-03T11:00:00.000Z',
    signUpClosesAt: '2026-03-10T10:30:00.000Z',
    cancelBy: '2026-03-10T09:00:00.000Z',
    partyMembersOnly: false,
    status: 'scheduled',
  };

  it('is open from the very instant it opens until just before it closes', () => {
    expect(() => assertSignUpOpen(occurrence, Date.parse(occurrence.signUpOpensAt))).not.toThrow();
    expect(() => assertSignUpOpen(occurrence, Date.parse(occurrence.signUpClosesAt) - 1)).not.toThrow();
  });

  it('takes no sign-up for a cancelled occurrence, even inside its window (400 on occurrenceId)', () => {
    const cancelled = { ...occurrence, status: 'cancelled' as const };
    expect(() => assertSignUpOpen(cancelled, Date.parse('2026-03-05T00:00:00Z'))).toThrow(ValidationError);
    expect(() => assertSignUpOpen(cancelled, Date.parse('2026-03-05T00:00:00Z'))).toThrow(/cancelled/);
  });
});

describe('activityOfOccurrence', () => {
  it('reads the activity only off a whole occurrence id (activity, date and local start)', () => {
    expect(activityOfOccurrence('a-class.20260310t1900')).toBe('a-class');
    expect(activityOfOccurrence('x.a-class.20260310t1900')).toBeUndefined();
    expect(activityOfOccurrence('a-class.20260310t1900x')).toBeUndefined();
    expect(activityOfOccurrence('a-class.2026031t1900')).toBeUndefined();
  });
});

describe('the answers about activities', () => {
  it('show an activity with its occurrences created and the dates skipped, fitting its schema', () => {
    const activity = {
      ...CreateActivitySchema.parse({
        ...base,
        description: 'Bring your Party card.\nTea is served.',
        roomId: 'r-hall',
        recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
        seatShards: 2,
      }),
      id: 'a-class',
      centerId: 'c-youyi',
      occurrences: 9,
      skipped: [
        { date: '2026-05-05', start: '2026-05-05T19:00:00+08:00', reason: 'public holiday (劳动节)' },
      ],
      createdAt: '2026-03-01T00:00:00Z',
      version: 1,
    };
    expect(ActivitySchema.parse(activity)).toEqual(activity);
    expect(ActivitySchema.safeParse({ ...activity, occurrences: 1.5 }).success).toBe(false);
  });

  it('show an occurrence with its seats left and waiting residents, fitting its schema', () => {
    const shown = {
      id: 'a-class.20260310t1900',
      activityId: 'a-class',
      centerId: 'c-youyi',
      title: '红色党课',
      start: '2026-03-10T19:00:00+08:00',
      end: '2026-03-10T20:30:00+08:00',
      seats: 20,
      seatsLeft: 0,
      waiting: 3,
      signUpOpensAt: '2026-03-03T11:00:00.000Z',
      signUpClosesAt: '2026-03-10T10:30:00.000Z',
      cancelBy: '2026-03-10T09:00:00.000Z',
      partyMembersOnly: true,
      status: 'cancelled',
    };
    expect(OccurrenceSchema.parse(shown)).toEqual(shown);
    expect(OccurrenceSchema.safeParse({ ...shown, status: 'postponed' }).success).toBe(false);
  });

  it('name an activity of a center by both ids in the path', () => {
    expect(ActivityParams.parse({ id: 'c-youyi', activityId: 'a-class' })).toEqual({
      id: 'c-youyi',
      activityId: 'a-class',
    });
    expect(ActivityParams.safeParse({ id: 'c-youyi' }).success).toBe(false);
  });
});
