/**
 * The built console's files, read once per container and kept with their gzip form: the HTTP API
 * does not compress, and the script is about a third of its size gzipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NotFoundError } from '../domain/errors.ts';
import { consoleAssetsDir } from './env.ts';
import type { HttpResult } from './http.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** Flat names only (the build writes no folders): no way up and out of the console's folder. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.([a-z0-9]+)$/;
/** `app-HX5DSGW6.js`: content-hashed, so a browser may keep it for good. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly cacheControl: string;
}

const cache = new Map<string, Asset>();

function load(name: string): Asset | null {
  const cached = cache.get(name);
  if (cached) return cached;
  const extension = ASSET_NAME.exec(name)?.[1];
  const type = extension === undefined ? undefined : CONTENT_TYPES[extension];
  let asset: Asset | null = null;
  if (type !== undefined) {
    try {
      const body = readFileSync(join(consoleAssetsDir(), name));
      asset = {
        type,
        body,
        gzip: gzipSync(body),
        cacheControl: HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  // only files found are kept: a miss may be a build not yet run, and caching misses would let
  // requests for made-up names grow the cache without bound
  if (asset !== null) cache.set(name, asset);
  return asset;
}

/** The answer for console file `name`, gzipped when the client accepts it. */
export function consoleAsset(name: string, acceptEncoding: string | undefined): HttpResult {
  const asset = load(name);
  if (asset === null) {
    throw new NotFoundError(
      name === 'index.html'
        ? 'the console is not built (npm start builds it; or run npx tsx console/build.ts)'
        : `the console has no file ${name}`,
    );
  }
  const gzip = /\bgzip\b/.test(acceptEncoding ?? '');
  return {
    status: 200,
    headers: {
      'content-type': asset.type,
      'cache-control': asset.cacheControl,
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
      // the page is where the sign-in's code arrives: it must not leak in a Referer or a frame
      ...(asset.type.startsWith('text/html')
        ? { 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' }
        : {}),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    raw: gzip
      ? { body: asset.gzip.toString('base64'), base64: true }
      : { body: asset.body.toString('base64'), base64: true },
  };
}
