import { describe, expect, it } from 'vitest';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import type { Center, StoredCenter } from '../../../shared/domain/center.ts';
import { distanceMeters } from '../../../shared/domain/geo.ts';
import { buildSnapshot, type Evaluates, historyGroups, NearestIndex } from '../../../shared/domain/grid.ts';
import { toGeoJson } from '../../../shared/domain/grid-geojson.ts';
import { streetIdOf } from '../../../shared/domain/grid-history.ts';
import { headerOf, SnapshotId, snapshotIdOf, tickOf } from '../../../shared/domain/grid-schema.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import { HoursEvaluator } from '../../../shared/domain/opening-status.ts';

/** The grid builder on hand-placed networks. At 31.4°N, 0.009° of latitude is about 1,000 m. */

const LAT = 31.4;
const LON = 121.4;
const METERS_PER_DEGREE_LAT = 111_195;
const north = (meters: number) => LAT + meters / METERS_PER_DEGREE_LAT;

function center(id: string, over: Partial<Center> & Pick<Center, 'level'>): Center {
  return {
    id,
    parentId: null,
    name: id,
    address: 'addr',
    location: { lat: LAT, lon: LON },
    serviceRadiusMeters: 1000,
    timeZone: 'Asia/Shanghai',
    openingHours: 'open',
    contact: {},
    status: 'active',
    path: `/${id}/`,
    depth: 0,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

/** A center whose hours were compiled when written, as the API stores it. */
function compiledCenter(id: string, over: Partial<Center> & Pick<Center, 'level'>): StoredCenter {
  const plain = center(id, over);
  return {
    ...plain,
    compiledHours: compileOpeningHours(plain.openingHours, Date.parse('2026-01-10T00:00:00Z')),
  };
}

/** A small tree: district d > streets s1, s2 > communities; `hours` picks open or closed. */
function tree(
  places: Record<string, { lat: number; lon?: number; hours: 'open' | 'closed'; kind?: Center['kind'] }>,
) {
  const d = center('c-d', { level: 'district', path: '/c-d/' });
  const s1 = center('c-s1', {
    level: 'street',
    parentId: 'c-d',
    path: '/c-d/c-s1/',
    depth: 1,
    openingHours: 'closed',
  });
  const s2 = center('c-s2', {
    level: 'street',
    parentId: 'c-d',
    path: '/c-d/c-s2/',
    depth: 1,
    openingHours: 'closed',
  });
  const communities = Object.entries(places).map(([id, p], index) =>
    center(id, {
      level: 'community',
      kind: p.kind ?? 'community',
      parentId: index % 2 === 0 ? 'c-s1' : 'c-s2',
      path: `/c-d/${index % 2 === 0 ? 'c-s1' : 'c-s2'}/${id}/`,
      depth: 2,
      location: { lat: p.lat, lon: p.lon ?? LON },
      openingHours: p.hours,
    }),
  );
  return [d, s1, s2, ...communities];
}

/** Stands in for the hours rules: the hours string is the answer. */
const byHours: Evaluates = {
  evaluate: (hours) => ({
    status: hours.openingHours === 'open' ? 'open' : 'closed',
    nextChange: null,
    reason: { basis: 'hours', localDate: '2026-03-04' },
  }),
};

const AT = Date.parse('2026-03-04T10:02:30+08:00');
const build = (centers: StoredCenter[], over: Partial<Parameters<typeof buildSnapshot>[0]> = {}) =>
  buildSnapshot({
    centers,
    closuresOf: () => [],
    evaluator: byHours,
    at: AT,
    kind: 'scheduled',
    district: '310113',
    builtAt: AT + 5_000,
    ...over,
  });

describe('snapshot ids and ticks', () => {
  it('gives every instant of a 5-minute tick the same scheduled id', () => {
    const tick = Date.parse('2026-02-17T02:00:00Z');
    expect(tickOf(tick + 299_999)).toBe(tick);
    expect(snapshotIdOf('scheduled', tick)).toBe('grid-20260217t0200z');
    expect(snapshotIdOf('scheduled', tick + 299_999)).toBe('grid-20260217t0200z');
    expect(snapshotIdOf('scheduled', tick + 300_000)).toBe('grid-20260217t0205z');
  });

  it('gives what-if builds their own id, to the second', () => {
    const id = snapshotIdOf('what-if', Date.parse('2026-02-17T10:00:07.900+08:00'));
    expect(id).toBe('what-if-20260217t020007z');
    expect(SnapshotId.safeParse(id).success).toBe(true);
    expect(SnapshotId.safeParse('grid-latest').success).toBe(false);
  });
});

describe('streetIdOf', () => {
  it('reads the street off the path: itself, its ancestor, or none above street level', () => {
    expect(streetIdOf({ level: 'community', path: '/c-sh/c-bs/c-yy/c-yy-a/' })).toBe('c-yy');
    expect(streetIdOf({ level: 'street', path: '/c-sh/c-bs/c-yy/' })).toBe('c-yy');
    expect(streetIdOf({ level: 'street', path: '/c-bs/c-yy/' })).toBe('c-yy');
    expect(streetIdOf({ level: 'district', path: '/c-sh/c-bs/' })).toBeNull();
    expect(streetIdOf({ level: 'city', path: '/c-sh/' })).toBeNull();
  });
});

describe('buildSnapshot', () => {
  it('counts statuses, streets (with their subtree) and H3 cells', () => {
    const snapshot = build(
      tree({
        'c-a': { lat: LAT, hours: 'open' }, // s1
        'c-b': { lat: LAT, hours: 'closed' }, // s2
        'c-c': { lat: north(20_000), hours: 'open' }, // s1, far away: its own cell
      }),
    );
    expect(snapshot.counts).toEqual({
      total: 6,
      open: 3,
      byStatus: {
        open: 3,
        'closing-soon': 0,
        closed: 3,
        'opening-soon': 0,
        'temporarily-closed': 0,
        unknown: 0,
      },
    });
    expect(snapshot.streets).toEqual([
      { id: 'c-s1', name: 'c-s1', open: 2, total: 3 },
      { id: 'c-s2', name: 'c-s2', open: 0, total: 2 },
    ]);
    expect(snapshot.cells).toHaveLength(2);
    const near = snapshot.cells.find((c) => c.total === 5);
    expect(near).toMatchObject({ open: 2, total: 5 });
    expect(snapshot.cells.find((c) => c.total === 1)).toMatchObject({ open: 1 });
    const a = snapshot.centers.find((c) => c.id === 'c-a');
    expect(a).toMatchObject({
      streetId: 'c-s1',
      parentId: 'c-s1',
      status: 'open',
      basis: 'hours',
      load: { openServiceOrders: 0, bookedNow: 0, capacityNow: null },
    });
    expect(snapshot.centers.find((c) => c.id === 'c-d')?.streetId).toBeNull();
  });

  it('shows the open service orders of each center as its live load', () => {
    const snapshot = build(tree({ 'c-a': { lat: LAT, hours: 'open' } }), {
      openOrders: new Map([
        ['c-a', 3],
        ['c-s1', 1],
      ]),
    });
    const load = Object.fromEntries(snapshot.centers.map((c) => [c.id, c.load]));
    expect(load['c-a']).toEqual({ openServiceOrders: 3, bookedNow: 0, capacityNow: null });
    expect(load['c-s1']?.openServiceOrders).toBe(1);
    expect(load['c-s2']?.openServiceOrders).toBe(0);
  });

  it('offers the places of bookable rooms only while the center is open, and counts who is booked in', () => {
    const snapshot = build(
      tree({ 'c-a': { lat: LAT, hours: 'open' }, 'c-b': { lat: LAT, hours: 'closed' } }),
      {
        bookedNow: new Map([
          ['c-a', 7],
          ['c-b', 2],
        ]),
        bookablePlaces: new Map([
          ['c-a', 40],
          ['c-b', 25],
        ]),
      },
    );
    const load = Object.fromEntries(snapshot.centers.map((c) => [c.id, c.load]));
    expect(load['c-a']).toEqual({ openServiceOrders: 0, bookedNow: 7, capacityNow: 40 });
    // closed now: its rooms take nobody, though a class it holds elsewhere may be under way
    expect(load['c-b']).toEqual({ openServiceOrders: 0, bookedNow: 2, capacityNow: 0 });
    // no bookable room at all: capacity is not a number to compare against
    expect(load['c-s1']).toEqual({ openServiceOrders: 0, bookedNow: 0, capacityNow: null });
  });

  it('finds the gaps of the 15-minute circle and the nearest open center of each', () => {
    const snapshot = build(
      tree({
        // covered: an open field position 890 m north
        'c-home1': { lat: LAT, hours: 'closed' },
        'c-post': { lat: north(890), hours: 'open', kind: 'post-station' },
        // gap: the nearest open center is the post station, about 1,670 m south
        'c-home2': { lat: north(2_560), hours: 'closed' },
        // covered by itself
        'c-home3': { lat: north(40_000), hours: 'open', kind: 'village' },
        // gap: nothing open within 5 km
        'c-home4': { lat: north(20_000), hours: 'closed' },
        // not residential: never a gap, even closed and alone
        'c-park': { lat: north(-30_000), hours: 'closed', kind: 'park' },
      }),
    );
    expect(snapshot.circle).toMatchObject({ walkMeters: 1000, residential: 4, covered: 2, uncovered: 2 });
    const gaps = Object.fromEntries(snapshot.circle.gaps.map((g) => [g.id, g]));
    expect(Object.keys(gaps).sort()).toEqual(['c-home2', 'c-home4']);
    expect(gaps['c-home2']?.nearestOpen?.id).toBe('c-post');
    expect(gaps['c-home2']?.nearestOpen?.distanceMeters).toBeGreaterThan(1_650);
    expect(gaps['c-home2']?.nearestOpen?.distanceMeters).toBeLessThan(1_690);
    expect(gaps['c-home4']).toMatchObject({ streetId: 'c-s1', nearestOpen: null });
    expect(snapshot.centers.filter((c) => c.residential).map((c) => c.id)).toEqual([
      'c-home1',
      'c-home2',
      'c-home3',
      'c-home4',
    ]);
  });

  it('puts a community exactly on the 1,000 m line inside the circle and one just past it outside', () => {
    const snapshot = build(
      tree({
        'c-open': { lat: LAT, hours: 'open', kind: 'park' },
        'c-in': { lat: north(995), hours: 'closed' },
        'c-out': { lat: north(-1_010), hours: 'closed' },
      }),
    );
    expect(snapshot.circle.gaps.map((g) => g.id)).toEqual(['c-out']);
  });

  it('gives the same snapshot for every build within a tick (only builtAt differs)', () => {
    const centers = tree({
      'c-a': { lat: LAT, hours: 'open' },
      'c-b': { lat: north(3000), hours: 'closed' },
    });
    const first = build(centers, { at: Date.parse('2026-03-04T10:00:00+08:00'), builtAt: 1 });
    const second = build(centers, { at: Date.parse('2026-03-04T10:04:59+08:00'), builtAt: 2 });
    expect(first.id).toBe('grid-20260304t0200z');
    expect({ ...second, builtAt: first.builtAt }).toEqual(first);
    expect(first.at).toBe('2026-03-04T02:00:00.000Z');
  });

  it('evaluates a what-if build at the instant asked, under its own id', () => {
    const at = Date.parse('2026-02-17T10:03:20+08:00');
    const snapshot = build(tree({}), { kind: 'what-if', at });
    expect(snapshot).toMatchObject({
      id: 'what-if-20260217t020320z',
      kind: 'what-if',
      at: '2026-02-17T02:03:20.000Z',
      tick: '2026-02-17T02:00:00.000Z',
    });
  });

  it('applies the real status rules: holidays and temporary closures', () => {
    const evaluator = new HoursEvaluator(packagedCalendar);
    const centers = [
      compiledCenter('c-office', { level: 'district', openingHours: 'Mo-Fr 09:00-17:00' }),
      compiledCenter('c-daily', { level: 'district', path: '/c-daily/', openingHours: 'Mo-Su 09:00-17:00' }),
      compiledCenter('c-shut', { level: 'district', path: '/c-shut/', openingHours: 'Mo-Su 09:00-17:00' }),
      // written before hours were compiled: the same hours as c-daily, but nothing to evaluate
      center('c-old', { level: 'district', path: '/c-old/', openingHours: 'Mo-Su 09:00-17:00' }),
    ];
    const snapshot = build(centers, {
      evaluator,
      kind: 'what-if',
      at: Date.parse('2026-02-17T10:00:00+08:00'), // Spring Festival holiday, a Tuesday
      closuresOf: (id) =>
        id === 'c-shut'
          ? [
              {
                id: 'x-1',
                from: '2026-02-17T00:00:00+08:00',
                to: '2026-02-18T00:00:00+08:00',
                reason: 'repairs',
              },
            ]
          : [],
    });
    const byId = Object.fromEntries(snapshot.centers.map((c) => [c.id, c]));
    expect(byId['c-office']).toMatchObject({ status: 'closed', basis: 'holiday' });
    expect(byId['c-daily']).toMatchObject({ status: 'open', basis: 'holiday' });
    expect(byId['c-old']).toMatchObject({ status: 'unknown', basis: 'hours-not-compiled', nextChange: null });
    expect(byId['c-shut']).toMatchObject({
      status: 'temporarily-closed',
      basis: 'closure',
      nextChange: '2026-02-18T00:00:00+08:00',
    });
  });
});

describe('NearestIndex', () => {
  it('finds the same nearest point as comparing every pair', () => {
    // a pseudo-random but fixed cloud of 1,500 points over about 20 km x 20 km
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const point = () => ({ lat: LAT + (random() - 0.5) * 0.18, lon: LON + (random() - 0.5) * 0.21 });
    const points = Array.from({ length: 1_500 }, (_, i) => ({ id: `p-${i}`, location: point() }));
    const maxMeters = 2_500;
    const index = new NearestIndex(points, maxMeters);
    for (let q = 0; q < 300; q++) {
      const at = point();
      let best: { id: string; distanceMeters: number } | null = null;
      for (const p of points) {
        const d = distanceMeters(at, p.location);
        if (d <= maxMeters && (!best || d < best.distanceMeters)) best = { id: p.id, distanceMeters: d };
      }
      expect(index.nearest(at)).toEqual(best);
      // asked for anything within 1,000 m: some point that close if there is one, else the nearest
      const quick = index.nearest(at, 1_000);
      if (best && best.distanceMeters <= 1_000) expect(quick?.distanceMeters).toBeLessThanOrEqual(1_000);
      else expect(quick).toEqual(best);
    }
  });

  it('answers null when nothing is open', () => {
    expect(new NearestIndex([], 1000).nearest({ lat: LAT, lon: LON })).toBeNull();
  });
});

describe('historyGroups', () => {
  it('groups each street with its subtree and keeps centers above street level alone', () => {
    const snapshot = build(
      tree({ 'c-a': { lat: LAT, hours: 'open' }, 'c-b': { lat: LAT, hours: 'closed' } }),
    );
    const groups = historyGroups(snapshot, () => 'Asia/Shanghai');
    expect(groups.map((g) => [g.groupId, g.statuses])).toEqual([
      ['c-d', { 'c-d': 'open' }],
      ['c-s1', { 'c-s1': 'closed', 'c-a': 'open' }],
      ['c-s2', { 'c-s2': 'closed', 'c-b': 'closed' }],
    ]);
  });
});

describe('toGeoJson', () => {
  it('draws cells as closed [lon, lat] rings and centers as [lon, lat] points with their status', () => {
    const snapshot = build(
      tree({ 'c-a': { lat: LAT, lon: 121.45, hours: 'open' }, 'c-b': { lat: north(5000), hours: 'closed' } }),
    );
    const geo = toGeoJson(snapshot);
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.snapshot).toEqual(headerOf(snapshot));
    expect(geo.snapshot).not.toHaveProperty('centers');
    const cells = geo.features.filter((f) => f.properties.feature === 'cell');
    expect(cells).toHaveLength(snapshot.cells.length);
    for (const cell of cells) {
      if (cell.geometry?.type !== 'Polygon') throw new Error('a cell is a polygon');
      // the outline the builder stored, not one computed while answering
      expect(cell.geometry.coordinates[0]).toEqual(snapshot.cells.find((c) => c.cell === cell.id)?.boundary);
      const ring = cell.geometry.coordinates[0]!;
      expect(ring.length).toBe(7); // six corners and the first again
      expect(ring[0]).toEqual(ring[6]);
      for (const [lon, lat] of ring) {
        expect(lon).toBeGreaterThan(121);
        expect(lat).toBeGreaterThan(31);
        expect(lat).toBeLessThan(32);
      }
    }
    const a = geo.features.find((f) => f.id === 'c-a');
    expect(a?.geometry).toEqual({ type: 'Point', coordinates: [121.45, LAT] });
    expect(a?.properties).toMatchObject({
      feature: 'center',
      status: 'open',
      open: true,
      level: 'community',
      residential: true,
      covered: true,
    });
    expect(geo.features.find((f) => f.id === 'c-b')?.properties).toMatchObject({ covered: false });
  });

  it('leaves a cell of a snapshot stored without outlines unlocated (null geometry) instead of guessing one', () => {
    const snapshot = build(tree({ 'c-a': { lat: LAT, hours: 'open' } }));
    const old = { ...snapshot, cells: snapshot.cells.map(({ boundary: _b, ...cell }) => cell) };
    const cells = toGeoJson(old).features.filter((f) => f.properties.feature === 'cell');
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((f) => f.geometry === null)).toBe(true);
  });
});
