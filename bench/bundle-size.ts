/**
 * Measure 1: every function of the manifest bundled with esbuild exactly as the stack bundles it
 * (the very options object of infra/constructs/bundling.ts), and once more the naive way.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_BUNDLING } from '../infra/constructs/bundling.ts';
import type { FunctionSpec } from '../infra/manifest.ts';
import { analyzeComposition, type Composition } from './bundle-composition.ts';
import { esbuildOptionsOf, outputFileOf } from './esbuild-options.ts';

export type BundleVariantId = 'deployed' | 'naive';

export interface BundleVariant {
  readonly id: BundleVariantId;
  readonly description: string;
  readonly bundling: BundlingOptions;
}

export const BUNDLE_VARIANTS: readonly BundleVariant[] = [
  {
    id: 'deployed',
    description:
      'LAMBDA_BUNDLING from infra/constructs/bundling.ts, the object the CDK construct passes to NodejsFunction (ESM, minified, mainFields module,main, node24, banner, linked source map, AWS SDK v3 left to the Lambda runtime)',
    bundling: LAMBDA_BUNDLING,
  },
  {
    id: 'naive',
    description:
      "NodejsFunction's own defaults (format cjs, no minify, no source map, esbuild's default main fields for platform node, i.e. the CommonJS `main` builds first), still node24, the AWS SDK left to the runtime as in the deployed variant so that both contain the same code",
    bundling: { target: LAMBDA_BUNDLING.target },
  },
];

/** Raw target of a function using DynamoDB, SQS, Logger, Metrics and middy. */
export const BUNDLE_TARGET_BYTES = 250 * 1024;
/** The functions the target names (DynamoDB + SQS + Logger + Metrics + middy). */
export const BUNDLE_TARGET_FUNCTIONS = ['start-center-import', 'process-center-import'] as const;

/** The smallest HTTP handler: what every HTTP function pays for the shared factory and domain. */
export const BUNDLE_FLOOR_FUNCTION = 'get-health';

/** Functions analysed in full: the three largest, the ones the target names, and the smallest HTTP one. */
export const detailedFunctions = (functions: readonly BundledFunction[]): string[] => {
  const ids = new Set(functions.map((fn) => fn.id));
  const largest = [...functions]
    .sort((a, b) => b.bundles.deployed.rawBytes - a.bundles.deployed.rawBytes)
    .slice(0, 3)
    .map((fn) => fn.id);
  return [...new Set([...largest, ...BUNDLE_TARGET_FUNCTIONS, BUNDLE_FLOOR_FUNCTION])].filter((id) =>
    ids.has(id),
  );
};

export interface BundleFile {
  readonly functionId: string;
  readonly variant: BundleVariantId;
  /** Absolute path of index.mjs / index.js. */
  readonly file: string;
  readonly rawBytes: number;
  /** gzip -9 of the output file: roughly what the deployment zip holds. */
  readonly gzipBytes: number;
  /** The source map next to it (not loaded unless NODE_OPTIONS=--enable-source-maps needs it). */
  readonly mapBytes: number | null;
}

export interface BundledFunction {
  readonly id: string;
  readonly entry: string;
  readonly bundles: Readonly<Record<BundleVariantId, BundleFile>>;
  readonly composition: Composition;
  readonly naiveComposition: Composition;
}

const fileSize = (file: string): number | null => {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
};

interface Built {
  readonly file: BundleFile;
  readonly metafile: Metafile;
  readonly outputKey: string;
}

const describeOutput = (
  spec: FunctionSpec,
  variant: BundleVariant,
  file: string,
  metafile: Metafile,
  projectRoot: string,
): Built => {
  const content = readFileSync(file);
  return {
    file: {
      functionId: spec.id,
      variant: variant.id,
      file,
      rawBytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
      mapBytes: fileSize(`${file}.map`),
    },
    metafile,
    outputKey: relative(projectRoot, file).split('\\').join('/'),
  };
};

/** One function alone, exactly as CDK builds it (one esbuild run per function). */
const buildAlone = async (
  spec: FunctionSpec,
  variant: BundleVariant,
  projectRoot: string,
  outDir: string,
): Promise<Built> => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build(
    esbuildOptionsOf(variant.bundling, { entry: resolve(projectRoot, spec.entry), outDir, projectRoot }),
  );
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));
  return describeOutput(
    spec,
    variant,
    join(outDir, outputFileOf(variant.bundling)),
    result.metafile!,
    projectRoot,
  );
};

