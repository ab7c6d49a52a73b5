import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/auth.ts';
import { ForbiddenError, ValidationError } from '../../../shared/domain/errors.ts';
import {
  assertCanReadStats,
  countsOf,
  countsOfBucket,
  figuresOf,
  orderEvents,
  resolveRange,
  STATS_CSV_COLUMNS,
  shardOf,
  shardsAt,
  statDay,
  statsAnswer,
  statsRows,
} from '../../../shared/domain/stats.ts';

/** The rules of docs/stats.md: what each event counts, who reads the figures, and the range. */

const NOW = Date.parse('2026-03-10T10:00:00+08:00');

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('what each event counts', () => {
  it('counts a course delivered to nobody as a course distributed that reached no one', () => {
    expect(
      countsOf({ kind: 'courseDelivered', origin: 'resident', category: 'problem-solving', attendees: 0 }),
    ).toMatchObject({ coursesDistributed: 1, peopleReached: 0 });
  });

  it('says in the refusal that attendees must be a whole number', () => {
    const error = thrown(() =>
      countsOf({ kind: 'courseDelivered', origin: 'college', category: 'problem-solving', attendees: -3 }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('attendees');
  });

  it('counts a menu received, a menu adopted, a booking, a check-in, a no-show and an overdue order once each', () => {
    expect(countsOf({ kind: 'menuReceived' })).toEqual({ menusReceived: 1 });
    expect(countsOf({ kind: 'menuAdopted' })).toEqual({ menusAdopted: 1 });
    expect(countsOf({ kind: 'bookingConfirmed' })).toEqual({ bookings: 1 });
    expect(countsOf({ kind: 'checkedIn' })).toEqual({ checkIns: 1 });
    expect(countsOf({ kind: 'noShow' })).toEqual({ noShows: 1 });
    expect(countsOf({ kind: 'orderOverdue' })).toEqual({ overdueOrders: 1 });
  });

  it('does not count a completion again when a completed order changes once more', () => {
    expect(
      orderEvents({ status: 'completed', peopleServed: 2 }, { status: 'completed', peopleServed: 2 }).after,
    ).toEqual([]);
  });
});

describe('reading a stored bucket', () => {
  it('ignores numeric bookkeeping attributes that are not counters', () => {
    expect(countsOfBucket({ pk: 'STATS#c-1', version: 7, ttl: 1_800_000_000, checkIns: 2 })).toEqual({
      checkIns: 2,
    });
  });

  it('ignores a counter attribute that does not hold a number', () => {
    expect(countsOfBucket({ bookings: '4', noShows: 1 })).toEqual({ noShows: 1 });
  });
});

describe('the day an event is counted on', () => {
  it('takes an instant as epoch milliseconds as well as a timestamp', () => {
    expect(statDay(Date.parse('2026-03-09T16:30:00Z'))).toBe('2026-03-10');
  });

  it('refuses something that is not an instant, saying so', () => {
    const error = thrown(() => statDay('next tuesday'));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('next tuesday');
  });
});

describe('shards', () => {
  it('spreads a street (depth 2) over 4 shards, below the 8 of the root and the level under it', () => {
    expect(shardsAt(0)).toBe(8);
    expect(shardsAt(1)).toBe(8);
    expect(shardsAt(2)).toBe(4);
    expect(shardsAt(4)).toBe(1);
  });

  it('hashes the event id with 32-bit FNV-1a, so every writer picks the same shard', () => {
    // Reference values of FNV-1a (32 bit): "" 0x811c9dc5, "a" 0xe40c292c, "foobar" 0xbf9cf968.
    const whole = 2 ** 32;
    expect(shardOf('', whole)).toBe(0x811c9dc5);
    expect(shardOf('a', whole)).toBe(0xe40c292c);
    expect(shardOf('foobar', whole)).toBe(0xbf9cf968);
  });
});

describe('who reads the figures', () => {
  const subtree = '/c-sh/c-bs/c-yy/';
  const staffOf = (centerId: string): Principal => ({ kind: 'user', sub: 's-1', role: 'staff', centerId });

  it('lets admins read any subtree', () => {
    expect(() =>
      assertCanReadStats({ kind: 'user', sub: 'a-1', role: 'admin' }, '/c-other/c-x/'),
    ).not.toThrow();
  });

  it('lets staff read their own center and the centers below it', () => {
    expect(() => assertCanReadStats(staffOf('c-yy'), subtree)).not.toThrow();
    expect(() => assertCanReadStats(staffOf('c-bs'), subtree)).not.toThrow();
    expect(() => assertCanReadStats(staffOf('c-sh'), subtree)).not.toThrow();
  });

  it('refuses staff of a sibling or of a center below, naming their center', () => {
    for (const centerId of ['c-pd', 'c-yy-a']) {
      const error = thrown(() => assertCanReadStats(staffOf(centerId), subtree));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).message).toContain(`staff of center ${centerId}`);
    }
  });

  it('refuses residents, staff without a center and machine clients', () => {
    const callers: Principal[] = [
      { kind: 'user', sub: 'r-1', role: 'resident', centerId: 'c-yy' },
      { kind: 'user', sub: 's-2', role: 'staff' },
      { kind: 'machine', clientId: 'app-1', scopes: ['pmsc/menus:push'] },
    ];
    for (const caller of callers) {
      const error = thrown(() => assertCanReadStats(caller, subtree));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).message).toMatch(/may not read a center's figures/);
    }
    expect((thrown(() => assertCanReadStats(callers[2]!, subtree)) as Error).message).toContain('app-1');
  });
});

