import { describe, expect, it } from 'vitest';
import { type CreateActivity, CreateActivitySchema } from '../../../shared/domain/activities.ts';
import { expandSeries, type SeriesContext } from '../../../shared/domain/activity-series.ts';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';

/** The edges of a series as docs/bookings.md (activities) states them. */

const at = (local: string) => Date.parse(`${local}+08:00`);
const context = (patch: Partial<SeriesContext> = {}): SeriesContext => ({
  timeZone: 'Asia/Shanghai',
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

describe('expandSeries', () => {
  it('yields up to 40 occurrences: exactly 40 is one series', () => {
    const { starts } = expandSeries(
      activity({ recurrence: 'FREQ=WEEKLY;COUNT=40', onHolidays: true }),
      context(),
    );
    expect(starts).toHaveLength(40);
  });

  it('ends a rule by UNTIL as well as by COUNT, with or without its RRULE: prefix', () => {
    const until = expandSeries(
      activity({ recurrence: 'RRULE:FREQ=WEEKLY;UNTIL=20260318T000000Z' }),
      context(),
    );
    expect(until.starts.map((s) => new Date(s).toISOString())).toEqual([
      '2026-03-03T11:00:00.000Z',
      '2026-03-10T11:00:00.000Z',
      '2026-03-17T11:00:00.000Z',
    ]);
  });

  it('keeps an occurrence that a closure only touches: ending at its start or starting at its end', () => {
    const closures = [
      {
        id: 'before',
        from: '2026-03-03T08:00:00+08:00',
        to: '2026-03-03T19:00:00+08:00',
        reason: 'painting',
      },
      { id: 'after', from: '2026-03-03T20:30:00+08:00', to: '2026-03-04T08:00:00+08:00', reason: 'cleaning' },
    ];
    expect(expandSeries(activity(), context({ closures })).skipped).toEqual([]);
    const overlapping = [{ ...closures[0]!, to: '2026-03-03T19:01:00+08:00' }];
    expect(() => expandSeries(activity(), context({ closures: overlapping }))).toThrow(ValidationError);
  });

  it('counts an occurrence starting right now as past', () => {
    const { skipped } = expandSeries(
      activity({ recurrence: 'FREQ=WEEKLY;COUNT=2' }),
      context({ now: at('2026-03-03T19:00:00') }),
    );
    expect(skipped).toEqual([
      { date: '2026-03-03', start: '2026-03-03T19:00:00+08:00', reason: 'in the past' },
    ]);
  });

  it('refuses a series where every date is refused, naming each date and why, on start', () => {
    try {
      expandSeries(
        activity({ recurrence: 'FREQ=WEEKLY;COUNT=2' }),
        context({ now: at('2026-04-01T00:00:00') }),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const problem = error as ValidationError;
      expect(problem.errors).toEqual([
        { field: 'start', message: 'every occurrence is refused', in: 'body' },
      ]);
      expect(problem.message).toBe(
        'no occurrence can be held: 2026-03-03 in the past; 2026-03-10 in the past',
      );
    }
  });

  it('says the rule cannot be read, on recurrence', () => {
    try {
      expandSeries(activity({ recurrence: 'FREQ=SOMETIMES;COUNT=2' }), context());
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors[0]).toMatchObject({ field: 'recurrence' });
      expect((error as ValidationError).errors[0]?.message).toMatch(/^is not a valid RRULE/);
    }
  });
});

describe('expandSeries on the wall clock', () => {
  it('keeps a start off the hour on every date of the series', () => {
    const { starts } = expandSeries(
      activity({
        start: '2026-03-03T19:30:00+08:00',
        end: '2026-03-03T21:00:00+08:00',
        recurrence: 'FREQ=WEEKLY;COUNT=2',
      }),
      context(),
    );
    expect(starts.map((s) => new Date(s).toISOString())).toEqual([
      '2026-03-03T11:30:00.000Z',
      '2026-03-10T11:30:00.000Z',
    ]);
  });

  it('skips an occurrence a closure covers only in its middle', () => {
    const closures = [
      { id: 'x', from: '2026-03-10T19:30:00+08:00', to: '2026-03-10T20:00:00+08:00', reason: 'power cut' },
    ];
    const { skipped } = expandSeries(activity({ recurrence: 'FREQ=WEEKLY;COUNT=2' }), context({ closures }));
    expect(skipped.map((s) => s.date)).toEqual(['2026-03-10']);
  });
});
