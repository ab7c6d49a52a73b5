/**
 * The measured half of figures 5 and 6: DynamoDB capacity units (as DynamoDB Local reports them:
 * item sizes, index writes, transactions at double), Lambda invocations and durations, HTTP and
 * SQS calls of a service order (POST to assigned), of a booking (POST /bookings and its
 * notification), of a resident's read, and of one run of every
 * schedule of the manifest on a district-sized network (the demo network and Baoshan from the
 * division data, about 640 centers). Then bench/cost-model.ts prices them with bench/cost-inputs.json.
 *
 *   npx tsx bench/city-cost.ts              # 20 orders; prints JSON
 *   npx tsx bench/city-cost.ts --orders 5 --no-seed-district
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_NETWORK } from '../infra/local/demo-network.ts';
import { quietLog } from '../infra/local/log.ts';
import { projectRoot } from '../infra/local/manifest-source.ts';
import { startLocalPlatform } from '../infra/local/platform.ts';
import { functions } from '../infra/manifest.ts';
import { addDays, weekdayOf } from '../shared/domain/calendar.ts';
import { wallClock } from '../shared/domain/zoned-time.ts';
import {
  costOf,
  type DistrictMonth,
  districtMonth,
  type OperationUse,
  type Prices,
  round,
} from './cost-model.ts';

export interface CapacityTally {
  read: number;
  write: number;
  requests: number;
  byOperation: Record<string, number>;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** Asks DynamoDB for the consumed capacity of every call made through the process's client, and adds it up. */
async function installCapacityTally(): Promise<CapacityTally> {
  const { db } = await import('../shared/store/client.ts');
  const tally: CapacityTally = { read: 0, write: 0, requests: 0, byOperation: {} };
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const name =
        {
          Get: 'GetItem',
          Put: 'PutItem',
          Update: 'UpdateItem',
          Delete: 'DeleteItem',
          BatchGet: 'BatchGetItem',
          BatchWrite: 'BatchWriteItem',
          TransactWrite: 'TransactWriteItems',
          TransactGet: 'TransactGetItems',
        }[operation] ?? operation;
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
        (total: number, entry: { CapacityUnits?: number }) => total + (entry.CapacityUnits ?? 0),
        0,
      );
      tally.requests++;
      tally.byOperation[name] = (tally.byOperation[name] ?? 0) + 1;
      if (READS.has(name)) tally.read += units;
      else tally.write += units;
      return result;
    },
    { step: 'initialize', name: 'benchCapacityTally', override: true },
  );
  return tally;
}

