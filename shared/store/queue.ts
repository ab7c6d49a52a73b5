import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueName } from '../../infra/resources.ts';
import { queueUrl } from '../runtime/env.ts';

export type SqsPlugin = Parameters<SQSClient['middlewareStack']['use']>[0];

let client: SQSClient | undefined;
const plugins: SqsPlugin[] = [];

/** The client every send goes through. */
export function sqsClient(): SQSClient {
  if (!client) {
    client = new SQSClient({});
    for (const plugin of plugins) client.middlewareStack.use(plugin);
  }
  return client;
}

/**
 * Adds a plugin to that client. Nothing in Lambda uses it; the local runtime counts the hops of
 * chains with one (infra/local/hops.ts).
 */
export function useSqsPlugin(plugin: SqsPlugin): void {
  if (plugins.includes(plugin)) return;
  plugins.push(plugin);
  client?.middlewareStack.use(plugin);
}

/**
 * Sends JSON messages in batches of ten (SendMessageBatch), `concurrency` batches at a time;
 * throws if any message was not accepted, so a caller that must not lose work knows to rely on
 * its reconciler.
 */
export async function sendMessages(
  queue: QueueName,
  messages: readonly object[],
  { concurrency = 1 }: { concurrency?: number } = {},
): Promise<void> {
  const url = queueUrl(queue);
  const batches: (readonly object[])[] = [];
  for (let i = 0; i < messages.length; i += 10) batches.push(messages.slice(i, i + 10));
  const sendBatch = async (batch: readonly object[]) => {
    const result = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: batch.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
      }),
    );
    if (result.Failed && result.Failed.length > 0) {
      throw new Error(
        `${result.Failed.length} message(s) to ${queue} were not accepted: ${result.Failed[0]?.Code}`,
      );
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await sendBatch(batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(concurrency, 1), batches.length) }, worker));
}
