import {
  ImportChunkMessage,
  type ImportChunkMessage as Message,
} from '../../shared/domain/import-message.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { sqsHandler } from '../../shared/runtime/sqs.ts';
import { commitChunk, getChunk, getImport } from '../../shared/store/center-imports.ts';
import { sendMessages } from '../../shared/store/queue.ts';

/**
 * Writes one chunk of an import, then queues the next. Idempotent on (import, chunk): a chunk
 * the import has already passed, or one ahead of it, changes nothing. If queueing the next
 * chunk fails the message fails and is retried; the reconciler is the backstop.
 */
export async function run({ importId, chunk }: Message): Promise<void> {
  const job = await getImport(importId);
  if (!job) {
    logger.warn('import message for an unknown import; dropped', { importId, chunk });
    return;
  }
  if (chunk === job.chunksDone) {
    const centers = await getChunk(importId, chunk);
    if (!centers) throw new Error(`chunk ${chunk} of import ${importId} is missing`);
    const committed = await commitChunk(job, chunk, centers, new Date().toISOString());
    if (!committed) return;
  } else if (chunk > job.chunksDone || job.status === 'completed') {
    return;
  }
  // re-queue the next chunk also when this one was already done: its earlier delivery may have
  // stopped between the commit and the send
  const next = chunk + 1;
  if (next < job.chunks && chunk >= job.chunksDone - 1) {
    await sendMessages('centerImport', [{ importId, chunk: next }]);
  }
}

export const handler = sqsHandler(ImportChunkMessage, (message) => run(message));
