import { describe } from '../../shared/domain/auth.ts';
import { assertMayDecide } from '../../shared/domain/menu-access.ts';
import { CopyDecisionSchema, decide, publicCopy } from '../../shared/domain/menu-copy.ts';
import { CenterMenuParams } from '../../shared/domain/menus.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok, requireIfMatch } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { putDecision, requireCopy } from '../../shared/store/menus.ts';

const options = { params: CenterMenuParams, body: CopyDecisionSchema } as const;

/**
 * The center's decision on a menu it received (If-Match: the copy's ETag): adopt it, decline it
 * with a reason, or adapt it with its local changes. One PATCH rather than a route per decision:
 * the decision is the new state of one resource, and the stack keeps a route (and its
 * integration) for each path.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const center = await requireCenter(params.id);
  assertMayDecide(principal, center.path);
  const copy = await requireCopy(center.id, params.menuId);
  requireIfMatch(headers, copy.copyVersion);
  const next = decide(copy, body, describe(principal), new Date().toISOString());
  await putDecision(next, copy, center.path);
  return ok(publicCopy(next), next.copyVersion);
};

export const handler = httpHandler(options, run);
