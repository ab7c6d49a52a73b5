/**
 * `GET /centers/{district}/stats` at 7,000 centers: a synthetic district (bench/grid-network.ts)
 * whose communities recorded a month of events, counted into day buckets exactly as the stores
 * count them (`bucketsOf`: the center and every ancestor, upper levels sharded), plus a year of
 * the district's own buckets before that month. Measured through the local runtime's HTTP API
 * (JWT verified on each request, one request at a time): the last 30 days, a whole year, and the
 * 30 days with groupBy=child. Next to it, in the same run, the naive way: no roll-up, the whole
 * subtree read and every community's buckets summed (in this process, without the HTTP hop, which
 * only flatters it). Every answer is checked against the events seeded.
 *
 *   npx tsx bench/subtree-stats.ts                  # 7,000 centers
 *   npx tsx bench/subtree-stats.ts --centers 300    # the smoke run
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { quietLog } from '../infra/local/log.ts';
import { startLocalPlatform } from '../infra/local/platform.ts';
import type { Center } from '../shared/domain/center.ts';
import { COURSE_CATEGORIES } from '../shared/domain/menus.ts';
import {
  bucketsOf,
  COURSE_ORIGINS,
  type Counts,
  countsOf,
  STATS_TIME_ZONE,
  type StatEvent,
  statDay,
  sumCounts,
} from '../shared/domain/stats.ts';
import { instantOf } from '../shared/domain/zoned-time.ts';
import { keys } from '../shared/store/keys.ts';
import { batchWrite, networkItems, syntheticNetwork } from './grid-network.ts';
import { type Summary, summarize } from './stats.ts';

export interface SubtreeStatsResult {
  readonly centers: number;
  readonly streets: number;
  readonly events: number;
  /** Day buckets written: community, street and district buckets of the month, and the district's year. */
  readonly buckets: number;
  readonly seedSeconds: number;
  /** The district's buckets one request reads. */
  readonly districtBuckets: { readonly month: number; readonly year: number };
  readonly deployed: {
    readonly month: Summary;
    readonly year: Summary;
    /** A street's 30 communities, each its own Query. */
    readonly groupByChild: Summary & { readonly children: number };
    /** The district's streets by child (one Query per street), or why it failed. */
    readonly districtByChild: Summary | { readonly error: string };
  };
  readonly naive: { readonly month: Summary; readonly queries: number };
  readonly targets: { readonly p50Ms: number; readonly p99Ms: number };
}

/** The figure a district's dashboard asks for on every load: a few hundred ms at most. */
const TARGET = { p50Ms: 100, p99Ms: 300 };
const MONTH_DAYS = 30;
const DAY_MS = 86_400_000;

/** mulberry32, as the network generator uses. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Events of a month at the communities, and the buckets they make, as the stores would write them. */
function monthOfEvents(centers: readonly Center[], days: readonly string[]) {
  const rnd = random(20261201);
  const parents = new Set(centers.map((c) => c.parentId));
  const leaves = centers.filter((c) => !parents.has(c.id));
  const buckets = new Map<string, { centerId: string; day: string; shard: number; counts: Counts[] }>();
  const all: Counts[] = [];
  let events = 0;
  for (const center of leaves) {
    for (const day of days) {
      if (rnd() > 0.1) continue;
      const at = instantOf(day, 9 * 60 + Math.floor(rnd() * 600), STATS_TIME_ZONE);
      const pick = rnd();
      const event: StatEvent =
        pick < 0.3
          ? {
              kind: 'courseDelivered',
              origin: COURSE_ORIGINS[Math.floor(rnd() * 3)]!,
              category: COURSE_CATEGORIES[Math.floor(rnd() * 4)]!,
              attendees: 10 + Math.floor(rnd() * 30),
            }
          : pick < 0.6
            ? { kind: 'bookingConfirmed' }
            : pick < 0.8
              ? { kind: 'serviceCompleted', peopleServed: 1 + Math.floor(rnd() * 3) }
              : { kind: 'serviceRated', level: rnd() < 0.9 ? 'satisfied' : 'neutral' };
      const counts = countsOf(event);
      all.push(counts);
      events++;
      for (const bucket of bucketsOf(center.path, at, `ev-${events}`)) {
        const key = `${bucket.centerId}|${bucket.day}|${bucket.shard}`;
        const entry = buckets.get(key) ?? { ...bucket, counts: [] };
        entry.counts.push(counts);
        buckets.set(key, entry);
      }
    }
  }
  return { leaves, events, total: sumCounts(all), buckets: [...buckets.values()] };
}

