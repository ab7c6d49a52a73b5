import { describe, expect, it } from 'vitest';
import {
  centersByDay,
  dayPoint,
  GridHistoryQuery,
  GridHistorySchema,
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

describe('history rules at their edges', () => {
  it('reads a code it does not know as unknown, never as open', () => {
    expect(statusOfCode('?')).toBe('unknown');
    expect(statusOfCode('')).toBe('unknown');
    expect(tickPoint(sample('2026-03-10T02:00:00.000Z', '2026-03-10', { 'c-a': 'z' }), 'c-a')).toMatchObject({
      status: 'unknown',
      open: 0,
    });
  });

  it('gives the open share to four decimals', () => {
    const points = [
      { date: '2026-03-10', open: 1, total: 3 },
      { date: '2026-03-11', open: 0, total: 0 },
    ];
    expect(summarize(points)).toEqual({
      samples: 3,
      openSamples: 1,
      openShare: 0.3333,
      daysCovered: 2,
      daysWithOpen: 1,
      daysAllOpen: 0,
    });
    expect(summarize([{ date: '2026-03-10', open: 2, total: 3 }]).openShare).toBe(0.6667);
  });

  it('counts no day all open from tick points without the centers of each day', () => {
    const ticks = [sample('2026-03-10T02:00:00.000Z', '2026-03-10', { 'c-a': 'o' })];
    const points = ticks.map((t) => tickPoint(t, undefined)!);
    expect(summarize(points).daysAllOpen).toBe(0);
    expect(summarize(points, centersByDay(ticks, undefined)).daysAllOpen).toBe(1);
  });

  it('keeps only the asked center in the days of a center page', () => {
    const ticks = [
      sample('2026-03-10T02:00:00.000Z', '2026-03-10', { 'c-a': 'x', 'c-b': 'o' }),
      sample('2026-03-10T03:00:00.000Z', '2026-03-10', { 'c-a': 'x', 'c-b': 'o' }),
    ];
    const days = centersByDay(ticks, 'c-a');
    expect([...(days.get('2026-03-10')?.seen ?? [])]).toEqual(['c-a']);
    expect(days.get('2026-03-10')?.open.size).toBe(0);
    const points = ticks.map((t) => tickPoint(t, 'c-a')!);
    expect(summarize(points, days)).toMatchObject({
      samples: 2,
      openSamples: 0,
      daysWithOpen: 0,
      daysAllOpen: 0,
    });
  });

  it('pages 1 to 1,000 points, with a cursor of at most 2048 characters, by tick or by day', () => {
    const base = { centerId: 'c-a', from: '2026-03-01T00:00:00+08:00', to: '2026-03-02T00:00:00+08:00' };
    expect(GridHistoryQuery.parse({ ...base, limit: '1' }).limit).toBe(1);
    expect(GridHistoryQuery.parse({ ...base, limit: '1000' }).limit).toBe(1000);
    expect(GridHistoryQuery.safeParse({ ...base, limit: '0' }).success).toBe(false);
    expect(GridHistoryQuery.safeParse({ ...base, limit: '2.5' }).success).toBe(false);
    expect(GridHistoryQuery.parse({ ...base, resolution: 'day' }).resolution).toBe('day');
    expect(GridHistoryQuery.safeParse({ ...base, resolution: 'hour' }).success).toBe(false);
    expect(GridHistoryQuery.safeParse({ ...base, cursor: 'x'.repeat(2048) }).success).toBe(true);
    expect(GridHistoryQuery.safeParse({ ...base, cursor: 'x'.repeat(2049) }).success).toBe(false);
    expect(GridHistoryQuery.safeParse({ ...base, to: base.from }).success).toBe(false);
    expect(GridHistoryQuery.safeParse({ ...base, page: '2' }).success).toBe(false);
  });

  it('explains each problem of a query in words', () => {
    const messages = (input: Record<string, string>) =>
      GridHistoryQuery.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    const from = '2025-01-01T00:00:00+08:00';
    expect(messages({ from, to: '2025-01-02T00:00:00+08:00' })).toEqual([
      'give exactly one of centerId and streetId',
    ]);
    expect(messages({ centerId: 'c-a', from, to: from })).toEqual(['must be after from']);
    expect(messages({ centerId: 'c-a', from, to: '2026-06-01T00:00:00+08:00' })).toEqual([
      'must be at most 366 days after from',
    ]);
  });
});

describe('a history page as callers read it', () => {
  const ticks = [
    sample('2026-03-10T02:00:00.000Z', '2026-03-10', { 'c-s': 'o', 'c-a': 'c' }),
    sample('2026-03-10T14:00:00.000Z', '2026-03-10', { 'c-s': 'x', 'c-a': 'x' }),
  ];

  it.each([
    ['center', 'c-a'],
    ['street', undefined],
  ] as const)('keeps every member of a %s page, its summary included', (type, centerId) => {
    const points = ticks.map((t) => tickPoint(t, centerId)!);
    const page = {
      subject: { type, id: centerId ?? 'c-s', name: '友谊路街道' },
      from: '2026-03-10T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
      resolution: 'tick' as const,
      points,
      summary: summarize(points, centersByDay(ticks, centerId)),
      nextCursor: null,
    };
    expect(GridHistorySchema.parse(page)).toEqual(page);
  });
});
