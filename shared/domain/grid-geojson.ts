import { type GridSnapshot, headerOf, isOpenStatus, type SnapshotHeader } from './grid-schema.ts';

/**
 * A snapshot as an RFC 7946 FeatureCollection for map front ends: the H3 cells as polygons first
 * (drawn beneath), then the centers as points. Coordinates are [lon, lat]. The snapshot header
 * rides along as the foreign member `snapshot`. Cell outlines come from the snapshot (the builder
 * stores them), so that this module, and the grid readers, need no h3-js; a cell of a snapshot
 * built before outlines were stored has a null geometry (an unlocated feature, RFC 7946 3.2).
 */

export interface Feature {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry:
    | { readonly type: 'Point'; readonly coordinates: [number, number] }
    | { readonly type: 'Polygon'; readonly coordinates: [number, number][][] }
    | null;
  readonly properties: Record<string, unknown>;
}

export interface GridFeatureCollection {
  readonly type: 'FeatureCollection';
  readonly snapshot: SnapshotHeader;
  readonly features: Feature[];
}

export function toGeoJson(snapshot: GridSnapshot): GridFeatureCollection {
  const gaps = new Set(snapshot.circle.gaps.map((g) => g.id));
  const cells: Feature[] = snapshot.cells.map((cell) => ({
    type: 'Feature',
    id: cell.cell,
    // GeoJSON order ([lon, lat]) and a closed ring, as the builder stored it
    geometry: cell.boundary ? { type: 'Polygon', coordinates: [cell.boundary] } : null,
    properties: { feature: 'cell', cell: cell.cell, open: cell.open, total: cell.total },
  }));
  const centers: Feature[] = snapshot.centers.map((center) => ({
    type: 'Feature',
    id: center.id,
    geometry: { type: 'Point', coordinates: [center.location.lon, center.location.lat] },
    properties: {
      feature: 'center',
      id: center.id,
      name: center.name,
      level: center.level,
      ...(center.kind ? { kind: center.kind } : {}),
      streetId: center.streetId,
      status: center.status,
      open: isOpenStatus(center.status),
      nextChange: center.nextChange,
      basis: center.basis,
      residential: center.residential,
      ...(center.residential ? { covered: !gaps.has(center.id) } : {}),
      load: center.load,
    },
  }));
  return { type: 'FeatureCollection', snapshot: headerOf(snapshot), features: [...cells, ...centers] };
}
