import { describe, expect, it } from 'vitest';
import {
  activityOfOccurrence,
  assertSignUpOpen,
  type CreateActivity,
  CreateActivitySchema,
  localDatesOf,
  occurrenceId,
  occurrencesOf,
  splitSeats,
} from '../../../shared/domain/activities.ts';
import { expandSeries, type SeriesContext } from '../../../shared/domain/activity-series.ts';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const TZ = 'Asia/Shanghai';
const context = (patch: Partial<SeriesContext> = {}): SeriesContext => ({
  timeZone: TZ,
  calendar: packagedCalendar,
  closures: [],
  now: at('2026-03-01T09:00:00'),
  ...patch,
});
const activity = (patch: Record<string, unknown> = {}): CreateActivity =>
  CreateActivitySchema.parse({
    title: '红色党课',
    kind: 'party-class',
    start: '2026-03-03T19:00:00+08:00',
    end: '2026-03-03T20:30:00+08:00',
    seats: 20,
    ...patch,
  });
const dates = (starts: readonly number[]) =>
  starts.map((s) => new Date(s + 8 * 3_600_000).toISOString().slice(0, 16));

describe('CreateActivitySchema', () => {
  it('refuses an end before the start, more than 12 hours, a room and a place at once, and a DTSTART in the rule', () => {
    expect(CreateActivitySchema.safeParse({ ...activity(), end: '2026-03-03T18:00:00+08:00' }).success).toBe(
      false,
    );
    expect(CreateActivitySchema.safeParse({ ...activity(), end: '2026-03-04T08:00:00+08:00' }).success).toBe(
      false,
    );
    expect(CreateActivitySchema.safeParse({ ...activity(), roomId: 'r-hall', place: '广场' }).success).toBe(
      false,
    );
    expect(
      CreateActivitySchema.safeParse({
        ...activity(),
        recurrence: 'DTSTART:20260303T190000;FREQ=WEEKLY;COUNT=2',
      }).success,
    ).toBe(false);
  });
});