/**
 * Every function in one esbuild run, with the same options and one entry point per function
 * (`<id>/index`): without code splitting esbuild links each entry point on its own, so each output
 * is the bundle of that function alone, while the files shared by all are parsed once. Several
 * times faster than one run per function; `bundleAll` checks that the bytes are the same.
 */
const buildTogether = async (
  specs: readonly FunctionSpec[],
  variant: BundleVariant,
  projectRoot: string,
  outDir: string,
): Promise<Map<string, Built>> => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outputFile = outputFileOf(variant.bundling);
  const {
    entryPoints: _entry,
    outfile: _outfile,
    ...options
  } = esbuildOptionsOf(variant.bundling, {
    entry: resolve(projectRoot, specs[0]!.entry),
    outDir,
    projectRoot,
  });
  const extension = extname(outputFile);
  const result = await build({
    ...options,
    entryPoints: Object.fromEntries(
      specs.map((spec) => [
        `${spec.id}/${basename(outputFile, extension)}`,
        resolve(projectRoot, spec.entry),
      ]),
    ),
    outdir: outDir,
    ...(extension === '.js' ? {} : { outExtension: { '.js': extension } }),
  });
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));
  return new Map(
    specs.map((spec) => [
      spec.id,
      describeOutput(spec, variant, join(outDir, spec.id, outputFile), result.metafile!, projectRoot),
    ]),
  );
};

export interface SkippedFunction {
  readonly id: string;
  readonly entry: string;
  readonly reason: string;
}

/**
 * Manifest entries whose handler file does not exist yet (work in progress in the tree) cannot be
 * measured; they are reported as skipped instead of failing the whole run.
 */
export const splitMeasurable = (
  specs: readonly FunctionSpec[],
  projectRoot: string,
): { measurable: FunctionSpec[]; skipped: SkippedFunction[] } => {
  const measurable: FunctionSpec[] = [];
  const skipped: SkippedFunction[] = [];
  for (const spec of specs) {
    if (existsSync(resolve(projectRoot, spec.entry))) measurable.push(spec);
    else skipped.push({ id: spec.id, entry: spec.entry, reason: 'the entry file does not exist' });
  }
  return { measurable, skipped };
};

export interface BundleRun {
  readonly functions: BundledFunction[];
  /** How the bundles were built, and whether the one-run build matched a build of one function alone. */
  readonly build: {
    readonly mode: 'one esbuild run per variant' | 'one esbuild run per function';
    readonly checkedFunction: string;
    readonly identicalToSingleBuild: boolean;
    readonly seconds: number;
  };
}

export const bundleAll = async (
  specs: readonly FunctionSpec[],
  projectRoot: string,
  outRoot: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<BundleRun> => {
  const started = performance.now();
  const built = new Map<BundleVariantId, Map<string, Built>>();
  for (const variant of BUNDLE_VARIANTS) {
    built.set(variant.id, await buildTogether(specs, variant, projectRoot, join(outRoot, variant.id)));
  }

  // The check: the function the target names (or the first) built alone, as CDK does.
  const checked = specs.find((spec) => spec.id === BUNDLE_TARGET_FUNCTIONS[0]) ?? specs[0]!;
  let identical = true;
  for (const variant of BUNDLE_VARIANTS) {
    const alone = await buildAlone(checked, variant, projectRoot, join(outRoot, 'check', variant.id));
    const together = built.get(variant.id)!.get(checked.id)!;
    if (!readFileSync(alone.file.file).equals(readFileSync(together.file.file))) identical = false;
  }
  if (!identical) {
    onProgress(
      `the one-run build of ${checked.id} differs from building it alone: building every function alone (slower)`,
    );
    for (const variant of BUNDLE_VARIANTS) {
      const byId = new Map<string, Built>();
      for (const spec of specs) {
        byId.set(spec.id, await buildAlone(spec, variant, projectRoot, join(outRoot, variant.id, spec.id)));
      }
      built.set(variant.id, byId);
    }
  }

  const builtSeconds = (performance.now() - started) / 1000;
  const functions = specs.map((spec) => {
    const deployed = built.get('deployed')!.get(spec.id)!;
    const naive = built.get('naive')!.get(spec.id)!;
    return {
      id: spec.id,
      entry: spec.entry,
      bundles: { deployed: deployed.file, naive: naive.file },
      composition: analyzeComposition(deployed.metafile, deployed.outputKey),
      naiveComposition: analyzeComposition(naive.metafile, naive.outputKey),
    };
  });
  return {
    functions,
    build: {
      mode: identical ? 'one esbuild run per variant' : 'one esbuild run per function',
      checkedFunction: checked.id,
      identicalToSingleBuild: identical,
      seconds: Math.round(builtSeconds * 10) / 10,
    },
  };
};
