import { describe, expect, it } from 'vitest';
import { packagedCalendar, type YearCalendar } from '../../../shared/domain/calendar.ts';
import { LibraryHoursEvaluator } from '../../../shared/domain/opening-hours-reference.ts';

/**
 * The library-based reference rules (opening-hours-reference.ts): the same status rules as the
 * compiled evaluator, read straight from the `opening_hours` library.
 */

const reference = new LibraryHoursEvaluator((year: number): YearCalendar | undefined =>
  packagedCalendar(year),
);
const at = (local: string) => Date.parse(`${local}+08:00`);
const OFFICE = 'Mo-Fr 08:30-12:00,13:30-17:30';

describe('the minutes of one local day', () => {
  it('gives the open intervals in minutes since midnight, closing minutes included', () => {
    // Wednesday 2026-03-04
    expect(reference.minutesOf(OFFICE, '2026-03-04')).toEqual([
      [8 * 60 + 30, 12 * 60],
      [13 * 60 + 30, 17 * 60 + 30],
    ]);
  });

  it('ends an interval that runs to midnight at minute 1440', () => {
    expect(reference.minutesOf('Fr 22:15-02:00', '2026-03-06')).toEqual([[22 * 60 + 15, 24 * 60]]);
  });
});

describe('administrative status in the reference rules', () => {
  it('answers a suspended center temporarily closed, with no next change', () => {
    const r = reference.evaluate(
      { openingHours: OFFICE, timeZone: 'Asia/Shanghai', status: 'suspended' },
      at('2026-03-04T10:00:00'),
    );
    expect(r.status).toBe('temporarily-closed');
    expect(r.nextChange).toBeNull();
    expect(r.reason.basis).toBe('administrative');
    expect(r.reason.rule).toBe('center is suspended');
    expect(r.reason.localDate).toBe('2026-03-04');
  });

  it('answers a closed center closed, with no next change', () => {
    const r = reference.evaluate(
      { openingHours: OFFICE, timeZone: 'Asia/Shanghai', status: 'closed' },
      at('2026-03-04T10:00:00'),
    );
    expect(r.status).toBe('closed');
    expect(r.nextChange).toBeNull();
    expect(r.reason).toMatchObject({ basis: 'administrative', rule: 'center is closed' });
  });

  it('evaluates the hours of an active center', () => {
    const r = reference.evaluate(
      { openingHours: OFFICE, timeZone: 'Asia/Shanghai', status: 'active' },
      at('2026-03-04T10:00:00'),
    );
    expect(r.status).toBe('open');
    expect(r.nextChange).toBe('2026-03-04T12:00:00+08:00');
    expect(r.reason).toMatchObject({ basis: 'hours', rule: 'regular hours' });
  });
});
