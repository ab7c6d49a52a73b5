/**
 * The local Lambda event source mapping for SQS: long-polls a queue, hands each batch to the
 * consumer as a real SQSEvent and deletes what succeeded. Failures (a thrown error, a timeout,
 * reported batchItemFailures) stay in the queue, reappear after the visibility timeout and move
 * to the DLQ after maxReceiveCount (fauxqs applies the queue's RedrivePolicy on receive, as SQS
 * does). A message that would be the 17th invocation of its chain goes to the DLQ unprocessed,
 * as Lambda's recursive loop detection does (hops.ts).
 */
import { createHash } from 'node:crypto';
import type { Message, MessageAttributeValue as SdkMessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda';
import { LOCAL_REGION } from './env.ts';
import { hopsOf, MAX_CHAIN_INVOCATIONS, runInChain } from './hops.ts';
import { FunctionTimeoutError, invokeWithTimeout, timeoutMsOf } from './invoke.ts';
import type { HandlerLoader } from './lambda-context.ts';
import { createLambdaContext } from './lambda-context.ts';
import type { RuntimeLog } from './log.ts';
import type { LocalFunctionSpec } from './manifest-source.ts';

/** ReceiveMessage returns at most 10 messages. */
const MAX_RECEIVE = 10;
/** Short long-poll so stop() is quick. */
const WAIT_TIME_SECONDS = 1;

export interface PollerOptions {
  readonly spec: LocalFunctionSpec;
  /** The queue's key in the manifest, for log lines. */
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  /** Where a message stopped by the hop limit goes. */
  readonly dlqUrl: string;
  readonly sqsEndpoint: string;
  readonly prefix: string;
  readonly loadHandler: HandlerLoader;
  readonly log: RuntimeLog;
}

export interface Poller {
  stop(): Promise<void>;
}

const toMessageAttributes = (
  attributes: Record<string, SdkMessageAttributeValue> | undefined,
): SQSMessageAttributes => {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return result;
};

export const toSqsRecord = (message: Message, queueArn: string): SQSRecord => {
  const attributes = message.Attributes ?? {};
  const body = message.Body ?? '';
  const recordAttributes: SQSRecordAttributes = {
    ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
    SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
    SenderId: attributes.SenderId ?? '000000000000',
    ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    ...(attributes.MessageGroupId === undefined ? {} : { MessageGroupId: attributes.MessageGroupId }),
    ...(attributes.MessageDeduplicationId === undefined
      ? {}
      : { MessageDeduplicationId: attributes.MessageDeduplicationId }),
    ...(attributes.SequenceNumber === undefined ? {} : { SequenceNumber: attributes.SequenceNumber }),
  };
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body,
    attributes: recordAttributes,
    messageAttributes: toMessageAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
    ...(message.MD5OfMessageAttributes === undefined
      ? {}
      : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
};

/**
 * Which messages of a batch failed, as Lambda reads the consumer's answer: listed items only; an
 * answer naming an unknown or empty id fails the whole batch.
 */
export const failedMessageIds = (records: readonly SQSRecord[], result: unknown): Set<string> => {
  const all = new Set(records.map((r) => r.messageId));
  if (result === undefined || result === null || typeof result !== 'object') return new Set();
  const failures = (result as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
};

export const startPoller = (options: PollerOptions): Poller => {
  const { spec, log } = options;
  if (spec.trigger.kind !== 'sqs') throw new Error(`${spec.id} is not an SQS consumer`);
  const batchSize = Math.min(Math.max(spec.trigger.batchSize, 1), MAX_RECEIVE);
  const client = new SQSClient({
    endpoint: options.sqsEndpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const abort = new AbortController();
  let running = true;

  const deleteMessages = async (records: readonly SQSRecord[]): Promise<void> => {
    for (let i = 0; i < records.length; i += MAX_RECEIVE) {
      const chunk = records.slice(i, i + MAX_RECEIVE);
      const result = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((r, n) => ({ Id: String(n), ReceiptHandle: r.receiptHandle })),
        }),
      );
      for (const failure of result.Failed ?? []) {
        log.warn(`[${spec.id}] could not delete a processed message: ${failure.Message ?? failure.Code}`);
      }
    }
  };

  /** Lambda stops the invocation after the 16th of a chain and hands its message to the DLQ. */
  const stopRecursion = async (messages: readonly Message[]): Promise<void> => {
    for (const message of messages) {
      log.warn(
        `[${spec.id}] recursive loop stopped: message ${message.MessageId} on queue ${options.queueName} would be invocation ${MAX_CHAIN_INVOCATIONS + 1} of its chain (Lambda allows ${MAX_CHAIN_INVOCATIONS}); moved to the DLQ without invoking ${spec.id}`,
      );
    }
    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: options.dlqUrl,
        Entries: messages.map((m, n) => ({
          Id: String(n),
          MessageBody: m.Body ?? '',
          ...(m.MessageAttributes === undefined ? {} : { MessageAttributes: m.MessageAttributes }),
        })),
      }),
    );
    const moved = messages.filter((_, n) => !result.Failed?.some((f) => f.Id === String(n)));
    if (moved.length > 0) await deleteMessages(moved.map((m) => toSqsRecord(m, options.queueArn)));
  };

  const processBatch = async (received: readonly Message[]): Promise<void> => {
    const overLimit = (m: Message) => hopsOf(toSqsRecord(m, options.queueArn)) >= MAX_CHAIN_INVOCATIONS;
    const stopped = received.filter(overLimit);
    if (stopped.length > 0) await stopRecursion(stopped);
    const messages = received.filter((m) => !overLimit(m));
    if (messages.length === 0) return;

    const records = messages.map((m) => toSqsRecord(m, options.queueArn));
    const event: SQSEvent = { Records: records };
    // The batch's place in its chain: one after the longest chain among its messages.
    const invocation = Math.max(...records.map(hopsOf)) + 1;
    let failed: Set<string>;
    try {
      const handler = await options.loadHandler(spec);
      const result = await runInChain(invocation, () =>
        invokeWithTimeout(handler, event, createLambdaContext(spec, options.prefix), timeoutMsOf(spec)),
      );
      failed = failedMessageIds(records, result);
    } catch (error) {
      // A thrown error or a timeout fails the whole batch: every message comes back after the
      // visibility timeout and counts towards maxReceiveCount.
      if (error instanceof FunctionTimeoutError) {
        log.error(`[${spec.id}] batch of ${records.length} from ${options.queueName}: ${error.message}`);
      } else {
        log.error(`[${spec.id}] batch of ${records.length} failed:`, error);
      }
      return;
    }
    if (failed.size > 0)
      log.warn(`[${spec.id}] ${failed.size} of ${records.length} message(s) reported as failed`);
    const succeeded = records.filter((r) => !failed.has(r.messageId));
    if (succeeded.length > 0) await deleteMessages(succeeded);
  };

  const loop = async (): Promise<void> => {
    while (running) {
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: WAIT_TIME_SECONDS,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        const messages = received.Messages ?? [];
        if (messages.length > 0) await processBatch(messages);
      } catch (error) {
        if (!running) break;
        log.error(`[${spec.id}] polling ${options.queueUrl} failed; retrying in 1 s:`, error);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };

  const done = loop();
  return {
    stop: async () => {
      running = false;
      abort.abort();
      // A batch in progress finishes (and deletes what it processed) before the poller ends.
      await done;
      client.destroy();
    },
  };
};
