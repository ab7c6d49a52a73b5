/**
 * Measure 1: every function of the manifest bundled with esbuild exactly as the stack bundles it
 * (the very options object of infra/constructs/bundling.ts), once more with the AWS SDK v3 bundled
 * instead of left to the Lambda runtime, once more the naive way, and each HTTP route alone as the
 * one-function-per-route shape built it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_BUNDLING } from '../infra/constructs/bundling.ts';
import { httpEntrySource, writeHttpEntries } from '../infra/http-entries.ts';
import type { FunctionSpec, HttpRoute } from '../infra/manifest.ts';
import { analyzeComposition, type Composition } from './bundle-composition.ts';
import { esbuildOptionsOf, outputFileOf } from './esbuild-options.ts';

export type BundleVariantId = 'deployed' | 'sdk-bundled' | 'naive';

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
    id: 'sdk-bundled',
    description:
      'LAMBDA_BUNDLING with `externalModules: []`: the same options, but the AWS SDK v3 (and @smithy/*) bundled, tree-shaken and minified with the rest (its ES builds, through mainFields module,main) instead of loaded from the Lambda runtime',
    bundling: { ...LAMBDA_BUNDLING, externalModules: [] },
  },
  {
    id: 'naive',
    description:
      "NodejsFunction's own defaults (format cjs, no minify, no source map, esbuild's default main fields for platform node, i.e. the CommonJS `main` builds first), still node24, the AWS SDK left to the runtime as in the deployed variant so that both contain the same code",
    bundling: { target: LAMBDA_BUNDLING.target },
  },
];

/** Raw size goal of every function that does not bundle opening_hours. */
export const BUNDLE_TARGET_BYTES = 250 * 1024;

/** The HTTP function that every other one pays at least: health and the OpenAPI document. */
export const BUNDLE_FLOOR_FUNCTION = 'platform';
/** Built alone as well, to check the one-run build, and always analysed in full. */
export const CHECKED_FUNCTION = 'centers-read';

/** The package whose presence puts a function in the slower init group. */
export const OSM_HOURS_PACKAGE = 'opening_hours';
export const H3_PACKAGE = 'h3-js';

/** An HTTP function all of whose routes are reads: it must stay out of the opening_hours group. */
export const isReadFunction = (spec: FunctionSpec): boolean =>
  spec.trigger.kind === 'http' && spec.trigger.routes.every((route) => route.method === 'GET');

/** Functions analysed in full: the three largest, the checked one and the smallest HTTP one. */
export const detailedFunctions = (functions: readonly BundledFunction[]): string[] => {
  const ids = new Set(functions.map((fn) => fn.id));
  const largest = [...functions]
    .sort((a, b) => b.bundles.deployed.rawBytes - a.bundles.deployed.rawBytes)
    .slice(0, 3)
    .map((fn) => fn.id);
  return [...new Set([...largest, CHECKED_FUNCTION, BUNDLE_FLOOR_FUNCTION])].filter((id) => ids.has(id));
};

export interface BundleFile {
  readonly functionId: string;
  readonly variant: BundleVariantId | 'per-route';
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
  readonly trigger: FunctionSpec['trigger']['kind'];
  /** `METHOD /path` of each route (HTTP functions). */
  readonly routes: readonly string[];
  /** An HTTP function with only GET routes. */
  readonly read: boolean;
  /** From the deployed metafile: does any module of opening_hours end up in the output? */
  readonly bundlesOpeningHours: boolean;
  readonly openingHoursBytes: number;
  readonly h3Bytes: number;
  readonly bundles: Readonly<Record<BundleVariantId, BundleFile>>;
  readonly composition: Composition;
  readonly naiveComposition: Composition;
  /** AWS SDK bytes in the sdk-bundled output (esbuild metafile). */
  readonly sdkBundledSdkBytes: number;
}

/** One route of an HTTP function bundled as its own function (the shape before the regrouping). */
export interface RouteBundle {
  /** The route file's name, e.g. `get-center` (the function id it had in the per-route shape). */
  readonly id: string;
  /** The bounded-context function it belongs to now. */
  readonly functionId: string;
  readonly route: string;
  readonly routeEntry: string;
  readonly file: BundleFile;
  readonly openingHoursBytes: number;
  readonly h3Bytes: number;
}

