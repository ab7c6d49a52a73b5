import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  adoptionEvents,
  bookingEvents,
  bucketsOf,
  COUNTERS,
  countsOf,
  countsOfBucket,
  figuresOf,
  orderEvents,
  resolveRange,
  STATS_CSV_COLUMNS,
  StatsQuery,
  shardOf,
  shardsAt,
  statDay,
  statsAnswer,
  statsRows,
  statsToCsv,
  subtractCounts,
  sumCounts,
} from '../../../shared/domain/stats.ts';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');

describe('countsOf', () => {
  it('counts a course delivery once in total, by origin and by category, with its attendees', () => {
    expect(
      countsOf({ kind: 'courseDelivered', origin: 'township', category: 'problem-solving', attendees: 27 }),
    ).toEqual({
      coursesDistributed: 1,
      peopleReached: 27,
      'coursesDistributed:township': 1,
      'peopleReached:township': 27,
      'coursesDistributed:problem-solving': 1,
      'peopleReached:problem-solving': 27,
    });
  });

  it('refuses attendees that are not a whole number of people', () => {
    expect(() =>
      countsOf({ kind: 'courseDelivered', origin: 'college', category: 'problem-solving', attendees: -1 }),
    ).toThrow(ValidationError);
    expect(() =>
      countsOf({ kind: 'courseDelivered', origin: 'college', category: 'problem-solving', attendees: 2.5 }),
    ).toThrow(ValidationError);
  });

  it('counts ratings by source and level, and a completion with the people it served', () => {
    expect(countsOf({ kind: 'serviceRated', level: 'neutral' })).toEqual({ 'serviceRatings:neutral': 1 });
    expect(countsOf({ kind: 'courseRated', level: 'satisfied' })).toEqual({ 'courseRatings:satisfied': 1 });
    expect(countsOf({ kind: 'serviceCompleted', peopleServed: 3 })).toEqual({
      servicesCompleted: 1,
      peopleServed: 3,
    });
  });

  it('names only counters of the bucket schema', () => {
    const kinds = [
      countsOf({
        kind: 'courseDelivered',
        origin: 'resident',
        category: 'empowerment-quality',
        attendees: 1,
      }),
      countsOf({ kind: 'menuReceived' }),
      countsOf({ kind: 'menuAdopted' }),
      countsOf({ kind: 'bookingConfirmed' }),
      countsOf({ kind: 'checkedIn' }),
      countsOf({ kind: 'noShow' }),
      countsOf({ kind: 'orderOverdue' }),
      countsOf({ kind: 'serviceRated', level: 'very-dissatisfied' }),
    ];
    for (const counts of kinds) for (const name of Object.keys(counts)) expect(COUNTERS).toContain(name);
  });
});

describe('sumCounts and subtractCounts', () => {
  it('adds counter by counter and drops what sums to zero', () => {
    expect(
      sumCounts([
        { bookings: 2, noShows: 1 },
        { bookings: 3, noShows: -1 },
      ]),
    ).toEqual({ bookings: 5 });
  });

  it('subtracts the children from a total to leave the center its own', () => {
    expect(subtractCounts({ bookings: 5, checkIns: 2 }, { bookings: 3, checkIns: 2 })).toEqual({
      bookings: 2,
    });
  });
});

describe('countsOfBucket', () => {
  it('reads the counters of a stored bucket and ignores its keys and bookkeeping', () => {
    expect(
      countsOfBucket({
        pk: 'STATS#c-1',
        sk: 'DAY#2026-03-10#0',
        entity: 'stats',
        day: '2026-03-10',
        bookings: 4,
      }),
    ).toEqual({ bookings: 4 });
  });
});

