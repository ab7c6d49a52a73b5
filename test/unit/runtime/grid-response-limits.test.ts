import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { GridSnapshot } from '../../../shared/domain/grid-schema.ts';
import {
  acceptsGzip,
  MAX_ENCODED_BODY_BYTES,
  MAX_PLAIN_BODY_BYTES,
  snapshotResponse,
} from '../../../shared/runtime/grid-response.ts';
import type { StoredSnapshot } from '../../../shared/store/grid.ts';

/**
 * The edges of a grid answer (docs/grid.md): what Accept-Encoding admits gzip, and the largest
 * body that goes out plain (4 MiB) or encoded (5,500,000 base64 characters), to the byte.
 */

const header = { id: 'grid-20260304t0200z' } as unknown as GridSnapshot;
/** A stored snapshot whose stored bytes are `gzip` (the JSON route sends them as they are). */
const storedBytes = (gzip: Buffer) => ({ header, gzip }) as unknown as StoredSnapshot;

describe('Accept-Encoding', () => {
  it('admits gzip whatever its case and spacing, and through a wildcard', () => {
    for (const header of [
      'GZIP',
      ' gzip ',
      'br, Gzip;q=0.5',
      'deflate, * ; q=0.2',
      'gzip ; q=1',
      'br,gzip',
    ]) {
      expect(acceptsGzip(header), header).toBe(true);
    }
  });

  it('does not admit it with a q of 0, spaced or not, nor another coding alone', () => {
    for (const header of [
      'gzip;q=0',
      'gzip; q=0',
      'gzip ;q=0.0',
      '*;q=0',
      'br',
      'identity',
      'gzipx',
      'x-gzip',
      '',
    ]) {
      expect(acceptsGzip(header), header).toBe(false);
    }
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('the largest answers', () => {
  it('sends exactly 4 MiB uncompressed, and refuses one byte more with a 406 that says to ask for gzip', async () => {
    const at = await snapshotResponse(
      storedBytes(gzipSync('a'.repeat(MAX_PLAIN_BODY_BYTES))),
      'json',
      undefined,
    );
    expect(at).toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/json', vary: 'accept-encoding' },
    });
    const over = snapshotResponse(
      storedBytes(gzipSync('a'.repeat(MAX_PLAIN_BODY_BYTES + 1))),
      'json',
      undefined,
    );
    await expect(over).rejects.toMatchObject({
      status: 406,
      message: expect.stringMatching(
        /grid-20260304t0200z is larger than 4194304 bytes uncompressed; send Accept-Encoding: gzip/,
      ),
    });
  });

  it('sends gzip bytes up to 5,500,000 base64 characters, and refuses more even compressed', async () => {
    // 4,125,000 bytes are exactly 5,500,000 base64 characters
    const at = await snapshotResponse(
      storedBytes(randomBytes((MAX_ENCODED_BODY_BYTES / 4) * 3)),
      'json',
      'gzip',
    );
    expect(at).toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'accept-encoding' },
    });
    const over = snapshotResponse(
      storedBytes(randomBytes((MAX_ENCODED_BODY_BYTES / 4) * 3 + 1)),
      'json',
      'gzip',
    );
    await expect(over).rejects.toMatchObject({
      status: 406,
      message: expect.stringMatching(/as application\/json is 4125001 bytes even compressed/),
    });
  });
});