describe('the range of a request', () => {
  it('takes a single day, from and to the same date', () => {
    expect(resolveRange({ from: '2026-03-05', to: '2026-03-05' }, NOW)).toEqual({
      from: '2026-03-05',
      to: '2026-03-05',
    });
  });

  it('with only from on the last of 30 days before today, ends today', () => {
    expect(resolveRange({ from: '2026-02-09' }, NOW)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
  });

  it('names from as the field of a reversed range, saying it is after to', () => {
    const error = thrown(() =>
      resolveRange({ from: '2026-03-11', to: '2026-03-10' }, NOW),
    ) as ValidationError;
    expect(error.errors).toEqual([
      { field: 'from', message: expect.stringContaining('after to 2026-03-10') },
    ]);
  });

  it('names to as the field of a range longer than a year', () => {
    const error = thrown(() =>
      resolveRange({ from: '2025-01-01', to: '2026-03-10' }, NOW),
    ) as ValidationError;
    expect(error.errors.map((p) => p.field)).toEqual(['to']);
  });
});

describe('the figures', () => {
  it('reports menus, services, bookings and overdue orders from their counters', () => {
    const figures = figuresOf({
      menusReceived: 12,
      menusAdopted: 7,
      servicesCompleted: 30,
      peopleServed: 45,
      bookings: 20,
      checkIns: 15,
      noShows: 3,
      overdueOrders: 2,
    });
    expect(figures.menus).toEqual({ received: 12, adopted: 7 });
    expect(figures.services).toEqual({ completed: 30, peopleServed: 45 });
    expect(figures.bookings).toEqual({ confirmed: 20, checkIns: 15, noShows: 3 });
    expect(figures.overdueOrders).toBe(2);
  });

  it('reports zero, not nothing, for counters a subtree never had', () => {
    const figures = figuresOf({});
    expect(figures.menus).toEqual({ received: 0, adopted: 0 });
    expect(figures.services).toEqual({ completed: 0, peopleServed: 0 });
    expect(figures.bookings).toEqual({ confirmed: 0, checkIns: 0, noShows: 0 });
    expect(figures.overdueOrders).toBe(0);
  });
});

describe('the answer', () => {
  const district = { id: 'c-bs', name: 'Baoshan', level: 'district' };
  const range = { from: '2026-03-01', to: '2026-03-10' };

  it('names the center by id, name and level only', () => {
    const answer = statsAnswer({
      center: { ...district, path: '/c-sh/c-bs/' } as typeof district,
      range,
      total: { bookings: 1 },
    });
    expect(answer.center).toEqual(district);
  });

  it('without groupBy has no children and no own figures', () => {
    const answer = statsAnswer({ center: district, range, total: { bookings: 1 } });
    expect(answer).not.toHaveProperty('children');
    expect(answer).not.toHaveProperty('own');
  });

  it('without groupBy is one CSV row, the total', () => {
    const rows = statsRows(statsAnswer({ center: district, range, total: { bookings: 3 } }));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.[STATS_CSV_COLUMNS.indexOf('row')]).toBe('total');
    expect(rows[0]?.[STATS_CSV_COLUMNS.indexOf('bookings')]).toBe(3);
  });

  it('leaves the satisfaction rate cell empty when nothing was rated', () => {
    const rows = statsRows(statsAnswer({ center: district, range, total: { bookings: 3 } }));
    expect(rows[0]?.[STATS_CSV_COLUMNS.indexOf('satisfactionRate')]).toBe('');
  });
});
