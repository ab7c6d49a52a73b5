/** The shape of bench/results.json and the verdicts against the targets (goals, never assertions). */

import type { BookingsSection } from './bookings.ts';
import type { Composition } from './bundle-composition.ts';
import type { BundledFunction, BundleRun, RouteBundle, SkippedFunction } from './bundle-size.ts';
import { BUNDLE_TARGET_BYTES, BUNDLE_VARIANTS, detailedFunctions } from './bundle-size.ts';
import type { CitySection } from './city-suite.ts';
import type { ConsoleBundleSection } from './console-size.ts';
import type { CpuUsage } from './cpu-usage.ts';
import type { EarlierRun } from './earlier-run.ts';
import type { Environment } from './environment.ts';
import type { GridScaleResult } from './grid-scale.ts';
import type { LoadResult } from './http-load.ts';
import {
  INIT_TARGET_OSM_P50_MS,
  INIT_TARGET_P50_MS,
  INIT_VARIANTS,
  type InitResult,
  type InitVariantId,
} from './init-time.ts';
import type { MenusSection } from './menu-fan-out.ts';
import type { RoutesSection } from './route-latency.ts';
import type { ServiceOrderBenchResult } from './service-orders.ts';
import type { StackResources } from './stack-resources.ts';
import type { SubtreeStatsResult } from './subtree-stats.ts';

export const HTTP_TARGET = { p50Ms: 8, p99Ms: 20 } as const;

export type Verdict = 'pass' | 'miss';

/** Share of the machine other processes may take during the init measure before it counts as contended. */
export const CONTENDED_SHARE = 0.15;
/** Share of the functions that must agree before the SDK comparison names a faster variant. */
export const CLEAR_MAJORITY = 0.75;

/**
 * The two groups of the targets, decided per function from the deployed metafile: a function
 * whose output holds any byte of opening_hours is in the second one.
 */
export type InitGroup = 'without opening_hours' | 'with opening_hours';

export const groupOf = (bundlesOpeningHours: boolean): InitGroup =>
  bundlesOpeningHours ? 'with opening_hours' : 'without opening_hours';

export const initTargetOf = (group: InitGroup): number =>
  group === 'with opening_hours' ? INIT_TARGET_OSM_P50_MS : INIT_TARGET_P50_MS;

interface Sizes {
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly mapBytes: number | null;
}

export interface BundleSection {
  readonly build: BundleRun['build'];
  /** Functions whose composition is kept in full; the others keep a summary (top packages). */
  readonly detailed: readonly string[];
  /** Manifest entries not measured (by measures 1 and 2). */
  readonly skipped: readonly SkippedFunction[];
  readonly target: {
    readonly rawBytes: number;
    /** The size target applies to this group; every read function must be in it. */
    readonly group: InitGroup;
  };
  readonly variants: readonly { readonly id: string; readonly description: string }[];
  readonly gzipNote: string;
  readonly functions: readonly {
    readonly id: string;
    readonly entry: string;
    readonly trigger: BundledFunction['trigger'];
    readonly routes: readonly string[];
    readonly read: boolean;
    readonly group: InitGroup;
    readonly openingHoursBytes: number;
    readonly h3Bytes: number;
    readonly deployed: Sizes;
    readonly sdkBundled: Sizes & { readonly sdkBytes: number };
    readonly naive: { readonly rawBytes: number; readonly gzipBytes: number };
    /** Size against the target; null for the opening_hours group (no size target). */
    readonly verdict: Verdict | null;
    readonly composition: Composition;
    readonly naiveTopPackages: readonly { readonly name: string; readonly bytes: number }[];
  }[];
  /** Each HTTP route bundled alone with the deployed options: the shape before the regrouping. */
  readonly perRoute: readonly {
    readonly id: string;
    readonly functionId: string;
    readonly route: string;
    readonly entry: string;
    readonly rawBytes: number;
    readonly gzipBytes: number;
    readonly openingHoursBytes: number;
    readonly h3Bytes: number;
  }[];
}

