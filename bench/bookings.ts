/**
 * POST /bookings through the local runtime (HTTP API, DynamoDB Local), two loads:
 * - spread: bookings of many room slots (different rooms and hours), little contention;
 * - contention: one class, `--seats` seats, `--attempts` sign-ups (no waitlist) with
 *   `--concurrency` in flight: exactly `seats` must be confirmed, the rest refused with 409.
 * And, in the same run, the contention load against a naive read-then-write variant (read the
 * seats left, write the booking, write the counter back), which overbooks: by how much.
 *
 *   npx tsx bench/bookings.ts                                   # 5,000 attempts on 500 seats
 *   npx tsx bench/bookings.ts --attempts 1000 --seats 100 --shards 4 --concurrency 50
 *
 * DynamoDB requests and capacity units are counted by a middleware on the one DocumentClient of
 * the process (every request asks for ReturnConsumedCapacity TOTAL), per attempt and per
 * confirmed booking. DynamoDB Local reports capacity as DynamoDB would bill it on demand; a
 * cancelled transaction reports none (DynamoDB bills its items too), so refused attempts count
 * their requests but not their capacity.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { quietLog } from '../infra/local/log.ts';
import { startLocalPlatform } from '../infra/local/platform.ts';
import { instantOf, isoInZone, wallClock } from '../shared/domain/zoned-time.ts';
import { summarizeLatency } from './service-orders.ts';

const { values: args } = parseArgs({
  options: {
    attempts: { type: 'string', default: '5000' },
    seats: { type: 'string', default: '500' },
    shards: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '50' },
    spread: { type: 'string', default: '300' },
  },
});
const ATTEMPTS = Number(args.attempts);
const SEATS = Number(args.seats);
const SHARDS = Number(args.shards);
const CONCURRENCY = Number(args.concurrency);
const SPREAD = Number(args.spread);
const TZ = 'Asia/Shanghai';

interface Usage {
  requests: number;
  capacityUnits: number;
  byCommand: Record<string, number>;
}
const usage: Usage = { requests: 0, capacityUnits: 0, byCommand: {} };
const resetUsage = () => {
  usage.requests = 0;
  usage.capacityUnits = 0;
  usage.byCommand = {};
};
const snapshotUsage = (): Usage => ({ ...usage, byCommand: { ...usage.byCommand } });

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

const platform = await startLocalPlatform({
  port: 0,
  prefix: `k${randomBytes(4).toString('hex')}`,
  seed: true,
  pollers: false,
  timers: false,
  log: quietLog,
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
  const call = async (token: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const sent = performance.now();
    const response = await fetch(new URL(path, platform.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      ms: performance.now() - sent,
      json: text ? JSON.parse(text) : undefined,
    };
  };
  const tokens = await Promise.all(
    Array.from({ length: Math.max(ATTEMPTS, SPREAD) }, (_, i) =>
      platform.mintToken({ role: 'resident', sub: `bench-resident-${i}` }),
    ),
  );
  const tomorrow = (() => {
    const d = new Date(`${wallClock(Date.now(), TZ).date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 2);
    return d.toISOString().slice(0, 10);
  })();
  const at = (date: string, minutes: number) => isoInZone(instantOf(date, minutes, TZ), TZ);

  // spread: reading rooms (seats) of every staffed center, 30-minute slots over the day
  const rooms = ['c-baoshan', 'c-youyi', 'c-wusong', 'c-gucun', 'c-dachang', 'c-luodian', 'c-zhangmiao'].map(
    (id) => ({ centerId: id, roomId: `r-${id.slice(2)}-2` }),
  );
  await call(tokens[0]!, '/bookings', {
    ...rooms[0],
    start: at(tomorrow, 9 * 60),
    end: at(tomorrow, 9 * 60 + 30),
  });
  resetUsage();
  const spreadStart = performance.now();
  const spread = await pool(SPREAD, CONCURRENCY, (i) => {
    const room = rooms[i % rooms.length]!;
    const slot = 9 * 60 + 30 * (Math.floor(i / rooms.length) % 14);
    return call(tokens[i]!, '/bookings', {
      ...room,
      start: at(tomorrow, slot),
      end: at(tomorrow, slot + 30),
    });
  });
  const spreadSeconds = (performance.now() - spreadStart) / 1000;
  const spreadUsage = snapshotUsage();
  const spreadOk = spread.filter((r) => r.status === 201).length;

  // contention: one class, many sign-ups
  const classDate = tomorrow;
  const created = await call(staff, '/centers/c-baoshan/activities', {
    title: 'bench class',
    kind: 'party-class',
    start: at(classDate, 19 * 60),
    end: at(classDate, 20 * 60),
    seats: SEATS,
    seatShards: SHARDS,
    onHolidays: true,
  });
  if (created.status !== 201) throw new Error(`activity not created: ${JSON.stringify(created.json)}`);
  const occurrenceId = `${created.json.id}.${classDate.replaceAll('-', '')}t1900`;
  resetUsage();
  const contentionStart = performance.now();
  const attempts = await pool(ATTEMPTS, CONCURRENCY, (i) => call(tokens[i]!, '/bookings', { occurrenceId }));
  const contentionSeconds = (performance.now() - contentionStart) / 1000;
  const contentionUsage = snapshotUsage();
  const byStatus: Record<string, number> = {};
  for (const a of attempts) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const left = await seatsLeft(occurrenceId);

  // the naive variant: read the seats left, write the booking, write the counter back
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

  const per = (u: Usage, n: number) => ({
    requests: +(u.requests / n).toFixed(2),
    capacityUnits: +(u.capacityUnits / n).toFixed(2),
  });
  const result = {
    spread: {
      attempts: SPREAD,
      booked: spreadOk,
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
      confirmed: byStatus['201'] ?? 0,
      seatsLeft: left,
      seconds: +contentionSeconds.toFixed(1),
      post: summarizeLatency(attempts.map((r) => r.ms)),
      postConfirmed: summarizeLatency(attempts.filter((r) => r.status === 201).map((r) => r.ms)),
      perAttempt: per(contentionUsage, ATTEMPTS),
      perConfirmed: per(contentionUsage, Math.max(1, byStatus['201'] ?? 0)),
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
  console.log(JSON.stringify(result, null, 2));
} finally {
  await platform.stop();
}
