import type { Occurrence } from '../../shared/domain/activities.ts';
import { activitiesCalendar } from '../../shared/domain/ical.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { listActivities, listOccurrences } from '../../shared/store/activities.ts';
import { requireCenter } from '../../shared/store/centers.ts';

const options = { params: CenterParams, auth: 'public' } as const;

/** Upcoming occurrences, at most this many activities and occurrences each (a feed, not an archive). */
const MAX = 100;

/** A center's public activities as an iCalendar feed anyone may subscribe to (no token). */
export const run: Run<typeof options> = async ({ params }) => {
  const center = await requireCenter(params.id);
  const activities = (await listActivities(center.id, MAX)).items.filter((a) => a.public);
  const now = Date.now();
  const occurrences: (Occurrence & { place?: string; description?: string })[] = [];
  for (const activity of activities) {
    const page = await listOccurrences(activity.id, MAX);
    for (const o of page.items) {
      if (Date.parse(o.end) < now) continue;
      occurrences.push({
        ...o,
        ...(activity.place ? { place: activity.place } : {}),
        ...(activity.description ? { description: activity.description } : {}),
      });
    }
  }
  return {
    status: 200,
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'public, max-age=300' },
    raw: { body: activitiesCalendar(center, occurrences) },
  };
};

export const handler = httpHandler(options, run);
