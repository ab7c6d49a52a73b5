import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import {
  listStalledDistrictSends,
  listStalledFanOuts,
  putDistrictSend,
  touchFanOut,
} from '../../shared/store/menus.ts';
import { sendMessages } from '../../shared/store/queue.ts';

/** A fan-out that queued nothing new for this long is nudged again. */
export const STALL_AFTER_MS = 2 * 60 * 1000;

/**
 * Re-sends every fan-out still queueing that stalled (its message was never sent or was lost, or
 * its coordinator died) or that its coordinator handed back for lack of time. Each send starts a
 * new chain of invocations; the coordinator resumes from its recorded place. In a city stack,
 * also re-sends the district sends still pending (a lost message, a sender that died).
 */
export async function run(now: Date): Promise<{ resent: number; districtsResent: number }> {
  const before = new Date(now.getTime() - STALL_AFTER_MS).toISOString();
  const [stalled, districts] = await Promise.all([
    listStalledFanOuts(before),
    listStalledDistrictSends(before),
  ]);
  if (stalled.length > 0) {
    await sendMessages(
      'menuFanOut',
      stalled.map((fanOut) => ({ menuId: fanOut.menuId, revision: fanOut.revision })),
    );
    await Promise.all(
      stalled.map((fanOut) => touchFanOut(fanOut.menuId, fanOut.revision, now.toISOString())),
    );
  }
  if (districts.length > 0) {
    await sendMessages(
      'menuDistrictSends',
      districts.map((send) => ({ menuId: send.menuId, revision: send.revision, district: send.district })),
    );
    await Promise.all(districts.map((send) => putDistrictSend({ ...send, updatedAt: now.toISOString() })));
  }
  return { resent: stalled.length, districtsResent: districts.length };
}

export const handler = scheduleHandler(run);
