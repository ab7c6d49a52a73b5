/**
 * From stored WGS-84 to the basemap's datum. The Chinese mapping services draw on GCJ-02, shifted
 * by a few hundred metres from WGS-84; gcoord does the (deliberately obfuscated) conversion.
 */
import * as gcoordModule from 'gcoord';
import type { Point } from './model.ts';

/** What the console uses of gcoord. */
interface Gcoord {
  transform(input: [number, number], from: string, to: string): [number, number];
  readonly WGS84: string;
  readonly GCJ02: string;
}
// gcoord is CommonJS with an ESM build, typed as a default export: the library is the namespace's
// `default` under esbuild and under Node, which the two module resolutions type differently
const gcoord = (gcoordModule as unknown as { default: Gcoord }).default;

export type Datum = 'wgs84' | 'gcj02';

/** `[lat, lon]` as Leaflet takes it, in the basemap's datum. */
export function toDatum(point: Point, datum: Datum): [number, number] {
  if (datum === 'wgs84') return [point.lat, point.lon];
  const [lon, lat] = gcoord.transform([point.lon, point.lat], gcoord.WGS84, gcoord.GCJ02);
  return [lat, lon];
}