describe('bookingEvents', () => {
  it('counts a booking made confirmed, an approval and a promotion, but not a pending or waitlisted one', () => {
    expect(bookingEvents(undefined, { status: 'confirmed' })).toEqual([{ kind: 'bookingConfirmed' }]);
    expect(bookingEvents({ status: 'pending' }, { status: 'confirmed' })).toEqual([
      { kind: 'bookingConfirmed' },
    ]);
    expect(bookingEvents({ status: 'waitlisted' }, { status: 'confirmed' })).toEqual([
      { kind: 'bookingConfirmed' },
    ]);
    expect(bookingEvents(undefined, { status: 'pending' })).toEqual([]);
    expect(bookingEvents(undefined, { status: 'waitlisted' })).toEqual([]);
  });

  it('counts check-ins and no-shows, and nothing for a change that keeps the status', () => {
    expect(bookingEvents({ status: 'confirmed' }, { status: 'checked-in' })).toEqual([{ kind: 'checkedIn' }]);
    expect(bookingEvents({ status: 'confirmed' }, { status: 'no-show' })).toEqual([{ kind: 'noShow' }]);
    expect(bookingEvents({ status: 'confirmed' }, { status: 'confirmed' })).toEqual([]);
    expect(bookingEvents({ status: 'confirmed' }, { status: 'cancelled' })).toEqual([]);
  });
});

describe('orderEvents', () => {
  it('counts a completion with its people served (one when not recorded)', () => {
    expect(orderEvents({ status: 'accepted' }, { status: 'completed', peopleServed: 4 }).after).toEqual([
      { kind: 'serviceCompleted', peopleServed: 4 },
    ]);
    expect(orderEvents({ status: 'accepted' }, { status: 'completed' }).after).toEqual([
      { kind: 'serviceCompleted', peopleServed: 1 },
    ]);
  });

  it('counts a rating once at the center the order is at', () => {
    expect(
      orderEvents({ status: 'completed' }, { status: 'rated', rating: { level: 'very-satisfied' } }),
    ).toEqual({
      before: [],
      after: [{ kind: 'serviceRated', level: 'very-satisfied' }],
    });
  });

  it('counts going overdue once, at the center that missed the limit, however often it is escalated', () => {
    expect(orderEvents({ status: 'assigned' }, { status: 'assigned', overdue: true })).toEqual({
      before: [{ kind: 'orderOverdue' }],
      after: [],
    });
    expect(orderEvents({ status: 'assigned', overdue: true }, { status: 'assigned', overdue: true })).toEqual(
      {
        before: [],
        after: [],
      },
    );
  });
});

describe('adoptionEvents', () => {
  it('counts taking a menu up (adopted or adapted), not changing an adoption', () => {
    expect(adoptionEvents('new', 'adopted')).toEqual([{ kind: 'menuAdopted' }]);
    expect(adoptionEvents('declined', 'adapted')).toEqual([{ kind: 'menuAdopted' }]);
    expect(adoptionEvents('adopted', 'adapted')).toEqual([]);
    expect(adoptionEvents('new', 'declined')).toEqual([]);
  });
});

describe('statDay', () => {
  it('buckets by the local date in Asia/Shanghai, not UTC', () => {
    expect(statDay('2026-03-09T16:30:00Z')).toBe('2026-03-10');
    expect(statDay('2026-03-09T15:59:59Z')).toBe('2026-03-09');
  });
});

describe('bucketsOf', () => {
  it('adds to the center and every ancestor, root first, on the same day', () => {
    const buckets = bucketsOf('/c-sh/c-bs/c-yy/c-yy-a/', '2026-03-10T02:00:00Z', 'b-1');
    expect(buckets.map((b) => b.centerId)).toEqual(['c-sh', 'c-bs', 'c-yy', 'c-yy-a']);
    expect(new Set(buckets.map((b) => b.day))).toEqual(new Set(['2026-03-10']));
    expect(buckets[3]?.shard).toBe(0);
  });

  it('spreads the upper levels over shards by the event id', () => {
    expect(shardsAt(0)).toBeGreaterThan(1);
    expect(shardsAt(1)).toBeGreaterThan(1);
    expect(shardsAt(3)).toBe(1);
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`b-${i}`, shardsAt(1))));
    expect(shards.size).toBe(shardsAt(1));
    expect(shardOf('b-7', 8)).toBe(shardOf('b-7', 8));
  });
});