const fileSize = (file: string): number | null => {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
};

/** What esbuild is given: an id (the output directory) and an entry file. */
interface BuildItem {
  readonly id: string;
  readonly entry: string;
}

interface Built {
  readonly file: BundleFile;
  readonly metafile: Metafile;
  readonly outputKey: string;
}

const describeOutput = (
  item: BuildItem,
  variant: BundleFile['variant'],
  file: string,
  metafile: Metafile,
  projectRoot: string,
): Built => {
  const content = readFileSync(file);
  return {
    file: {
      functionId: item.id,
      variant,
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
  item: BuildItem,
  variant: BundleVariant,
  projectRoot: string,
  outDir: string,
): Promise<Built> => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build(
    esbuildOptionsOf(variant.bundling, { entry: resolve(projectRoot, item.entry), outDir, projectRoot }),
  );
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));
  return describeOutput(
    item,
    variant.id,
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
  items: readonly BuildItem[],
  variant: BundleVariant,
  projectRoot: string,
  outDir: string,
  variantId: BundleFile['variant'] = variant.id,
): Promise<Map<string, Built>> => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outputFile = outputFileOf(variant.bundling);
  const {
    entryPoints: _entry,
    outfile: _outfile,
    ...options
  } = esbuildOptionsOf(variant.bundling, {
    entry: resolve(projectRoot, items[0]!.entry),
    outDir,
    projectRoot,
  });
  const extension = extname(outputFile);
  const result = await build({
    ...options,
    entryPoints: Object.fromEntries(
      items.map((item) => [
        `${item.id}/${basename(outputFile, extension)}`,
        resolve(projectRoot, item.entry),
      ]),
    ),
    outdir: outDir,
    ...(extension === '.js' ? {} : { outExtension: { '.js': extension } }),
  });
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));
  return new Map(
    items.map((item) => [
      item.id,
      describeOutput(item, variantId, join(outDir, item.id, outputFile), result.metafile!, projectRoot),
    ]),
  );
};

export interface SkippedFunction {
  readonly id: string;
  readonly entry: string;
  readonly reason: string;
}

/** The files a function's bundle starts from: its routes' files, or its handler file. */
const sourceFilesOf = (spec: FunctionSpec): string[] =>
  spec.trigger.kind === 'http' ? spec.trigger.routes.map((route) => route.entry) : [spec.entry];

/**
 * Manifest entries whose handler file (or one of whose route files) does not exist yet (work in
 * progress in the tree) cannot be measured; they are reported as skipped instead of failing the
 * whole run.
 */
export const splitMeasurable = (
  specs: readonly FunctionSpec[],
  projectRoot: string,
): { measurable: FunctionSpec[]; skipped: SkippedFunction[] } => {
  const measurable: FunctionSpec[] = [];
  const skipped: SkippedFunction[] = [];
  for (const spec of specs) {
    const missing = sourceFilesOf(spec).filter((file) => !existsSync(resolve(projectRoot, file)));
    if (missing.length === 0) measurable.push(spec);
    else
      skipped.push({
        id: spec.id,
        entry: spec.entry,
        reason: `${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist`,
      });
  }
  return { measurable, skipped };
};

/** The per-route function id: the route file's name, as the manifest named it before the regrouping. */
const routeIdOf = (route: HttpRoute): string => basename(route.entry, extname(route.entry));

/**
 * The entry each route would have as a function of its own: the generated entry of a function
 * with that one route (so the same `httpFunction` wrapper), written under bench/out/entries.
 */
const writeRouteEntries = (
  specs: readonly FunctionSpec[],
  projectRoot: string,
  dir: string,
): { item: BuildItem; functionId: string; route: HttpRoute }[] => {
  mkdirSync(dir, { recursive: true });
  return specs.flatMap((spec) => {
    if (spec.trigger.kind !== 'http') return [];
    return spec.trigger.routes.map((route) => {
      const id = routeIdOf(route);
      const entry = relative(projectRoot, join(dir, `${id}.ts`))
        .split('\\')
        .join('/');
      const source = httpEntrySource({ id, entry, trigger: { kind: 'http', routes: [route] } }, projectRoot);
      writeFileSync(resolve(projectRoot, entry), source);
      return { item: { id, entry }, functionId: spec.id, route };
    });
  });
};

