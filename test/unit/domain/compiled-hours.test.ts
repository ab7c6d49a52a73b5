import { describe, expect, it } from 'vitest';
import { addDays, packagedCalendar, type YearCalendar } from '../../../shared/domain/calendar.ts';
import { type CompiledHours, needsCompiling } from '../../../shared/domain/compiled-hours.ts';
import { compileOpeningHours, OpeningHoursCompiler } from '../../../shared/domain/opening-hours.ts';
import { LibraryHoursEvaluator } from '../../../shared/domain/opening-hours-reference.ts';
import { type Evaluation, type Hours, HoursEvaluator } from '../../../shared/domain/opening-status.ts';

/**
 * The compiled hours against the library-based rules they are made from: the same status, next
 * change and reason for every string and instant, over 2026 (the Spring Festival and its
 * adjusted working days, National Day, the library's own fixed-date holidays) and into 2027,
 * which has no calendar yet.
 */

const at = (local: string) => Date.parse(`${local}+08:00`);
const COMPILED_ON = at('2026-01-10T12:00:00');
const calendars = (year: number): YearCalendar | undefined => packagedCalendar(year);

const STRINGS = [
  'Mo-Fr 08:30-17:30; Sa 09:00-12:00',
  'Mo-Fr 08:30-12:00,13:30-17:30',
  'Mo-Fr 08:30-20:00; Sa,Su 09:00-17:00; PH 09:00-12:00',
  'Mo-Su 09:00-21:00; PH 10:00-16:00',
  'Mo-Fr 09:00-17:00; PH off',
  'PH 10:00-16:00; Mo-Su 09:00-21:00',
  'Mo-Fr 08:00-12:00; PH,Su 10:00-14:00',
  '24/7',
  '24/7; PH off',
  'Mo-Su 22:00-02:00',
  'Mo-Su 22:00-02:00; PH off',
  'Fr,Sa 18:00-03:00; PH 20:00-01:00',
  'Mo-Fr 09:00+',
  'Mo-Su 09:00-12:00 "by appointment"',
  'Jan-Mar Mo-Fr 09:00-16:00; Apr-Dec Mo-Fr 08:30-17:30',
  'Mo-Fr 09:00-17:00; Feb 14 off; Dec 24 10:00-14:00',
  'Mo-Fr 09:00-17:00; Oct 01-08 off; PH 10:00-12:00',
  'Mo-Fr 09:00-17:00; week 1-53/2 Sa 09:00-12:00',
  'Mo[1] 09:00-12:00; Tu-Fr 09:00-17:00',
  '2026 Mo-Fr 09:00-17:00; 2027 Mo-Fr 08:00-18:00',
];

const hoursOf = (openingHours: string, compiledHours?: CompiledHours, timeZone = 'Asia/Shanghai'): Hours => ({
  openingHours,
  timeZone,
  ...(compiledHours ? { compiledHours } : {}),
});

/**
 * How densely the comparisons sample. `npm run mutation` sets MUTATION_SAMPLE: these tests then
 * run once for every mutant they cover, so they sample 4 times less densely there (test/support/mutation-run.ts).
 */
const SPARSE = process.env.MUTATION_SAMPLE === 'sparse';
/** Minutes between two instants: prime to a day, so the times of day keep changing. */
const STEP_MINUTES = SPARSE ? 1601 : 401;
const MINUTE_STEP_AROUND_CHANGES = SPARSE ? 90 : 30;

/** Instants over 2026 and the first days of 2027, every STEP_MINUTES. */
function instants(): number[] {
  const list: number[] = [];
  for (let t = at('2026-01-01T00:00:00'); t < at('2027-01-04T00:00:00'); t += STEP_MINUTES * 60_000)
    list.push(t);
  return list;
}

/** Both evaluations where they differ, for a readable failure. */
function differences(openingHours: string, timeZone = 'Asia/Shanghai') {
  const compiled = new HoursEvaluator(calendars);
  const reference = new LibraryHoursEvaluator(calendars);
  const form = compileOpeningHours(openingHours, COMPILED_ON);
  const found: { at: string; compiled: Evaluation; reference: Evaluation }[] = [];
  for (const t of instants()) {
    const a = compiled.evaluate(hoursOf(openingHours, form, timeZone), t);
    const b = reference.evaluate(hoursOf(openingHours, undefined, timeZone), t);
    if (JSON.stringify(a) !== JSON.stringify(b))
      found.push({ at: new Date(t).toISOString(), compiled: a, reference: b });
    if (found.length >= 3) break;
  }
  return found;
}

