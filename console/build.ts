/**
 * Builds the console (console/src) into `.build/console/` with esbuild: one minified ES module, one
 * stylesheet (Leaflet's included, its images inlined), and index.html pointing at their
 * content-hashed names, so the assets can be cached for a year and index.html not at all.
 * `npm start`, the console's tests and the platform function's Lambda bundling run it; the output
 * is never committed.
 *
 *   tsx console/build.ts [outDir]
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, buildSync } from 'esbuild';

const CONSOLE_DIR = fileURLToPath(new URL('./', import.meta.url));
/** Where the built console lives, relative to the project root (git-ignored). */
export const CONSOLE_BUILD_DIR = '.build/console';
export const DEFAULT_CONSOLE_OUT = resolve(CONSOLE_DIR, '..', CONSOLE_BUILD_DIR);

export interface BuiltFile {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface ConsoleBuild {
  readonly dir: string;
  readonly files: readonly BuiltFile[];
  /** The script and stylesheet together: what a first visit downloads besides index.html. */
  readonly totalBytes: number;
  readonly totalGzipBytes: number;
}

export const CONSOLE_BUILD_OPTIONS: BuildOptions = {
  entryPoints: { app: join(CONSOLE_DIR, 'src/main.ts'), styles: join(CONSOLE_DIR, 'src/styles.css') },
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  // what a district's screens and staff phones run: evergreen Chromium, Safari 16 (iOS 16)
  target: ['es2022', 'chrome110', 'safari16', 'firefox115'],
  loader: { '.png': 'dataurl', '.svg': 'dataurl' },
  legalComments: 'none',
  logLevel: 'silent',
};

/** Writes atomically: parallel test files and synths may build the same console at once. */
const writeAtomic = (file: string, contents: Uint8Array | string): void => {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
};

export function buildConsoleSync(outDir: string = DEFAULT_CONSOLE_OUT): ConsoleBuild {
  const result = buildSync({ ...CONSOLE_BUILD_OPTIONS, outdir: outDir, write: false });
  mkdirSync(outDir, { recursive: true });
  const files: BuiltFile[] = [];
  let script = '';
  let style = '';
  for (const output of result.outputFiles) {
    const name = basename(output.path);
    writeAtomic(join(outDir, name), output.contents);
    files.push({ name, bytes: output.contents.byteLength, gzipBytes: gzipSync(output.contents).byteLength });
    if (name.endsWith('.js')) script = name;
    if (name.endsWith('.css')) style = name;
  }
  const html = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8')
    .replace('{{script}}', script)
    .replace('{{style}}', style);
  writeAtomic(join(outDir, 'index.html'), html);
  files.push({ name: 'index.html', bytes: Buffer.byteLength(html), gzipBytes: gzipSync(html).byteLength });
  // the outputs of earlier builds; a concurrent build of the same sources writes the same names
  const keep = new Set(files.map((f) => f.name));
  for (const entry of readdirSync(outDir)) {
    if (!keep.has(entry) && !entry.endsWith('.tmp')) rmSync(join(outDir, entry), { force: true });
  }
  const assets = files.filter((f) => f.name !== 'index.html');
  return {
    dir: outDir,
    files,
    totalBytes: assets.reduce((sum, f) => sum + f.bytes, 0),
    totalGzipBytes: assets.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = buildConsoleSync(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
  for (const file of built.files) console.log(`${file.name}\t${file.bytes} B\t${file.gzipBytes} B gzip`);
}
