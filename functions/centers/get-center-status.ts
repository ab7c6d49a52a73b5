import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { StatusQuery } from '../../shared/domain/opening-status.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireStoredCenter } from '../../shared/store/centers.ts';
import { openingContext } from '../../shared/store/opening-context.ts';

const options = { params: CenterParams, query: StatusQuery } as const;

/** Status of one center at an instant, with why: hours, holiday, adjusted working day, closure, missing calendar. */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  const center = await requireStoredCenter(params.id);
  const at = query.at ? Date.parse(query.at) : Date.now();
  const context = await openingContext(at, center.id);
  const evaluation = context.evaluator.evaluate(center, at, context.closuresOf(center.id));
  return ok({
    centerId: center.id,
    at: new Date(at).toISOString(),
    timeZone: center.timeZone,
    openingHours: center.openingHours,
    ...evaluation,
  });
};

export const handler = httpHandler(options, run);
