/** The shape of bench/results.json and the verdicts against the targets (goals, never assertions). */
import type { Composition } from './bundle-composition.ts';
import type { BundledFunction, BundleRun, SkippedFunction } from './bundle-size.ts';
import {
  BUNDLE_TARGET_BYTES,
  BUNDLE_TARGET_FUNCTIONS,
  BUNDLE_VARIANTS,
  detailedFunctions,
} from './bundle-size.ts';
import type { CpuUsage } from './cpu-usage.ts';
import type { Environment } from './environment.ts';
import type { GridScaleResult } from './grid-scale.ts';
import type { LoadResult } from './http-load.ts';
import { INIT_TARGET_P50_MS, INIT_VARIANTS, type InitResult } from './init-time.ts';
import type { ServiceOrderBenchResult } from './service-orders.ts';

export const HTTP_TARGET = { p50Ms: 8, p99Ms: 20 } as const;

export type Verdict = 'pass' | 'miss';

export interface BundleSection {
  readonly build: BundleRun['build'];
  /** Functions whose composition is kept in full; the others keep a summary (top packages). */
  readonly detailed: readonly string[];
  /** Manifest entries not measured (by measures 1 and 2). */
  readonly skipped: readonly SkippedFunction[];
  readonly target: { readonly rawBytes: number; readonly functions: readonly string[] };
  readonly variants: readonly { readonly id: string; readonly description: string }[];
  readonly gzipNote: string;
  readonly functions: readonly {
    readonly id: string;
    readonly entry: string;
    readonly deployed: {
      readonly rawBytes: number;
      readonly gzipBytes: number;
      readonly mapBytes: number | null;
    };
    readonly naive: { readonly rawBytes: number; readonly gzipBytes: number };
    readonly verdict: Verdict;
    readonly composition: Composition;
    readonly naiveTopPackages: readonly { readonly name: string; readonly bytes: number }[];
  }[];
}

export interface InitSection {
  /** The machine's CPU over the whole init measure (other processes compete with the runs). */
  readonly cpu?: CpuUsage | null;
  readonly skipped: readonly SkippedFunction[];
  readonly target: { readonly p50Ms: number };
  readonly runsPerBundle: number;
  readonly method: string;
  readonly variants: Readonly<Record<string, string>>;
  readonly functions: readonly {
    readonly id: string;
    readonly deployed: InitResult;
    /** Only for the sample of functions. */
    readonly deployedWithoutSourceMaps?: InitResult;
    /** Only for the sample of functions. */
    readonly naive?: InitResult;
    readonly verdict: Verdict;
  }[];
}

export interface HttpVariant {
  readonly description: string;
  /** The least contended attempt. */
  readonly result: LoadResult;
  /** Every attempt: a window where other processes used much of the machine is measured again. */
  readonly attempts: readonly {
    readonly othersCpu: number | null;
    readonly p50: number;
    readonly p99: number;
    readonly errors: number;
  }[];
}

export interface HttpSection {
  readonly target: typeof HTTP_TARGET;
  readonly route: string;
  readonly method: string;
  readonly variants: Readonly<Record<'deployed' | 'naive', HttpVariant>>;
  readonly verdict: { readonly p50: Verdict; readonly p99: Verdict };
}

export interface BenchResults {
  readonly schemaVersion: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationSeconds: number;
  readonly environment: Environment;
  /** 1-minute load average of the machine as each measure began (others may share the machine). */
  readonly loadAverage: readonly { readonly at: string; readonly oneMinute: number }[];
  readonly bundleSize?: BundleSection;
  readonly initTime?: InitSection;
  readonly httpLoad?: HttpSection;
  /** Measure 4: the grid build at 700, 7,000 and 70,000 centers (no targets). */
  readonly gridScale?: GridScaleResult;
  /** Measure 5: service orders from POST to assignment (no targets). */
  readonly serviceOrders?: ServiceOrderSection;
  /**
   * Sections taken from an earlier run by `--merge` (a partial run that keeps the other measures):
   * which measures each run contributed, when and at which commit.
   */
  readonly runs?: readonly {
    readonly measures: readonly string[];
    readonly startedAt: string;
    readonly commit: string;
    readonly dirty: boolean;
  }[];
  readonly summary: readonly {
    readonly measure: string;
    readonly target: string;
    readonly result: string;
    readonly verdict: Verdict;
  }[];
}

export interface ServiceOrderSection {
  readonly method: string;
  readonly result: ServiceOrderBenchResult;
}

export const verdict = (ok: boolean): Verdict => (ok ? 'pass' : 'miss');

export const bundleSection = (
  bundled: readonly BundledFunction[],
  skipped: readonly SkippedFunction[],
  buildInfo: BundleRun['build'],
): BundleSection => {
  const detailed = detailedFunctions(bundled);
  return {
    build: buildInfo,
    detailed,
    skipped,
    target: { rawBytes: BUNDLE_TARGET_BYTES, functions: BUNDLE_TARGET_FUNCTIONS },
    variants: BUNDLE_VARIANTS.map(({ id, description }) => ({ id, description })),
    gzipNote: 'gzip level 9 of the output file alone (no source map)',
    functions: bundled.map((fn) => ({
      id: fn.id,
      entry: fn.entry,
      deployed: {
        rawBytes: fn.bundles.deployed.rawBytes,
        gzipBytes: fn.bundles.deployed.gzipBytes,
        mapBytes: fn.bundles.deployed.mapBytes,
      },
      naive: { rawBytes: fn.bundles.naive.rawBytes, gzipBytes: fn.bundles.naive.gzipBytes },
      verdict: verdict(fn.bundles.deployed.rawBytes <= BUNDLE_TARGET_BYTES),
      composition: detailed.includes(fn.id) ? fn.composition : summaryOfComposition(fn.composition),
      naiveTopPackages: fn.naiveComposition.packages.slice(0, 8).map(({ name, bytes }) => ({ name, bytes })),
    })),
  };
};

