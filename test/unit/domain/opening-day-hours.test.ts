import { describe, expect, it } from 'vitest';
import { packagedCalendar, type YearCalendar } from '../../../shared/domain/calendar.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import { HoursEvaluator, openingOn, subtract } from '../../../shared/domain/opening-status.ts';

/**
 * The open intervals of one local day (what a booking's slot must fit in), and the edge answers of
 * the status rules: a center that is not active never opens, hours stored uncompiled or read
 * beyond their compiled range are never guessed, a year without calendar is unknown.
 */

const calendar = (year: number): YearCalendar | undefined => packagedCalendar(year);
const at = (local: string) => Date.parse(`${local}+08:00`);
const OFFICE = 'Mo-Fr 08:30-12:00,13:30-17:30';
const compiled = (openingHours: string) => compileOpeningHours(openingHours, at('2026-01-10T12:00:00'));
const WEDNESDAY = '2026-03-04';
const OFFICE_ON_WEDNESDAY = [
  [at('2026-03-04T08:30:00'), at('2026-03-04T12:00:00')],
  [at('2026-03-04T13:30:00'), at('2026-03-04T17:30:00')],
];

describe('openingOn', () => {
  it('gives the day of a center with no administrative status as open as its hours', () => {
    const day = openingOn(
      { openingHours: OFFICE, timeZone: 'Asia/Shanghai', compiledHours: compiled(OFFICE) },
      WEDNESDAY,
      calendar,
    );
    expect(day).toEqual({ known: true, day: { kind: 'working-day' }, intervals: OFFICE_ON_WEDNESDAY });
  });

  it('gives the day of an active center as open as its hours', () => {
    const day = openingOn(
      { openingHours: OFFICE, timeZone: 'Asia/Shanghai', compiledHours: compiled(OFFICE), status: 'active' },
      WEDNESDAY,
      calendar,
    );
    expect(day.known).toBe(true);
  });

  it('does not know the day of hours stored without their compiled form', () => {
    expect(openingOn({ openingHours: OFFICE, timeZone: 'Asia/Shanghai' }, WEDNESDAY, calendar)).toEqual({
      known: false,
      reason: 'hours-not-compiled',
    });
  });

  it('does not know the day when the compiled form is of another string', () => {
    expect(
      openingOn(
        { openingHours: OFFICE, timeZone: 'Asia/Shanghai', compiledHours: compiled('Mo-Fr 09:00-17:00') },
        WEDNESDAY,
        calendar,
      ),
    ).toEqual({ known: false, reason: 'hours-not-compiled' });
  });

  it('does not know a day before the compiled range of dated hours', () => {
    const dated = 'Mo-Fr 09:00-17:00; Mar 05 off';
    const hours = { openingHours: dated, timeZone: 'Asia/Shanghai', compiledHours: compiled(dated) };
    // the range starts on 2025-12-25
    expect(openingOn(hours, '2025-12-10', calendar)).toEqual({ known: false, reason: 'hours-not-compiled' });
    expect(openingOn(hours, '2025-12-26', calendar).known).toBe(true);
  });
});

describe('subtract', () => {
  it('leaves an interval whole when a cut lies wholly after it or wholly before it', () => {
    expect(subtract([[10, 20]], [[30, 40]])).toEqual([[10, 20]]);
    expect(subtract([[10, 20]], [[0, 5]])).toEqual([[10, 20]]);
  });
});

describe('a year without calendar', () => {
  it('answers unknown and says that the year has no calendar', () => {
    const e = new HoursEvaluator(() => undefined);
    const r = e.evaluate(
      { openingHours: OFFICE, timeZone: 'Asia/Shanghai', compiledHours: compiled(OFFICE) },
      at('2026-03-04T10:00:00'),
    );
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatchObject({ basis: 'calendar-missing', missingYear: 2026 });
    expect(r.reason.rule).toMatch(/no calendar/);
  });
});
