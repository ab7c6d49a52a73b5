/**
 * Turns the CDK bundling options of the stack (infra/constructs/bundling.ts) into esbuild's JS API
 * options, flag for flag as aws-cdk-lib's NodejsFunction turns them into esbuild CLI arguments
 * (aws-lambda-nodejs/lib/bundling.js, `buildEsbuildArgs`). An option this file does not know
 * throws, so a change to the stack's bundling cannot silently leave the benchmark behind.
 */
import { join } from 'node:path';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions, Format } from 'esbuild';

/** Options that change the bundle and that this translation implements. */
const TRANSLATED = new Set([
  'format',
  'minify',
  'sourceMap',
  'sourceMapMode',
  'sourcesContent',
  'target',
  'mainFields',
  'banner',
  'footer',
  'externalModules',
  'define',
  'loader',
  'keepNames',
  'inject',
]);
/** Options that do not change the bundled code. */
const IGNORED = new Set(['logLevel', 'metafile', 'forceDockerBundling', 'esbuildVersion']);

export interface BundleTarget {
  /** Absolute path of the entry file. */
  readonly entry: string;
  /** Directory that receives index.mjs / index.js (as the CDK asset does). */
  readonly outDir: string;
  /** The project root: esbuild runs there, as CDK's local bundling does. */
  readonly projectRoot: string;
}

/** The output file name CDK uses for a format. */
export const outputFileOf = (bundling: BundlingOptions): string =>
  bundling.format === 'esm' ? 'index.mjs' : 'index.js';

export const esbuildOptionsOf = (bundling: BundlingOptions, target: BundleTarget): BuildOptions => {
  for (const [key, value] of Object.entries(bundling)) {
    if (value === undefined || TRANSLATED.has(key) || IGNORED.has(key)) continue;
    throw new Error(
      `bench/esbuild-options.ts does not translate the bundling option "${key}" yet: add it, as CDK's buildEsbuildArgs does`,
    );
  }
  if (bundling.target === undefined) {
    throw new Error('The bundling options must set `target` (CDK would derive it from the runtime)');
  }
  // CDK's default when externalModules is not set: the runtime's own SDK v3 stays external.
  const external = bundling.externalModules ?? ['@aws-sdk/*'];
  const sourceMap = bundling.sourceMapMode ?? bundling.sourceMap;
  const sourceMapMode = bundling.sourceMapMode ?? 'default';
  return {
    absWorkingDir: target.projectRoot,
    entryPoints: [target.entry],
    bundle: true,
    platform: 'node',
    target: bundling.target,
    ...(bundling.format === undefined ? {} : { format: bundling.format as Format }),
    outfile: join(target.outDir, outputFileOf(bundling)),
    minify: bundling.minify === true,
    // `--sourcemap` without a value is a linked map (file + sourceMappingURL comment).
    ...(sourceMap ? { sourcemap: sourceMapMode === 'default' ? 'linked' : sourceMapMode } : {}),
    ...((bundling.sourcesContent ?? true) ? {} : { sourcesContent: false }),
    external: [...external],
    ...(bundling.loader === undefined ? {} : { loader: bundling.loader as BuildOptions['loader'] }),
    ...(bundling.define === undefined ? {} : { define: bundling.define }),
    ...(bundling.keepNames ? { keepNames: true } : {}),
    ...(bundling.banner === undefined ? {} : { banner: { js: bundling.banner } }),
    ...(bundling.footer === undefined ? {} : { footer: { js: bundling.footer } }),
    ...(bundling.mainFields === undefined ? {} : { mainFields: [...bundling.mainFields] }),
    ...(bundling.inject === undefined ? {} : { inject: [...bundling.inject] }),
    metafile: true,
    logLevel: 'warning',
  };
};
