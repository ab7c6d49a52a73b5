/**
 * Service orders, from POST /service-orders to assignment, for a burst of orders through the local
 * runtime: the HTTP API, fauxqs with the four level queues and their pollers, DynamoDB Local.
 *
 *   npx tsx bench/service-orders.ts                     # 1,000 orders, 50 in flight
 *   npx tsx bench/service-orders.ts --orders 200 --concurrency 20
 *
 * It starts its own in-memory platform (seeded: demo network and catalog) in this process, so the
 * load generator, the API and the consumers share one Node process as they do under `npm start`.
 * The orders mix the four handling levels and both routing rules (the ancestor at the level, and
 * the center covering the resident's location for orders placed at the district center).
 *
 * Measured per order:
 * - `postToAssigned`: the order's stored `assignedAt` minus the moment the POST was sent (same
 *   clock): what a resident waits until a center has the order;
 * - `createdToAssigned`: `assignedAt - createdAt`, both stored: the queue and consumer alone;
 * - `post`: the POST round trip (store, then send to the level queue).
 * Each as p50 / p90 / p99 / max in milliseconds. The bench fails only when it cannot measure (an
 * order not assigned within the deadline, or a POST that is not 201).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { quietLog } from '../infra/local/log.ts';
import { startLocalPlatform } from '../infra/local/platform.ts';

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface ServiceOrderBenchResult {
  readonly orders: number;
  readonly concurrency: number;
  /** Wall time of the burst of POSTs, and until the last order was assigned (seconds). */
  readonly burstSeconds: number;
  readonly drainSeconds: number;
  readonly postToAssigned: LatencySummary;
  readonly createdToAssigned: LatencySummary;
  readonly post: LatencySummary;
  /** Orders per handling level, and how many were routed to the center covering a location. */
  readonly byLevel: Readonly<Record<string, number>>;
  readonly covering: number;
}

export interface ServiceOrderBenchOptions {
  readonly orders?: number;
  readonly concurrency?: number;
  /** Orders placed (and awaited) before the measured burst, so handlers are loaded and warm. */
  readonly warmup?: number;
  /** Give up waiting for assignments after this long. */
  readonly drainTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;

export const summarizeLatency = (samples: readonly number[]): LatencySummary => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
};

const COMMUNITIES = [
  'c-youyi-a',
  'c-youyi-b',
  'c-wusong-a',
  'c-wusong-b',
  'c-zhangmiao-a',
  'c-luodian-b',
  'c-dachang-c',
  'c-yanghang-a',
  'c-yuepu-b',
  'c-luojing-c',
  'c-gucun-a',
  'c-gaojing-b',
  'c-miaohang-c',
  'c-songnan-a',
  'c-youyi-post',
  'c-gucun-park',
];

