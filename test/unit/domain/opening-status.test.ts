import { afterAll, describe, expect, it } from 'vitest';
import { packagedCalendar, type YearCalendar } from '../../../shared/domain/calendar.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import { type Evaluation, HoursEvaluator } from '../../../shared/domain/opening-status.ts';

/** The status rules on real 2026 dates (State Council calendar, via chinese-days). */

const calendars = (year: number): YearCalendar | undefined => packagedCalendar(year);
const evaluator = () => new HoursEvaluator(calendars);
const at = (local: string) => Date.parse(`${local}+08:00`);
/** Hours as a center stores them: compiled when written (here, in 2026). */
const hours = (openingHours: string) => ({
  openingHours,
  timeZone: 'Asia/Shanghai',
  compiledHours: compileOpeningHours(openingHours, at('2026-01-10T12:00:00')),
});

const OFFICE = hours('Mo-Fr 08:30-12:00,13:30-17:30');
const EVERY_DAY_PH = hours('Mo-Su 09:00-21:00; PH 10:00-16:00');
const EVERY_DAY = hours('Mo-Su 09:00-21:00');
const OFFICE_PH_OFF = hours('Mo-Fr 09:00-17:00; PH off');

function expectStatus(result: Evaluation, status: Evaluation['status'], nextChange: string | null) {
  expect({ status: result.status, nextChange: result.nextChange }).toEqual({ status, nextChange });
}

describe('HoursEvaluator on an ordinary week', () => {
  const e = evaluator();

  it('is open in the morning and announces the noon break', () => {
    expectStatus(e.evaluate(OFFICE, at('2026-03-04T10:00:00')), 'open', '2026-03-04T12:00:00+08:00');
    expectStatus(e.evaluate(OFFICE, at('2026-03-04T11:45:00')), 'closing-soon', '2026-03-04T12:00:00+08:00');
  });

  it('is closed over the noon break and opening soon before 13:30', () => {
    expectStatus(e.evaluate(OFFICE, at('2026-03-04T12:30:00')), 'closed', '2026-03-04T13:30:00+08:00');
    expectStatus(e.evaluate(OFFICE, at('2026-03-04T13:10:00')), 'opening-soon', '2026-03-04T13:30:00+08:00');
  });

  it('is closed on an ordinary Saturday until Monday morning', () => {
    const result = e.evaluate(OFFICE, at('2026-03-07T10:00:00'));
    expectStatus(result, 'closed', '2026-03-09T08:30:00+08:00');
    expect(result.reason).toMatchObject({ basis: 'hours', dayKind: 'rest-day', localDate: '2026-03-07' });
  });
});

describe('HoursEvaluator on the 2026 Spring Festival', () => {
  const e = evaluator();

  it('closes a Mo-Fr center on the holiday Monday, saying which holiday', () => {
    const result = e.evaluate(OFFICE, at('2026-02-16T10:00:00'));
    expect(result.status).toBe('closed');
    expect(result.reason).toMatchObject({ basis: 'holiday', dayKind: 'holiday' });
    expect(result.reason.dayName).toContain('春节');
    // the next opening is the adjusted working Saturday after the holiday
    expect(result.nextChange).toBe(null); // 2026-02-16..23 holiday: nothing within 7 days
  });

  it('opens a Mo-Fr center on the adjusted working Saturdays 2026-02-14 and 2026-02-28', () => {
    const before = e.evaluate(OFFICE, at('2026-02-14T10:00:00'));
    expectStatus(before, 'open', '2026-02-14T12:00:00+08:00');
    expect(before.reason).toMatchObject({ basis: 'adjusted-working-day', dayKind: 'adjusted-working-day' });
    expect(e.evaluate(OFFICE, at('2026-02-28T09:00:00')).status).toBe('open');
  });

  it('goes from Friday to the adjusted working Saturday for the next opening', () => {
    expectStatus(e.evaluate(OFFICE, at('2026-02-13T17:45:00')), 'closed', '2026-02-14T08:30:00+08:00');
  });

  it('applies PH rules on holidays when the hours have them', () => {
    expectStatus(
      e.evaluate(EVERY_DAY_PH, at('2026-02-17T09:45:00')),
      'opening-soon',
      '2026-02-17T10:00:00+08:00',
    );
    expectStatus(e.evaluate(EVERY_DAY_PH, at('2026-02-17T12:00:00')), 'open', '2026-02-17T16:00:00+08:00');
    expect(e.evaluate(EVERY_DAY_PH, at('2026-02-17T17:00:00')).status).toBe('closed');
  });

  it('keeps an every-day center open on holidays when it has no PH rule', () => {
    expectStatus(e.evaluate(EVERY_DAY, at('2026-02-17T12:00:00')), 'open', '2026-02-17T21:00:00+08:00');
  });
});

