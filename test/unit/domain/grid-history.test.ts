import { describe, expect, it } from 'vitest';
import {
  centersByDay,
  dayPoint,
  GridHistoryQuery,
  historyGroupOf,
  statusCode,
  statusOfCode,
  summarize,
  type TickSample,
  tickPoint,
} from '../../../shared/domain/grid-history.ts';
import { GRID_STATUSES } from '../../../shared/domain/grid-schema.ts';

const sample = (at: string, date: string, statuses: Record<string, string>): TickSample => ({
  at,
  date,
  statuses,
});

describe('status codes', () => {
  it('store every status in one letter and read it back', () => {
    const codes = GRID_STATUSES.map(statusCode);
    expect(new Set(codes).size).toBe(GRID_STATUSES.length);
    expect(codes.every((c) => c.length === 1)).toBe(true);
    expect(GRID_STATUSES.map((s) => statusOfCode(statusCode(s)))).toEqual([...GRID_STATUSES]);
  });
});

describe('historyGroupOf', () => {
  it('is the street for a street and below, the center itself above', () => {
    expect(historyGroupOf({ id: 'c-a', level: 'community', path: '/c-sh/c-bs/c-st/c-a/' })).toBe('c-st');
    expect(historyGroupOf({ id: 'c-bs', level: 'district', path: '/c-sh/c-bs/' })).toBe('c-bs');
  });
});

describe('history points and summary', () => {
  const ticks = [
    sample('2026-03-10T02:00:00.000Z', '2026-03-10', { 'c-s': 'o', 'c-a': 'c', 'c-b': 'x' }),
    sample('2026-03-10T14:00:00.000Z', '2026-03-10', { 'c-s': 'x', 'c-a': 'x', 'c-b': 'o' }),
    sample('2026-03-11T02:00:00.000Z', '2026-03-11', { 'c-s': 'o', 'c-a': 't' }),
  ];

  it('counts closing-soon as open and skips ticks without the center', () => {
    expect(tickPoint(ticks[0]!, 'c-a')).toEqual({
      at: '2026-03-10T02:00:00.000Z',
      date: '2026-03-10',
      status: 'closing-soon',
      open: 1,
      total: 1,
    });
    expect(tickPoint(ticks[2]!, 'c-b')).toBeUndefined();
    expect(tickPoint(ticks[0]!, undefined)).toMatchObject({ open: 2, total: 3 });
  });

  it('sums a street page: shares, days covered, days with an open center, days all open', () => {
    const points = ticks.map((t) => tickPoint(t, undefined)!);
    expect(summarize(points, centersByDay(ticks, undefined))).toEqual({
      samples: 8,
      openSamples: 4,
      openShare: 0.5,
      daysCovered: 2,
      daysWithOpen: 2,
      // 03-10: every center was open at some tick; 03-11: c-a was temporarily closed
      daysAllOpen: 1,
    });
  });

  it('sums day points by themselves', () => {
    const days = [
      { date: '2026-03-10', sampled: new Set(['c-s', 'c-a']), open: new Set(['c-s', 'c-a']) },
      { date: '2026-03-11', sampled: new Set(['c-s', 'c-a']), open: new Set(['c-s']) },
    ];
    const street = days.map((d) => dayPoint(d, undefined)!);
    expect(street).toEqual([
      { date: '2026-03-10', open: 2, total: 2 },
      { date: '2026-03-11', open: 1, total: 2 },
    ]);
    expect(summarize(street)).toMatchObject({ daysCovered: 2, daysWithOpen: 2, daysAllOpen: 1 });
    expect(dayPoint(days[1]!, 'c-a')).toEqual({ date: '2026-03-11', open: 0, total: 1 });
    expect(dayPoint(days[1]!, 'c-x')).toBeUndefined();
    expect(summarize([])).toMatchObject({ samples: 0, openShare: null, daysCovered: 0 });
  });
});

describe('GridHistoryQuery', () => {
  const range = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-02T00:00:00+08:00' };
  const fields = (input: Record<string, string>) => {
    const result = GridHistoryQuery.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };

  it('takes exactly one subject and a range of at most 366 days', () => {
    expect(fields({ centerId: 'c-a', ...range })).toEqual([]);
    expect(GridHistoryQuery.parse({ streetId: 'c-s', ...range }).resolution).toBe('tick');
    expect(fields(range)).toEqual(['centerId']);
    expect(fields({ centerId: 'c-a', streetId: 'c-s', ...range })).toEqual(['centerId']);
    expect(fields({ centerId: 'c-a', from: range.to, to: range.from })).toEqual(['to']);
    const year = { centerId: 'c-a', from: '2025-03-01T00:00:00+08:00' };
    expect(fields({ ...year, to: '2026-03-02T00:00:00+08:00' })).toEqual([]); // 366 days
    expect(fields({ ...year, to: '2026-03-02T00:00:01+08:00' })).toEqual(['to']);
    expect(fields({ centerId: 'c-a', ...range, limit: '1001' })).toEqual(['limit']);
  });
});
