import { hasTimeForChunk } from '../../shared/domain/center-import.ts';
import {
  ImportChunkMessage,
  type ImportChunkMessage as Message,
} from '../../shared/domain/import-message.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { sqsHandler } from '../../shared/runtime/sqs.ts';
import { commitChunk, getChunk, getImport, handBackImport } from '../../shared/store/center-imports.ts';

/**
 * Writes an import from chunk `chunk` on, one chunk after the other (parents before children), in
 * this one invocation: the consumer never queues the rest of the work to its own queue, so no
 * chain of invocations grows with the import (Lambda stops a chain after 16). When the invocation
 * is running out of time it stops between chunks and hands the import to the reconciler, whose
 * schedule starts a new chain.
 *
 * Idempotent on (import, chunk): a message for a chunk the import has passed, or one ahead of it,
 * changes nothing, and of two deliveries racing on a chunk only one writes it (the other stops).
 */
export async function run(
  { importId, chunk }: Message,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<void> {
  const job = await getImport(importId);
  if (!job) {
    logger.warn('import message for an unknown import; dropped', { importId, chunk });
    return;
  }
  if (job.status === 'completed' || chunk !== job.chunksDone) return;

  let slowestChunkMs = 0;
  for (let index = chunk; index < job.chunks; index++) {
    if (!hasTimeForChunk(remainingMs(), slowestChunkMs)) {
      await handBackImport(importId);
      logger.info('import handed to the reconciler for lack of time', { importId, chunksDone: index });
      return;
    }
    const started = Date.now();
    const writes = await getChunk(importId, index);
    if (!writes) throw new Error(`chunk ${index} of import ${importId} is missing`);
    const committed = await commitChunk(job, index, writes, new Date().toISOString());
    if (!committed) return;
    slowestChunkMs = Math.max(slowestChunkMs, Date.now() - started);
  }
}

export const handler = sqsHandler(ImportChunkMessage, (message, _record, context) =>
  run(message, () => context.getRemainingTimeInMillis()),
);