/** What results.json keeps of a bundle that is not analysed in full (it stays readable in size). */
const summaryOfComposition = (composition: Composition): Composition => ({
  ...composition,
  packages: composition.packages.slice(0, 10),
  groups: composition.groups.map((group) => ({ ...group, packages: [] })),
  files: composition.files.slice(0, 5),
  exclusive: composition.exclusive.slice(0, 6).map((e) => ({ ...e, drags: [], importedBy: [], chain: [] })),
  subpaths: {},
});

export const initSection = (
  results: readonly InitResult[],
  runs: number,
  skipped: readonly SkippedFunction[],
): InitSection => {
  const ids = [...new Set(results.map((r) => r.functionId))];
  return {
    skipped,
    target: { p50Ms: INIT_TARGET_P50_MS },
    runsPerBundle: runs,
    method:
      'A fresh `node` process per run (the project-pinned Node) with Lambda-like env vars (dummy values; AWS_EXECUTION_ENV and friends so that Powertools, the Tracer included, behaves as in Lambda) runs a 10-line runner that does `await import(bundle)` from a temporary directory outside the repository; the measure is performance.now() right after the import, i.e. milliseconds since the process started (Node bootstrap included). Bundles and variants are interleaved round by round, one process at a time.',
    variants: Object.fromEntries(INIT_VARIANTS.map((v) => [v.id, v.description])),
    functions: ids.map((id) => {
      const deployed = results.find((r) => r.functionId === id && r.variant === 'deployed')!;
      const deployedWithoutSourceMaps = results.find(
        (r) => r.functionId === id && r.variant === 'deployed-without-source-maps',
      );
      const naive = results.find((r) => r.functionId === id && r.variant === 'naive');
      return {
        id,
        deployed,
        ...(deployedWithoutSourceMaps ? { deployedWithoutSourceMaps } : {}),
        ...(naive ? { naive } : {}),
        verdict: verdict(deployed.sinceStart.p50 <= INIT_TARGET_P50_MS),
      };
    }),
  };
};

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const summaryOf = (
  bundle: BundleSection | undefined,
  init: InitSection | undefined,
  http: HttpSection | undefined,
): BenchResults['summary'] => {
  const rows: BenchResults['summary'][number][] = [];
  if (bundle) {
    for (const id of bundle.target.functions) {
      const fn = bundle.functions.find((f) => f.id === id);
      if (!fn) continue;
      rows.push({
        measure: `bundle size, ${id} (minified ESM, raw)`,
        target: `<= ${kib(bundle.target.rawBytes)}`,
        result: `${kib(fn.deployed.rawBytes)} (gzip ${kib(fn.deployed.gzipBytes)})`,
        verdict: fn.verdict,
      });
    }
    const passing = bundle.functions.filter((f) => f.verdict === 'pass').length;
    const largest = [...bundle.functions].sort((a, b) => b.deployed.rawBytes - a.deployed.rawBytes)[0];
    rows.push({
      measure: 'bundle size, every function',
      target: `<= ${kib(bundle.target.rawBytes)}`,
      result: `${passing}/${bundle.functions.length} within; largest ${largest?.id} ${kib(largest?.deployed.rawBytes ?? 0)}${bundle.skipped.length > 0 ? `; ${bundle.skipped.length} not measured` : ''}`,
      verdict: verdict(passing === bundle.functions.length),
    });
  }
  if (init) {
    const passing = init.functions.filter((f) => f.verdict === 'pass').length;
    const p50s = init.functions.map((f) => f.deployed.sinceStart.p50);
    rows.push({
      measure: `init time p50, every function (${init.runsPerBundle} fresh processes each)`,
      target: `<= ${init.target.p50Ms} ms`,
      result: `${passing}/${init.functions.length} within; p50 from ${Math.min(...p50s).toFixed(1)} to ${Math.max(...p50s).toFixed(1)} ms${init.skipped.length > 0 ? `; ${init.skipped.length} not measured` : ''}`,
      verdict: verdict(passing === init.functions.length),
    });
  }
  if (http) {
    const { result } = http.variants.deployed;
    rows.push({
      measure: `${http.route} at ${result.ratePerSecond} req/s, p50`,
      target: `<= ${http.target.p50Ms} ms`,
      result: `${result.latency.p50.toFixed(2)} ms (${result.errors} errors of ${result.sent})`,
      verdict: http.verdict.p50,
    });
    rows.push({
      measure: `${http.route} at ${result.ratePerSecond} req/s, p99`,
      target: `<= ${http.target.p99Ms} ms`,
      result: `${result.latency.p99.toFixed(2)} ms`,
      verdict: http.verdict.p99,
    });
  }
  return rows;
};
