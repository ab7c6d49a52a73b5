/**
 * POST /bookings through the local runtime (HTTP API, DynamoDB Local), two loads:
 * - spread: bookings of many room slots (the reading room of every staffed demo center, 30-minute
 *   slots over a day), little contention;
 * - contention: one class, `seats` seats, `attempts` sign-ups (no waitlist) with `concurrency` in
 *   flight: exactly `seats` must be confirmed, the rest refused with 409.
 * And, in the same run, the contention load against a naive read-then-write variant (read the
 * seats left, write the booking, write the counter back), which overbooks: by how much.
 *
 *   npm run bench -- --only bookings                              # 5,000 attempts on 500 seats
 *   npx tsx bench/bookings.ts --attempts 1000 --seats 100 --shards 4 --concurrency 50
 *
 * DynamoDB requests and capacity units are counted by a middleware on the one DocumentClient of
 * the process (every request asks for ReturnConsumedCapacity TOTAL), per attempt and per
 * confirmed booking. DynamoDB Local reports capacity as DynamoDB would bill it on demand; a
 * cancelled transaction reports none (DynamoDB bills its items too), so refused attempts count
 * their requests but not their capacity.
 *
 * The platform runs in this process, and the stores keep the endpoints of the first platform of
 * their process, so `npm run bench` runs this file in a child process of its own (`--json`).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEMO_NETWORK } from '../infra/local/demo-network.ts';
import { quietLog } from '../infra/local/log.ts';
import { type LocalEndpoints, startLocalPlatform } from '../infra/local/platform.ts';
import { instantOf, isoInZone, wallClock } from '../shared/domain/zoned-time.ts';
import { measureInChild } from './child-measure.ts';
import type { BenchResults } from './results.ts';
import { type LatencySummary, summarizeLatency } from './service-orders.ts';

type BenchSummaryRow = BenchResults['summary'][number];

export interface BookingsBenchOptions {
  readonly attempts: number;
  readonly seats: number;
  readonly shards: number;
  readonly concurrency: number;
  readonly spread: number;
  readonly log?: (message: string) => void;
  /** DynamoDB Local and SQS already running (the test tier's); the bench starts its own otherwise. */
  readonly endpoints?: LocalEndpoints;
}

export const FULL_BOOKINGS: Omit<BookingsBenchOptions, 'log'> = {
  attempts: 5000,
  seats: 500,
  shards: 1,
  concurrency: 50,
  spread: 300,
};

/** What `npm test` runs: the code paths, not the numbers. */
export const SMOKE_BOOKINGS: Omit<BookingsBenchOptions, 'log'> = {
  attempts: 24,
  seats: 6,
  shards: 1,
  concurrency: 8,
  spread: 8,
};

interface PerOperation {
  readonly requests: number;
  readonly capacityUnits: number;
}

export interface BookingsBenchResult {
  readonly spread: {
    readonly attempts: number;
    readonly rooms: number;
    readonly booked: number;
    readonly byStatus: Readonly<Record<string, number>>;
    readonly seconds: number;
    readonly post: LatencySummary;
    readonly perAttempt: PerOperation;
    readonly byCommand: Readonly<Record<string, number>>;
  };
  readonly contention: {
    readonly attempts: number;
    readonly seats: number;
    readonly shards: number;
    readonly concurrency: number;
    readonly byStatus: Readonly<Record<string, number>>;
    readonly confirmed: number;
    readonly seatsLeft: readonly number[];
    /** Confirmed === seats and every shard at 0. */
    readonly exact: boolean;
    readonly seconds: number;
    readonly post: LatencySummary;
    readonly postConfirmed: LatencySummary;
    readonly perAttempt: PerOperation;
    readonly perConfirmed: PerOperation;
    readonly byCommand: Readonly<Record<string, number>>;
  };
  readonly naive: {
    readonly attempts: number;
    readonly seats: number;
    readonly booked: number;
    readonly overbookedBy: number;
    readonly seconds: number;
    readonly call: LatencySummary;
    readonly perAttempt: PerOperation;
  };
}

const TZ = 'Asia/Shanghai';
/** Reading rooms take 30-minute slots; 14 of them between 09:00 and 16:00. */
const SLOTS_A_DAY = 14;

/** The reading room (`r-<center>-2`) of every center the demo seed gives rooms. */
export const SPREAD_ROOMS = DEMO_NETWORK.filter(
  (c) => c.level !== 'city' && (c.kind === undefined || c.kind === 'community'),
).map((c) => ({ centerId: c.id, roomId: `r-${c.id.slice(2)}-2` }));

interface Usage {
  requests: number;
  capacityUnits: number;
  byCommand: Record<string, number>;
}

async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

