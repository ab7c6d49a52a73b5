/**
 * Measure 2: module init time of each bundle in a fresh Node process. The bundles are copied to a
 * temporary directory outside the repository first, so an import that the bundle failed to include
 * fails here instead of being found in node_modules. Bundles that leave the AWS SDK v3 to the
 * runtime find it through a node_modules/@aws-sdk link, as the Lambda runtime provides it; the
 * bundles that carry the SDK run in a directory with no node_modules at all.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { kebab } from '../infra/local/names.ts';
import { queues, tables } from '../infra/resources.ts';
import type { BundledFunction, BundleVariantId, RouteBundle } from './bundle-size.ts';
import { type Summary, summarize } from './stats.ts';

/** Goal for every function that does not bundle opening_hours. */
export const INIT_TARGET_P50_MS = 80;
/** Goal for the functions that must parse OSM opening hours (they bundle opening_hours). */
export const INIT_TARGET_OSM_P50_MS = 150;

export type InitVariantId =
  | 'deployed'
  | 'sdk-bundled'
  | 'deployed-without-source-maps'
  | 'naive'
  | 'heaviest-route'
  | 'node-only';

export interface InitVariant {
  readonly id: InitVariantId;
  readonly bundle: BundleVariantId | 'per-route' | 'empty';
  /** NODE_OPTIONS of the process (the stack sets --enable-source-maps). */
  readonly nodeOptions: string | undefined;
  /** The bundle imports `@aws-sdk/*` from the runtime (else it must carry everything it needs). */
  readonly runtimeSdk: boolean;
  /** Which functions it runs for. */
  readonly scope: 'every function' | 'sample' | 'http functions of several routes' | 'once';
  readonly description: string;
}

export const INIT_VARIANTS: readonly InitVariant[] = [
  {
    id: 'deployed',
    bundle: 'deployed',
    nodeOptions: '--enable-source-maps',
    runtimeSdk: true,
    scope: 'every function',
    description:
      'the deployed bundle (index.mjs of measure 1) with NODE_OPTIONS=--enable-source-maps, as the stack sets it; the AWS SDK v3 is imported from node_modules, as from the Lambda runtime',
  },
  {
    id: 'sdk-bundled',
    bundle: 'sdk-bundled',
    nodeOptions: '--enable-source-maps',
    runtimeSdk: false,
    scope: 'every function',
    description:
      'the bundle with the AWS SDK v3 inside (measure 1, sdk-bundled), same NODE_OPTIONS, run from a directory with no node_modules',
  },
  {
    id: 'deployed-without-source-maps',
    bundle: 'deployed',
    nodeOptions: undefined,
    runtimeSdk: true,
    scope: 'sample',
    description:
      'the deployed bundle without NODE_OPTIONS=--enable-source-maps (Node then does not read and parse the .map file at load): shows what that option costs',
  },
  {
    id: 'naive',
    bundle: 'naive',
    nodeOptions: undefined,
    runtimeSdk: true,
    scope: 'sample',
    description: 'the naive bundle of measure 1 (CommonJS, not minified, no source map: index.js)',
  },
  {
    id: 'heaviest-route',
    bundle: 'per-route',
    nodeOptions: '--enable-source-maps',
    runtimeSdk: true,
    scope: 'http functions of several routes',
    description:
      'the largest route of the function bundled alone (measure 1, per route), as one function per route had it: what grouping the routes costs at init is at most the gap to it',
  },
  {
    id: 'node-only',
    bundle: 'empty',
    nodeOptions: '--enable-source-maps',
    runtimeSdk: false,
    scope: 'once',
    description: "an empty module: Node's own bootstrap on this machine, the floor under every other figure",
  },
];

/**
 * Imports the bundle and prints how long after the process started the import finished
 * (performance.now() counts from the process's time origin), how long the import alone took, and
 * the CPU time the process had used by then (all its threads), which waiting for a busy machine
 * does not inflate.
 */
