/**
 * The committed results of the run before the regrouping (one function per route, with the
 * Powertools Tracer and the X-Ray SDK, opening_hours on the read path): what this run compares
 * with where a step removed the code it would need to measure it in the same run.
 */
import { execFileSync } from 'node:child_process';

/** The commit whose bench/results.json holds that run. */
export const EARLIER_RUN_COMMIT = '365052c';

export interface EarlierFunction {
  readonly id: string;
  readonly entry: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly initP50Ms: number | null;
  readonly openingHoursBytes: number;
  /** What leaving out the Tracer with the X-Ray SDK took off the modules (its what-if S1 to S2). */
  readonly tracerBytes: number | null;
}

export interface EarlierRun {
  /** The commit the results file was read from. */
  readonly resultsCommit: string;
  /** The commit the run itself measured, as that results file says. */
  readonly measuredCommit: string;
  readonly startedAt: string;
  readonly node: string;
  readonly initRuns: number;
  readonly loadAverage: readonly { readonly at: string; readonly oneMinute: number }[];
  readonly functions: readonly EarlierFunction[];
}

/** The parts of the schema-1 results file this reads. */
interface EarlierFile {
  readonly startedAt: string;
  readonly environment: {
    readonly git: { readonly commit: string };
    readonly node: { readonly version: string };
  };
  readonly loadAverage: EarlierRun['loadAverage'];
  readonly bundleSize: {
    readonly functions: readonly {
      readonly id: string;
      readonly entry: string;
      readonly deployed: { readonly rawBytes: number; readonly gzipBytes: number };
      readonly composition: {
        readonly packages: readonly { readonly name: string; readonly bytes: number }[];
        readonly scenarios: readonly { readonly label: string; readonly remainingBytes: number }[];
      };
    }[];
  };
  readonly initTime: {
    readonly runsPerBundle: number;
    readonly functions: readonly {
      readonly id: string;
      readonly deployed: { readonly sinceStart: { readonly p50: number } };
    }[];
  };
}

/** Reads the earlier run from git; null (with the reason) when the commit is not in this clone. */
export const loadEarlierRun = (projectRoot: string): { run: EarlierRun } | { run: null; reason: string } => {
  let text: string;
  try {
    text = execFileSync('git', ['show', `${EARLIER_RUN_COMMIT}:bench/results.json`], {
      cwd: projectRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    return {
      run: null,
      reason: `git show ${EARLIER_RUN_COMMIT}:bench/results.json failed: ${(error as Error).message}`,
    };
  }
  const file = JSON.parse(text) as EarlierFile;
  const init = new Map(file.initTime.functions.map((f) => [f.id, f.deployed.sinceStart.p50]));
  return {
    run: {
      resultsCommit: EARLIER_RUN_COMMIT,
      measuredCommit: file.environment.git.commit,
      startedAt: file.startedAt,
      node: file.environment.node.version,
      initRuns: file.initTime.runsPerBundle,
      loadAverage: file.loadAverage,
      functions: file.bundleSize.functions.map((fn) => {
        const [withoutHours, withoutTracer] = fn.composition.scenarios;
        return {
          id: fn.id,
          entry: fn.entry,
          rawBytes: fn.deployed.rawBytes,
          gzipBytes: fn.deployed.gzipBytes,
          initP50Ms: init.get(fn.id) ?? null,
          openingHoursBytes: fn.composition.packages.find((p) => p.name === 'opening_hours')?.bytes ?? 0,
          tracerBytes:
            withoutHours !== undefined && withoutTracer !== undefined && /Tracer/.test(withoutTracer.label)
              ? withoutHours.remainingBytes - withoutTracer.remainingBytes
              : null,
        };
      }),
    },
  };
};
