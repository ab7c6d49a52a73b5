import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { buildGrid, type GridBuild } from '../../shared/store/grid-build.ts';

/**
 * Every 5 minutes: the snapshot of the tick the event belongs to. A retried or late event builds
 * the same tick again (same snapshot id, replaced) and never moves the latest pointer backwards.
 */
export async function run(now: Date): Promise<GridBuild> {
  return buildGrid({ at: now.getTime(), kind: 'scheduled' });
}

export const handler = scheduleHandler(run);
