import { describe, expect, it } from 'vitest';
import {
  type Counts,
  countsOfBucket,
  STATS_CSV_COLUMNS,
  StatsQuery,
  statsAnswer,
  statsRows,
} from '../../../shared/domain/stats.ts';

/**
 * The spreadsheet of docs/stats.md ("CSV"): columns `from`, `to`, `row`, `centerId`,
 * `centerName`, `level`, then one per figure; a spreadsheet made once keeps reading the same
 * columns, so their names and order are written out here, not taken from the code.
 */

const ORIGINS = ['resident', 'township', 'college'];
const CATEGORIES = [
  'empowerment-quality',
  'innovation-integration',
  'cohesion-empowerment',
  'problem-solving',
];
const RATINGS = ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied'];

/** What is counted as it is shown: courses by origin and category, menus, services, bookings. */
const COUNTED = [
  'coursesDistributed',
  'peopleReached',
  ...ORIGINS.flatMap((o) => [`coursesDistributed:${o}`, `peopleReached:${o}`]),
  ...CATEGORIES.flatMap((c) => [`coursesDistributed:${c}`, `peopleReached:${c}`]),
  'menusReceived',
  'menusAdopted',
  'servicesCompleted',
  'peopleServed',
  'bookings',
  'checkIns',
  'noShows',
];

const FIGURE_COLUMNS = [
  ...COUNTED,
  'rated',
  'satisfiedOrBetter',
  'satisfactionRate',
  ...RATINGS.map((r) => `rating:${r}`),
  'overdueOrders',
];

/** Every stored counter, each with a value of its own, so a cell shows which counter it read. */
const COUNTER_NAMES = [
  ...COUNTED,
  ...RATINGS.map((r) => `serviceRatings:${r}`),
  ...RATINGS.map((r) => `courseRatings:${r}`),
  'overdueOrders',
];
const EVERY_COUNTER = Object.fromEntries(COUNTER_NAMES.map((name, i) => [name, 100 + i])) as Counts;
const counter = (name: string) => (EVERY_COUNTER as Record<string, number>)[name] as number;

const district = { id: 'c-baoshan', name: '宝山区党群服务中心', level: 'district' };

describe('the stats spreadsheet', () => {
  it('has the documented columns, in order', () => {
    expect(STATS_CSV_COLUMNS).toEqual([
      'from',
      'to',
      'row',
      'centerId',
      'centerName',
      'level',
      ...FIGURE_COLUMNS,
    ]);
  });

  it('puts each figure under its own column', () => {
    const answer = statsAnswer({
      center: district,
      range: { from: '2026-03-01', to: '2026-03-31' },
      total: EVERY_COUNTER,
    });
    const [row] = statsRows(answer);
    const cell = (column: string) => row?.[STATS_CSV_COLUMNS.indexOf(column)];
    expect([cell('from'), cell('to'), cell('row')]).toEqual(['2026-03-01', '2026-03-31', 'total']);
    expect([cell('centerId'), cell('centerName'), cell('level')]).toEqual([
      'c-baoshan',
      '宝山区党群服务中心',
      'district',
    ]);
    // a counter's own column shows it as counted
    for (const name of [...COUNTED, 'overdueOrders']) expect(cell(name), name).toBe(counter(name));
    // ratings: services and courses together
    for (const level of RATINGS)
      expect(cell(`rating:${level}`), level).toBe(
        counter(`serviceRatings:${level}`) + counter(`courseRatings:${level}`),
      );
    const rated = RATINGS.reduce(
      (sum, level) => sum + counter(`serviceRatings:${level}`) + counter(`courseRatings:${level}`),
      0,
    );
    const satisfied = ['very-satisfied', 'satisfied'].reduce(
      (sum, level) => sum + counter(`serviceRatings:${level}`) + counter(`courseRatings:${level}`),
      0,
    );
    expect(cell('rated')).toBe(rated);
    expect(cell('satisfiedOrBetter')).toBe(satisfied);
    expect(cell('satisfactionRate')).toBeCloseTo(satisfied / rated, 4);
  });
});

describe('a stored bucket', () => {
  it('gives back every counter it holds', () => {
    expect(countsOfBucket({ pk: 'STATS#c-1', sk: 'DAY#2026-03-10#0', ...EVERY_COUNTER })).toEqual(
      EVERY_COUNTER,
    );
  });
});

describe('the stats query', () => {
  it('answers JSON unless CSV is asked for, and knows no other format', () => {
    expect(StatsQuery.parse({}).format).toBe('json');
    expect(StatsQuery.parse({ format: 'json' }).format).toBe('json');
    expect(StatsQuery.parse({ format: 'csv' }).format).toBe('csv');
    expect(StatsQuery.safeParse({ format: 'xlsx' }).success).toBe(false);
  });

  it('takes a first and a last day as local dates', () => {
    expect(StatsQuery.parse({ from: '2026-03-01', to: '2026-03-31' })).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(StatsQuery.safeParse({ from: '2026-03-01T00:00:00+08:00' }).success).toBe(false);
  });
});