describe('resolveRange', () => {
  it('defaults to the last 30 days, today included', () => {
    expect(resolveRange({}, NOW)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
  });

  it('takes a range of up to 366 days and refuses a longer or reversed one', () => {
    expect(resolveRange({ from: '2025-03-10', to: '2026-03-10' }, NOW)).toEqual({
      from: '2025-03-10',
      to: '2026-03-10',
    });
    expect(() => resolveRange({ from: '2025-03-09', to: '2026-03-10' }, NOW)).toThrow(/367 days/);
    expect(() => resolveRange({ from: '2026-03-11', to: '2026-03-10' }, NOW)).toThrow(ValidationError);
  });

  it('with only from, counts 30 days from it, never past today', () => {
    expect(resolveRange({ from: '2026-01-01' }, NOW)).toEqual({ from: '2026-01-01', to: '2026-01-30' });
    expect(resolveRange({ from: '2026-03-01' }, NOW)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
  });

  it('refuses dates that are not calendar dates in the query', () => {
    expect(StatsQuery.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(StatsQuery.parse({ groupBy: 'child' }).format).toBe('json');
  });
});

describe('figuresOf', () => {
  it('gives the satisfaction rate as the share of ratings satisfied or better, over services and courses', () => {
    const figures = figuresOf({
      'serviceRatings:very-satisfied': 5,
      'serviceRatings:satisfied': 3,
      'serviceRatings:dissatisfied': 2,
      'courseRatings:satisfied': 9,
      'courseRatings:neutral': 1,
    });
    expect(figures.satisfaction.rated).toBe(20);
    expect(figures.satisfaction.satisfiedOrBetter).toBe(17);
    expect(figures.satisfaction.rate).toBe(0.85);
    expect(figures.satisfaction.byLevel).toEqual({
      'very-satisfied': 5,
      satisfied: 12,
      neutral: 1,
      dissatisfied: 2,
      'very-dissatisfied': 0,
    });
    expect(figures.satisfaction.services).toEqual({ rated: 10, rate: 0.8 });
    expect(figures.satisfaction.courses).toEqual({ rated: 10, rate: 0.9 });
  });

  it('answers a rate of null, not zero, when nothing was rated', () => {
    expect(figuresOf({}).satisfaction.rate).toBeNull();
  });
});

describe('statsAnswer', () => {
  const district = { id: 'c-bs', name: 'Baoshan', level: 'district' };
  const streetA = { id: 'c-a', name: 'A', level: 'street' };
  const streetB = { id: 'c-b', name: 'B', level: 'street' };
  const range = { from: '2026-03-01', to: '2026-03-10' };

  it('breaks the total down by child, with each child share and what the center did itself', () => {
    const answer = statsAnswer({
      center: district,
      range,
      total: { coursesDistributed: 10, peopleReached: 200, bookings: 4 },
      children: [
        { center: streetA, counts: { coursesDistributed: 6, peopleReached: 150 } },
        { center: streetB, counts: { coursesDistributed: 3, peopleReached: 50, bookings: 4 } },
      ],
    });
    if (!('children' in answer)) throw new Error('expected children');
    expect(answer.children.map((c) => c.share.coursesDistributed)).toEqual([0.6, 0.3]);
    expect(answer.children.map((c) => c.share.peopleReached)).toEqual([0.75, 0.25]);
    expect(answer.own.figures.courses.distributed).toBe(1);
    expect(answer.own.share.peopleReached).toBe(0);
    expect(answer.children[0]?.share.bookings).toBe(0);
    expect(answer.figures.courses.distributed).toBe(10);
  });

  it('writes CSV with a BOM, a header and one row per child, own and total, in the same columns', () => {
    const answer = statsAnswer({
      center: district,
      range,
      total: { coursesDistributed: 2, peopleReached: 30 },
      children: [{ center: streetA, counts: { coursesDistributed: 2, peopleReached: 30 } }],
    });
    const csv = statsToCsv(answer);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]?.split(',')).toEqual(STATS_CSV_COLUMNS);
    expect(lines.map((line) => line.split(',')[2])).toEqual(['row', 'child', 'own', 'total']);
    const rows = statsRows(answer);
    const reached = STATS_CSV_COLUMNS.indexOf('peopleReached');
    expect(rows.map((row) => row[reached])).toEqual([30, 0, 30]);
    for (const row of rows) expect(row).toHaveLength(STATS_CSV_COLUMNS.length);
  });
});
