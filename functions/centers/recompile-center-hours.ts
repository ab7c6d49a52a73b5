import { compileOpeningHours } from '../../shared/domain/opening-hours.ts';
import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { type RecompileResult, recompileHours } from '../../shared/store/hours-recompile.ts';

/**
 * Hourly: compiles the opening hours of every center whose compiled form is missing, stale or
 * ends within 45 days, so that reads never reach the end of a compiled range. A retried event
 * finds nothing left to do.
 */
export async function run(now: Date): Promise<RecompileResult> {
  return recompileHours(now.getTime(), compileOpeningHours);
}

export const handler = scheduleHandler(run);