const countStatuses = (outcomes: readonly { status: number }[]): Record<string, number> => {
  const byStatus: Record<string, number> = {};
  for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  return byStatus;
};

export async function measureBookings(options: BookingsBenchOptions): Promise<BookingsBenchResult> {
  const { attempts: ATTEMPTS, seats: SEATS, shards: SHARDS, concurrency: CONCURRENCY } = options;
  const log = options.log ?? (() => undefined);
  const SPREAD = Math.min(options.spread, SPREAD_ROOMS.length * SLOTS_A_DAY);
  const usage: Usage = { requests: 0, capacityUnits: 0, byCommand: {} };
  const resetUsage = () => {
    usage.requests = 0;
    usage.capacityUnits = 0;
    usage.byCommand = {};
  };
  const snapshotUsage = (): Usage => ({ ...usage, byCommand: { ...usage.byCommand } });

  const platform = await startLocalPlatform({
    port: 0,
    prefix: `k${randomBytes(4).toString('hex')}`,
    seed: true,
    pollers: false,
    timers: false,
    log: quietLog,
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
  });
  try {
    // imported after the platform set the env
    const { db } = await import('../shared/store/client.ts');
    const { seatsLeft } = await import('../shared/store/bookings.ts');
    const { keys } = await import('../shared/store/keys.ts');
    const { GetCommand, PutCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    db().middlewareStack.add(
      (next, context) => async (invocation) => {
        const input = invocation.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        const name = context.commandName ?? 'unknown';
        usage.requests++;
        usage.byCommand[name] = (usage.byCommand[name] ?? 0) + 1;
        // a refused transaction throws: counted as a request, its capacity is not reported back
        const result = await next(invocation);
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          usage.capacityUnits += Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0);
        }
        return result;
      },
      { step: 'initialize', name: 'benchCapacity' },
    );

    const staff = await platform.mintToken({ role: 'staff', centerId: 'c-baoshan', sub: 'bench-staff' });
    const call = async (token: string, path: string, body: unknown) => {
      const sent = performance.now();
      const response = await fetch(new URL(path, platform.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        ms: performance.now() - sent,
        json: text ? JSON.parse(text) : undefined,
      };
    };
    // one resident per attempt, so the per-resident limits never refuse one
    const tokens = await Promise.all(
      Array.from({ length: Math.max(ATTEMPTS, SPREAD) + 1 }, (_, i) =>
        platform.mintToken({ role: 'resident', sub: `bench-resident-${i}` }),
      ),
    );
    const warmToken = tokens.pop()!;
    const inTwoDays = (() => {
      const d = new Date(`${wallClock(Date.now(), TZ).date}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 2);
      return d.toISOString().slice(0, 10);
    })();
    const at = (date: string, minutes: number) => isoInZone(instantOf(date, minutes, TZ), TZ);

    // warm-up: one booking of a slot the spread leaves alone (16:00), by a resident of its own
    const warm = await call(warmToken, '/bookings', {
      ...SPREAD_ROOMS[0],
      start: at(inTwoDays, 16 * 60),
      end: at(inTwoDays, 16 * 60 + 30),
    });
    if (warm.status !== 201)
      throw new Error(`warm-up booking answered ${warm.status}: ${JSON.stringify(warm.json)}`);

    // spread: room after room, then the next slot
    log(`bookings: spread, ${SPREAD} bookings over ${SPREAD_ROOMS.length} rooms, ${CONCURRENCY} in flight`);
    resetUsage();
    const spreadStart = performance.now();
    const spread = await pool(SPREAD, CONCURRENCY, (i) => {
      const room = SPREAD_ROOMS[i % SPREAD_ROOMS.length]!;
      const slot = 9 * 60 + 30 * Math.floor(i / SPREAD_ROOMS.length);
      return call(tokens[i]!, '/bookings', {
        ...room,
        start: at(inTwoDays, slot),
        end: at(inTwoDays, slot + 30),
      });
    });
    const spreadSeconds = (performance.now() - spreadStart) / 1000;
    const spreadUsage = snapshotUsage();
    const spreadByStatus = countStatuses(spread);

    // contention: one class, many sign-ups
    const created = await call(staff, '/centers/c-baoshan/activities', {
      title: 'bench class',
      kind: 'party-class',
      start: at(inTwoDays, 19 * 60),
      end: at(inTwoDays, 20 * 60),
      seats: SEATS,
      seatShards: SHARDS,
      onHolidays: true,
    });
    if (created.status !== 201) throw new Error(`activity not created: ${JSON.stringify(created.json)}`);
    const occurrenceId = `${created.json.id}.${inTwoDays.replaceAll('-', '')}t1900`;
    log(
      `bookings: contention, ${ATTEMPTS} sign-ups for ${SEATS} seats (${SHARDS} shard(s)), ${CONCURRENCY} in flight`,
    );
    resetUsage();
    const contentionStart = performance.now();
    const attempts = await pool(ATTEMPTS, CONCURRENCY, (i) =>
      call(tokens[i]!, '/bookings', { occurrenceId }),
    );
    const contentionSeconds = (performance.now() - contentionStart) / 1000;
    const contentionUsage = snapshotUsage();
    const byStatus = countStatuses(attempts);
    const left = await seatsLeft(occurrenceId);
    const confirmed = byStatus['201'] ?? 0;

    // the naive variant: read the seats left, write the booking, write the counter back
    log(`bookings: naive read-then-write, ${ATTEMPTS} attempts for ${SEATS} seats`);
    const main = process.env.TABLE_MAIN!;
    const naiveKey = keys.seats('naive-occurrence', 0);
    await db().send(new PutCommand({ TableName: main, Item: { ...naiveKey, remaining: SEATS } }));
    resetUsage();
    const naiveStart = performance.now();
    const naive = await pool(ATTEMPTS, CONCURRENCY, async (i) => {
      const sent = performance.now();
      const { Item } = await db().send(
        new GetCommand({ TableName: main, Key: naiveKey, ConsistentRead: true }),
      );
      const remaining = Number(Item?.remaining ?? 0);
      if (remaining < 1) return { ok: false, ms: performance.now() - sent };
      await db().send(
        new PutCommand({
          TableName: main,
          Item: { pk: `NAIVE#${i}`, sk: 'META', occurrence: 'naive-occurrence' },
        }),
      );
      await db().send(
        new UpdateCommand({
          TableName: main,
          Key: naiveKey,
          UpdateExpression: 'SET remaining = :r',
          ExpressionAttributeValues: { ':r': remaining - 1 },
        }),
      );
      return { ok: true, ms: performance.now() - sent };
    });
    const naiveSeconds = (performance.now() - naiveStart) / 1000;
    const naiveUsage = snapshotUsage();
    const naiveBooked = naive.filter((r) => r.ok).length;

    const per = (u: Usage, n: number): PerOperation => ({
      requests: +(u.requests / n).toFixed(2),
      capacityUnits: +(u.capacityUnits / n).toFixed(2),
    });
    return {
      spread: {
        attempts: SPREAD,
        rooms: SPREAD_ROOMS.length,
        booked: spreadByStatus['201'] ?? 0,
        byStatus: spreadByStatus,
        seconds: +spreadSeconds.toFixed(1),
        post: summarizeLatency(spread.map((r) => r.ms)),
        perAttempt: per(spreadUsage, SPREAD),
        byCommand: spreadUsage.byCommand,
      },
      contention: {
        attempts: ATTEMPTS,
        seats: SEATS,
        shards: SHARDS,
        concurrency: CONCURRENCY,
        byStatus,
        confirmed,
        seatsLeft: left,
        exact:
          confirmed === Math.min(SEATS, ATTEMPTS) && left.every((n) => n === Math.max(0, SEATS - ATTEMPTS)),
        seconds: +contentionSeconds.toFixed(1),
        post: summarizeLatency(attempts.map((r) => r.ms)),
        postConfirmed: summarizeLatency(attempts.filter((r) => r.status === 201).map((r) => r.ms)),
        perAttempt: per(contentionUsage, ATTEMPTS),
        perConfirmed: per(contentionUsage, Math.max(1, confirmed)),
        byCommand: contentionUsage.byCommand,
      },
      naive: {
        attempts: ATTEMPTS,
        seats: SEATS,
        booked: naiveBooked,
        overbookedBy: naiveBooked - SEATS,
        seconds: +naiveSeconds.toFixed(1),
        call: summarizeLatency(naive.map((r) => r.ms)),
        perAttempt: per(naiveUsage, ATTEMPTS),
      },
    };
  } finally {
    await platform.stop();
  }
}

