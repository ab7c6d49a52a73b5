import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { listStalledFanOuts, touchFanOut } from '../../shared/store/menus.ts';
import { sendMessages } from '../../shared/store/queue.ts';

/** A fan-out that queued nothing new for this long is nudged again. */
export const STALL_AFTER_MS = 2 * 60 * 1000;

/**
 * Re-sends every fan-out still queueing that stalled (its message was never sent or was lost, or
 * its coordinator died) or that its coordinator handed back for lack of time. Each send starts a
 * new chain of invocations; the coordinator resumes from its recorded place.
 */
export async function run(now: Date): Promise<{ resent: number }> {
  const stalled = await listStalledFanOuts(new Date(now.getTime() - STALL_AFTER_MS).toISOString());
  if (stalled.length === 0) return { resent: 0 };
  await sendMessages(
    'menuFanOut',
    stalled.map((fanOut) => ({ menuId: fanOut.menuId, revision: fanOut.revision })),
  );
  await Promise.all(stalled.map((fanOut) => touchFanOut(fanOut.menuId, fanOut.revision, now.toISOString())));
  return { resent: stalled.length };
}

export const handler = scheduleHandler(run);
