import { describe, expect, it } from 'vitest';
import { toGeoJson } from '../../../shared/domain/grid-geojson.ts';
import type { GridSnapshot } from '../../../shared/domain/grid-schema.ts';

/**
 * `GET /grid/{id}?format=geojson` (docs/grid.md) is a FeatureCollection a map library reads as
 * it is: every cell and center a `Feature`, a center's kind only when it has one.
 */

const center = (id: string, kind?: string) => ({
  id,
  name: id,
  level: 'community',
  ...(kind ? { kind } : {}),
  parentId: 'c-s',
  streetId: 'c-s',
  location: { lat: 31.4, lon: 121.4 },
  status: 'open',
  nextChange: null,
  basis: 'hours',
  residential: true,
  load: { openServiceOrders: 0, bookedNow: null, capacityNow: null },
});

const snapshot = {
  id: 'grid-20260304t0200z',
  cells: [
    {
      cell: '8831aa5a1dfffff',
      open: 1,
      total: 2,
      boundary: [
        [121.4, 31.4],
        [121.41, 31.4],
        [121.4, 31.4],
      ],
    },
  ],
  centers: [center('c-a', 'village'), center('c-b')],
  circle: { walkMeters: 1000, residential: 2, covered: 2, uncovered: 0, gaps: [] },
} as unknown as GridSnapshot;

describe('the grid as GeoJSON', () => {
  it('makes every cell and every center a Feature of the collection', () => {
    const collection = toGeoJson(snapshot);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f) => [f.type, f.id])).toEqual([
      ['Feature', '8831aa5a1dfffff'],
      ['Feature', 'c-a'],
      ['Feature', 'c-b'],
    ]);
  });

  it('gives a center’s kind only when it has one', () => {
    const [, withKind, withoutKind] = toGeoJson(snapshot).features;
    expect(withKind?.properties).toMatchObject({ feature: 'center', kind: 'village' });
    expect(withoutKind?.properties).not.toHaveProperty('kind');
  });
});
