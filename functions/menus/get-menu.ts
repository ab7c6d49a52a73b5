import { assertMayPublish } from '../../shared/domain/menu-access.ts';
import { isFanOutDone, MenuParams, publicMenu } from '../../shared/domain/menus.ts';
import { withDistrictProgress } from '../../shared/runtime/district-progress.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { getFanOut, listDistrictSends, listFailures, requireMenu } from '../../shared/store/menus.ts';

const options = { params: MenuParams } as const;

/**
 * A menu with the progress of its latest revision: expected, queued, delivered, failed (who, why),
 * done; in a city stack also where it stands at each target district, with that district's own
 * progress read from its API.
 */
export const run: Run<typeof options> = async ({ params, principal }) => {
  const menu = await requireMenu(params.id);
  assertMayPublish(principal, menu.publisherPath);
  const [fanOut, failures, districts] = await Promise.all([
    getFanOut(menu.id, menu.revision),
    listFailures(menu.id, menu.revision),
    listDistrictSends(menu.id),
  ]);
  if (!fanOut) throw new Error(`menu ${menu.id} has no fan-out for revision ${menu.revision}`);
  const { menuId: _menuId, enqueuedAll: _all, cursor: _cursor, ...counts } = fanOut;
  return ok(
    {
      ...publicMenu(menu),
      progress: { ...counts, failures, done: isFanOutDone(fanOut) },
      ...(districts.length > 0 ? { districts: await withDistrictProgress(districts) } : {}),
    },
    menu.revision,
  );
};

export const handler = httpHandler(options, run);