describe('HoursEvaluator on the 2026 National Day', () => {
  const e = evaluator();

  it('closes on 1 October and opens on the adjusted working Sunday 20 September and Saturday 10 October', () => {
    expect(e.evaluate(OFFICE, at('2026-10-01T10:00:00')).reason.basis).toBe('holiday');
    expect(e.evaluate(OFFICE, at('2026-10-01T10:00:00')).status).toBe('closed');
    expect(e.evaluate(OFFICE, at('2026-09-20T10:00:00')).status).toBe('open');
    expect(e.evaluate(OFFICE, at('2026-10-10T10:00:00')).status).toBe('open');
  });

  it("ignores the library's own fixed-date holidays that are working days (Children's Day)", () => {
    // 2026-06-01 is a Monday and a working day; opening_hours alone would say PH
    expectStatus(e.evaluate(OFFICE_PH_OFF, at('2026-06-01T10:00:00')), 'open', '2026-06-01T17:00:00+08:00');
  });
});

describe('closures, administration and missing calendars', () => {
  const e = evaluator();

  it('lets a temporary closure override the hours, with its reason and end', () => {
    const closure = {
      id: 'x-1',
      from: '2026-03-04T09:00:00+08:00',
      to: '2026-03-04T11:00:00+08:00',
      reason: '设备检修',
    };
    const during = e.evaluate(OFFICE, at('2026-03-04T10:00:00'), [closure]);
    expectStatus(during, 'temporarily-closed', '2026-03-04T11:00:00+08:00');
    expect(during.reason).toMatchObject({ basis: 'closure', closure: { id: 'x-1', reason: '设备检修' } });
    // just before the closure, the center is open and its next change is the closure start
    expectStatus(
      e.evaluate(OFFICE, at('2026-03-04T08:40:00'), [closure]),
      'closing-soon',
      '2026-03-04T09:00:00+08:00',
    );
  });

  it('says the calendar is missing for a year nobody loaded instead of guessing', () => {
    const result = e.evaluate(OFFICE, at('2027-01-05T10:00:00'));
    expect(result).toMatchObject({
      status: 'unknown',
      nextChange: null,
      reason: { basis: 'calendar-missing', missingYear: 2027 },
    });
  });

  it('does not look past the end of the known calendar for the next change', () => {
    const result = e.evaluate(OFFICE, at('2026-12-31T18:00:00'));
    expect(result.status).toBe('closed');
    expect(result.reason.missingYear).toBe(2027);
  });

  it('uses a loaded calendar that corrects the packaged one', () => {
    const corrected = (year: number) =>
      year === 2026
        ? {
            ...packagedCalendar(2026)!,
            holidays: { ...packagedCalendar(2026)!.holidays, '2026-03-04': '测试假日' },
          }
        : undefined;
    expect(new HoursEvaluator(corrected).evaluate(OFFICE, at('2026-03-04T10:00:00')).status).toBe('closed');
  });

  it('keeps suspended centers temporarily closed', () => {
    expect(e.evaluate({ ...OFFICE, status: 'suspended' }, at('2026-03-04T10:00:00')).status).toBe(
      'temporarily-closed',
    );
  });

  it('treats 24/7 as open with no change in sight', () => {
    expectStatus(e.evaluate(hours('24/7'), at('2026-03-04T03:00:00')), 'open', null);
  });
});

describe('host time zone independence', () => {
  const original = process.env.TZ;
  afterAll(() => {
    process.env.TZ = original;
  });

  it('gives the same answers under TZ=UTC and TZ=Asia/Shanghai (and a zone far from both)', () => {
    const instants = [
      '2026-02-13T17:45:00',
      '2026-02-14T10:00:00',
      '2026-02-17T09:45:00',
      '2026-03-04T12:30:00',
      '2026-03-07T23:59:00',
      '2026-06-01T10:00:00',
      '2026-10-10T07:00:00',
    ].map(at);
    const run = (tz: string) => {
      process.env.TZ = tz;
      const e = evaluator();
      return instants.flatMap((t) => [OFFICE, EVERY_DAY_PH].map((h) => e.evaluate(h, t)));
    };
    const utc = run('UTC');
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(0);
    const shanghai = run('Asia/Shanghai');
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-480);
    const honolulu = run('Pacific/Honolulu');
    expect(shanghai).toEqual(utc);
    expect(honolulu).toEqual(utc);
  });
});
