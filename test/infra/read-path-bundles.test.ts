import { globSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptionsOf } from '../../bench/esbuild-options.ts';
import { LAMBDA_BUNDLING } from '../../infra/constructs/bundling.ts';

/**
 * The read routes stay free of the two heavy libraries: `opening_hours` (about 760 KiB, needed
 * only to check and compile hours on writes) and `h3-js` (needed only to build the grid). Each
 * entry is bundled exactly as the stack bundles it, and esbuild's metafile says what is inside.
 */

const ROOT = resolve(import.meta.dirname, '../..');

const READ_ROUTES = [
  ...[
    'get-center',
    'list-centers',
    'get-center-status',
    'list-children',
    'list-subtree',
    'list-rooms',
    'list-windows',
    'list-closures',
  ].map((name) => `functions/centers/${name}.ts`),
  ...globSync('functions/grid/get-*.ts', { cwd: ROOT }),
  ...globSync('functions/service-orders/{get,list}-*.ts', { cwd: ROOT }),
  ...globSync('functions/services/{get,list}-service*.ts', { cwd: ROOT }),
  'functions/calendars/get-calendar.ts',
  'functions/imports/get-center-import.ts',
  ...globSync('functions/platform/get-*.ts', { cwd: ROOT }),
].sort();

const HEAVY = ['opening_hours', 'h3-js'] as const;

const WRITE_CHECKS = ['functions/centers/create-center.ts', 'functions/grid/build-grid.ts'];

interface Bundle {
  readonly packages: ReadonlySet<string>;
  readonly bytes: number;
}

/**
 * Every entry bundled as the stack bundles it, in one esbuild run (shared parsing keeps it to a
 * few seconds), with the npm packages each bundle holds, from the metafile.
 */
async function bundleAll(entries: readonly string[]): Promise<Map<string, Bundle>> {
  const { outfile: _single, ...options } = esbuildOptionsOf(LAMBDA_BUNDLING, {
    entry: join(ROOT, entries[0] as string),
    outDir: join(tmpdir(), 'read-path-bundles'),
    projectRoot: ROOT,
  });
  const result = await build({
    ...options,
    entryPoints: entries.map((entry) => join(ROOT, entry)),
    outdir: join(tmpdir(), 'read-path-bundles'),
    outbase: ROOT,
    write: false,
    sourcemap: false,
  });
  const bundles = new Map<string, Bundle>();
  for (const output of Object.values(result.metafile?.outputs ?? {})) {
    if (!output.entryPoint) continue;
    const packages = new Set<string>();
    for (const input of Object.keys(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match?.[1]) packages.add(match[1]);
    }
    bundles.set(output.entryPoint, { packages, bytes: output.bytes });
  }
  return bundles;
}

let bundled: Promise<Map<string, Bundle>> | undefined;
async function bundleOf(entry: string): Promise<Bundle> {
  bundled ??= bundleAll([...READ_ROUTES, ...WRITE_CHECKS]);
  const bundle = (await bundled).get(entry);
  if (!bundle) throw new Error(`${entry} was not bundled`);
  return bundle;
}

describe('read route bundles', () => {
  it('covers every read route named in the contract', () => {
    expect(READ_ROUTES).toHaveLength(23);
    expect(READ_ROUTES).toEqual(
      expect.arrayContaining([
        'functions/grid/get-grid.ts',
        'functions/grid/get-grid-snapshot.ts',
        'functions/grid/get-grid-history.ts',
        'functions/platform/get-openapi.ts',
        'functions/platform/get-console-asset.ts',
        'functions/service-orders/list-center-service-orders.ts',
      ]),
    );
  });

  it('leave out opening_hours and h3-js', async () => {
    const bundles = await Promise.all(
      READ_ROUTES.map(async (entry) => ({ entry, ...(await bundleOf(entry)) })),
    );
    const offending = bundles.flatMap(({ entry, packages }) =>
      HEAVY.filter((name) => packages.has(name)).map((name) => `${entry} bundles ${name}`),
    );
    expect(offending).toEqual([]);
  });

  it('catch the libraries where writes and the grid builder need them', async () => {
    const create = await bundleOf('functions/centers/create-center.ts');
    const buildGrid = await bundleOf('functions/grid/build-grid.ts');
    expect(create.packages.has('opening_hours')).toBe(true);
    expect(buildGrid.packages.has('h3-js')).toBe(true);
    expect(buildGrid.packages.has('opening_hours')).toBe(false);
  });
});