/** The i-th order of the mix: a service of each level in turn, every fifth from the district center by location. */
function orderBody(i: number): { body: object; level: string } {
  const intake = COMMUNITIES[i % COMMUNITIES.length]!;
  switch (i % 5) {
    case 0:
      return {
        level: 'community',
        body: {
          serviceCode: 'red-agency',
          centerId: intake,
          attributes: { matter: '代办', pickup: '到站 at the center' },
        },
      };
    case 1:
      return {
        level: 'street',
        body: {
          serviceCode: 'social-security-card',
          centerId: intake,
          attributes: { reason: '遗失 lost', cardHolder: '居民' },
        },
      };
    case 2:
      return {
        level: 'district',
        body: {
          serviceCode: 'legal-aid-application',
          centerId: intake,
          attributes: { caseType: '民事 civil', summary: '咨询', monthlyIncome: 3000 },
        },
      };
    case 3:
      return {
        level: 'city',
        body: {
          serviceCode: 'cross-province-org-transfer',
          centerId: intake,
          attributes: { fromProvince: '江苏', fromOrganisation: '支部', joinedOn: '2010-07-01' },
        },
      };
    default:
      // a community service ordered at the district center, by a resident standing at Wusong's first community
      return {
        level: 'community',
        body: {
          serviceCode: 'red-agency',
          centerId: 'c-baoshan',
          location: { lat: 31.384, lon: 121.502 },
          attributes: { matter: '代办', pickup: '上门 at home' },
        },
      };
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

export async function measureServiceOrderAssignment(
  options: ServiceOrderBenchOptions = {},
): Promise<ServiceOrderBenchResult> {
  const count = options.orders ?? 1000;
  const concurrency = options.concurrency ?? 50;
  const warmup = options.warmup ?? 40;
  const drainTimeoutMs = options.drainTimeoutMs ?? 180_000;
  const log = options.log ?? (() => undefined);

  const platform = await startLocalPlatform({
    port: 0,
    prefix: `b${randomBytes(4).toString('hex')}`,
    seed: true,
    pollers: true,
    timers: false,
    log: quietLog,
  });
  try {
    // imported after the platform set the env: the stores read it when first used
    const { getOrder } = await import('../shared/store/service-orders.ts');
    const token = await platform.mintToken({ role: 'resident', sub: 'bench-resident' });

    const post = async (i: number) => {
      const { body, level } = orderBody(i);
      const sentAt = Date.now();
      const response = await fetch(new URL('/service-orders', platform.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answeredAt = Date.now();
      const text = await response.text();
      if (response.status !== 201)
        throw new Error(`POST /service-orders answered ${response.status}: ${text}`);
      return { id: (JSON.parse(text) as { id: string }).id, level, sentAt, answeredAt };
    };

    type Assigned = { assignedAt: string; createdAt: string; routing?: { kind: string } };
    const awaitAssigned = async (ids: readonly string[]): Promise<Map<string, Assigned>> => {
      const done = new Map<string, Assigned>();
      const deadline = Date.now() + drainTimeoutMs;
      let waiting = [...ids];
      while (waiting.length > 0) {
        if (Date.now() > deadline)
          throw new Error(`${waiting.length} order(s) not assigned within ${drainTimeoutMs} ms`);
        const seen = await pool(waiting, 25, (id) => getOrder(id));
        for (const order of seen) {
          if (order?.assignedAt) done.set(order.id, order as Assigned);
        }
        waiting = waiting.filter((id) => !done.has(id));
        if (waiting.length > 0) await new Promise((r) => setTimeout(r, 250));
      }
      return done;
    };

    log(`service orders: ${warmup} warm-up orders`);
    const warm = await pool(
      Array.from({ length: warmup }, (_, i) => i),
      10,
      post,
    );
    await awaitAssigned(warm.map((w) => w.id));

    log(`service orders: burst of ${count}, ${concurrency} in flight`);
    const burstStart = Date.now();
    const placed = await pool(
      Array.from({ length: count }, (_, i) => i),
      concurrency,
      post,
    );
    const burstEnd = Date.now();
    const assigned = await awaitAssigned(placed.map((p) => p.id));
    const lastAssigned = Math.max(...[...assigned.values()].map((a) => Date.parse(a.assignedAt)));

    const byLevel: Record<string, number> = {};
    for (const p of placed) byLevel[p.level] = (byLevel[p.level] ?? 0) + 1;
    const result: ServiceOrderBenchResult = {
      orders: count,
      concurrency,
      burstSeconds: (burstEnd - burstStart) / 1000,
      drainSeconds: (lastAssigned - burstStart) / 1000,
      postToAssigned: summarizeLatency(
        placed.map((p) => Date.parse(assigned.get(p.id)!.assignedAt) - p.sentAt),
      ),
      createdToAssigned: summarizeLatency(
        placed.map((p) => {
          const order = assigned.get(p.id)!;
          return Date.parse(order.assignedAt) - Date.parse(order.createdAt);
        }),
      ),
      post: summarizeLatency(placed.map((p) => p.answeredAt - p.sentAt)),
      byLevel,
      covering: [...assigned.values()].filter((a) => a.routing?.kind === 'covering').length,
    };
    return result;
  } finally {
    await platform.stop();
  }
}

/** A short Markdown section for the bench report. */
export function renderServiceOrdersMarkdown(result: ServiceOrderBenchResult): string {
  const row = (name: string, s: LatencySummary) => `| ${name} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.max} |`;
  return [
    `### Service orders: POST to assignment (${result.orders} orders, ${result.concurrency} in flight)`,
    '',
    `Burst sent in ${result.burstSeconds.toFixed(1)} s; the last order was assigned ${result.drainSeconds.toFixed(1)} s after the burst began. Levels: ${Object.entries(
      result.byLevel,
    )
      .map(([level, n]) => `${level} ${n}`)
      .join(', ')}; ${result.covering} routed by location.`,
    '',
    '| ms | p50 | p90 | p99 | max |',
    '|---|---|---|---|---|',
    row('POST sent → assigned', result.postToAssigned),
    row('stored → assigned (queue + consumer)', result.createdToAssigned),
    row('POST round trip', result.post),
    '',
  ].join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '50' },
    },
  });
  const result = await measureServiceOrderAssignment({
    orders: Number(values.orders),
    concurrency: Number(values.concurrency),
    log: (message) => console.log(`[bench] ${message}`),
  });
  console.log(JSON.stringify(result, null, 2));
  console.log(renderServiceOrdersMarkdown(result));
}