describe('a recurrence rule', () => {
  const refusal = (recurrence: string) =>
    CreateActivitySchema.safeParse({ ...activity(), recurrence }).error?.issues.map((i) => [
      i.path.join('.'),
      i.message,
    ]);

  it('is read without the white space around it', () => {
    expect(activity({ recurrence: '  FREQ=WEEKLY;BYDAY=TU;COUNT=10 ' }).recurrence).toBe(
      'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    );
  });

  it('says what an RRULE looks like when it is not one', () => {
    expect(refusal('every Tuesday')).toEqual([
      ['recurrence', 'must be an RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10'],
    ]);
  });

  it('says that the start of the activity is its first occurrence when the rule has a DTSTART', () => {
    expect(refusal('FREQ=WEEKLY;DTSTART=20260303;COUNT=2')).toEqual([
      ['recurrence', 'must not carry DTSTART: the activity start is the first occurrence'],
    ]);
  });
});

describe('expandSeries', () => {
  it('keeps a single activity as one occurrence', () => {
    expect(dates(expandSeries(activity(), context()).starts)).toEqual(['2026-03-03T19:00']);
  });

  it('reads the rule on the wall clock of the center: every Tuesday 19:00 for nine weeks', () => {
    const { starts, skipped } = expandSeries(
      activity({ recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=9' }),
      context(),
    );
    expect(skipped).toEqual([]);
    expect(dates(starts)).toEqual([
      '2026-03-03T19:00',
      '2026-03-10T19:00',
      '2026-03-17T19:00',
      '2026-03-24T19:00',
      '2026-03-31T19:00',
      '2026-04-07T19:00',
      '2026-04-14T19:00',
      '2026-04-21T19:00',
      '2026-04-28T19:00',
    ]);
  });

  it('skips the occurrences on public holidays and says which, checking every date, not only the first', () => {
    // daily at 19:00 from 29 April: 1-5 May 2026 are the Labour Day holiday
    const { starts, skipped } = expandSeries(
      activity({
        start: '2026-04-29T19:00:00+08:00',
        end: '2026-04-29T20:00:00+08:00',
        recurrence: 'FREQ=DAILY;COUNT=8',
      }),
      context(),
    );
    expect(dates(starts)).toEqual(['2026-04-29T19:00', '2026-04-30T19:00', '2026-05-06T19:00']);
    expect(skipped.map((s) => s.date)).toEqual([
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
    ]);
    expect(skipped[0]?.reason).toMatch(/^public holiday \(.*Labour Day/);
  });

  it('keeps holiday dates for an activity meant for holidays', () => {
    const { starts } = expandSeries(
      activity({ start: '2026-05-01T10:00:00+08:00', end: '2026-05-01T11:00:00+08:00', onHolidays: true }),
      context(),
    );
    expect(starts).toHaveLength(1);
  });

  it('skips the occurrences a closure covers, with its reason', () => {
    const closures = [
      { id: 'x', from: '2026-03-17T00:00:00+08:00', to: '2026-03-18T00:00:00+08:00', reason: '装修' },
    ];
    const { starts, skipped } = expandSeries(
      activity({ recurrence: 'FREQ=WEEKLY;COUNT=3' }),
      context({ closures }),
    );
    expect(dates(starts)).toEqual(['2026-03-03T19:00', '2026-03-10T19:00']);
    expect(skipped).toEqual([
      { date: '2026-03-17', start: '2026-03-17T19:00:00+08:00', reason: 'the center is closed: 装修' },
    ]);
  });

  it('skips past dates and dates of a year without a calendar', () => {
    const { skipped } = expandSeries(
      activity({
        start: '2026-12-29T19:00:00+08:00',
        end: '2026-12-29T20:00:00+08:00',
        recurrence: 'FREQ=WEEKLY;COUNT=2',
      }),
      context({
        now: at('2026-12-01T00:00:00'),
        calendar: (y) => (y === 2026 ? packagedCalendar(2026) : undefined),
      }),
    );
    expect(skipped).toEqual([
      {
        date: '2027-01-05',
        start: '2027-01-05T19:00:00+08:00',
        reason: 'no working-day calendar for 2027 is loaded yet',
      },
    ]);
    expect(() => expandSeries(activity(), context({ now: at('2026-03-04T00:00:00') }))).toThrow(
      ValidationError,
    );
  });

  it('refuses a rule without an end, one with too many occurrences, and one it cannot read', () => {
    expect(() => expandSeries(activity({ recurrence: 'FREQ=WEEKLY' }), context())).toThrow(/COUNT or UNTIL/);
    expect(() => expandSeries(activity({ recurrence: 'FREQ=DAILY;COUNT=41' }), context())).toThrow(
      /more than 40/,
    );
    expect(() => expandSeries(activity({ recurrence: 'FREQ=SOMETIMES;COUNT=2' }), context())).toThrow(
      ValidationError,
    );
  });

  it('names the recurrence as the field at fault', () => {
    for (const recurrence of ['FREQ=WEEKLY', 'FREQ=DAILY;COUNT=41', 'FREQ=SOMETIMES;COUNT=2']) {
      let error: unknown;
      try {
        expandSeries(activity({ recurrence }), context());
      } catch (caught) {
        error = caught;
      }
      expect(
        (error as ValidationError).errors?.map((e) => e.field),
        recurrence,
      ).toEqual(['recurrence']);
    }
  });
});

describe('occurrences', () => {
  it('names each occurrence by its activity and local start, and computes its sign-up window', () => {
    const id = occurrenceId('a-class', at('2026-03-10T19:00:00'), TZ);
    expect(id).toBe('a-class.20260310t1900');
    expect(activityOfOccurrence(id)).toBe('a-class');
    expect(activityOfOccurrence('nonsense')).toBeUndefined();
    const [occurrence] = occurrencesOf(
      {
        ...activity({ signUpOpensDaysBefore: 7, signUpClosesMinutesBefore: 30, cancelMinutesBefore: 120 }),
        id: 'a-class',
        centerId: 'c-youyi',
        occurrences: 1,
        skipped: [],
        createdAt: '2026-03-01T00:00:00Z',
        version: 1,
      },
      [at('2026-03-10T19:00:00')],
      TZ,
    );
    expect(occurrence).toMatchObject({
      start: '2026-03-10T19:00:00+08:00',
      end: '2026-03-10T20:30:00+08:00',
      signUpOpensAt: '2026-03-03T11:00:00.000Z',
      signUpClosesAt: '2026-03-10T10:30:00.000Z',
      cancelBy: '2026-03-10T09:00:00.000Z',
    });
    expect(() => assertSignUpOpen(occurrence!, Date.parse('2026-03-03T10:59:00Z'))).toThrow(/opens at/);
    expect(() => assertSignUpOpen(occurrence!, Date.parse('2026-03-05T00:00:00Z'))).not.toThrow();
    expect(() => assertSignUpOpen(occurrence!, Date.parse('2026-03-10T10:30:00Z'))).toThrow(/closed at/);
  });

  it('splits the seats over the shards, the remainder on the first', () => {
    expect(splitSeats(500, 1)).toEqual([500]);
    expect(splitSeats(20, 3)).toEqual([7, 7, 6]);
    expect(splitSeats(500, 4).reduce((a, b) => a + b)).toBe(500);
  });

  it('lists the local dates a span touches', () => {
    expect(localDatesOf(at('2026-03-03T22:00:00'), at('2026-03-05T01:00:00'), TZ)).toEqual([
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ]);
    expect(localDatesOf(at('2026-03-03T00:00:00'), at('2026-03-04T00:00:00'), TZ)).toEqual(['2026-03-03']);
  });
});
