/**
 * The grid build at scale: for each network size, a fresh in-memory DynamoDB Local (through
 * startLocalPlatform: no seed, no pollers, no timers), a synthetic district network written with
 * BatchWriteItem (not measured), then two scheduled builds, each in a process of its own
 * (bench/grid-build-child.ts) so its peak RSS is the build's: the first tick of the day, then a
 * later tick of the same day. No targets: the numbers are reported plainly.
 *
 *   npx tsx bench/grid-scale.ts 700,7000      # standalone, prints JSON
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { quietLog } from '../infra/local/log.ts';
import { projectRoot } from '../infra/local/manifest-source.ts';
import { startLocalPlatform } from '../infra/local/platform.ts';
import { tables } from '../infra/resources.ts';
import { batchWrite, networkItems, syntheticNetwork } from './grid-network.ts';

export const GRID_SIZES = [700, 7_000, 70_000] as const;

/** The measured day: Monday 2026-03-16, 00:00 in Asia/Shanghai (a working day, no holiday). */
export const GRID_DAY = Date.parse('2026-03-16T00:00:00+08:00');
/** The two ticks: the first of the day, and 10:30 the same day. */
export const GRID_TICKS = [
  { name: 'first tick of the day', at: GRID_DAY },
  { name: 'later tick (10:30)', at: GRID_DAY + 10.5 * 3_600_000 },
] as const;

export interface GridBuildRun {
  readonly tick: string;
  readonly at: string;
  readonly durationMs: number;
  /** Wall time of the child process, imports and exit included. */
  readonly processMs: number;
  readonly dynamodbRequests: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly parts: number;
  readonly bytes: number;
  readonly compressedBytes: number;
  readonly history: { readonly tickItems: number; readonly dayUpdates: number } | null;
  readonly counts: unknown;
  readonly memory: {
    readonly baselineRssMB: number;
    readonly baselineHeapUsedMB: number;
    readonly peakRssMB: number;
    readonly sampledPeakRssMB: number;
    readonly sampledPeakHeapUsedMB: number;
  };
}

export interface GridScaleRun {
  readonly centers: number;
  readonly streets: number;
  readonly closures: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly seed: { readonly items: number; readonly requests: number; readonly seconds: number };
  readonly platformStartSeconds: number;
  readonly builds: readonly GridBuildRun[];
  readonly totalSeconds: number;
}