const bucketItem = (b: { centerId: string; day: string; shard: number }, counts: Counts) => ({
  ...keys.stats(b.centerId, b.day, b.shard),
  entity: 'stats',
  centerId: b.centerId,
  day: b.day,
  ...counts,
});

async function timed(count: number, request: () => Promise<void>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await request();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

export interface SubtreeStatsOptions {
  readonly centers?: number;
  readonly requests?: number;
  readonly naiveRequests?: number;
  /** DynamoDB Local and the SQS emulator to use (the test tier's); else the platform starts its own. */
  readonly endpoints?: { readonly dynamodb: string; readonly sqs: string };
  readonly log?: (line: string) => void;
}

export async function measureSubtreeStats(options: SubtreeStatsOptions = {}): Promise<SubtreeStatsResult> {
  const centers = options.centers ?? 7000;
  const requests = options.requests ?? 200;
  const naiveRequests = options.naiveRequests ?? 5;
  const log = options.log ?? (() => {});
  const platform = await startLocalPlatform({
    port: 0,
    prefix: `st${randomBytes(4).toString('hex')}`,
    pollers: false,
    timers: false,
    log: quietLog,
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
  });
  try {
    // imported after the platform set the env: the stores read it when first used
    const { tableName } = await import('../shared/runtime/env.ts');
    const { countsOver } = await import('../shared/store/stats.ts');
    const { listWholeSubtree } = await import('../shared/store/centers.ts');

    const today = statDay(Date.now());
    const dayAt = (offset: number) => statDay(Date.parse(`${today}T12:00:00+08:00`) + offset * DAY_MS);
    const month = Array.from({ length: MONTH_DAYS }, (_, i) => dayAt(i - (MONTH_DAYS - 1)));
    const network = syntheticNetwork(centers, Date.parse(`${today}T00:00:00+08:00`));
    const root = network.centers[0]!;
    const seeded = monthOfEvents(network.centers, month);
    // the district's own year before the month: the buckets a year's request reads
    const yearBefore = Array.from({ length: 366 - MONTH_DAYS }, (_, i) => dayAt(i - 365));
    const rnd = random(7);
    const history = yearBefore.flatMap((day) =>
      Array.from({ length: 8 }, (_, shard) =>
        bucketItem({ centerId: root.id, day, shard }, { bookings: 1 + Math.floor(rnd() * 20), checkIns: 1 }),
      ),
    );
    const items = [
      ...networkItems({ ...network, closures: [] }),
      ...seeded.buckets.map((b) => bucketItem(b, sumCounts(b.counts))),
      ...history,
    ];
    const seedStarted = Date.now();
    await batchWrite(
      { endpoint: platform.endpoints.dynamodb, table: tableName('main'), concurrency: 8 },
      items,
    );
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(
      `seeded ${network.centers.length} centers, ${seeded.events} events in ${seeded.buckets.length + history.length} buckets in ${seedSeconds.toFixed(1)} s`,
    );

    const token = await platform.mintToken({ role: 'admin' });
    const monthRange = { from: month[0]!, to: month.at(-1)! };
    const get = async (query: string, centerId = root.id) => {
      const response = await fetch(`${platform.baseUrl}/centers/${centerId}/stats?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200)
        throw new Error(`stats answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as {
        figures: { courses: { distributed: number; peopleReached: number }; bookings: { confirmed: number } };
        children?: unknown[];
      };
    };
    const want = seeded.total;
    const check = (answer: Awaited<ReturnType<typeof get>>, what: string) => {
      const { courses, bookings } = answer.figures;
      if (
        courses.distributed !== (want.coursesDistributed ?? 0) ||
        courses.peopleReached !== (want.peopleReached ?? 0) ||
        bookings.confirmed !== (want.bookings ?? 0)
      ) {
        throw new Error(`${what}: the figures do not add up to the events seeded`);
      }
    };
    const monthQuery = `from=${monthRange.from}&to=${monthRange.to}`;
    check(await get(monthQuery), 'deployed');
    const street = network.centers.find((c) => c.level === 'street')!;
    const streetChildren = network.centers.filter((c) => c.parentId === street.id).length;
    const grouped = await get(`${monthQuery}&groupBy=child`, street.id);
    if (grouped.children?.length !== streetChildren) throw new Error('groupBy=child: not one row per child');
    // warm-up: handlers loaded, connections open
    for (let i = 0; i < 10; i++) await get(monthQuery);

    const monthly = await timed(requests, async () => void (await get(monthQuery)));
    log(`deployed, last 30 days: p50 ${monthly.p50} ms, p99 ${monthly.p99} ms (${requests} requests)`);
    const yearQuery = `from=${dayAt(-365)}&to=${today}`;
    const yearly = await timed(requests, async () => void (await get(yearQuery)));
    log(`deployed, a year: p50 ${yearly.p50} ms, p99 ${yearly.p99} ms`);
    const byChild = await timed(Math.max(5, Math.floor(requests / 4)), async () => {
      await get(`${monthQuery}&groupBy=child`, street.id);
    });
    log(
      `deployed, a street with groupBy=child (${streetChildren} communities): p50 ${byChild.p50} ms, p99 ${byChild.p99} ms`,
    );
    // the district by child: one Query per street, each a month of its sharded buckets
    let districtByChild: Summary | { error: string };
    try {
      districtByChild = await timed(3, async () => {
        await get(`${monthQuery}&groupBy=child`);
      });
      log(
        `deployed, the district with groupBy=child (${network.streets} streets): p50 ${districtByChild.p50} ms`,
      );
    } catch (error) {
      districtByChild = { error: (error as Error).message.slice(0, 200) };
      log(`deployed, the district with groupBy=child: ${districtByChild.error}`);
    }

    // the naive way: no roll-up: the whole subtree, then every leaf's buckets, 16 Queries at a time
    let queries = 0;
    const naive = await timed(naiveRequests, async () => {
      const subtree = await listWholeSubtree(root.path);
      const parents = new Set(subtree.map((c) => c.parentId));
      const leaves = subtree.filter((c) => !parents.has(c.id));
      const parts: Counts[] = [];
      for (let i = 0; i < leaves.length; i += 16) {
        parts.push(...(await Promise.all(leaves.slice(i, i + 16).map((c) => countsOver(c.id, monthRange)))));
      }
      queries = 1 + leaves.length;
      const total = sumCounts(parts);
      if (total.coursesDistributed !== want.coursesDistributed)
        throw new Error('naive: the figures do not add up');
    });
    log(
      `naive, last 30 days: p50 ${naive.p50} ms, p99 ${naive.p99} ms (${naiveRequests} requests, ${queries} Queries each)`,
    );

    const monthBuckets = seeded.buckets.filter((b) => b.centerId === root.id).length;
    return {
      centers: network.centers.length,
      streets: network.streets,
      events: seeded.events,
      buckets: seeded.buckets.length + history.length,
      seedSeconds,
      districtBuckets: { month: monthBuckets, year: monthBuckets + history.length },
      deployed: {
        month: monthly,
        year: yearly,
        groupByChild: { ...byChild, children: streetChildren },
        districtByChild,
      },
      naive: { month: naive, queries },
      targets: TARGET,
    };
  } finally {
    await platform.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { centers: { type: 'string', default: '7000' }, requests: { type: 'string', default: '200' } },
  });
  const result = await measureSubtreeStats({
    centers: Number(values.centers),
    requests: Number(values.requests),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(result, null, 2));
}

/** The section of bench/RESULTS.md. */
export function renderSubtreeStatsMarkdown(r: SubtreeStatsResult): string {
  const row = (what: string, s: Summary, note: string) =>
    `| ${what} | ${s.count} | ${s.p50} | ${s.p99} | ${s.max} | ${note} |`;
  const meets = r.deployed.month.p50 <= r.targets.p50Ms && r.deployed.month.p99 <= r.targets.p99Ms;
  return [
    `${r.centers} centers (${r.streets} streets), ${r.events} events of the last 30 days at the communities, counted into ${r.buckets} day buckets as the stores count them (the district's own year before the month included); seeded in ${r.seedSeconds.toFixed(1)} s. One request at a time through the local runtime with an admin JWT.`,
    '',
    '| request | n | p50 ms | p99 ms | max ms | reads |',
    '|---|---|---|---|---|---|',
    row('last 30 days (deployed)', r.deployed.month, `one Query, ${r.districtBuckets.month} buckets`),
    row('a year (deployed)', r.deployed.year, `one Query, ${r.districtBuckets.year} buckets`),
    row(
      'a street, last 30 days, groupBy=child',
      r.deployed.groupByChild,
      `${r.deployed.groupByChild.children + 1} Queries, 16 at a time`,
    ),
    'error' in r.deployed.districtByChild
      ? `| the district, groupBy=child | - | - | - | - | failed: ${r.deployed.districtByChild.error} |`
      : row(
          'the district, groupBy=child',
          r.deployed.districtByChild,
          `${r.streets + 1} Queries, 16 at a time`,
        ),
    row(
      'last 30 days (naive: no roll-up)',
      r.naive.month,
      `${r.naive.queries} Queries (subtree, then each community)`,
    ),
    '',
    `Target (last 30 days): p50 <= ${r.targets.p50Ms} ms, p99 <= ${r.targets.p99Ms} ms: ${meets ? 'met' : 'missed'}.`,
  ].join('\n');
}
