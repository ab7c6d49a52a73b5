import { describe, expect, it } from 'vitest';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import { CalendarMissingError, dueAt } from '../../../shared/domain/working-time.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number) =>
  new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00').replace('.000', '');

describe('dueAt on the 2026 calendar', () => {
  it('counts working days from the next day and ends at the end of the last one', () => {
    expect(
      iso(
        dueAt(
          at('2026-03-04T10:00:00'),
          { unit: 'working-days', value: 1 },
          'Asia/Shanghai',
          packagedCalendar,
        ),
      ),
    ).toBe('2026-03-05T23:59:59+08:00');
  });

  it('skips the weekend: Friday + 1 working day is Monday', () => {
    expect(
      iso(
        dueAt(
          at('2026-03-06T16:00:00'),
          { unit: 'working-days', value: 1 },
          'Asia/Shanghai',
          packagedCalendar,
        ),
      ),
    ).toBe('2026-03-09T23:59:59+08:00');
  });

  it('skips the Spring Festival and counts the adjusted working Saturdays', () => {
    // Fri 13 Feb + 1 -> Sat 14 Feb (adjusted working day)
    expect(
      iso(
        dueAt(
          at('2026-02-13T10:00:00'),
          { unit: 'working-days', value: 1 },
          'Asia/Shanghai',
          packagedCalendar,
        ),
      ),
    ).toBe('2026-02-14T23:59:59+08:00');
    // Sat 14 Feb + 2 -> 15..23 holiday, Tue 24, Wed 25
    expect(
      iso(
        dueAt(
          at('2026-02-14T10:00:00'),
          { unit: 'working-days', value: 2 },
          'Asia/Shanghai',
          packagedCalendar,
        ),
      ),
    ).toBe('2026-02-25T23:59:59+08:00');
  });

  it('uses clock hours for hour limits, holidays or not', () => {
    expect(
      dueAt(at('2026-02-17T10:00:00'), { unit: 'hours', value: 48 }, 'Asia/Shanghai', packagedCalendar),
    ).toBe(at('2026-02-19T10:00:00'));
  });

  it('refuses to count into a year without a calendar', () => {
    expect(() =>
      dueAt(at('2026-12-30T10:00:00'), { unit: 'working-days', value: 5 }, 'Asia/Shanghai', packagedCalendar),
    ).toThrow(CalendarMissingError);
  });
});