export interface GridScaleResult {
  readonly method: string;
  readonly day: string;
  readonly hoursMix: Readonly<Record<string, number>>;
  readonly sizes: readonly GridScaleRun[];
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function runChild(
  node: string,
  env: Record<string, string>,
  at: number,
): Promise<{ out: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      node,
      [
        ...(process.env.PMSC_BENCH_CPU_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PMSC_BENCH_CPU_PROF}`]
          : []),
        '--import',
        'tsx',
        join(projectRoot, 'bench/grid-build-child.ts'),
        String(at),
        'scheduled',
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve({ out, ms: performance.now() - started });
      else reject(new Error(`grid build child exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

export async function measureGridScale(options: {
  readonly node: string;
  readonly sizes?: readonly number[];
  readonly log?: (message: string) => void;
}): Promise<GridScaleResult> {
  const log = options.log ?? (() => undefined);
  const sizes: GridScaleRun[] = [];
  let hoursMix: Record<string, number> = {};
  for (const total of options.sizes ?? GRID_SIZES) {
    const began = performance.now();
    const network = syntheticNetwork(total, GRID_DAY);
    if (total === Math.max(...(options.sizes ?? GRID_SIZES))) hoursMix = { ...network.hoursMix };
    const platform = await startLocalPlatform({
      port: 0,
      prefix: `g${randomBytes(4).toString('hex')}`,
      seed: false,
      pollers: false,
      timers: false,
      log: quietLog,
    });
    const platformStartSeconds = (performance.now() - began) / 1000;
    try {
      const items = networkItems(network);
      const seedStart = performance.now();
      const written = await batchWrite(
        { endpoint: platform.endpoints.dynamodb, table: platform.env[tables.main.envVar]!, concurrency: 16 },
        items,
      );
      const seedSeconds = (performance.now() - seedStart) / 1000;
      log(
        `   ${total} centers (${network.streets} streets, ${network.closures.length} closures): seeded ${items.length} items in ${seedSeconds.toFixed(1)} s (${written.requests} BatchWriteItem)`,
      );
      const builds: GridBuildRun[] = [];
      for (const tick of GRID_TICKS) {
        const { out, ms } = await runChild(options.node, { ...platform.env }, tick.at);
        const line = out.trim().split('\n').at(-1)!;
        const parsed = JSON.parse(line) as {
          build: {
            durationMs: number;
            dynamodbRequests: number;
            byOperation: Record<string, number>;
            parts: number;
            bytes: number;
            compressedBytes: number;
          };
          header: { counts: unknown };
          history: GridBuildRun['history'];
          memory: GridBuildRun['memory'];
        };
        const run: GridBuildRun = {
          tick: tick.name,
          at: new Date(tick.at).toISOString(),
          durationMs: parsed.build.durationMs,
          processMs: Math.round(ms),
          dynamodbRequests: parsed.build.dynamodbRequests,
          byOperation: parsed.build.byOperation,
          parts: parsed.build.parts,
          bytes: parsed.build.bytes,
          compressedBytes: parsed.build.compressedBytes,
          history: parsed.history,
          counts: parsed.header.counts,
          memory: Object.fromEntries(
            Object.entries(parsed.memory).map(([k, v]) => [k, round(v)]),
          ) as GridBuildRun['memory'],
        };
        builds.push(run);
        log(
          `   ${total} centers, ${tick.name}: ${run.durationMs} ms, ${run.dynamodbRequests} requests, peak RSS ${run.memory.peakRssMB} MB, ${run.parts} parts ${(run.compressedBytes / 1024).toFixed(0)} KiB`,
        );
      }
      sizes.push({
        centers: total,
        streets: network.streets,
        closures: network.closures.length,
        statuses: network.statuses,
        seed: { items: items.length, requests: written.requests, seconds: round(seedSeconds) },
        platformStartSeconds: round(platformStartSeconds),
        builds,
        totalSeconds: 0,
      });
    } finally {
      await platform.stop();
    }
    const last = sizes.at(-1);
    if (last) sizes[sizes.length - 1] = { ...last, totalSeconds: round((performance.now() - began) / 1000) };
  }
  return {
    method:
      'Per size: a fresh in-memory DynamoDB Local (startLocalPlatform, no seed, pollers and timers off); a synthetic district (1 district root, streets of about 30 communities, coordinates spread over a Baoshan-sized area around 31.40, 121.45 with a fixed seed, weighted opening hours with PH rules, 2.5 % suspended or closed, about 3 % with a temporary closure around the day) written with BatchWriteItem, 25 items a request, 16 in flight (not measured). Then buildGrid({ kind: "scheduled" }) for the first tick of the day and for a later tick, each in a fresh child process (node --import tsx bench/grid-build-child.ts) with the platform env. Build ms and requests come from the build stats; peak RSS is process.resourceUsage().maxRSS of the child at the end (imports included; the baseline after imports is listed beside it); heapUsed is sampled every 10 ms (a lower bound).',
    day: new Date(GRID_DAY).toISOString(),
    hoursMix,
    sizes,
  };
}

/** Markdown for RESULTS.md. */
export function renderGridScaleMarkdown(result: GridScaleResult): string {
  const rows: string[] = [];
  for (const size of result.sizes) {
    for (const build of size.builds) {
      rows.push(
        `| ${size.centers.toLocaleString('en-US')} | ${build.tick} | ${build.durationMs} | ${build.dynamodbRequests} | ${Object.entries(
          build.byOperation,
        )
          .map(([op, n]) => `${op} ${n}`)
          .join(
            ', ',
          )} | ${build.memory.peakRssMB} | ${build.memory.baselineRssMB} | ${build.memory.sampledPeakHeapUsedMB} | ${build.parts} | ${(build.compressedBytes / 1024).toFixed(1)} | ${(build.bytes / 1024).toFixed(0)} |`,
      );
    }
  }
  return [
    result.method,
    '',
    `Day measured: ${result.day} (00:00 Asia/Shanghai). No targets: reported as measured.`,
    '',
    '| centers | tick | build ms | requests | by operation | peak RSS MB | RSS after imports MB | heapUsed peak MB (sampled) | parts | compressed KiB | JSON KiB |',
    '|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    '| centers | streets | closures | suspended / closed | seeded items | seed s | BatchWriteItem | DynamoDB Local start s | size total s |',
    '|---:|---:|---:|---|---:|---:|---:|---:|---:|',
    ...result.sizes.map(
      (s) =>
        `| ${s.centers.toLocaleString('en-US')} | ${s.streets} | ${s.closures} | ${s.statuses.suspended ?? 0} / ${s.statuses.closed ?? 0} | ${s.seed.items} | ${s.seed.seconds} | ${s.seed.requests} | ${s.platformStartSeconds} | ${s.totalSeconds} |`,
    ),
  ].join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { projectNode } = await import('./environment.ts');
  const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : undefined;
  const result = await measureGridScale({
    node: projectNode(projectRoot),
    ...(sizes ? { sizes } : {}),
    log: (m) => console.log(m),
  });
  console.log(JSON.stringify(result, null, 2));
  console.log(renderGridScaleMarkdown(result));
}
