import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueName } from '../../infra/resources.ts';
import { queueUrl } from '../runtime/env.ts';

let client: SQSClient | undefined;

function sqs(): SQSClient {
  client ??= new SQSClient({});
  return client;
}

/**
 * Sends JSON messages in batches of ten; throws if any message was not accepted, so a caller
 * that must not lose work knows to rely on its reconciler.
 */
export async function sendMessages(queue: QueueName, messages: readonly object[]): Promise<void> {
  const url = queueUrl(queue);
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    const result = await sqs().send(
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
  }
}
