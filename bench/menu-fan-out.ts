/**
 * One menu pushed to every center of a synthetic district (default 7,000 centers) through the
 * local runtime: `POST /centers/{root}/menus`, then the coordinator (`fan-out-menus`) on the
 * fan-out queue, until every delivery is queued. Next to it, in the same run, the naive way:
 * one `SendMessage` per center. Counts the SQS requests of each (every HTTP request this process
 * makes to the SQS emulator, seen through Node's `http.client.request.start` diagnostics channel).
 *
 *   npm run bench -- --only menus                 # 7,000 centers (about a minute of seeding)
 *   npx tsx bench/menu-fan-out.ts --centers 700   # alone, smaller
 *
 * Targets: all deliveries queued within 3 s of the POST, at most 1.3 SQS requests per center
 * (the deliveries themselves are not awaited here: DynamoDB Local writes each copy in a
 * transaction, which measures DynamoDB Local, not the fan-out).
 */
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { parseArgs } from 'node:util';
import {
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_REGION } from '../infra/local/env.ts';
import { quietLog } from '../infra/local/log.ts';
import { type LocalEndpoints, startLocalPlatform } from '../infra/local/platform.ts';
import { measureInChild } from './child-measure.ts';
import type { BenchResults } from './results.ts';

export interface MenuFanOutResult {
  readonly centers: number;
  /** From the POST to the last delivery queued (the coordinator's run included), seconds. */
  readonly pushToQueuedSeconds: number;
  readonly postMs: number;
  readonly coordinatorMs: number;
  readonly sqsRequests: number;
  readonly sqsRequestsPerCenter: number;
  readonly queued: number;
  readonly naive: {
    readonly seconds: number;
    readonly sqsRequests: number;
    readonly sqsRequestsPerCenter: number;
  };
  readonly targets: { readonly seconds: number; readonly requestsPerCenter: number };
}

const TARGET_SECONDS = 3;
const TARGET_REQUESTS_PER_CENTER = 1.3;

/** Counts requests to one host:port while `measure` runs. */
async function countingRequests<T>(
  port: string,
  measure: () => Promise<T>,
): Promise<{ value: T; requests: number }> {
  let requests = 0;
  const onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (String(request.getHeader('host') ?? '').endsWith(`:${port}`)) requests++;
  };
  subscribe('http.client.request.start', onStart);
  try {
    const value = await measure();
    return { value, requests };
  } finally {
    unsubscribe('http.client.request.start', onStart);
  }
}

export const FULL_MENU_CENTERS = 7000;
/** What `npm test` runs: the code paths, not the numbers. */
export const SMOKE_MENU_CENTERS = 60;

