import { describe, expect, it } from 'vitest';
import {
  AvailabilitySearchQuery,
  CheckInSchema,
  CreateBookingSchema,
  DeclineBookingSchema,
  FeedParams,
} from '../../../shared/domain/booking.ts';
import { BookingRulesSchema } from '../../../shared/domain/booking-rules.ts';

/** The request shapes of docs/bookings.md and docs/api.md (bookings and activities). */

const near = '31.4,121.4';
const from = '2026-03-10T09:00:00+08:00';
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const DAY = 86_400_000;

describe('the free-nearby search', () => {
  it('spans at most 7 days: exactly 7 is taken, a second more is refused on `to`', () => {
    expect(AvailabilitySearchQuery.safeParse({ near, from, to: plus(from, 7 * DAY) }).success).toBe(true);
    const longer = AvailabilitySearchQuery.safeParse({ near, from, to: plus(from, 7 * DAY + 1000) });
    expect(longer.success).toBe(false);
    expect(longer.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'to: a search spans at most 7 days',
    ]);
  });

  it('needs `to` after `from`: an empty span is refused', () => {
    const empty = AvailabilitySearchQuery.safeParse({ near, from, to: from });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.path).toEqual(['to']);
    expect(empty.error?.issues[0]?.message).toBe('must be after from');
  });

  it('looks 1,000 m around by default, from 50 m to 3,000 m', () => {
    const to = plus(from, 3_600_000);
    expect(AvailabilitySearchQuery.parse({ near, from, to }).radius).toBe(1000);
    expect(AvailabilitySearchQuery.parse({ near, from, to, radius: '50' }).radius).toBe(50);
    expect(AvailabilitySearchQuery.parse({ near, from, to, radius: '3000' }).radius).toBe(3000);
    expect(AvailabilitySearchQuery.safeParse({ near, from, to, radius: '49' }).success).toBe(false);
    expect(AvailabilitySearchQuery.safeParse({ near, from, to, radius: '3001' }).success).toBe(false);
  });

  it('takes a room kind or an activity kind, and nothing else', () => {
    const to = plus(from, 3_600_000);
    expect(AvailabilitySearchQuery.safeParse({ near, from, to, kind: 'reading-room' }).success).toBe(true);
    expect(AvailabilitySearchQuery.safeParse({ near, from, to, kind: 'party-class' }).success).toBe(true);
    expect(AvailabilitySearchQuery.safeParse({ near, from, to, kind: 'swimming-pool' }).success).toBe(false);
  });
});

describe('the check-in code staff type', () => {
  it('is read as the 6-character code whatever its case and surrounding spaces', () => {
    expect(CheckInSchema.parse({ code: ' k7m2qx ' }).code).toBe('K7M2QX');
  });

  it('refuses five or seven characters and characters outside letters and digits', () => {
    for (const code of ['K7M2Q', 'K7M2QXA', 'K7M-QX'])
      expect(CheckInSchema.safeParse({ code }).success, code).toBe(false);
  });

  it('tells staff what a code is when it is not one', () => {
    const result = CheckInSchema.safeParse({ code: 'K7M2Q' });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['must be the 6-character code']);
  });
});

describe('the private feed URL', () => {
  it('carries a 32-character secret of URL-safe characters, and nothing else', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz012_-A';
    expect(FeedParams.safeParse({ token: secret }).success).toBe(true);
    expect(FeedParams.safeParse({ token: secret.slice(1) }).success).toBe(false);
    expect(FeedParams.safeParse({ token: `${secret}B` }).success).toBe(false);
    expect(FeedParams.safeParse({ token: `${secret.slice(1)}.` }).success).toBe(false);
  });
});

