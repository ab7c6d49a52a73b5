import { ActivityParams } from '../../shared/domain/activities.ts';
import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { getActivity } from '../../shared/store/activities.ts';

const options = { params: ActivityParams } as const;

export const run: Run<typeof options> = async ({ params, principal }) => {
  assertCanReadRegistry(principal);
  const activity = await getActivity(params.id, params.activityId);
  if (!activity) throw NotFoundError.of('activity', `${params.id}/${params.activityId}`);
  return ok(activity, activity.version);
};

export const handler = httpHandler(options, run);
