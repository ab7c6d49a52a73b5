/**
 * Figure 3 of the city suite (issue 12): `GET /centers/{id}`, `GET /centers?near=&openNow=` and
 * `POST /bookings` at a fixed rate (200 req/s), each next to the bare DynamoDB call: the same
 * requests the route's handler makes, made directly through the store with the SDK from the load
 * process, with no HTTP, JWT, middleware or handler, under the same schedule. Windows alternate
 * (route, bare, then bare, route, ...) so a slow moment of the machine falls on both.
 *
 *   npm run bench -- --only routes                    # 200 req/s, 3 rounds of 15 s windows
 *   npx tsx bench/route-latency.ts --rate 50 --seconds 3 --rounds 1 --warmup-requests 100
 *
 * The platform runs in a child process (bench/platform-server.ts: in memory, seeded, pollers and
 * timers off), so the load does not share its event loop; this process sets the platform's env
 * and calls the stores itself for the bare variant, so `npm run bench` runs this file in a
 * process of its own (`--json`). Bookings are sign-ups for one of `classes` classes of the
 * district center, each by a resident of its own, so neither seats nor per-resident limits
 * refuse one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_NETWORK } from '../infra/local/demo-network.ts';
import { applyEnv } from '../infra/local/env.ts';
import { projectRoot } from '../infra/local/manifest-source.ts';
import type { LocalEndpoints } from '../infra/local/platform.ts';
import { instantOf, isoInZone, wallClock } from '../shared/domain/zoned-time.ts';
import { startBenchServer } from './bench-server.ts';
import { measureInChild } from './child-measure.ts';
import { type Fired, type FixedRateResult, httpClient, runClosedLoop, runFixedRate } from './fixed-rate.ts';
import type { BenchResults } from './results.ts';
import { type Summary, summarize } from './stats.ts';

export const ROUTE_TARGET = { p50Ms: 8, p99Ms: 20, handlerOverBare: 1.3 } as const;

export interface RouteLatencySizes {
  readonly rate: number;
  readonly leadInSeconds: number;
  readonly seconds: number;
  /** Each round measures the route and the bare call once, in alternating order. */
  readonly rounds: number;
  /** Closed-loop calls (4 in flight) of each variant before its first window. */
  readonly warmupRequests: number;
  readonly classes: number;
}

export const FULL_ROUTES: RouteLatencySizes = {
  rate: 200,
  leadInSeconds: 3,
  seconds: 15,
  rounds: 3,
  warmupRequests: 1000,
  classes: 20,
};

/** What `npm test` runs: the code paths, not the numbers. */
export const SMOKE_ROUTES: RouteLatencySizes = {
  rate: 20,
  leadInSeconds: 0.2,
  seconds: 0.5,
  rounds: 1,
  warmupRequests: 8,
  classes: 2,
};

export type RouteName = 'GET /centers/{id}' | 'GET /centers?near=&openNow=' | 'POST /bookings';

interface Variant {
  /** Every window of the variant pooled. */
  readonly latency: Summary;
  readonly sent: number;
  readonly errors: number;
  readonly errorKinds: Readonly<Record<string, number>>;
  /** Calls per second it completed in the closed-loop warm-up, 4 in flight: about what it sustains. */
  readonly closedLoopPerSecond: number;
  readonly windows: readonly (Omit<FixedRateResult, 'cpu'> & { readonly othersCpu: number | null })[];
}

export interface RouteLatency {
  readonly route: RouteName;
  /** What the bare variant calls, and what the handler does beyond it. */
  readonly bare: string;
  readonly handler: Variant;
  readonly bareCall: Variant;
  /** Handler over bare, p50 and p99 of the pooled windows. */
  readonly ratio: { readonly p50: number; readonly p99: number };
  readonly verdict: { readonly p50: boolean; readonly p99: boolean; readonly ratio: boolean };
}

export interface RouteLatencyResult {
  readonly sizes: RouteLatencySizes;
  readonly target: typeof ROUTE_TARGET;
  readonly routes: readonly RouteLatency[];
}

const TZ = 'Asia/Shanghai';
const TIMEOUT_MS = 10_000;