export async function measureMenuFanOut(
  centers = FULL_MENU_CENTERS,
  log: (line: string) => void = () => {},
  /** DynamoDB Local and SQS already running (the test tier's); the bench starts its own otherwise. */
  endpoints?: LocalEndpoints,
): Promise<MenuFanOutResult> {
  const platform = await startLocalPlatform({
    port: 0,
    prefix: `m${randomBytes(4).toString('hex')}`,
    pollers: false,
    timers: false,
    log: quietLog,
    ...(endpoints ? { endpoints } : {}),
  });
  const sqs = new SQSClient({
    endpoint: platform.endpoints.sqs,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    // imported after the platform set the env: the stores read it when first used
    const { db } = await import('../shared/store/client.ts');
    const { centerIndexKeys, keys } = await import('../shared/store/keys.ts');
    const { run: coordinate } = await import('../functions/menus/fan-out-menu.ts');
    const { EXAMPLE_COURSE } = await import('../shared/domain/menus.ts');
    const { tableName } = await import('../shared/runtime/env.ts');

    // a district, 50 streets, the rest communities spread over them: written directly, 25 a batch
    const now = new Date().toISOString();
    const item = (id: string, level: string, parentId: string | null, path: string, depth: number) => {
      const center = {
        id,
        parentId,
        level,
        ...(level === 'community' ? { kind: 'community' } : {}),
        name: id,
        address: 'bench',
        location: { lat: 31.4, lon: 121.4 },
        serviceRadiusMeters: 1000,
        timeZone: 'Asia/Shanghai',
        openingHours: 'Mo-Su 09:00-17:00',
        contact: {},
        status: 'active',
        path,
        depth,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      return { ...keys.center(id), ...centerIndexKeys(center), entity: 'center', ...center };
    };
    const streets = Math.min(50, Math.max(1, Math.floor(centers / 20)));
    const items = [item('c-bench', 'district', null, '/c-bench/', 0)];
    for (let s = 0; s < streets; s++)
      items.push(item(`c-bench-s${s}`, 'street', 'c-bench', `/c-bench/c-bench-s${s}/`, 1));
    for (let c = 0; items.length < centers + 1; c++) {
      const s = c % streets;
      items.push(
        item(
          `c-bench-s${s}-c${c}`,
          'community',
          `c-bench-s${s}`,
          `/c-bench/c-bench-s${s}/c-bench-s${s}-c${c}/`,
          2,
        ),
      );
    }
    const seedStarted = Date.now();
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          let request: Record<string, unknown[]> | undefined = {
            [tableName('main')]: batches[next++]!.map((Item) => ({ PutRequest: { Item } })),
          };
          while (request && Object.keys(request).length > 0) {
            const result = await db().send(new BatchWriteCommand({ RequestItems: request as never }));
            request = result.UnprocessedItems as typeof request;
          }
        }
      }),
    );
    log(`seeded ${items.length} centers in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    const token = await platform.mintToken({ role: 'admin' });
    const port = new URL(platform.endpoints.sqs).port;
    const deliveries = platform.resources.queues.menuDeliveries!.url;
    const queuedNow = async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: deliveries,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    };

    // a warm-up push at one street, fanned out and drained: handlers loaded, connections open
    const push = (centerId: string) =>
      fetch(`${platform.baseUrl}/centers/${centerId}/menus`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: EXAMPLE_COURSE }),
      });
    {
      const { ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
      const warm = await push('c-bench-s0');
      if (warm.status !== 202) throw new Error(`warm-up push answered ${warm.status}`);
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: platform.resources.queues.menuFanOut!.url,
          WaitTimeSeconds: 1,
        }),
      );
      for (const message of Messages) await coordinate(JSON.parse(message.Body!));
      await sqs.send(new PurgeQueueCommand({ QueueUrl: platform.resources.queues.menuFanOut!.url }));
      await sqs.send(new PurgeQueueCommand({ QueueUrl: deliveries }));
    }

    // the fan-out: POST, then the coordinator on the message the push queued (received as the
    // poller would, one ReceiveMessage), until every delivery is queued
    const { ReceiveMessageCommand, DeleteMessageCommand } = await import('@aws-sdk/client-sqs');
    const fanOutQueue = platform.resources.queues.menuFanOut!.url;
    let coordinatorMs = 0;
    const started = Date.now();
    const measured = await countingRequests(port, async () => {
      const response = await push('c-bench');
      if (response.status !== 202)
        throw new Error(`push answered ${response.status}: ${await response.text()}`);
      const postMs = Date.now() - started;
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: fanOutQueue, WaitTimeSeconds: 1 }),
      );
      const message = Messages[0];
      if (!message) throw new Error('the push queued no fan-out message');
      const coordinatorStarted = Date.now();
      await coordinate(JSON.parse(message.Body!));
      coordinatorMs = Date.now() - coordinatorStarted;
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: fanOutQueue, ReceiptHandle: message.ReceiptHandle! }),
      );
      return postMs;
    });
    const pushToQueuedSeconds = (Date.now() - started) / 1000;
    const queued = await queuedNow();
    log(
      `fan-out: ${queued} deliveries queued ${pushToQueuedSeconds.toFixed(2)} s after the POST (POST ${measured.value} ms, coordinator ${coordinatorMs} ms), ${measured.requests} SQS requests`,
    );

    // the naive way, same run: one SendMessage per center
    await sqs.send(new PurgeQueueCommand({ QueueUrl: deliveries }));
    const naiveStarted = Date.now();
    const naive = await countingRequests(port, async () => {
      for (let i = 1; i < items.length; i++) {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: deliveries,
            MessageBody: JSON.stringify({ menuId: 'naive', revision: 1, centerId: items[i]!.id }),
          }),
        );
      }
    });
    const naiveSeconds = (Date.now() - naiveStarted) / 1000;
    log(`naive: ${naive.requests} SQS requests in ${naiveSeconds.toFixed(2)} s`);

    return {
      centers,
      pushToQueuedSeconds,
      postMs: measured.value,
      coordinatorMs,
      sqsRequests: measured.requests,
      sqsRequestsPerCenter: measured.requests / centers,
      queued,
      naive: {
        seconds: naiveSeconds,
        sqsRequests: naive.requests,
        sqsRequestsPerCenter: naive.requests / centers,
      },
      targets: { seconds: TARGET_SECONDS, requestsPerCenter: TARGET_REQUESTS_PER_CENTER },
    };
  } finally {
    sqs.destroy();
    await platform.stop();
  }
}

export interface MenusSection {
  readonly method: string;
  readonly result: MenuFanOutResult;
}

/** Measure `menus` of `npm run bench`: this file in a process of its own. */
export async function menusSection(node: string, centers: number): Promise<MenusSection> {
  const result = await measureInChild<MenuFanOutResult>(node, 'bench/menu-fan-out.ts', [
    '--centers',
    String(centers),
  ]);
  return {
    method:
      'bench/menu-fan-out.ts in a process of its own: an in-memory platform (pollers and timers off) and a synthetic district (a district center, 50 streets, communities under them, written directly); after a warm-up push at one street, POST /centers/{district}/menus, then the coordinator (fan-out-menu) on the message the push queued, until every delivery is queued. The naive way in the same run: one SendMessage per center. SQS requests are every HTTP request of the process to the SQS emulator (diagnostics channel); the deliveries themselves are not awaited.',
    result,
  };
}

const withinTargets = (r: MenuFanOutResult) =>
  r.queued >= r.centers &&
  r.pushToQueuedSeconds <= r.targets.seconds &&
  r.sqsRequestsPerCenter <= r.targets.requestsPerCenter;

export function menusSummary(section: MenusSection): BenchResults['summary'][number][] {
  const r = section.result;
  return [
    {
      measure: `menu push to every center of a ${r.centers.toLocaleString('en-US')}-center district, through the local queues`,
      target: `<= ${r.targets.seconds} s, <= ${r.targets.requestsPerCenter} SQS requests per center`,
      result: `${r.queued} deliveries queued in ${r.pushToQueuedSeconds.toFixed(2)} s, ${r.sqsRequestsPerCenter.toFixed(3)} SQS requests per center; naive one message per send ${r.naive.seconds.toFixed(2)} s, ${r.naive.sqsRequestsPerCenter.toFixed(2)} per center`,
      verdict: withinTargets(r) ? 'pass' : 'miss',
    },
  ];
}

/** The menu push's part of RESULTS.md. */
export function renderMenusMarkdown(r: MenuFanOutResult): string {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}x` : '-');
  return [
    '| way | deliveries queued | seconds | SQS requests | per center |',
    '|---|---:|---:|---:|---:|',
    `| push (POST ${r.postMs} ms, coordinator ${r.coordinatorMs} ms) | ${r.queued} | ${r.pushToQueuedSeconds.toFixed(2)} | ${r.sqsRequests} | ${r.sqsRequestsPerCenter.toFixed(3)} |`,
    `| naive: one SendMessage per center | ${r.centers} | ${r.naive.seconds.toFixed(2)} | ${r.naive.sqsRequests} | ${r.naive.sqsRequestsPerCenter.toFixed(2)} |`,
    '',
    `Targets: every delivery queued within ${r.targets.seconds} s of the POST (${r.pushToQueuedSeconds <= r.targets.seconds ? 'met' : `**missed** by ${(r.pushToQueuedSeconds - r.targets.seconds).toFixed(2)} s`}), at most ${r.targets.requestsPerCenter} SQS requests per center (${r.sqsRequestsPerCenter <= r.targets.requestsPerCenter ? 'met' : '**missed**'}). The naive way takes ${ratio(r.naive.sqsRequests, r.sqsRequests)} the requests and ${ratio(r.naive.seconds, r.pushToQueuedSeconds)} the time for its sends alone.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      centers: { type: 'string', default: String(FULL_MENU_CENTERS) },
      /** Only the result on stdout, as one JSON line (for bench/run.ts); progress on stderr. */
      json: { type: 'boolean', default: false },
    },
  });
  const result = await measureMenuFanOut(Number(values.centers), (line) => console.error(`[bench] ${line}`));
  if (values.json) console.log(JSON.stringify(result));
  else console.log(`${JSON.stringify(result, null, 2)}\n\n${renderMenusMarkdown(result)}`);
}