const RUNNER = `import { writeSync } from 'node:fs';
const before = performance.now();
const mod = await import(process.argv[2]);
const after = performance.now();
const handler = mod.handler ?? mod.default?.handler;
if (process.argv[3] !== 'empty' && typeof handler !== 'function') {
  writeSync(2, 'the bundle exports no handler function');
  process.exit(2);
}
const cpu = process.cpuUsage();
writeSync(1, JSON.stringify({ sinceStartMs: after, importMs: after - before, cpuMs: (cpu.user + cpu.system) / 1000 }));
process.exit(0);
`;

/**
 * What Lambda gives the function (dummy values, loopback only): the stack's own variables, every
 * table and queue variable, and the runtime's variables that switch Powertools into its in-Lambda
 * behaviour (active tracing sets the X-Ray variables even without an X-Ray SDK in the bundle).
 */
export const lambdaLikeEnv = (
  functionId: string,
  nodeOptions: string | undefined,
): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  LANG: 'C.UTF-8',
  TZ: ':UTC',
  ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
  AWS_REGION: 'ap-east-1',
  AWS_DEFAULT_REGION: 'ap-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: `pmsc-${functionId}`,
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_LAMBDA_LOG_FORMAT: 'JSON',
  AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/pmsc-${functionId}`,
  AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
  POWERTOOLS_SERVICE_NAME: 'pmsc',
  POWERTOOLS_METRICS_NAMESPACE: 'pmsc',
  DISTRICT_CODE: '310113',
  // Every table and queue of resources.ts, so a function bound to a new one still finds its variable.
  ...Object.fromEntries(
    Object.entries(tables).map(([key, table]) => [table.envVar, `pmsc-310113-${kebab(key)}`]),
  ),
  ...Object.fromEntries(
    Object.entries(queues).map(([key, queue]) => [
      queue.envVar,
      `http://127.0.0.1:9324/000000000000/pmsc-310113-${kebab(key)}`,
    ]),
  ),
});

export interface InitSample {
  readonly sinceStartMs: number;
  readonly importMs: number;
  /** User + system CPU time of the process at the end of the import. */
  readonly cpuMs: number;
  /** Spawn to exit, seen from the parent (process creation and teardown included). */
  readonly wallMs: number;
}

export interface InitResult {
  readonly functionId: string;
  readonly variant: InitVariantId;
  /** For `heaviest-route`: the route function that was run (its id in the per-route shape). */
  readonly routeFunction?: string;
  /** Process start to the end of `await import()`: the measure the target applies to. */
  readonly sinceStart: Summary;
  /** The `await import()` alone (Node's own bootstrap excluded). */
  readonly importOnly: Summary;
  /** CPU time of the process (user + system, all threads) at the end of the import. */
  readonly cpu: Summary;
  readonly wall: Summary;
  /** `sinceStart` of each round, in order. */
  readonly samples: readonly number[];
  /** `cpu` of each round, in order. */
  readonly cpuSamples: readonly number[];
}

const runOnce = (
  node: string,
  runner: string,
  bundle: string,
  kind: 'bundle' | 'empty',
  env: Record<string, string>,
): Promise<InitSample> =>
  new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(node, [runner, bundle, kind], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`init of ${bundle} exited with ${code}: ${stderr.trim().slice(-2000)}`));
        return;
      }
      const parsed = JSON.parse(stdout) as { sinceStartMs: number; importMs: number; cpuMs: number };
      resolvePromise({ ...parsed, wallMs });
    });
  });

export interface InitOptions {
  readonly node: string;
  readonly runs: number;
  readonly variants: readonly InitVariant[];
  /** Function ids that the `sample` variants are measured for. */
  readonly sample: ReadonlySet<string>;
  /** The routes bundled alone (measure 1), for the `heaviest-route` variant. */
  readonly routes: readonly RouteBundle[];
  readonly onProgress?: (message: string) => void;
}

/** The per-route bundle of a function's largest route, when it has more than one route. */
export const heaviestRouteOf = (
  fn: BundledFunction,
  routes: readonly RouteBundle[],
): RouteBundle | undefined => {
  const own = routes.filter((route) => route.functionId === fn.id);
  if (own.length < 2) return undefined;
  return own.reduce((a, b) => (b.file.rawBytes > a.file.rawBytes ? b : a));
};

