/**
 * Measure 2: module init time of each bundle in a fresh Node process. The bundles are copied to a
 * temporary directory outside the repository first, so an import that the bundle failed to include
 * fails here instead of being found in node_modules. Only the AWS SDK v3 is reachable there (a
 * node_modules/@aws-sdk link), as the Lambda runtime provides it to the deployed bundles.
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
import type { BundledFunction, BundleVariantId } from './bundle-size.ts';
import { type Summary, summarize } from './stats.ts';

export const INIT_TARGET_P50_MS = 80;

export type InitVariantId = 'deployed' | 'deployed-without-source-maps' | 'naive';

export interface InitVariant {
  readonly id: InitVariantId;
  readonly bundle: BundleVariantId;
  /** NODE_OPTIONS of the process (the stack sets --enable-source-maps). */
  readonly nodeOptions: string | undefined;
  /** Measured only for the sample of functions (a comparison, not a verdict: saves time). */
  readonly sampleOnly: boolean;
  readonly description: string;
}

export const INIT_VARIANTS: readonly InitVariant[] = [
  {
    id: 'deployed',
    bundle: 'deployed',
    nodeOptions: '--enable-source-maps',
    sampleOnly: false,
    description:
      'the deployed bundle (index.mjs of measure 1) with NODE_OPTIONS=--enable-source-maps, as the stack sets it',
  },
  {
    id: 'deployed-without-source-maps',
    bundle: 'deployed',
    nodeOptions: undefined,
    sampleOnly: true,
    description:
      'the same bundle without NODE_OPTIONS=--enable-source-maps (Node then does not read and parse the .map file at load): shows what that option costs',
  },
  {
    id: 'naive',
    bundle: 'naive',
    nodeOptions: undefined,
    sampleOnly: true,
    description: 'the naive bundle of measure 1 (CommonJS, not minified, no source map: index.js)',
  },
];

/**
 * Imports the bundle and prints how long after the process started the import finished
 * (performance.now() counts from the process's time origin) and how long the import alone took.
 */
const RUNNER = `import { writeSync } from 'node:fs';
const before = performance.now();
const mod = await import(process.argv[2]);
const after = performance.now();
const handler = mod.handler ?? mod.default?.handler;
if (typeof handler !== 'function') {
  writeSync(2, 'the bundle exports no handler function');
  process.exit(2);
}
writeSync(1, JSON.stringify({ sinceStartMs: after, importMs: after - before }));
process.exit(0);
`;

/**
 * What Lambda gives the function (dummy values, loopback only): the stack's own variables, every
 * table and queue variable, and the runtime's variables that switch Powertools (tracer
 * included) into its in-Lambda behaviour.
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
  /** Spawn to exit, seen from the parent (process creation and teardown included). */
  readonly wallMs: number;
}

export interface InitResult {
  readonly functionId: string;
  readonly variant: InitVariantId;
  /** Process start to the end of `await import()`: the measure the target applies to. */
  readonly sinceStart: Summary;
  /** The `await import()` alone (Node's own bootstrap excluded). */
  readonly importOnly: Summary;
  readonly wall: Summary;
  readonly samples: readonly number[];
}

const runOnce = (
  node: string,
  runner: string,
  bundle: string,
  env: Record<string, string>,
): Promise<InitSample> =>
  new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(node, [runner, bundle], {
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
      const parsed = JSON.parse(stdout) as { sinceStartMs: number; importMs: number };
      resolvePromise({ ...parsed, wallMs });
    });
  });

export interface InitOptions {
  readonly node: string;
  readonly runs: number;
  readonly variants: readonly InitVariant[];
  /** Function ids that the `sampleOnly` variants are measured for. */
  readonly sample: ReadonlySet<string>;
  readonly onProgress?: (message: string) => void;
}

/**
 * One run of every bundle per round, round after round, one process at a time: drifts of the
 * machine spread over all functions and variants instead of landing on one.
 */
export const measureInitTimes = async (
  functions: readonly BundledFunction[],
  options: InitOptions,
): Promise<InitResult[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'pmsc-bench-init-'));
  try {
    // the runtime's SDK: the deployed bundles leave @aws-sdk/* to it
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(resolve('node_modules/@aws-sdk'), join(dir, 'node_modules', '@aws-sdk'), 'dir');
    const runner = join(dir, 'runner.mjs');
    writeFileSync(runner, RUNNER);
    const targets = functions.flatMap((fn) =>
      options.variants.flatMap((variant) => {
        if (variant.sampleOnly && !options.sample.has(fn.id)) return [];
        const source = fn.bundles[variant.bundle].file;
        const target = join(dir, variant.id, fn.id, basename(source));
        mkdirSync(join(dir, variant.id, fn.id), { recursive: true });
        copyFileSync(source, target);
        if (existsSync(`${source}.map`)) copyFileSync(`${source}.map`, `${target}.map`);
        return {
          functionId: fn.id,
          variant: variant.id,
          bundle: target,
          env: lambdaLikeEnv(fn.id, variant.nodeOptions),
          samples: [] as InitSample[],
        };
      }),
    );
    for (let round = 1; round <= options.runs; round++) {
      for (const target of targets) {
        target.samples.push(await runOnce(options.node, runner, target.bundle, target.env));
      }
      options.onProgress?.(`init round ${round}/${options.runs} done`);
    }
    return targets.map((target) => ({
      functionId: target.functionId,
      variant: target.variant,
      sinceStart: summarize(target.samples.map((s) => s.sinceStartMs)),
      importOnly: summarize(target.samples.map((s) => s.importMs)),
      wall: summarize(target.samples.map((s) => s.wallMs)),
      samples: target.samples.map((s) => Math.round(s.sinceStartMs * 100) / 100),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