describe('compiled hours against the library-based rules', () => {
  it.each(STRINGS)('answer exactly as the library does for "%s"', (openingHours) => {
    expect(differences(openingHours)).toEqual([]);
  });

  it('agree around the changes themselves, to the minute, with closures cutting the hours', () => {
    const compiled = new HoursEvaluator(calendars);
    const reference = new LibraryHoursEvaluator(calendars);
    const closures = [
      { id: 'x-1', from: '2026-02-13T16:00:00+08:00', to: '2026-02-14T10:00:00+08:00', reason: '检修' },
      { id: 'x-2', from: '2026-10-09T00:00:00+08:00', to: '2026-10-12T00:00:00+08:00', reason: '换届' },
    ];
    const days = ['2026-02-12', '2026-02-13', '2026-02-14', '2026-02-28', '2026-10-08', '2026-10-10'];
    for (const openingHours of STRINGS) {
      const form = compileOpeningHours(openingHours, COMPILED_ON);
      for (const day of days) {
        for (let minute = 0; minute < 24 * 60; minute += MINUTE_STEP_AROUND_CHANGES) {
          for (const skew of [-60_000, 0]) {
            const t = Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000 + skew;
            expect(compiled.evaluate(hoursOf(openingHours, form), t, closures)).toEqual(
              reference.evaluate(hoursOf(openingHours), t, closures),
            );
          }
        }
      }
    }
  });

  it('agree in a zone with daylight saving time', () => {
    expect(differences('Mo-Fr 08:30-17:30; Sa 09:00-12:00', 'Europe/Berlin')).toEqual([]);
    expect(differences('Mo-Su 22:00-02:00', 'America/New_York')).toEqual([]);
  });
});

describe('the compiled form', () => {
  it('holds purely weekly hours for every date, with one PH answer when the year does not matter', () => {
    const form = compileOpeningHours('Mo-Fr 08:30-20:00; Sa,Su 09:00-17:00; PH 09:00-12:00', COMPILED_ON);
    expect(form.range).toBeUndefined();
    expect(form.week).toEqual([
      '09:00-17:00',
      '08:30-20:00',
      '08:30-20:00',
      '08:30-20:00',
      '08:30-20:00',
      '08:30-20:00',
      '09:00-17:00',
    ]);
    expect(form.ph).toEqual(['09:00-12:00']);
  });

  it('keeps PH answers per weekday of 1 January when a later rule overrides PH', () => {
    const form = compileOpeningHours('PH 10:00-16:00; Mo-Su 09:00-21:00', COMPILED_ON);
    expect(form.range).toBeUndefined();
    expect(new Set(form.ph)).toEqual(new Set(['09:00-21:00']));
  });

  it('compiles date rules over this year and next, as periods rather than a date each', () => {
    const form = compileOpeningHours('Jan-Mar Mo-Fr 09:00-16:00; Apr-Dec Mo-Fr 08:30-17:30', COMPILED_ON);
    expect(form.range).toEqual({ from: '2025-12-25', to: '2028-01-15' });
    expect(form.periods?.map((p) => p.from)).toEqual([
      '2026-01-01',
      '2026-04-01',
      '2027-01-01',
      '2027-04-01',
      '2028-01-03',
    ]);
    expect(form.days).toBeUndefined();
    // a stored item stays small
    expect(JSON.stringify(form).length).toBeLessThan(1_200);
  });

  it('treats PH hours running past midnight as dated: the library spills them into the next day', () => {
    expect(compileOpeningHours('Mo-Su 22:00-02:00; PH off', COMPILED_ON).range).toBeDefined();
    expect(compileOpeningHours('Mo-Su 22:00-02:00', COMPILED_ON).range).toBeUndefined();
  });

  it('is the same whatever the host time zone it was compiled in', () => {
    const original = process.env.TZ;
    const compileIn = (tz: string) => {
      process.env.TZ = tz;
      const { compiledAt: _at, ...form } = new OpeningHoursCompiler().compile(
        'Mo-Fr 09:00-17:00; Feb 14 off; PH 10:00-12:00',
        COMPILED_ON,
      );
      return form;
    };
    try {
      const utc = compileIn('UTC');
      expect(compileIn('Asia/Shanghai')).toEqual(utc);
      expect(compileIn('Pacific/Honolulu')).toEqual(utc);
    } finally {
      process.env.TZ = original;
    }
  });
});