export interface BookingsSection {
  readonly method: string;
  readonly sizes: Omit<BookingsBenchOptions, 'log'>;
  readonly result: BookingsBenchResult;
}

/** Measure `bookings` of `npm run bench`: this file in a process of its own. */
export async function bookingsSection(
  node: string,
  sizes: Omit<BookingsBenchOptions, 'log'>,
): Promise<BookingsSection> {
  const result = await measureInChild<BookingsBenchResult>(
    node,
    'bench/bookings.ts',
    Object.entries(sizes).flatMap(([name, value]) => [`--${name}`, String(value)]),
  );
  return {
    method:
      'bench/bookings.ts in a process of its own: an in-memory seeded platform (pollers and timers off) with the load in the same process, every POST /bookings through the local HTTP API with a resident token of its own (so per-resident limits never refuse one), no Idempotency-Key; DynamoDB requests and capacity units counted by a middleware on the process DocumentClient (ReturnConsumedCapacity TOTAL). The naive variant runs its GetItem, PutItem and UpdateItem in process.',
    sizes,
    result,
  };
}

/** Rows of the summary table: exactly the seats, and how far the naive way overbooks. */
export function bookingsSummary(section: BookingsSection): BenchSummaryRow[] {
  const { contention, naive, spread } = section.result;
  return [
    {
      measure: `POST /bookings under contention: ${contention.attempts} sign-ups for ${contention.seats} seats`,
      target: `exactly ${contention.seats} confirmed`,
      result: `${contention.confirmed} confirmed, seats left [${contention.seatsLeft.join(', ')}]; naive read-then-write booked ${naive.booked} (overbooked by ${naive.overbookedBy}); spread p50 ${ms(spread.post.p50)}, p99 ${ms(spread.post.p99)}`,
      verdict: contention.exact ? 'pass' : 'miss',
    },
  ];
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
const latency = (s: LatencySummary) => `${ms(s.p50)} / ${ms(s.p90)} / ${ms(s.p99)}`;
const commands = (byCommand: Readonly<Record<string, number>>, n: number) =>
  Object.entries(byCommand)
    .map(([name, count]) => `${+(count / n).toFixed(2)} ${name.replace(/Command$/, '')}`)
    .join(', ');

/** The bookings part of RESULTS.md. */
export function renderBookingsMarkdown(result: BookingsBenchResult): string {
  const { spread, contention, naive } = result;
  const statuses = (byStatus: Readonly<Record<string, number>>) =>
    Object.entries(byStatus)
      .map(([status, n]) => `${n} × ${status}`)
      .join(', ');
  return [
    '| load | result | POST p50 / p90 / p99 | DynamoDB per attempt |',
    '|---|---|---|---|',
    `| spread: ${spread.attempts} bookings over ${spread.rooms} rooms | ${spread.booked} booked (${statuses(spread.byStatus)}) in ${spread.seconds} s | ${latency(spread.post)} | ${spread.perAttempt.requests} requests (${commands(spread.byCommand, spread.attempts)}), ${spread.perAttempt.capacityUnits} capacity units |`,
    `| contention: ${contention.attempts} sign-ups, ${contention.seats} seats, ${contention.shards} shard(s), ${contention.concurrency} in flight | **${contention.confirmed} confirmed**${contention.exact ? ' (exact)' : ' (**not exact**)'}, ${statuses(contention.byStatus)}, seats left [${contention.seatsLeft.join(', ')}], in ${contention.seconds} s | ${latency(contention.post)} (confirmed: ${ms(contention.postConfirmed.p50)} p50) | ${contention.perAttempt.requests} requests (${commands(contention.byCommand, contention.attempts)}); ${contention.perConfirmed.capacityUnits} capacity units per confirmed booking |`,
    `| naive read-then-write, same attempts and seats | **${naive.booked} "booked" for ${naive.seats} seats: overbooked by ${naive.overbookedBy}** in ${naive.seconds} s | ${latency(naive.call)} (in process, no HTTP) | ${naive.perAttempt.requests} requests, ${naive.perAttempt.capacityUnits} capacity units |`,
    '',
    'A refused attempt is its reads and a cancelled transaction, which DynamoDB Local reports no capacity for (DynamoDB bills its items), so capacity per confirmed booking is what the confirmed ones used. The latencies are those of one DynamoDB Local (a JVM) serialising transactions on the same cores as the API and the load; the counts are the point.',
  ].join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({
    options: {
      attempts: { type: 'string', default: String(FULL_BOOKINGS.attempts) },
      seats: { type: 'string', default: String(FULL_BOOKINGS.seats) },
      shards: { type: 'string', default: String(FULL_BOOKINGS.shards) },
      concurrency: { type: 'string', default: String(FULL_BOOKINGS.concurrency) },
      spread: { type: 'string', default: String(FULL_BOOKINGS.spread) },
      /** Only the result on stdout, as one JSON line (for bench/run.ts); progress on stderr. */
      json: { type: 'boolean', default: false },
    },
  });
  const result = await measureBookings({
    attempts: Number(values.attempts),
    seats: Number(values.seats),
    shards: Number(values.shards),
    concurrency: Number(values.concurrency),
    spread: Number(values.spread),
    log: (message) => console.error(`[bench] ${message}`),
  });
  if (values.json) console.log(JSON.stringify(result));
  else console.log(`${JSON.stringify(result, null, 2)}\n\n${renderBookingsMarkdown(result)}`);
}