const snapshot = (tally: CapacityTally) => ({ ...tally, byOperation: { ...tally.byOperation } });
const delta = (after: CapacityTally, before: CapacityTally) => ({
  read: round(after.read - before.read, 2),
  write: round(after.write - before.write, 2),
  requests: after.requests - before.requests,
  byOperation: Object.fromEntries(
    Object.entries(after.byOperation)
      .map(([op, n]) => [op, n - (before.byOperation[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  ),
});

export interface MeasuredUse {
  readonly what: string;
  readonly count: number;
  readonly perOperation: OperationUse & {
    readonly dynamodbRequests: number;
    readonly byOperation: Record<string, number>;
  };
}

export interface CityCostResult {
  readonly region: string;
  readonly prices: Prices;
  readonly measured: readonly MeasuredUse[];
  readonly booking: { readonly measured: boolean; readonly note: string; readonly use: OperationUse };
  readonly perMillion: {
    readonly bookings: { readonly total: number; readonly lines: { item: string; usd: number }[] };
    readonly serviceOrders: { readonly total: number; readonly lines: { item: string; usd: number }[] };
  };
  readonly districtMonth: DistrictMonth;
  readonly inputsFile: string;
}

/** A weekday two to four days ahead in Shanghai: inside every demo room's notice and horizon. */
function bookingDay(now: number): string {
  let day = addDays(wallClock(now, 'Asia/Shanghai').date, 2);
  while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day = addDays(day, 1);
  return day;
}

const memoryOf = (id: string, fallback: number) =>
  functions.find((spec) => spec.id === id)?.memoryMb ?? fallback;

export async function measureCityCost(
  options: {
    orders?: number;
    seedDistrict?: boolean;
    /** DynamoDB Local and SQS already running (the test tier's), under a prefix of its own. */
    endpoints?: { dynamodb: string; sqs: string };
    prefix?: string;
    log?: (message: string) => void;
  } = {},
): Promise<CityCostResult> {
  const orders = options.orders ?? 20;
  const log = options.log ?? (() => {});
  const inputsFile = join(projectRoot, 'bench/cost-inputs.json');
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  const prices = inputs.prices as Prices;
  const defaultMb = inputs.lambda.defaultMemoryMb as number;
  const platform = await startLocalPlatform({
    port: 0,
    seed: true,
    pollers: true,
    timers: false,
    log: quietLog,
  });
  try {
    if (options.seedDistrict !== false) {
      const { seedDivisions } = await import('../infra/local/seed-divisions.ts');
      const seeded = await seedDivisions('310113');
      log(`seeded Baoshan from the division data: ${seeded.created} centers`);
    }
    const tally = await installCapacityTally();
    const resident = await platform.mintToken({ role: 'resident', sub: 'bench-cost', expiresIn: '2h' });
    const call = async (method: string, path: string, body?: object, token = resident) => {
      const started = performance.now();
      const response = await fetch(`${platform.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `${path}-${Math.random()}`,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (response.status >= 300)
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return { json, ms: performance.now() - started };
    };
    // warm the handlers (module load is not what an order costs)
    await call('GET', '/centers/c-youyi-a');
    const warm = await call('POST', '/service-orders', {
      serviceCode: 'red-agency',
      centerId: 'c-youyi-a',
      attributes: { matter: '代办', pickup: '到站 at the center' },
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    void warm;

    const measured: MeasuredUse[] = [];
    // a resident's read: GET /centers/{id}
    let before = snapshot(tally);
    let readMs = 0;
    for (let i = 0; i < orders; i++) readMs += (await call('GET', '/centers/c-youyi-a')).ms;
    let used = delta(tally, before);
    measured.push({
      what: 'GET /centers/{id}',
      count: orders,
      perOperation: {
        dynamodbReadUnits: used.read / orders,
        dynamodbWriteUnits: used.write / orders,
        dynamodbRequests: used.requests / orders,
        byOperation: used.byOperation,
        lambdaInvocations: 1,
        lambdaGbSeconds: ((readMs / orders / 1000) * memoryOf('centers-read', defaultMb)) / 1024,
        httpRequests: 1,
        sqsRequests: 0,
      },
    });

    // a service order, POST to assigned (the level queue's consumer included)
    before = snapshot(tally);
    let postMs = 0;
    const ids: string[] = [];
    for (let i = 0; i < orders; i++) {
      const posted = await call('POST', '/service-orders', {
        serviceCode: 'red-agency',
        centerId: 'c-youyi-a',
        attributes: { matter: '代办', pickup: '到站 at the center' },
      });
      postMs += posted.ms;
      ids.push(String(posted.json.id));
    }
    // the consumer assigns them; wait without reading (reads would be counted)
    await new Promise((resolve) => setTimeout(resolve, 6000));
    used = delta(tally, before);
    const consumerMs = 50;
    measured.push({
      what: 'service order, POST to assigned',
      count: orders,
      perOperation: {
        dynamodbReadUnits: used.read / orders,
        dynamodbWriteUnits: used.write / orders + inputs.idempotency.writeUnitsPerKeyedRequest,
        dynamodbRequests: used.requests / orders,
        byOperation: used.byOperation,
        lambdaInvocations: 2,
        lambdaGbSeconds:
          ((postMs / orders / 1000) * memoryOf('orders-write', defaultMb)) / 1024 +
          ((consumerMs / 1000) * defaultMb) / 1024,
        httpRequests: 1,
        sqsRequests: inputs.sqs.requestsPerMessage,
      },
    });
    const assigned = await Promise.all(ids.slice(0, 5).map((id) => call('GET', `/service-orders/${id}`)));
    if (assigned.some((order) => order.json.status !== 'assigned'))
      throw new Error('orders were not assigned within 6 s');

    // one run of every schedule, at the rate the manifest gives it
    const schedules: { id: string; runsPerMonth: number; use: OperationUse }[] = [];
    for (const spec of functions) {
      if (spec.trigger.kind !== 'schedule') continue;
      before = snapshot(tally);
      const started = performance.now();
      await platform.runSchedule(spec.id);
      const ms = performance.now() - started;
      used = delta(tally, before);
      const runsPerMonth = Math.round((30 * 24 * 60) / spec.trigger.everyMinutes);
      const use: OperationUse = {
        dynamodbReadUnits: used.read,
        dynamodbWriteUnits: used.write,
        lambdaInvocations: 1,
        lambdaGbSeconds: ((ms / 1000) * (spec.memoryMb ?? defaultMb)) / 1024,
        httpRequests: 0,
        sqsRequests: 0,
      };
      schedules.push({ id: spec.id, runsPerMonth, use });
      measured.push({
        what: `schedule ${spec.id} (every ${spec.trigger.everyMinutes} min)`,
        count: 1,
        perOperation: { ...use, dynamodbRequests: used.requests, byOperation: used.byOperation },
      });
      log(`${spec.id}: ${used.requests} requests, ${used.read} RRU, ${used.write} WRU, ${Math.round(ms)} ms`);
    }

    // a booking: POST /bookings of a reading-room slot, each by another resident at another
    // community (the notification's consumer included); the notifier is a log line here
    const day = bookingDay(Date.now());
    const communities = DEMO_NETWORK.filter((c) => c.level === 'community' && c.kind === 'community');
    const tokens = await Promise.all(
      Array.from({ length: orders }, (_, i) =>
        platform.mintToken({ role: 'resident', sub: `bench-booking-${i}`, expiresIn: '2h' }),
      ),
    );
    before = snapshot(tally);
    let bookingMs = 0;
    for (let i = 0; i < orders; i++) {
      const center = communities[i % communities.length]!;
      const hour = String(9 + Math.floor(i / communities.length)).padStart(2, '0');
      const booked = await call(
        'POST',
        '/bookings',
        {
          centerId: center.id,
          roomId: `r-${center.id.slice(2)}-2`,
          start: `${day}T${hour}:00:00+08:00`,
          end: `${day}T${hour}:30:00+08:00`,
          partySize: 1,
        },
        tokens[i],
      );
      if (booked.json.status !== 'confirmed') throw new Error(`booking not confirmed: ${booked.json.status}`);
      bookingMs += booked.ms;
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    used = delta(tally, before);
    const bookingUse: OperationUse = {
      dynamodbReadUnits: used.read / orders,
      dynamodbWriteUnits: used.write / orders + inputs.idempotency.writeUnitsPerKeyedRequest,
      lambdaInvocations: 2,
      lambdaGbSeconds:
        ((bookingMs / orders / 1000) * memoryOf('bookings-write', defaultMb)) / 1024 +
        ((consumerMs / 1000) * memoryOf('notify-residents', defaultMb)) / 1024,
      httpRequests: 1,
      sqsRequests: inputs.sqs.requestsPerMessage,
    };
    measured.push({
      what: 'booking, POST /bookings (a room slot) and its notification',
      count: orders,
      perOperation: {
        ...bookingUse,
        dynamodbRequests: used.requests / orders,
        byOperation: used.byOperation,
      },
    });
    const order = measured.find((m) => m.what.startsWith('service order'))!.perOperation;
    const read = measured.find((m) => m.what.startsWith('GET'))!.perOperation;
    const month = inputs.districtMonth;
    return {
      region: inputs.region,
      prices,
      measured,
      booking: { measured: true, note: inputs.booking.note, use: bookingUse },
      perMillion: {
        bookings: costOf(bookingUse, 1_000_000, prices),
        serviceOrders: costOf(order, 1_000_000, prices),
      },
      districtMonth: districtMonth(
        month,
        { booking: bookingUse, serviceOrder: order, read, schedules },
        prices,
        inputs.sqs.idlePollsPerQueueMonth,
      ),
      inputsFile: 'bench/cost-inputs.json',
    };
  } finally {
    await platform.stop();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '20' },
      'no-seed-district': { type: 'boolean', default: false },
    },
  });
  const result = await measureCityCost({
    orders: Number(values.orders),
    seedDistrict: !values['no-seed-district'],
    log: (message) => console.error(message),
  });
  console.log(JSON.stringify(result, null, 2));
}