describe('beyond the compiled form', () => {
  // a calendar for any year, so that only the compiled range limits the answers
  const anyYear = (year: number): YearCalendar => ({
    year,
    holidays: {},
    workdays: {},
    source: 'admin',
    version: 1,
  });
  const evaluator = new HoursEvaluator(anyYear);
  const DATED = 'Mo-Fr 09:00-17:00; Dec 24 off';

  it('answers unknown for a center stored before hours were compiled, with the basis, never a guess', () => {
    const result = evaluator.evaluate(hoursOf('Mo-Fr 09:00-17:00'), at('2026-03-04T10:00:00'));
    expect(result).toMatchObject({
      status: 'unknown',
      nextChange: null,
      reason: { basis: 'hours-not-compiled', localDate: '2026-03-04' },
    });
  });

  it('answers unknown when the compiled form is of other hours than the stored ones', () => {
    const stale = compileOpeningHours('Mo-Su 09:00-17:00', COMPILED_ON);
    expect(
      evaluator.evaluate(hoursOf('Mo-Fr 09:00-17:00', stale), at('2026-03-04T10:00:00')).reason.basis,
    ).toBe('hours-not-compiled');
  });

  it('still shows a temporary closure of an uncompiled center', () => {
    const closure = {
      id: 'x-1',
      from: '2026-03-04T09:00:00+08:00',
      to: '2026-03-04T11:00:00+08:00',
      reason: '检修',
    };
    expect(
      evaluator.evaluate(hoursOf('Mo-Fr 09:00-17:00'), at('2026-03-04T10:00:00'), [closure]).status,
    ).toBe('temporarily-closed');
  });

  it('answers unknown past the end of the range, naming its last date', () => {
    const form = compileOpeningHours(DATED, COMPILED_ON);
    const result = evaluator.evaluate(hoursOf(DATED, form), at('2028-03-01T10:00:00'));
    expect(result).toMatchObject({
      status: 'unknown',
      reason: { basis: 'hours-not-compiled', hoursCompiledUntil: '2028-01-14' },
    });
  });

  it('stops looking for the next change at the end of the range instead of inventing one', () => {
    const form = compileOpeningHours(DATED, COMPILED_ON);
    // Friday evening, two days before the range ends: the Monday opening is beyond it
    const result = evaluator.evaluate(hoursOf(DATED, form), at('2028-01-14T18:00:00'));
    expect(result).toMatchObject({
      status: 'closed',
      nextChange: null,
      reason: { hoursCompiledUntil: '2028-01-14' },
    });
  });

  it('keeps weekly hours valid for any year', () => {
    const form = compileOpeningHours('Mo-Fr 09:00-17:00', COMPILED_ON);
    expect(evaluator.evaluate(hoursOf('Mo-Fr 09:00-17:00', form), at('2040-03-07T10:00:00'))).toMatchObject({
      status: 'open',
      nextChange: '2040-03-07T17:00:00+08:00',
    });
  });
});

describe('needsCompiling', () => {
  const weekly = compileOpeningHours('Mo-Fr 09:00-17:00', COMPILED_ON);
  const dated = compileOpeningHours('Mo-Fr 09:00-17:00; Dec 24 off', COMPILED_ON);

  it('asks for centers never compiled or compiled from other hours', () => {
    expect(needsCompiling(undefined, 'Mo-Fr 09:00-17:00', '2026-03-01')).toBe(true);
    expect(needsCompiling(weekly, 'Mo-Sa 09:00-17:00', '2026-03-01')).toBe(true);
    expect(needsCompiling({ ...weekly, v: 99 }, 'Mo-Fr 09:00-17:00', '2026-03-01')).toBe(true);
  });

  it('leaves weekly hours alone and recompiles dated ones 45 days before their range ends', () => {
    expect(needsCompiling(weekly, 'Mo-Fr 09:00-17:00', '2039-12-31')).toBe(false);
    const end = dated.range?.to as string;
    expect(needsCompiling(dated, dated.source, addDays(end, -46))).toBe(false);
    expect(needsCompiling(dated, dated.source, addDays(end, -45))).toBe(true);
  });

  it('gives the recompile a range that starts before the day it runs on', () => {
    const recompiled = compileOpeningHours(
      dated.source,
      Date.parse(`${addDays(dated.range?.to as string, -45)}T03:00:00Z`),
    );
    expect(recompiled.range?.from).toBe('2026-12-25');
    expect(recompiled.range?.to).toBe('2029-01-15');
  });
});
