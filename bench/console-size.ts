/**
 * Measure 8: what a first visit of the console downloads, built as `npm start` and the platform
 * function's bundling build it (console/build.ts: minified, Leaflet included). The HTTP API does
 * not compress; the platform function sends the gzip form to browsers that accept it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuiltFile, buildConsoleSync } from '../console/build.ts';

export interface ConsoleBundleSection {
  readonly method: string;
  readonly files: readonly BuiltFile[];
  /** Script and stylesheet, as built. */
  readonly totalBytes: number;
  /** Script and stylesheet, gzipped: what the browser downloads. */
  readonly totalGzipBytes: number;
}

export function measureConsoleBundle(): ConsoleBundleSection {
  const dir = mkdtempSync(join(tmpdir(), 'pmsc-console-'));
  try {
    const built = buildConsoleSync(dir);
    return {
      method:
        'bench/console-size.ts: console/build.ts into a temporary folder (esbuild, minified, ES2022; Leaflet and its stylesheet bundled, its images inlined); gzip level 6 as the platform function serves it.',
      files: built.files,
      totalBytes: built.totalBytes,
      totalGzipBytes: built.totalGzipBytes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

export function renderConsoleBundleMarkdown(section: ConsoleBundleSection): string {
  return [
    section.method,
    '',
    '| file | KiB | KiB gzipped |',
    '|---|---:|---:|',
    ...section.files.map(
      (f) =>
        `| \`${f.name.replace(/-[A-Z0-9]{8}\./, '-<hash>.')}\` | ${kib(f.bytes)} | ${kib(f.gzipBytes)} |`,
    ),
    `| script + stylesheet | ${kib(section.totalBytes)} | ${kib(section.totalGzipBytes)} |`,
  ].join('\n');
}
