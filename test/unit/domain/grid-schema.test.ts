import { describe, expect, it } from 'vitest';
import type { StoredCenter } from '../../../shared/domain/center.ts';
import {
  buildSnapshot,
  type Evaluates,
  fifteenMinuteCircle,
  NEAREST_SEARCH_METERS,
} from '../../../shared/domain/grid.ts';
import { toGeoJson } from '../../../shared/domain/grid-geojson.ts';
import {
  GeoJsonSchema,
  GridCenterSchema,
  GridQuery,
  GridSnapshotSchema,
  headerOf,
  RebuildQuery,
  SnapshotHeaderSchema,
  SnapshotId,
  SnapshotParams,
  snapshotIdOf,
  TICK_MS,
  tickOf,
} from '../../../shared/domain/grid-schema.ts';

/**
 * The grid's contract (docs/grid.md): what a snapshot holds and how its parts are counted, as a
 * reader relies on it: a snapshot fits its own schema, open counts include closing-soon, cells come
 * in a stable order, and the nearest open center of a gap is looked for within 5 km only.
 */

const LAT = 31.4;
const LON = 121.4;
const north = (meters: number) => LAT + meters / 111_195;

function center(id: string, over: Partial<StoredCenter>): StoredCenter {
  return {
    id,
    parentId: null,
    name: id,
    address: 'addr',
    location: { lat: LAT, lon: LON },
    serviceRadiusMeters: 1000,
    timeZone: 'Asia/Shanghai',
    openingHours: 'closed',
    contact: {},
    status: 'active',
    level: 'district',
    path: `/${id}/`,
    depth: 0,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  } as StoredCenter;
}

/** The hours string is the status: `open`, `closing-soon`, `closed`... */
const byHours: Evaluates = {
  evaluate: (hours) => ({
    status: hours.openingHours as never,
    nextChange: hours.openingHours === 'closing-soon' ? '2026-03-04T10:20:00+08:00' : null,
    reason: { basis: 'hours', localDate: '2026-03-04' },
  }),
};

const AT = Date.parse('2026-03-04T10:02:30+08:00');
const district = center('c-d', {});
const street = center('c-s', { level: 'street', parentId: 'c-d', path: '/c-d/c-s/', depth: 1 });
const community = (id: string, hours: string, lat: number) =>
  center(id, {
    level: 'community',
    kind: 'community',
    parentId: 'c-s',
    path: `/c-d/c-s/${id}/`,
    depth: 2,
    openingHours: hours,
    location: { lat, lon: LON },
  });

const build = (centers: StoredCenter[]) =>
  buildSnapshot({
    centers,
    closuresOf: () => [],
    evaluator: byHours,
    at: AT,
    kind: 'scheduled',
    district: '310113',
    builtAt: AT + 1_000,
  });

describe('a built snapshot', () => {
  const snapshot = build([
    district,
    street,
    community('c-a', 'closing-soon', LAT),
    community('c-b', 'open', north(30_000)),
    community('c-c', 'closed', north(-30_000)),
    community('c-far', 'closed', north(60_000)),
  ]);

  it('fits its own schema, nulls included (no parent, no street, no nearest open, no bookings)', () => {
    expect(GridSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.centers.find((c) => c.id === 'c-d')).toMatchObject({ parentId: null, streetId: null });
    expect(snapshot.circle.gaps.find((g) => g.id === 'c-far')?.nearestOpen).toBeNull();
  });

  it('counts a closing-soon center as open, in the totals, its cell and its street', () => {
    expect(snapshot.counts.open).toBe(2);
    expect(snapshot.counts.byStatus['closing-soon']).toBe(1);
    expect(snapshot.counts.byStatus.open).toBe(1);
    expect(snapshot.streets).toEqual([{ id: 'c-s', name: 'c-s', open: 2, total: 5 }]);
    const cellOfA = snapshot.cells.find((c) => c.total === 3);
    expect(cellOfA).toMatchObject({ open: 1, total: 3 });
  });

  it('lists cells in the order of their H3 index, each with its closed outline', () => {
    const ids = snapshot.cells.map((c) => c.cell);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const cell of snapshot.cells) {
      expect(cell.boundary?.length).toBeGreaterThanOrEqual(7);
      expect(cell.boundary?.[0]).toEqual(cell.boundary?.at(-1));
    }
  });

  it('fits the GeoJSON schema of the document as a map reads it: points and polygons', () => {
    const collection = toGeoJson(snapshot);
    expect(GeoJsonSchema.parse(collection)).toEqual(collection);
    expect(new Set(collection.features.map((f) => f.geometry?.type))).toEqual(new Set(['Point', 'Polygon']));
  });

  it('keeps the header when its lists are taken off: counts and the circle figures', () => {
    const header = headerOf(snapshot);
    expect(SnapshotHeaderSchema.parse(header)).toEqual(header);
    expect(header).not.toHaveProperty('centers');
    expect(header).not.toHaveProperty('cells');
    expect(header).not.toHaveProperty('streets');
    expect(header.circle).not.toHaveProperty('gaps');
    expect(header.circle).toEqual({
      walkMeters: snapshot.circle.walkMeters,
      residential: snapshot.circle.residential,
      covered: snapshot.circle.covered,
      uncovered: snapshot.circle.uncovered,
    });
    expect(header.counts).toEqual(snapshot.counts);
  });

  it('refuses a center of the wrong shape: fractional counts, an unknown status', () => {
    const one = snapshot.centers[0]!;
    expect(GridCenterSchema.safeParse({ ...one, status: 'half-open' }).success).toBe(false);
    expect(
      GridCenterSchema.safeParse({
        ...one,
        load: { openServiceOrders: 1.5, bookedNow: null, capacityNow: null },
      }).success,
    ).toBe(false);
    expect(
      GridCenterSchema.safeParse({ ...one, load: { openServiceOrders: 0, bookedNow: 2, capacityNow: 10 } })
        .success,
    ).toBe(true);
  });
});

