/**
 * The local runtime enforcing what Lambda enforces: recursive loop detection (a chain of queue
 * invocations is stopped after 16) and function timeouts, for SQS, schedules and HTTP.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_SECONDS } from '../../infra/function-defaults.ts';
import { LOCAL_REGION } from '../../infra/local/env.ts';
import { HOP_ATTRIBUTE, MAX_CHAIN_INVOCATIONS } from '../../infra/local/hops.ts';
import type { RuntimeLog } from '../../infra/local/log.ts';
import { CHAINS_MAX_RECEIVE_COUNT, chainsManifest } from '../support/fixtures/manifest.ts';
import { pollUntil, startTestPlatform, type TestPlatform } from '../support/platform.ts';

const VISIBILITY_SECONDS = 1;
const lines: string[] = [];
const log: RuntimeLog = {
  info: () => undefined,
  warn: (message) => lines.push(message),
  error: (message) => lines.push(message),
};

let platform: TestPlatform;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;

beforeAll(async () => {
  platform = await startTestPlatform({
    manifest: chainsManifest,
    queueVisibilityTimeoutSeconds: VISIBILITY_SECONDS,
    log,
  });
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  dynamodb = new DynamoDBClient({ endpoint: platform.endpoints.dynamodb, region: LOCAL_REGION, credentials });
  sqs = new SQSClient({ endpoint: platform.endpoints.sqs, region: LOCAL_REGION, credentials });
});

afterAll(async () => {
  dynamodb?.destroy();
  sqs?.destroy();
  await platform?.stop();
});

const counter = async (pk: string, attribute: string): Promise<number> => {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: platform.env.TABLE_MAIN,
      Key: { pk: { S: pk }, sk: { S: pk.split('#')[0]! } },
    }),
  );
  return Number(Item?.[attribute]?.N ?? 0);
};

const dlqMessages = async (queue: 'fixtureLoop' | 'fixtureSlow') => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: platform.resources.queues[queue]!.dlqUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      VisibilityTimeout: 0,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return Messages;
};

const send = (queue: 'fixtureLoop' | 'fixtureSlow', body: object) =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: platform.resources.queues[queue]!.url,
      MessageBody: JSON.stringify(body),
    }),
  );

describe('local runtime: recursive loop detection', () => {
  it('stops a consumer that re-queues itself after its 16th invocation, moves the message to the DLQ and says so', async () => {
    const id = `loop-${Date.now()}`;
    await send('fixtureLoop', { id });

    const dead = await pollUntil(
      async () => (await dlqMessages('fixtureLoop')).find((m) => m.Body === JSON.stringify({ id })),
      { timeoutMs: 30_000, description: 'the looping message in the DLQ' },
    );
    expect(dead.MessageAttributes?.[HOP_ATTRIBUTE]?.StringValue).toBe(String(MAX_CHAIN_INVOCATIONS));
    expect(await counter(`LOOP#${id}`, 'invocations')).toBe(MAX_CHAIN_INVOCATIONS);
    // nothing runs after the stop
    await new Promise((r) => setTimeout(r, (VISIBILITY_SECONDS + 1) * 1000));
    expect(await counter(`LOOP#${id}`, 'invocations')).toBe(MAX_CHAIN_INVOCATIONS);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\[requeue-forever\] recursive loop stopped: .* on queue fixtureLoop would be invocation 17/,
      ),
    );
  });
});

describe('local runtime: function timeouts', () => {
  it('leaves a timed-out batch in its queue, so it is received again and dead-lettered after maxReceiveCount', async () => {
    const slow = `slow-${Date.now()}`;
    const quick = `quick-${Date.now()}`;
    await send('fixtureSlow', { id: slow, ms: 3000 });
    await send('fixtureSlow', { id: quick, ms: 10 });

    const dead = await pollUntil(
      async () => (await dlqMessages('fixtureSlow')).find((m) => m.Body?.includes(slow)),
      { timeoutMs: 30_000, description: 'the slow job in the DLQ' },
    );
    expect(dead.Body).toBe(JSON.stringify({ id: slow, ms: 3000 }));
    expect(await counter(`JOB#${slow}`, 'attempts')).toBe(CHAINS_MAX_RECEIVE_COUNT);
    expect(await counter(`JOB#${quick}`, 'attempts')).toBe(1);
    expect(lines).toContainEqual(
      '[sleep-jobs] batch of 1 from fixtureSlow: Task timed out after 1.00 seconds',
    );
  });

  it('fails a scheduled run that outlives its timeout and logs it', async () => {
    const started = Date.now();
    await expect(platform.runSchedule('sleep-schedule')).rejects.toThrow('Task timed out after 1.00 seconds');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(lines).toContainEqual('[sleep-schedule] scheduled run failed: Task timed out after 1.00 seconds');
  });

  it('answers 500, as the HTTP API does for a function error, when an HTTP function times out', async () => {
    const quick = await platform.api().get<{ slept: number }>('/sleep/10');
    expect(quick.status).toBe(200);

    const started = Date.now();
    const slow = await platform.api().get<{ type: string }>('/sleep/3000');
    expect(slow.status).toBe(500);
    expect(slow.json.type).toBe('https://pmsc.example/problems/internal');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('gives a function without a timeout the stack default', async () => {
    const res = await platform.api().get<{ remainingAtStart: number }>('/sleep-default/0');
    expect(res.status).toBe(200);
    expect(res.json.remainingAtStart).toBeLessThanOrEqual(DEFAULT_TIMEOUT_SECONDS * 1000);
    expect(res.json.remainingAtStart).toBeGreaterThan(DEFAULT_TIMEOUT_SECONDS * 1000 - 1000);
  });
});
