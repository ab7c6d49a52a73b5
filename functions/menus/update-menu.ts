import { assertMayPublish } from '../../shared/domain/menu-access.ts';
import { MenuParams, newFanOut, reviseMenu, UpdateMenuSchema } from '../../shared/domain/menus.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { menuAccepted, resendToDistricts, startFanOut } from '../../shared/runtime/menu-fan-out.ts';
import { requireIfMatch } from '../../shared/runtime/responses.ts';
import { countInScope, requireMenu, reviseStoredMenu } from '../../shared/store/menus.ts';

const options = { params: MenuParams, body: UpdateMenuSchema } as const;

/**
 * Publishes a new version (If-Match: the menu's ETag): every copy below gets the new content and
 * keeps its center's decision; an adaptation is flagged for review there.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const menu = await requireMenu(params.id);
  assertMayPublish(principal, menu.publisherPath);
  requireIfMatch(headers, menu.revision);
  const now = new Date().toISOString();
  const next = reviseMenu(menu, body.content, now);
  const expected = await countInScope(menu.publisherPath, menu.scope);
  await reviseStoredMenu(next, menu.revision, newFanOut(next, expected, now));
  await startFanOut(next);
  await resendToDistricts(next, now);
  return menuAccepted(next, expected);
};

export const handler = httpHandler(options, run);