describe('the nearest open center of a gap', () => {
  it('is looked for within 5 km and no farther', () => {
    expect(NEAREST_SEARCH_METERS).toBe(5_000);
    const gridCenter = (id: string, status: 'open' | 'closed', meters: number) => ({
      id,
      name: id,
      level: 'community' as const,
      kind: 'community' as const,
      parentId: 'c-s',
      streetId: 'c-s',
      location: { lat: north(meters), lon: LON },
      status,
      nextChange: null,
      basis: 'hours' as const,
      residential: status === 'closed',
      load: { openServiceOrders: 0, bookedNow: null, capacityNow: null },
    });
    const inReach = fifteenMinuteCircle([
      gridCenter('c-home', 'closed', 0),
      gridCenter('c-open', 'open', 4_900),
    ]);
    expect(inReach.gaps[0]?.nearestOpen).toEqual({ id: 'c-open', distanceMeters: expect.any(Number) });
    expect(Math.abs((inReach.gaps[0]?.nearestOpen?.distanceMeters ?? 0) - 4_900)).toBeLessThan(10);
    const outOfReach = fifteenMinuteCircle([
      gridCenter('c-home', 'closed', 0),
      gridCenter('c-open', 'open', 5_100),
    ]);
    expect(outOfReach.gaps[0]?.nearestOpen).toBeNull();
    expect(outOfReach).toMatchObject({ residential: 1, covered: 0, uncovered: 1 });
  });
});

describe('snapshot ids and the grid queries', () => {
  it('cuts time into 5-minute ticks from the epoch', () => {
    expect(TICK_MS).toBe(300_000);
    expect(tickOf(Date.parse('2026-03-04T02:04:59.999Z'))).toBe(Date.parse('2026-03-04T02:00:00Z'));
    expect(tickOf(Date.parse('2026-03-04T02:05:00Z'))).toBe(Date.parse('2026-03-04T02:05:00Z'));
  });

  it('names scheduled snapshots by their tick and what-if builds by their second, both valid ids', () => {
    const scheduled = snapshotIdOf('scheduled', Date.parse('2026-12-31T23:59:59Z'));
    expect(scheduled).toBe('grid-20261231t2355z');
    expect(SnapshotId.parse(scheduled)).toBe(scheduled);
    expect(SnapshotParams.parse({ id: 'what-if-20261231t235959z' })).toEqual({
      id: 'what-if-20261231t235959z',
    });
    for (const bad of [
      'grid-20261231t235z',
      'what-if-20261231t2359z',
      'GRID-20261231T2355Z',
      'x-grid-20261231t2355z',
      'grid-20261231t2355z-x',
    ]) {
      expect(SnapshotId.safeParse(bad).success, bad).toBe(false);
    }
    expect(SnapshotParams.safeParse({ id: scheduled, extra: '1' }).success).toBe(false);
    expect(SnapshotId.safeParse('latest').error?.issues.map((i) => i.message)).toEqual([
      'must be a grid snapshot id',
    ]);
  });

  it('answers JSON unless GeoJSON is asked for, and nothing else', () => {
    expect(GridQuery.parse({})).toEqual({ format: 'json' });
    expect(GridQuery.parse({ format: 'geojson' })).toEqual({ format: 'geojson' });
    expect(GridQuery.parse({ format: 'json' })).toEqual({ format: 'json' });
    expect(GridQuery.safeParse({ format: 'xml' }).success).toBe(false);
    expect(GridQuery.safeParse({ format: 'json', page: '2' }).success).toBe(false);
  });

  it('rebuilds for now or for an instant with its offset', () => {
    expect(RebuildQuery.parse({})).toEqual({});
    expect(RebuildQuery.parse({ at: '2026-02-17T10:00:00+08:00' }).at).toBeDefined();
    expect(RebuildQuery.safeParse({ at: 'yesterday' }).success).toBe(false);
    expect(RebuildQuery.safeParse({ when: '2026-02-17T10:00:00+08:00' }).success).toBe(false);
  });
});
