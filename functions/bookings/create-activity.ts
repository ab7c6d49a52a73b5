import { type Activity, CreateActivitySchema, occurrencesOf } from '../../shared/domain/activities.ts';
import { expandSeries } from '../../shared/domain/activity-series.ts';
import { assertCanManage, assertMayManageRegistry } from '../../shared/domain/auth.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { newId } from '../../shared/domain/ids.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { created } from '../../shared/runtime/responses.ts';
import { activityItemCount, getActivity, putActivity } from '../../shared/store/activities.ts';
import { calendarLookupAround } from '../../shared/store/calendars.ts';
import { requireStoredCenter } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { allClosuresOf } from '../../shared/store/opening-context.ts';
import { getRoom } from '../../shared/store/rooms.ts';

const options = { params: CenterParams, body: CreateActivitySchema, idempotent: runIdempotent } as const;

/** Largest transaction DynamoDB takes. */
const MAX_ITEMS = 100;

/**
 * Staff publish an activity, once or as a series: every occurrence is checked against the
 * calendar and the center's closures now; those refused are listed in `skipped` with the reason.
 */
export const run: Run<typeof options> = async ({ params, body, principal, idempotencyKey }) => {
  assertMayManageRegistry(principal);
  const center = await requireStoredCenter(params.id);
  assertCanManage(principal, center.path);
  if (body.roomId && !(await getRoom(center.id, body.roomId))) {
    throw ValidationError.field('roomId', `center ${center.id} has no room ${body.roomId}`);
  }
  const now = Date.now();
  const [calendar, closures] = await Promise.all([
    calendarLookupAround(Date.parse(body.start)),
    allClosuresOf(center.id),
  ]);
  const { starts, skipped } = expandSeries(body, { timeZone: center.timeZone, calendar, closures, now });
  if (activityItemCount(starts.length, body.seatShards) > MAX_ITEMS) {
    throw ValidationError.field(
      'recurrence',
      `${starts.length} occurrences with ${body.seatShards} seat shards each are too many for one series; split it`,
    );
  }
  const fresh: Activity = {
    ...body,
    id: newId('a', now),
    centerId: center.id,
    occurrences: starts.length,
    skipped: [...skipped],
    createdAt: new Date(now).toISOString(),
    version: 1,
  };
  const activity = await createOnce(
    idempotencyKey,
    fresh,
    (a, guard) => putActivity(a, occurrencesOf(a, starts, center.timeZone), guard),
    (id) => getActivity(center.id, id),
  );
  return created(activity, `/centers/${center.id}/activities/${activity.id}`, activity.version);
};

export const handler = httpHandler(options, run);
