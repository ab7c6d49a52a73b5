import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { listStalledImports, touchImport } from '../../shared/store/center-imports.ts';
import { sendMessages } from '../../shared/store/queue.ts';

/** An import that made no progress for this long is nudged again. */
export const STALL_AFTER_MS = 2 * 60 * 1000;

/**
 * Re-sends the next chunk of every running import that has stalled (its first message was never
 * sent, was lost with a restarted local queue, or its consumer died) or that its consumer handed
 * back for lack of time. Each send starts a new chain of invocations. Safe to run at any time:
 * the consumer ignores chunks that are already written.
 */
export async function run(now: Date): Promise<{ resent: number }> {
  const stalled = await listStalledImports(new Date(now.getTime() - STALL_AFTER_MS).toISOString());
  if (stalled.length === 0) return { resent: 0 };
  await sendMessages(
    'centerImport',
    stalled.map((job) => ({ importId: job.id, chunk: job.chunksDone })),
  );
  await Promise.all(stalled.map((job) => touchImport(job.id, now.toISOString())));
  return { resent: stalled.length };
}

export const handler = scheduleHandler(run);
