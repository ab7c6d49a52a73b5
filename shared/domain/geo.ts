import geohash from 'ngeohash';

/**
 * Geography for the "near me" index: geohash cells and great-circle distances. (The grid's H3
 * cells live with the grid builder; h3-js is too heavy to load in every function.)
 */

/** Geohash precision of the index: cells of about 4.9 km x 4.9 km (4.2 km wide at Shanghai's latitude). */
export const INDEX_PRECISION = 5;
/** The nine index cells around a point reach at least this far in every direction at latitudes up to 45°. */
export const MAX_NEAR_RADIUS_METERS = 3_000;

/** A 15-minute walk, as straight-line distance: about 1.2 km on streets (80 m/min) is ~1 km as the crow flies. */
export const FIFTEEN_MINUTE_WALK_METERS = 1_000;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

export function geoCell(point: LatLon): string {
  return geohash.encode(point.lat, point.lon, INDEX_PRECISION);
}

/** The index cells covering every point within MAX_NEAR_RADIUS_METERS of `point`. */
export function cellsAround(point: LatLon): string[] {
  const cell = geoCell(point);
  return [cell, ...geohash.neighbors(cell)];
}

const EARTH_RADIUS_METERS = 6_371_008.8;

export function distanceMeters(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