export interface InitSection {
  /** The machine's CPU over the whole init measure (other processes compete with the runs). */
  readonly cpu?: CpuUsage | null;
  readonly skipped: readonly SkippedFunction[];
  readonly target: { readonly p50Ms: number; readonly openingHoursP50Ms: number };
  readonly runsPerBundle: number;
  readonly method: string;
  readonly variants: Readonly<Record<string, string>>;
  /** An empty module in the same rounds: Node's own bootstrap. */
  readonly nodeOnly: InitResult | null;
  readonly functions: readonly {
    readonly id: string;
    readonly group: InitGroup;
    readonly read: boolean;
    readonly deployed: InitResult;
    readonly sdkBundled?: InitResult;
    /** Only for the sample of functions. */
    readonly deployedWithoutSourceMaps?: InitResult;
    /** Only for the sample of functions. */
    readonly naive?: InitResult;
    /** HTTP functions of several routes: their largest route bundled alone. */
    readonly heaviestRoute?: InitResult;
    readonly targetP50Ms: number;
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

export interface StackSection extends StackResources {
  /** IAM roles of the district stack before the regrouping (one function per route). */
  readonly rolesBefore: number;
  readonly verdict: { readonly budget: Verdict; readonly limit: Verdict };
}

export interface BenchResults {
  readonly schemaVersion: 2;
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
  /** Measure 6: the CloudFormation resources and IAM roles of a district stack. */
  readonly stackResources?: StackSection;
  /** Measure 8: the console's script and stylesheet, raw and gzipped. */
  readonly consoleBundle?: ConsoleBundleSection;
  /** The suite at city size (issue 12): import, grid, service orders, cost (bench/city-suite.ts). */
  readonly city?: CitySection;
  /** POST /bookings spread and under contention, against a naive read-then-write (bench/bookings.ts). */
  readonly bookings?: BookingsSection;
  /** One menu pushed to every center of a district through the local queues (bench/menu-fan-out.ts). */
  readonly menus?: MenusSection;
  /** Figure 3: three routes at a fixed rate against the bare DynamoDB call (bench/route-latency.ts). */
  readonly routes?: RoutesSection;
  /** Measure 10: `GET /centers/{district}/stats` at 7,000 centers, next to the naive sum (bench/subtree-stats.ts). */
  readonly subtreeStats?: SubtreeStatsResult;
  /** What each step of the slimming saved: from this run where it can be measured, else against the earlier run. */
  readonly steps?: Steps;
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

const sizesOf = (file: { rawBytes: number; gzipBytes: number; mapBytes: number | null }): Sizes => ({
  rawBytes: file.rawBytes,
  gzipBytes: file.gzipBytes,
  mapBytes: file.mapBytes,
});

export const bundleSection = (
  bundled: readonly BundledFunction[],
  routes: readonly RouteBundle[],
  skipped: readonly SkippedFunction[],
  buildInfo: BundleRun['build'],
): BundleSection => {
  const detailed = detailedFunctions(bundled);
  return {
    build: buildInfo,
    detailed,
    skipped,
    target: { rawBytes: BUNDLE_TARGET_BYTES, group: 'without opening_hours' },
    variants: [
      ...BUNDLE_VARIANTS.map(({ id, description }) => ({ id, description })),
      {
        id: 'per-route',
        description:
          "each route of an HTTP function bundled alone with the deployed options (an entry generated for that one route, as `writeHttpEntries` would for a function of one route): the shape before the regrouping, on today's code",
      },
    ],
    gzipNote: 'gzip level 9 of the output file alone (no source map)',
    functions: bundled.map((fn) => {
      const group = groupOf(fn.bundlesOpeningHours);
      return {
        id: fn.id,
        entry: fn.entry,
        trigger: fn.trigger,
        routes: fn.routes,
        read: fn.read,
        group,
        openingHoursBytes: fn.openingHoursBytes,
        h3Bytes: fn.h3Bytes,
        deployed: sizesOf(fn.bundles.deployed),
        sdkBundled: { ...sizesOf(fn.bundles['sdk-bundled']), sdkBytes: fn.sdkBundledSdkBytes },
        naive: { rawBytes: fn.bundles.naive.rawBytes, gzipBytes: fn.bundles.naive.gzipBytes },
        verdict:
          group === 'without opening_hours'
            ? verdict(fn.bundles.deployed.rawBytes <= BUNDLE_TARGET_BYTES)
            : null,
        composition: detailed.includes(fn.id) ? fn.composition : summaryOfComposition(fn.composition),
        naiveTopPackages: fn.naiveComposition.packages
          .slice(0, 8)
          .map(({ name, bytes }) => ({ name, bytes })),
      };
    }),
    perRoute: routes.map((route) => ({
      id: route.id,
      functionId: route.functionId,
      route: route.route,
      entry: route.routeEntry,
      rawBytes: route.file.rawBytes,
      gzipBytes: route.file.gzipBytes,
      openingHoursBytes: route.openingHoursBytes,
      h3Bytes: route.h3Bytes,
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
  bundled: readonly BundledFunction[],
  runs: number,
  skipped: readonly SkippedFunction[],
): InitSection => {
  const find = (id: string, variant: InitVariantId) =>
    results.find((r) => r.functionId === id && r.variant === variant);
  return {
    skipped,
    target: { p50Ms: INIT_TARGET_P50_MS, openingHoursP50Ms: INIT_TARGET_OSM_P50_MS },
    runsPerBundle: runs,
    method:
      'A fresh `node` process per run (the project-pinned Node) with Lambda-like env vars (dummy values; AWS_EXECUTION_ENV and friends so that Powertools behaves as in Lambda) runs a 10-line runner that does `await import(bundle)` from a temporary directory outside the repository; the measure is performance.now() right after the import, i.e. milliseconds since the process started (Node bootstrap included). Bundles and variants are interleaved round by round, one process at a time.',
    variants: Object.fromEntries(INIT_VARIANTS.map((v) => [v.id, `${v.description} (${v.scope})`])),
    nodeOnly: find('(node)', 'node-only') ?? null,
    functions: bundled.flatMap((fn) => {
      const deployed = find(fn.id, 'deployed');
      if (deployed === undefined) return [];
      const group = groupOf(fn.bundlesOpeningHours);
      const targetP50Ms = initTargetOf(group);
      const optional = (key: string, variant: InitVariantId) => {
        const result = find(fn.id, variant);
        return result ? { [key]: result } : {};
      };
      return [
        {
          id: fn.id,
          group,
          read: fn.read,
          deployed,
          ...optional('sdkBundled', 'sdk-bundled'),
          ...optional('deployedWithoutSourceMaps', 'deployed-without-source-maps'),
          ...optional('naive', 'naive'),
          ...optional('heaviestRoute', 'heaviest-route'),
          targetP50Ms,
          verdict: verdict(deployed.sinceStart.p50 <= targetP50Ms),
        },
      ];
    }),
  };
};

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round1 = (value: number) => Math.round(value * 10) / 10;

export const stackSection = (counted: StackResources, rolesBefore: number): StackSection => ({
  ...counted,
  rolesBefore,
  verdict: {
    budget: verdict(counted.total <= counted.budget),
    limit: verdict(counted.total <= counted.limit),
  },
});

export const summaryOf = (
  bundle: BundleSection | undefined,
  init: InitSection | undefined,
  http: HttpSection | undefined,
  stack?: StackSection,
): BenchResults['summary'] => {
  const rows: BenchResults['summary'][number][] = [];
  if (bundle) {
    const first = bundle.functions.filter((f) => f.group === 'without opening_hours');
    const passing = first.filter((f) => f.verdict === 'pass');
    const largest = [...first].sort((a, b) => b.deployed.rawBytes - a.deployed.rawBytes)[0];
    rows.push({
      measure: `bundle size, every function without opening_hours (${first.length} of ${bundle.functions.length}; minified ESM, raw)`,
      target: `<= ${kib(bundle.target.rawBytes)}`,
      result: `${passing.length}/${first.length} within; largest ${largest?.id ?? '-'} ${kib(largest?.deployed.rawBytes ?? 0)}${
        first.length > passing.length
          ? `; over: ${first
              .filter((f) => f.verdict === 'miss')
              .map((f) => `${f.id} ${kib(f.deployed.rawBytes)}`)
              .join(', ')}`
          : ''
      }${bundle.skipped.length > 0 ? `; ${bundle.skipped.length} not measured` : ''}`,
      verdict: verdict(passing.length === first.length),
    });
    const reads = bundle.functions.filter((f) => f.read);
    const heavyReads = reads.filter((f) => f.group === 'with opening_hours');
    rows.push({
      measure: `read functions (HTTP, only GET routes: ${reads.map((f) => f.id).join(', ')}) without opening_hours`,
      target: 'all of them',
      result:
        heavyReads.length === 0
          ? `${reads.length}/${reads.length} without`
          : `${reads.length - heavyReads.length}/${reads.length} without; opening_hours in ${heavyReads
              .map((f) => `${f.id} (${kib(f.openingHoursBytes)} of ${kib(f.deployed.rawBytes)})`)
              .join(', ')}`,
      verdict: verdict(heavyReads.length === 0),
    });
  }
  if (init) {
    for (const group of ['without opening_hours', 'with opening_hours'] as const) {
      const members = init.functions.filter((f) => f.group === group);
      if (members.length === 0) continue;
      const passing = members.filter((f) => f.verdict === 'pass').length;
      const p50s = members.map((f) => f.deployed.sinceStart.p50);
      const misses = members.filter((f) => f.verdict === 'miss');
      rows.push({
        measure: `init time p50, functions ${group} (${members.length}; ${init.runsPerBundle} fresh processes each)`,
        target: `<= ${initTargetOf(group)} ms`,
        result: `${passing}/${members.length} within; p50 from ${Math.min(...p50s).toFixed(1)} to ${Math.max(...p50s).toFixed(1)} ms${
          misses.length > 0 && misses.length <= 6
            ? `; over: ${misses.map((f) => `${f.id} ${f.deployed.sinceStart.p50.toFixed(1)}`).join(', ')}`
            : ''
        }${init.skipped.length > 0 ? `; ${init.skipped.length} not measured` : ''}`,
        verdict: verdict(passing === members.length),
      });
    }
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
  if (stack) {
    const result = `${stack.total} (${stack.roles} IAM roles, ${stack.functions} functions)`;
    rows.push({
      measure: `CloudFormation resources of district ${stack.district}`,
      target: `<= ${stack.budget} (the app stack's budget)`,
      result,
      verdict: stack.verdict.budget,
    });
    rows.push({
      measure: `CloudFormation resources of district ${stack.district}`,
      target: `<= ${stack.limit} (CloudFormation's limit)`,
      result,
      verdict: stack.verdict.limit,
    });
  }
  return rows;
};

/** Per bounded context: this run's function next to the per-route functions of the earlier run. */
export interface ContextComparison {
  readonly id: string;
  readonly now: { readonly rawBytes: number; readonly initP50Ms: number | null };
  readonly earlier: readonly {
    readonly id: string;
    readonly rawBytes: number;
    readonly initP50Ms: number | null;
    readonly openingHoursBytes: number;
    readonly tracerBytes: number | null;
  }[];
}

export interface Steps {
  /** Step 1, in this run: the same routes as one function per route. */
  readonly perContext: {
    readonly httpFunctions: number;
    readonly routes: number;
    /** Sum of the deployed outputs: what Lambda stores for the HTTP functions. */
    readonly groupedBytes: number;
    readonly perRouteBytes: number;
    readonly functions: readonly {
      readonly id: string;
      readonly routes: number;
      readonly rawBytes: number;
      readonly heaviestRoute: { readonly id: string; readonly rawBytes: number } | null;
      readonly initP50Ms: number | null;
      readonly heaviestRouteInitP50Ms: number | null;
    }[];
    readonly roles: { readonly now: number; readonly before: number } | null;
  };
  /** Step 2, against the earlier run (the Tracer and the X-Ray SDK are uninstalled). */
  readonly tracer: {
    readonly earlierTracerBytes: {
      readonly min: number;
      readonly median: number;
      readonly max: number;
    } | null;
    /**
     * Functions that neither the regrouping nor opening_hours touched (queue consumers and schedules
     * without opening_hours): their init p50 then and now, across runs.
     */
    readonly untouched: readonly {
      readonly id: string;
      readonly earlierInitP50Ms: number | null;
      readonly nowInitP50Ms: number | null;
      readonly earlierRawBytes: number;
      readonly nowRawBytes: number;
    }[];
  } | null;
  /** Step 3: opening_hours and h3-js in the read functions, now and in the earlier run. */
  readonly readPath: readonly {
    readonly id: string;
    readonly rawBytes: number;
    readonly openingHoursBytes: number;
    readonly h3Bytes: number;
    readonly withoutBoth: number | null;
    readonly earlier: readonly {
      readonly id: string;
      readonly rawBytes: number;
      readonly openingHoursBytes: number;
    }[];
  }[];
  /** Step 4, in this run: the AWS SDK v3 left to the runtime (deployed) or bundled. */
  readonly sdk: {
    readonly functions: readonly {
      readonly id: string;
      readonly external: {
        readonly rawBytes: number;
        readonly gzipBytes: number;
        readonly initP50Ms: number | null;
      };
      readonly bundled: {
        readonly rawBytes: number;
        readonly gzipBytes: number;
        readonly sdkBytes: number;
        readonly initP50Ms: number | null;
      };
      /**
       * Median over the rounds of (bundled - external) init, ms; the two run one after the other in
       * each round, so a slow moment of the machine hits both. Negative: bundling is faster.
       */
      readonly initDeltaMs: number | null;
      /** The same for the CPU time of the process at the end of the import. */
      readonly cpuDeltaMs: number | null;
    }[];
    readonly fasterBundled: number;
    readonly fasterExternal: number;
    /** Median of the functions' `initDeltaMs` (or `cpuDeltaMs`, see `basis`). */
    readonly medianDeltaMs: number | null;
    readonly medianCpuDeltaMs: number | null;
    /**
     * What `faster` is decided on: the init time, or the CPU time when other processes took more
     * than CONTENDED_SHARE of the machine during the measure (then waiting inflates init times).
     */
    readonly basis: 'init time' | 'CPU time';
    /** `no clear difference` unless at least CLEAR_MAJORITY of the functions agree. */
    readonly faster: 'bundled' | 'external' | 'no clear difference' | 'unknown';
  };
  /** Other processes took more than CONTENDED_SHARE of the machine during the init measure. */
  readonly initContended: boolean;
  readonly byContext: readonly ContextComparison[];
  readonly earlierRun: Omit<EarlierRun, 'functions'> | null;
  readonly earlierRunMissing?: string;
}

const fasterOf = (deltas: readonly number[]): Steps['sdk']['faster'] => {
  if (deltas.length === 0) return 'unknown';
  const bundled = deltas.filter((d) => d < 0).length;
  const external = deltas.filter((d) => d > 0).length;
  if (bundled >= CLEAR_MAJORITY * deltas.length) return 'bundled';
  if (external >= CLEAR_MAJORITY * deltas.length) return 'external';
  return 'no clear difference';
};

export const stepsOf = (
  bundle: BundleSection,
  init: InitSection | undefined,
  earlier: EarlierRun | null,
  stack: StackSection | undefined,
  rolesBefore: number,
): Steps => {
  const initOf = (id: string) => init?.functions.find((f) => f.id === id);
  const http = bundle.functions.filter((f) => f.trigger === 'http');
  const routesOf = (id: string) => bundle.perRoute.filter((r) => r.functionId === id);
  const earlierByEntry = new Map((earlier?.functions ?? []).map((f) => [f.entry, f]));
  const entriesOf = (fn: BundleSection['functions'][number]) =>
    fn.trigger === 'http' ? routesOf(fn.id).map((r) => r.entry) : [fn.entry];
  const earlierOf = (fn: BundleSection['functions'][number]) =>
    entriesOf(fn).flatMap((entry) => {
      const found = earlierByEntry.get(entry);
      return found ? [found] : [];
    });

  const sdkRows = bundle.functions.map((fn) => {
    const measured = initOf(fn.id);
    const external = measured?.deployed.sinceStart.p50 ?? null;
    const bundled = measured?.sdkBundled?.sinceStart.p50 ?? null;
    const pairedOf = (pick: (result: InitResult) => readonly number[]) =>
      measured?.sdkBundled === undefined
        ? []
        : pick(measured.sdkBundled).flatMap((sample, round) => {
            const other = pick(measured.deployed)[round];
            return other === undefined ? [] : [sample - other];
          });
    const paired = pairedOf((r) => r.samples);
    const pairedCpu = pairedOf((r) => r.cpuSamples ?? []);
    return {
      id: fn.id,
      external: { rawBytes: fn.deployed.rawBytes, gzipBytes: fn.deployed.gzipBytes, initP50Ms: external },
      bundled: {
        rawBytes: fn.sdkBundled.rawBytes,
        gzipBytes: fn.sdkBundled.gzipBytes,
        sdkBytes: fn.sdkBundled.sdkBytes,
        initP50Ms: bundled,
      },
      initDeltaMs: paired.length === 0 ? null : round1(median(paired)),
      cpuDeltaMs: pairedCpu.length === 0 ? null : round1(median(pairedCpu)),
    };
  });
  const contended = (init?.cpu?.others ?? 0) > CONTENDED_SHARE;
  const wallDeltas = sdkRows.flatMap((r) => (r.initDeltaMs === null ? [] : [r.initDeltaMs]));
  const cpuDeltas = sdkRows.flatMap((r) => (r.cpuDeltaMs === null ? [] : [r.cpuDeltaMs]));
  const basis = contended && cpuDeltas.length > 0 ? ('CPU time' as const) : ('init time' as const);
  const deltas = basis === 'CPU time' ? cpuDeltas : wallDeltas;

  const tracerBytes = (earlier?.functions ?? []).flatMap((f) =>
    f.tracerBytes === null ? [] : [f.tracerBytes],
  );
  return {
    perContext: {
      httpFunctions: http.length,
      routes: bundle.perRoute.length,
      groupedBytes: http.reduce((sum, f) => sum + f.deployed.rawBytes, 0),
      perRouteBytes: bundle.perRoute.reduce((sum, r) => sum + r.rawBytes, 0),
      functions: http.map((fn) => {
        const own = routesOf(fn.id);
        const heaviest = own.length === 0 ? null : own.reduce((a, b) => (b.rawBytes > a.rawBytes ? b : a));
        return {
          id: fn.id,
          routes: own.length,
          rawBytes: fn.deployed.rawBytes,
          heaviestRoute: heaviest === null ? null : { id: heaviest.id, rawBytes: heaviest.rawBytes },
          initP50Ms: initOf(fn.id)?.deployed.sinceStart.p50 ?? null,
          heaviestRouteInitP50Ms: initOf(fn.id)?.heaviestRoute?.sinceStart.p50 ?? null,
        };
      }),
      roles: stack ? { now: stack.roles, before: rolesBefore } : null,
    },
    tracer:
      earlier === null
        ? null
        : {
            earlierTracerBytes:
              tracerBytes.length === 0
                ? null
                : {
                    min: Math.min(...tracerBytes),
                    median: median(tracerBytes),
                    max: Math.max(...tracerBytes),
                  },
            untouched: bundle.functions
              .filter((fn) => fn.trigger !== 'http' && fn.group === 'without opening_hours')
              .flatMap((fn) => {
                const then = earlierByEntry.get(fn.entry);
                if (then === undefined || then.openingHoursBytes > 0) return [];
                return [
                  {
                    id: fn.id,
                    earlierInitP50Ms: then.initP50Ms,
                    nowInitP50Ms: initOf(fn.id)?.deployed.sinceStart.p50 ?? null,
                    earlierRawBytes: then.rawBytes,
                    nowRawBytes: fn.deployed.rawBytes,
                  },
                ];
              }),
          },
    readPath: bundle.functions
      .filter((fn) => fn.read)
      .map((fn) => {
        const scenario = fn.composition.scenarios[1];
        return {
          id: fn.id,
          rawBytes: fn.deployed.rawBytes,
          openingHoursBytes: fn.openingHoursBytes,
          h3Bytes: fn.h3Bytes,
          withoutBoth:
            scenario === undefined
              ? null
              : fn.deployed.rawBytes - (fn.composition.moduleBytes - scenario.remainingBytes),
          earlier: earlierOf(fn).map((f) => ({
            id: f.id,
            rawBytes: f.rawBytes,
            openingHoursBytes: f.openingHoursBytes,
          })),
        };
      }),
    sdk: {
      functions: sdkRows,
      fasterBundled: deltas.filter((d) => d < 0).length,
      fasterExternal: deltas.filter((d) => d > 0).length,
      medianDeltaMs: wallDeltas.length === 0 ? null : round1(median(wallDeltas)),
      medianCpuDeltaMs: cpuDeltas.length === 0 ? null : round1(median(cpuDeltas)),
      basis,
      faster: fasterOf(deltas),
    },
    initContended: contended,
    byContext: bundle.functions.map((fn) => ({
      id: fn.id,
      now: { rawBytes: fn.deployed.rawBytes, initP50Ms: initOf(fn.id)?.deployed.sinceStart.p50 ?? null },
      earlier: earlierOf(fn).map((f) => ({
        id: f.id,
        rawBytes: f.rawBytes,
        initP50Ms: f.initP50Ms,
        openingHoursBytes: f.openingHoursBytes,
        tracerBytes: f.tracerBytes,
      })),
    })),
    earlierRun: earlier === null ? null : (({ functions: _functions, ...rest }) => rest)(earlier),
  };
};
