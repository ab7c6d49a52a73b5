import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { nextYearAwaitsNotice } from '../../shared/domain/provisional-calendar.ts';
import { metrics } from '../../shared/runtime/powertools.ts';
import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { effectiveCalendars } from '../../shared/store/calendars.ts';
import { buildGrid, type GridBuild } from '../../shared/store/grid-build.ts';

/** The metric the NextYearCalendarMissing alarm watches (1 while next year awaits its notice). */
export const NEXT_YEAR_CALENDAR_METRIC = 'calendarNextYearUnofficial';

/**
 * Every 5 minutes: the snapshot of the tick the event belongs to. A retried or late event builds
 * the same tick again (same snapshot id, replaced) and never moves the latest pointer backwards.
 * It also says, from November, whether next year's official calendar is still to be loaded.
 */
export async function run(now: Date): Promise<GridBuild & { nextYearAwaitsNotice: boolean }> {
  const nextYear = now.getUTCFullYear() + 1;
  const [build, calendars] = await Promise.all([
    buildGrid({ at: now.getTime(), kind: 'scheduled' }),
    effectiveCalendars([nextYear]),
  ]);
  const awaits = nextYearAwaitsNotice(now.getTime(), calendars.get(nextYear));
  metrics.addMetric(NEXT_YEAR_CALENDAR_METRIC, MetricUnit.Count, awaits ? 1 : 0);
  return { ...build, nextYearAwaitsNotice: awaits };
}

export const handler = scheduleHandler(run);
