import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { NotAcceptableError } from '../domain/errors.ts';
import { toGeoJson } from '../domain/grid-geojson.ts';
import type { GridSnapshot } from '../domain/grid-schema.ts';
import type { StoredSnapshot } from '../store/grid.ts';
import type { HttpResult } from './http.ts';

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/**
 * A Lambda answer is at most 6 MB, JSON escaping included: larger bodies go out only gzip-encoded
 * (a 70,000-center snapshot is about 25 MB of JSON and 2 MB compressed).
 */
export const MAX_PLAIN_BODY_BYTES = 4 * 1024 * 1024;
/** Base64 of the gzip bytes must fit the same 6 MB with room for the rest of the answer. */
export const MAX_ENCODED_BODY_BYTES = 5_500_000;

/** True when `Accept-Encoding` admits gzip (`gzip` or `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function plain(text: string, contentType: string, id: string): HttpResult {
  if (Buffer.byteLength(text) > MAX_PLAIN_BODY_BYTES) {
    throw new NotAcceptableError(
      `grid snapshot ${id} is larger than ${MAX_PLAIN_BODY_BYTES} bytes uncompressed; send Accept-Encoding: gzip`,
    );
  }
  return {
    status: 200,
    headers: { 'content-type': contentType, vary: 'accept-encoding' },
    raw: { body: text },
  };
}

function gzipped(bytes: Buffer, contentType: string, id: string): HttpResult {
  const body = bytes.toString('base64');
  if (body.length > MAX_ENCODED_BODY_BYTES) {
    // about 100,000 centers as GeoJSON; far beyond a district stack
    throw new NotAcceptableError(
      `grid snapshot ${id} as ${contentType} is ${bytes.length} bytes even compressed, more than one answer can carry`,
    );
  }
  return {
    status: 200,
    headers: { 'content-type': contentType, 'content-encoding': 'gzip', vary: 'accept-encoding' },
    raw: { body, base64: true },
  };
}

/**
 * A stored snapshot as JSON (the stored gzip bytes go out untouched when the client takes gzip)
 * or as GeoJSON for maps.
 */
export async function snapshotResponse(
  stored: StoredSnapshot,
  format: 'json' | 'geojson',
  acceptEncoding: string | undefined,
): Promise<HttpResult> {
  const gzipOk = acceptsGzip(acceptEncoding);
  if (format === 'json') {
    if (gzipOk) return gzipped(stored.gzip, 'application/json', stored.header.id);
    return plain((await gunzip(stored.gzip)).toString('utf8'), 'application/json', stored.header.id);
  }
  const snapshot = JSON.parse((await gunzip(stored.gzip)).toString('utf8')) as GridSnapshot;
  const text = JSON.stringify(toGeoJson(snapshot));
  if (gzipOk) return gzipped(await gzip(text), 'application/geo+json', stored.header.id);
  return plain(text, 'application/geo+json', stored.header.id);
}