describe('a booking request', () => {
  it('books a room slot for one person unless the party is given', () => {
    const slot = CreateBookingSchema.parse({
      centerId: 'c-youyi',
      roomId: 'r-reading',
      start: '2026-03-10T09:00:00+08:00',
      end: '2026-03-10T10:00:00+08:00',
    });
    expect(slot).toMatchObject({ partySize: 1 });
  });

  it('takes seats of an occurrence for one person, not waiting unless asked', () => {
    expect(CreateBookingSchema.parse({ occurrenceId: 'a-1.20260310t1900' })).toEqual({
      occurrenceId: 'a-1.20260310t1900',
      partySize: 1,
      waitlist: false,
    });
    expect(CreateBookingSchema.parse({ occurrenceId: 'a-1.20260310t1900', waitlist: true })).toMatchObject({
      waitlist: true,
    });
  });

  it('takes a party of several, for a room slot or for seats of an occurrence', () => {
    const room = {
      centerId: 'c-youyi',
      roomId: 'r-reading',
      start: '2026-03-10T09:00:00+08:00',
      end: '2026-03-10T10:00:00+08:00',
    };
    expect(CreateBookingSchema.parse({ ...room, partySize: 12 })).toMatchObject({ partySize: 12 });
    expect(CreateBookingSchema.parse({ occurrenceId: 'a-1.20260310t1900', partySize: 3 })).toMatchObject({
      partySize: 3,
    });
  });

  it('refuses an empty party and a request that mixes a room slot with an occurrence', () => {
    expect(CreateBookingSchema.safeParse({ occurrenceId: 'a-1.20260310t1900', partySize: 0 }).success).toBe(
      false,
    );
    expect(
      CreateBookingSchema.safeParse({
        occurrenceId: 'a-1.20260310t1900',
        roomId: 'r-reading',
      }).success,
    ).toBe(false);
  });

  it('declines only with a reason', () => {
    expect(DeclineBookingSchema.safeParse({}).success).toBe(false);
    expect(DeclineBookingSchema.safeParse({ reason: '  ' }).success).toBe(false);
    expect(DeclineBookingSchema.parse({ reason: 'the hall is being painted' }).reason).toBe(
      'the hall is being painted',
    );
  });
});

describe('the booking rules of a room', () => {
  const issues = (rules: Record<string, unknown>) => {
    const result = BookingRulesSchema.safeParse(rules);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('take a notice to book and to cancel of up to two weeks, and a horizon of 1 to 180 days', () => {
    expect(issues({ noticeToBookMinutes: 90, noticeToCancelMinutes: 240, maxDaysAhead: 60 })).toEqual([]);
    expect(issues({ noticeToBookMinutes: 20_160, noticeToCancelMinutes: 0, maxDaysAhead: 180 })).toEqual([]);
    expect(issues({ noticeToBookMinutes: 20_161 })).toHaveLength(1);
    expect(issues({ noticeToCancelMinutes: -1 })).toHaveLength(1);
    expect(issues({ maxDaysAhead: 0 })).toHaveLength(1);
    expect(issues({ maxDaysAhead: 181 })).toHaveLength(1);
  });

  it('give 60 minutes notice to book, 120 to cancel, and 30 days ahead by default', () => {
    expect(BookingRulesSchema.parse({})).toMatchObject({
      noticeToBookMinutes: 60,
      noticeToCancelMinutes: 120,
      maxDaysAhead: 30,
    });
  });

  it('start slots on a step of 15, 30 or 60 minutes', () => {
    expect(issues({ stepMinutes: 15, minMinutes: 15 })).toEqual([]);
    expect(issues({ stepMinutes: 60, minMinutes: 60 })).toEqual([]);
    expect(issues({ stepMinutes: 45 })).toHaveLength(1);
  });

  it('last at least 15 minutes, never longer than the longest, both on the step', () => {
    expect(issues({ minMinutes: 0 })).toEqual(['minMinutes: must be at least 15']);
    expect(issues({ minMinutes: 120, maxMinutes: 120 })).toEqual([]);
    expect(issues({ minMinutes: 150, maxMinutes: 120 })).toEqual(['minMinutes: must not exceed maxMinutes']);
    expect(issues({ maxMinutes: 135 })).toEqual([
      'stepMinutes: minMinutes and maxMinutes must be multiples of stepMinutes',
    ]);
    expect(issues({ minMinutes: 45, stepMinutes: 15 })).toEqual([]);
    expect(issues({ minMinutes: 45 })).toEqual([
      'stepMinutes: minMinutes and maxMinutes must be multiples of stepMinutes',
    ]);
  });

  it('keep a buffer in quarter hours', () => {
    expect(issues({ bufferMinutes: 15 })).toEqual([]);
    expect(issues({ bufferMinutes: 20 })).toEqual(['bufferMinutes: must be a multiple of 15 minutes']);
    expect(issues({ bufferMinutes: -15 })).toHaveLength(1);
  });

  it('book rooms by the whole room or by seats, for anyone or Party members only', () => {
    expect(BookingRulesSchema.parse({ mode: 'seats', who: 'party-members' })).toMatchObject({
      mode: 'seats',
      who: 'party-members',
    });
    expect(issues({ mode: 'half-room' })).toHaveLength(1);
    expect(issues({ who: 'residents' })).toHaveLength(1);
    expect(issues({ colour: 'red' })).toHaveLength(1);
  });
});
