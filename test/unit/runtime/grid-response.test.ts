import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NotAcceptableError } from '../../../shared/domain/errors.ts';
import type { GridSnapshot } from '../../../shared/domain/grid-schema.ts';
import {
  acceptsGzip,
  MAX_PLAIN_BODY_BYTES,
  snapshotResponse,
} from '../../../shared/runtime/grid-response.ts';

const snapshot = (names: string[] = ['a']): GridSnapshot => ({
  id: 'grid-20260304t0200z',
  kind: 'scheduled',
  tick: '2026-03-04T02:00:00.000Z',
  at: '2026-03-04T02:00:00.000Z',
  builtAt: '2026-03-04T02:00:03.000Z',
  district: '310113',
  cellResolution: 8,
  counts: { total: 0, open: 0, byStatus: {} as GridSnapshot['counts']['byStatus'] },
  circle: { walkMeters: 1000, residential: 0, covered: 0, uncovered: 0, gaps: [] },
  centers: names.map((name, i) => ({
    id: `c-${i}`,
    name,
    level: 'street',
    parentId: null,
    streetId: `c-${i}`,
    location: { lat: 31.4, lon: 121.4 },
    status: 'open',
    nextChange: null,
    basis: 'hours',
    residential: false,
    load: { openServiceOrders: 0, bookedNow: null, capacityNow: null },
  })),
  cells: [{ cell: '8831aa5a1dfffff', open: 1, total: 1 }],
  streets: [],
});
const stored = (s: GridSnapshot) => ({
  header: { ...s, circle: s.circle } as unknown as GridSnapshot,
  gzip: gzipSync(JSON.stringify(s)),
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding with its q-values', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('snapshotResponse', () => {
  it('sends the stored gzip bytes untouched to a client that takes gzip', async () => {
    const s = stored(snapshot());
    const result = await snapshotResponse(s, 'json', 'gzip');
    expect(result.headers).toMatchObject({ 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(result.raw?.base64).toBe(true);
    expect(Buffer.from(result.raw?.body ?? '', 'base64')).toEqual(s.gzip);
  });

  it('decompresses for a client that does not, and GeoJSON comes out as geo+json', async () => {
    const plain = await snapshotResponse(stored(snapshot()), 'json', undefined);
    expect(JSON.parse(plain.raw?.body ?? '')).toEqual(snapshot());
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    const geo = await snapshotResponse(stored(snapshot()), 'geojson', 'gzip');
    expect(geo.headers?.['content-type']).toBe('application/geo+json');
    const body = JSON.parse(gunzipSync(Buffer.from(geo.raw?.body ?? '', 'base64')).toString('utf8'));
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(2);
  });

  it('refuses with 406 a body too large for a Lambda answer unless it may be gzip-encoded', async () => {
    const names = Array.from({ length: 80_000 }, () => randomBytes(32).toString('hex'));
    const big = stored(snapshot(names));
    expect(JSON.stringify(snapshot(names)).length).toBeGreaterThan(MAX_PLAIN_BODY_BYTES);
    await expect(snapshotResponse(big, 'json', 'identity')).rejects.toBeInstanceOf(NotAcceptableError);
    await expect(snapshotResponse(big, 'json', 'identity')).rejects.toMatchObject({ status: 406 });
    const zipped = await snapshotResponse(big, 'json', 'gzip');
    expect(zipped.status).toBe(200);
  });
});