export interface BundleRun {
  readonly functions: BundledFunction[];
  readonly routes: RouteBundle[];
  /** How the bundles were built, and whether the one-run build matched a build of one function alone. */
  readonly build: {
    readonly mode: 'one esbuild run per variant' | 'one esbuild run per function';
    readonly checkedFunction: string;
    readonly identicalToSingleBuild: boolean;
    readonly seconds: number;
  };
}

const packageBytes = (composition: Composition, name: string): number =>
  composition.packages.find((p) => p.name === name)?.bytes ?? 0;

/**
 * Builds every variant of every function. HTTP entries are generated from the manifest first
 * (infra/http-entries.ts, as the CDK construct does before it bundles).
 */
export const bundleAll = async (
  specs: readonly FunctionSpec[],
  projectRoot: string,
  outRoot: string,
  onProgress: (message: string) => void = () => undefined,
): Promise<BundleRun> => {
  const started = performance.now();
  writeHttpEntries(specs, projectRoot);
  const built = new Map<BundleVariantId, Map<string, Built>>();
  for (const variant of BUNDLE_VARIANTS) {
    built.set(variant.id, await buildTogether(specs, variant, projectRoot, join(outRoot, variant.id)));
  }
  const routeEntries = writeRouteEntries(specs, projectRoot, join(outRoot, '..', 'entries', 'per-route'));
  const deployedVariant = BUNDLE_VARIANTS[0]!;
  const perRoute =
    routeEntries.length === 0
      ? new Map<string, Built>()
      : await buildTogether(
          routeEntries.map((r) => r.item),
          deployedVariant,
          projectRoot,
          join(outRoot, 'per-route'),
          'per-route',
        );

  // The check: one function built alone, as CDK does.
  const checked = specs.find((spec) => spec.id === CHECKED_FUNCTION) ?? specs[0]!;
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
    for (const { item } of routeEntries) {
      perRoute.set(
        item.id,
        await buildAlone(item, deployedVariant, projectRoot, join(outRoot, 'per-route', item.id)),
      );
    }
  }

  const builtSeconds = (performance.now() - started) / 1000;
  const functions = specs.map((spec): BundledFunction => {
    const of = (variant: BundleVariantId) => built.get(variant)!.get(spec.id)!;
    const composition = analyzeComposition(of('deployed').metafile, of('deployed').outputKey);
    const sdkBundled = analyzeComposition(of('sdk-bundled').metafile, of('sdk-bundled').outputKey);
    const openingHoursBytes = packageBytes(composition, OSM_HOURS_PACKAGE);
    return {
      id: spec.id,
      entry: spec.entry,
      trigger: spec.trigger.kind,
      routes: spec.trigger.kind === 'http' ? spec.trigger.routes.map((r) => `${r.method} ${r.path}`) : [],
      read: isReadFunction(spec),
      bundlesOpeningHours: openingHoursBytes > 0,
      openingHoursBytes,
      h3Bytes: packageBytes(composition, H3_PACKAGE),
      bundles: {
        deployed: of('deployed').file,
        'sdk-bundled': of('sdk-bundled').file,
        naive: of('naive').file,
      },
      composition,
      naiveComposition: analyzeComposition(of('naive').metafile, of('naive').outputKey),
      sdkBundledSdkBytes: sdkBundled.groups.find((g) => g.name.startsWith('AWS SDK'))?.bytes ?? 0,
    };
  });
  const routes = routeEntries.map(({ item, functionId, route }): RouteBundle => {
    const one = perRoute.get(item.id)!;
    const composition = analyzeComposition(one.metafile, one.outputKey);
    return {
      id: item.id,
      functionId,
      route: `${route.method} ${route.path}`,
      routeEntry: route.entry,
      file: one.file,
      openingHoursBytes: packageBytes(composition, OSM_HOURS_PACKAGE),
      h3Bytes: packageBytes(composition, H3_PACKAGE),
    };
  });
  return {
    functions,
    routes,
    build: {
      mode: identical ? 'one esbuild run per variant' : 'one esbuild run per function',
      checkedFunction: checked.id,
      identicalToSingleBuild: identical,
      seconds: Math.round(builtSeconds * 10) / 10,
    },
  };
};
