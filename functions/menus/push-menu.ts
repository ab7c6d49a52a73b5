import { describe } from '../../shared/domain/auth.ts';
import { targetsOf } from '../../shared/domain/child-districts.ts';
import { newId } from '../../shared/domain/ids.ts';
import { assertMayPublish } from '../../shared/domain/menu-access.ts';
import {
  assertScopeReachesBelow,
  newDistrictSend,
  newFanOut,
  newMenu,
  PushMenuSchema,
} from '../../shared/domain/menus.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { childDistricts } from '../../shared/runtime/env.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { menuAccepted, startDistrictSends, startFanOut } from '../../shared/runtime/menu-fan-out.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { countInScope, createMenu, getMenu } from '../../shared/store/menus.ts';

const options = { params: CenterParams, body: PushMenuSchema, idempotent: runIdempotent } as const;

/**
 * Publishes a menu at a center for its subtree: counts the centers in scope now, records the menu
 * and its first fan-out, and hands the fan-out to the coordinator (202). The centers receive it
 * as the deliveries land; GET /menus/{id} shows how far it got. In a city stack, the target
 * districts named are recorded with it and the sender pushes it to each district's API.
 */
export const run: Run<typeof options> = async ({ params, body, principal, idempotencyKey }) => {
  const center = await requireCenter(params.id);
  assertMayPublish(principal, center.path);
  assertScopeReachesBelow(body.scope, center.level);
  const now = new Date().toISOString();
  const expected = await countInScope(center.path, body.scope);
  const fresh = newMenu(newId('mn'), center, body, describe(principal), now);
  const targets = body.targetDistricts ? targetsOf(childDistricts(), body.targetDistricts) : [];
  const menu = await createOnce(
    idempotencyKey,
    fresh,
    (item, guard) =>
      createMenu(
        item,
        newFanOut(item, expected, now),
        guard,
        targets.map((child) => newDistrictSend(item, child.code, now)),
      ),
    getMenu,
  );
  if (menu === fresh) {
    await startFanOut(menu);
    await startDistrictSends(
      menu,
      targets.map((child) => child.code),
    );
  }
  return menuAccepted(menu, expected);
};

export const handler = httpHandler(options, run);