interface Planned {
  readonly functionId: string;
  readonly variant: InitVariantId;
  readonly routeFunction?: string;
  readonly source: string | null;
  readonly runtimeSdk: boolean;
  readonly nodeOptions: string | undefined;
}

/**
 * Function by function, so that the variants of one function run one after the other in each
 * round and their per-round differences compare like with like.
 */
const plan = (functions: readonly BundledFunction[], options: InitOptions): Planned[] => {
  const baseOf = (variant: InitVariant) => ({
    variant: variant.id,
    runtimeSdk: variant.runtimeSdk,
    nodeOptions: variant.nodeOptions,
  });
  const once = options.variants
    .filter((variant) => variant.bundle === 'empty')
    .map((variant): Planned => ({ ...baseOf(variant), functionId: '(node)', source: null }));
  const perFunction = functions.flatMap((fn) =>
    options.variants.flatMap((variant): Planned[] => {
      const base = baseOf(variant);
      if (variant.bundle === 'empty') return [];
      if (variant.scope === 'sample' && !options.sample.has(fn.id)) return [];
      if (variant.bundle === 'per-route') {
        const route = heaviestRouteOf(fn, options.routes);
        return route === undefined
          ? []
          : [{ ...base, functionId: fn.id, routeFunction: route.id, source: route.file.file }];
      }
      return [{ ...base, functionId: fn.id, source: fn.bundles[variant.bundle].file }];
    }),
  );
  return [...once, ...perFunction];
};

/**
 * One run of every bundle per round, round after round, one process at a time: drifts of the
 * machine spread over all functions and variants instead of landing on one. `samples` keeps the
 * rounds in order, so two variants of a function can be compared round by round.
 */
export const measureInitTimes = async (
  functions: readonly BundledFunction[],
  options: InitOptions,
): Promise<InitResult[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'pmsc-bench-init-'));
  try {
    // the runtime's SDK, for the bundles that leave @aws-sdk/* to it; the others run under `alone/`
    const withSdk = join(dir, 'runtime-sdk');
    const alone = join(dir, 'alone');
    mkdirSync(join(withSdk, 'node_modules'), { recursive: true });
    mkdirSync(alone);
    symlinkSync(resolve('node_modules/@aws-sdk'), join(withSdk, 'node_modules', '@aws-sdk'), 'dir');
    const runner = join(dir, 'runner.mjs');
    writeFileSync(runner, RUNNER);
    const empty = join(alone, 'empty.mjs');
    writeFileSync(empty, 'export {};\n');
    const targets = plan(functions, options).map((planned) => {
      let bundle = empty;
      if (planned.source !== null) {
        const folder = join(planned.runtimeSdk ? withSdk : alone, planned.variant, planned.functionId);
        bundle = join(folder, basename(planned.source));
        mkdirSync(folder, { recursive: true });
        copyFileSync(planned.source, bundle);
        if (existsSync(`${planned.source}.map`)) copyFileSync(`${planned.source}.map`, `${bundle}.map`);
      }
      return {
        ...planned,
        bundle,
        kind: planned.source === null ? ('empty' as const) : ('bundle' as const),
        env: lambdaLikeEnv(planned.functionId, planned.nodeOptions),
        samples: [] as InitSample[],
      };
    });
    options.onProgress?.(`init: ${targets.length} bundles and variants, ${options.runs} rounds`);
    for (let round = 1; round <= options.runs; round++) {
      for (const target of targets) {
        target.samples.push(await runOnce(options.node, runner, target.bundle, target.kind, target.env));
      }
      options.onProgress?.(`init round ${round}/${options.runs} done`);
    }
    return targets.map((target) => ({
      functionId: target.functionId,
      variant: target.variant,
      ...(target.routeFunction === undefined ? {} : { routeFunction: target.routeFunction }),
      sinceStart: summarize(target.samples.map((s) => s.sinceStartMs)),
      importOnly: summarize(target.samples.map((s) => s.importMs)),
      cpu: summarize(target.samples.map((s) => s.cpuMs)),
      wall: summarize(target.samples.map((s) => s.wallMs)),
      samples: target.samples.map((s) => Math.round(s.sinceStartMs * 100) / 100),
      cpuSamples: target.samples.map((s) => Math.round(s.cpuMs * 100) / 100),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