export async function measureRouteLatency(
  sizes: RouteLatencySizes,
  log: (message: string) => void = () => undefined,
  /** DynamoDB Local and SQS already running (the test tier's); the platform starts its own otherwise. */
  endpoints?: LocalEndpoints,
): Promise<RouteLatencyResult> {
  const keysDir = mkdtempSync(join(tmpdir(), 'pmsc-fig3-'));
  const server = await startBenchServer(projectRoot, process.execPath, {
    keysDir,
    ...(endpoints ? { shared: { endpoints, prefix: `fig${randomBytes(3).toString('hex')}` } } : {}),
  });
  const http = httpClient(server.deployed.baseUrl);
  try {
    // the stores of this process reach the same DynamoDB Local and tables as the platform
    applyEnv(server.env);
    const { requireCenter, listInCells } = await import('../shared/store/centers.ts');
    const { openingContext } = await import('../shared/store/opening-context.ts');
    const { bookOccurrence } = await import('../shared/store/booking-flow.ts');
    const { CreateBookingSchema } = await import('../shared/domain/booking.ts');
    const { cellsAround } = await import('../shared/domain/geo.ts');
    const { createLocalIssuer } = await import('../infra/local/issuer.ts');
    const issuer = await createLocalIssuer({ keysDir });
    const resident = server.deployed.token;

    // classes with seats for every booking of the run, a resident token for each of the route's
    const windowCalls = Math.round(sizes.rate * (sizes.leadInSeconds + sizes.seconds));
    const bookingsPerVariant = sizes.warmupRequests + sizes.rounds * windowCalls;
    const seatsPerClass = Math.ceil((2 * bookingsPerVariant) / sizes.classes) + 10;
    const staff = await issuer.mintToken({ role: 'staff', centerId: 'c-baoshan', sub: 'fig3-staff' });
    const date = (() => {
      const d = new Date(`${wallClock(Date.now(), TZ).date}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 3);
      return d.toISOString().slice(0, 10);
    })();
    const at = (minutes: number) => isoInZone(instantOf(date, minutes, TZ), TZ);
    const occurrences: string[] = [];
    for (let c = 0; c < sizes.classes; c++) {
      const response = await fetch(new URL('/centers/c-baoshan/activities', server.deployed.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `fig3 class ${c}`,
          kind: 'party-class',
          start: at(19 * 60),
          end: at(20 * 60),
          seats: seatsPerClass,
          seatShards: 4,
          onHolidays: true,
        }),
      });
      const created = (await response.json()) as { id?: string };
      if (response.status !== 201) throw new Error(`class not created: ${JSON.stringify(created)}`);
      occurrences.push(`${created.id}.${date.replaceAll('-', '')}t1900`);
    }
    log(
      `routes: ${sizes.classes} classes of ${seatsPerClass} seats; minting ${bookingsPerVariant} resident tokens`,
    );
    const tokens: string[] = [];
    for (let i = 0; i < bookingsPerVariant; i++) {
      tokens.push(await issuer.mintToken({ role: 'resident', sub: `fig3-route-${i}`, expiresIn: '2h' }));
    }

    const ids = DEMO_NETWORK.map((c) => c.id);
    const points = DEMO_NETWORK.map((c) => ({ lat: c.lat, lon: c.lon }));
    const ok: Fired = { ok: true };
    const failed = (error: unknown): Fired => ({
      ok: false,
      kind: error instanceof Error ? error.name : String(error),
    });
    const counter = () => {
      let n = 0;
      return () => n++;
    };
    const routes: {
      route: RouteName;
      bare: string;
      handler: () => () => Promise<Fired>;
      bareCall: () => () => Promise<Fired>;
    }[] = [
      {
        route: 'GET /centers/{id}',
        bare: 'requireCenter(id): one GetItem. The handler adds the HTTP hop, the JWT check, the API Gateway event, middy and Powertools, the role check and the JSON answer.',
        handler: () => {
          const next = counter();
          return () => http.send('GET', `/centers/${ids[next() % ids.length]}`, resident);
        },
        bareCall: () => {
          const next = counter();
          return () => requireCenter(ids[next() % ids.length]!).then(() => ok, failed);
        },
      },
      {
        route: 'GET /centers?near=&openNow=',
        bare: 'listInCells(cellsAround(point)) and openingContext(now): nine Queries of the geo index, the calendar read and the Query of closures, in parallel. The handler adds the HTTP hop, the JWT check, the event, middy and Powertools, the query parsing, the distance filter, the opening-status evaluation of every center found, and the JSON answer.',
        handler: () => {
          const next = counter();
          return () => {
            const p = points[next() % points.length]!;
            return http.send('GET', `/centers?near=${p.lat},${p.lon}&openNow=true`, resident);
          };
        },
        bareCall: () => {
          const next = counter();
          return () => {
            const p = points[next() % points.length]!;
            return Promise.all([listInCells(cellsAround(p)), openingContext(Date.now())]).then(
              () => ok,
              failed,
            );
          };
        },
      },
      {
        route: 'POST /bookings',
        bare: 'bookOccurrence(...) of shared/store/booking-flow.ts, the store flow the handler calls: three GetItem (occurrence, activity, center) and one TransactWriteItems (booking, seat shard, resident limits, time cells); its domain checks between them are pure. The handler adds the HTTP hop, the JWT check, the event, middy and Powertools, body parsing, and the notification it queues to SQS (SendMessageBatch) for every confirmed booking.',
        handler: () => {
          const next = counter();
          return () => {
            const i = next();
            return http.send('POST', '/bookings', tokens[i % tokens.length]!, {
              occurrenceId: occurrences[i % occurrences.length],
            });
          };
        },
        bareCall: () => {
          const next = counter();
          return () => {
            const i = next();
            const sub = `fig3-bare-${i}`;
            const body = CreateBookingSchema.parse({ occurrenceId: occurrences[i % occurrences.length] });
            if (!('occurrenceId' in body)) throw new Error('an occurrence booking parsed as a room booking');
            return bookOccurrence(
              { sub, partyMember: false, by: `resident ${sub}` },
              body,
              undefined,
              Date.now(),
            ).then(() => ok, failed);
          };
        },
      },
    ];

    const measured: RouteLatency[] = [];
    for (const spec of routes) {
      const fires = { handler: spec.handler(), bareCall: spec.bareCall() };
      const closed = {
        handler: await runClosedLoop(sizes.warmupRequests, 4, fires.handler),
        bareCall: await runClosedLoop(sizes.warmupRequests, 4, fires.bareCall),
      };
      log(
        `routes: ${spec.route}: warm-up ${closed.handler.callsPerSecond}/s through the route, ${closed.bareCall.callsPerSecond}/s bare (4 in flight)`,
      );
      const windows: Record<'handler' | 'bareCall', Awaited<ReturnType<typeof runFixedRate>>[]> = {
        handler: [],
        bareCall: [],
      };
      for (let round = 0; round < sizes.rounds; round++) {
        const order =
          round % 2 === 0 ? (['handler', 'bareCall'] as const) : (['bareCall', 'handler'] as const);
        for (const variant of order) {
          const window = await runFixedRate(
            {
              ratePerSecond: sizes.rate,
              leadInSeconds: sizes.leadInSeconds,
              durationSeconds: sizes.seconds,
              timeoutMs: TIMEOUT_MS,
            },
            fires[variant],
          );
          windows[variant].push(window);
          log(
            `routes: ${spec.route} ${variant === 'handler' ? 'route' : 'bare '} round ${round + 1}: p50 ${window.latency.p50} ms, p99 ${window.latency.p99} ms, ${window.errors} errors`,
          );
        }
      }
      const variantOf = (name: 'handler' | 'bareCall'): Variant => {
        const list = windows[name];
        const errorKinds: Record<string, number> = {};
        for (const w of list)
          for (const [kind, n] of Object.entries(w.errorKinds))
            errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
        return {
          latency: summarize(list.flatMap((w) => w.samples)),
          sent: list.reduce((n, w) => n + w.sent, 0),
          errors: list.reduce((n, w) => n + w.errors, 0),
          errorKinds,
          closedLoopPerSecond: closed[name].callsPerSecond,
          windows: list.map(({ samples: _samples, cpu, ...rest }) => ({
            ...rest,
            othersCpu: cpu?.others ?? null,
          })),
        };
      };
      const handler = variantOf('handler');
      const bareCall = variantOf('bareCall');
      const ratio = {
        p50: Math.round((handler.latency.p50 / bareCall.latency.p50) * 100) / 100,
        p99: Math.round((handler.latency.p99 / bareCall.latency.p99) * 100) / 100,
      };
      const clean = handler.errors === 0;
      measured.push({
        route: spec.route,
        bare: spec.bare,
        handler,
        bareCall,
        ratio,
        verdict: {
          p50: clean && handler.latency.p50 <= ROUTE_TARGET.p50Ms,
          p99: clean && handler.latency.p99 <= ROUTE_TARGET.p99Ms,
          ratio: clean && ratio.p50 <= ROUTE_TARGET.handlerOverBare,
        },
      });
    }
    return { sizes, target: ROUTE_TARGET, routes: measured };
  } finally {
    http.destroy();
    await server.stop();
    rmSync(keysDir, { recursive: true, force: true });
  }
}

export interface RoutesSection {
  readonly method: string;
  readonly result: RouteLatencyResult;
}

/** Measure `routes` of `npm run bench`: this file in a process of its own. */
export async function routesSection(node: string, sizes: RouteLatencySizes): Promise<RoutesSection> {
  const result = await measureInChild<RouteLatencyResult>(node, 'bench/route-latency.ts', [
    '--rate',
    String(sizes.rate),
    '--lead-in',
    String(sizes.leadInSeconds),
    '--seconds',
    String(sizes.seconds),
    '--rounds',
    String(sizes.rounds),
    '--warmup-requests',
    String(sizes.warmupRequests),
    '--classes',
    String(sizes.classes),
  ]);
  return {
    method: `bench/route-latency.ts in a process of its own, the platform in a child of it (bench/platform-server.ts: in memory, seeded demo network, pollers and timers off). Per route: a closed-loop warm-up of each variant (4 in flight), then ${sizes.rounds} round(s) of a ${sizes.rate} req/s open-loop window each for the route and for the bare call (${sizes.leadInSeconds} s lead-in, ${sizes.seconds} s measured), in alternating order; latency from each call's scheduled time to its end. The route goes through the local HTTP API with a resident's JWT; the bare call is the store function the handler calls, made from the load process with the same SDK and DynamoDB Local, no HTTP and no handler.`,
    result,
  };
}

export function routesSummary(section: RoutesSection): BenchResults['summary'][number][] {
  const { target, sizes } = section.result;
  return section.result.routes.map((r) => ({
    measure: `${r.route} at ${sizes.rate} req/s, against the bare DynamoDB call`,
    target: `p50 <= ${target.p50Ms} ms, p99 <= ${target.p99Ms} ms, <= ${target.handlerOverBare}x bare`,
    result: `p50 ${r.handler.latency.p50} ms, p99 ${r.handler.latency.p99} ms (${r.handler.errors} errors of ${r.handler.sent}); bare p50 ${r.bareCall.latency.p50} ms, p99 ${r.bareCall.latency.p99} ms; ${r.ratio.p50}x at p50`,
    verdict: r.verdict.p50 && r.verdict.p99 && r.verdict.ratio ? 'pass' : 'miss',
  }));
}

/** Figure 3's part of RESULTS.md. */
export function renderRoutesMarkdown(result: RouteLatencyResult): string {
  const t = result.target;
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const others = (v: Variant) =>
    v.windows.map((w) => (w.othersCpu === null ? '-' : `${(w.othersCpu * 100).toFixed(0)} %`)).join(', ');
  const rows = result.routes.flatMap((r) => [
    `| ${r.route} | route | ${r.handler.latency.p50} | ${r.handler.latency.p90} | ${r.handler.latency.p99} | ${r.handler.latency.max} | ${r.handler.errors} of ${r.handler.sent}${
      r.handler.errors > 0
        ? ` (${Object.entries(r.handler.errorKinds)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')})`
        : ''
    } | ${r.handler.closedLoopPerSecond} | ${others(r.handler)} |`,
    `| | bare | ${r.bareCall.latency.p50} | ${r.bareCall.latency.p90} | ${r.bareCall.latency.p99} | ${r.bareCall.latency.max} | ${r.bareCall.errors} of ${r.bareCall.sent} | ${r.bareCall.closedLoopPerSecond} | ${others(r.bareCall)} |`,
  ]);
  const verdicts = result.routes.map(
    (r) =>
      `- **${r.route}**: p50 ${r.handler.latency.p50} ms (${met(r.verdict.p50)}, target ${t.p50Ms}), p99 ${r.handler.latency.p99} ms (${met(r.verdict.p99)}, target ${t.p99Ms}), ${r.ratio.p50}x the bare call at p50 and ${r.ratio.p99}x at p99 (${met(r.verdict.ratio)}, target ${t.handlerOverBare}x; gap ${(r.handler.latency.p50 - r.bareCall.latency.p50).toFixed(2)} ms at p50). Bare: ${r.bare}`,
  );
  return [
    '| route | variant | p50 ms | p90 ms | p99 ms | max ms | errors | closed loop calls/s | CPU of other processes by window |',
    '|---|---|---:|---:|---:|---:|---|---:|---|',
    ...rows,
    '',
    ...verdicts,
    '',
    'A variant whose closed-loop rate (4 in flight) is below the fixed rate cannot keep up with it: its calls queue and the latencies grow over the window. The route and the bare call share DynamoDB Local (a JVM) and the two cores with the platform process, so the ratio is the figure to compare across machines; see docs/benchmarks.md for what separates them.',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: String(FULL_ROUTES.rate) },
      'lead-in': { type: 'string', default: String(FULL_ROUTES.leadInSeconds) },
      seconds: { type: 'string', default: String(FULL_ROUTES.seconds) },
      rounds: { type: 'string', default: String(FULL_ROUTES.rounds) },
      'warmup-requests': { type: 'string', default: String(FULL_ROUTES.warmupRequests) },
      classes: { type: 'string', default: String(FULL_ROUTES.classes) },
      /** Only the result on stdout, as one JSON line (for bench/run.ts); progress on stderr. */
      json: { type: 'boolean', default: false },
    },
  });
  const result = await measureRouteLatency(
    {
      rate: Number(values.rate),
      leadInSeconds: Number(values['lead-in']),
      seconds: Number(values.seconds),
      rounds: Number(values.rounds),
      warmupRequests: Number(values['warmup-requests']),
      classes: Number(values.classes),
    },
    (message) => console.error(`[bench] ${message}`),
  );
  if (values.json) console.log(JSON.stringify(result));
  else console.log(`${JSON.stringify(result, null, 2)}\n\n${renderRoutesMarkdown(result)}`);
}
