import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import type { StoredCenter } from '../../../shared/domain/center.ts';
import { distanceMeters } from '../../../shared/domain/geo.ts';
import { buildSnapshot, type Evaluates, isResidential, NearestIndex } from '../../../shared/domain/grid.ts';
import { CELL_RESOLUTION } from '../../../shared/domain/grid-schema.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import { HoursEvaluator } from '../../../shared/domain/opening-status.ts';

/**
 * The grid's rules of docs/grid.md that the builder's own tests leave open: cells in H3 order
 * whatever order the registry comes in, the nearest open center found wherever it lies within
 * reach (not only among close neighbours), ties, and hours compiled at different times.
 */

const LAT = 31.4;
const LON = 121.4;

function center(id: string, over: Partial<StoredCenter>): StoredCenter {
  return {
    id,
    parentId: 'c-s',
    name: id,
    address: 'addr',
    location: { lat: LAT, lon: LON },
    serviceRadiusMeters: 1000,
    timeZone: 'Asia/Shanghai',
    openingHours: 'closed',
    contact: {},
    status: 'active',
    level: 'community',
    path: `/c-d/c-s/${id}/`,
    depth: 2,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  } as StoredCenter;
}

/** The hours string is the status. */
const byHours: Evaluates = {
  evaluate: (hours) => ({
    status: hours.openingHours as never,
    nextChange: null,
    reason: { basis: 'hours', localDate: '2026-03-04' },
  }),
};

const AT = Date.parse('2026-03-04T10:02:30+08:00');
const build = (centers: StoredCenter[], evaluator: Evaluates = byHours) =>
  buildSnapshot({
    centers,
    closuresOf: () => [],
    evaluator,
    at: AT,
    kind: 'what-if',
    district: '310113',
    builtAt: AT,
  });

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function randomFrom(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function bruteNearest(
  points: { id: string; location: { lat: number; lon: number } }[],
  at: { lat: number; lon: number },
  maxMeters: number,
) {
  let best: { id: string; distanceMeters: number } | null = null;
  for (const p of points) {
    const d = distanceMeters(at, p.location);
    if (d <= maxMeters && (!best || d < best.distanceMeters || (d === best.distanceMeters && p.id < best.id)))
      best = { id: p.id, distanceMeters: d };
  }
  return best;
}

describe('the cells of a snapshot', () => {
  it('come in H3 order whatever order the registry lists the centers in', () => {
    const places = Array.from({ length: 8 }, (_, i) => ({
      id: `c-${i}`,
      location: { lat: LAT + (i % 4) * 0.02, lon: LON + Math.floor(i / 4) * 0.03 },
    }));
    const cellOf = (p: (typeof places)[number]) =>
      latLngToCell(p.location.lat, p.location.lon, CELL_RESOLUTION);
    const ascending = [...places].sort((a, b) => (cellOf(a) < cellOf(b) ? -1 : 1));
    const expected = ascending.map(cellOf);
    expect(new Set(expected).size).toBe(8);
    // the registry's order: reversed, and shuffled
    for (const order of [
      [7, 6, 5, 4, 3, 2, 1, 0],
      [3, 0, 6, 1, 7, 2, 5, 4],
      [4, 7, 1, 5, 0, 6, 2, 3],
    ]) {
      const listed = order.map((i) => ascending[i]!);
      const snapshot = build(listed.map((p) => center(p.id, { location: p.location, openingHours: 'open' })));
      expect(snapshot.cells.map((c) => c.cell)).toEqual(expected);
    }
  });
});

describe('the centers of a snapshot', () => {
  it('carry their kind, and a community-level center without one counts as a residential community', () => {
    const snapshot = build([center('c-p', { kind: 'post-station' }), center('c-a', {})]);
    expect(snapshot.centers.find((c) => c.id === 'c-p')).toMatchObject({
      kind: 'post-station',
      residential: false,
    });
    expect(snapshot.centers.find((c) => c.id === 'c-a')?.residential).toBe(true);
    expect(isResidential({ level: 'community' })).toBe(true);
    expect(isResidential({ level: 'street' })).toBe(false);
  });

  it('are each evaluated on their own compiled hours: the same hours compiled at other times may cover other dates', () => {
    const hours = 'Jan-Mar Mo-Fr 09:00-16:00; Apr-Dec Mo-Fr 08:30-17:30';
    const stale = center('c-stale', {
      openingHours: hours,
      compiledHours: compileOpeningHours(hours, Date.parse('2023-06-01T00:00:00Z')),
    });
    const fresh = center('c-fresh', {
      openingHours: hours,
      compiledHours: compileOpeningHours(hours, Date.parse('2026-01-10T00:00:00Z')),
    });
    const evaluator = new HoursEvaluator(packagedCalendar);
    for (const order of [
      [stale, fresh],
      [fresh, stale],
    ]) {
      const statuses = Object.fromEntries(build(order, evaluator).centers.map((c) => [c.id, c.status]));
      // a Wednesday morning of March 2026: open, but only hours compiled this year know it
      expect(statuses).toEqual({ 'c-stale': 'unknown', 'c-fresh': 'open' });
    }
  });
});

describe('NearestIndex', () => {
  it('finds the nearest of a sparse network, several rings of cells away, as comparing every pair does', () => {
    for (const [seed, count] of [
      [7, 12],
      [11, 25],
      [19, 40],
    ] as const) {
      const random = randomFrom(seed);
      const point = () => ({ lat: LAT + (random() - 0.5) * 0.2, lon: LON + (random() - 0.5) * 0.23 });
      const points = Array.from({ length: count }, (_, i) => ({ id: `p-${i}`, location: point() }));
      const index = new NearestIndex(points, 5_000);
      for (let q = 0; q < 150; q++) {
        const at = point();
        expect(index.nearest(at), `seed ${seed} query ${q}`).toEqual(bruteNearest(points, at, 5_000));
      }
    }
  });

  it('finds a lone point anywhere up to the maximum distance, in every direction, and none beyond it', () => {
    const home = { lat: LAT, lon: LON };
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const at = (meters: number) => ({
        lat: LAT + (meters * Math.cos(rad)) / 111_195,
        lon: LON + (meters * Math.sin(rad)) / (111_195 * Math.cos((LAT * Math.PI) / 180)),
      });
      const near = new NearestIndex([{ id: 'p-in', location: at(4_950) }], 5_000).nearest(home);
      expect(near?.id, `bearing ${bearing}`).toBe('p-in');
      expect(new NearestIndex([{ id: 'p-out', location: at(5_050) }], 5_000).nearest(home)).toBeNull();
    }
  });

  it('gives a tie to the smaller id, whichever was added first', () => {
    const place = { lat: LAT + 0.01, lon: LON };
    const a = { id: 'p-a', location: place };
    const b = { id: 'p-b', location: place };
    expect(new NearestIndex([a, b], 5_000).nearest({ lat: LAT, lon: LON })?.id).toBe('p-a');
    expect(new NearestIndex([b, a], 5_000).nearest({ lat: LAT, lon: LON })?.id).toBe('p-a');
  });
});
