import { assertMayDecide } from '../../shared/domain/menu-access.ts';
import { publicCopy } from '../../shared/domain/menu-copy.ts';
import { PageOfMenusQuery } from '../../shared/domain/menus.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { listCopies } from '../../shared/store/menus.ts';

const options = { params: CenterParams, query: PageOfMenusQuery } as const;

/** The menus a center has received, newest first, each with the center's decision on it. */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  const center = await requireCenter(params.id);
  assertMayDecide(principal, center.path);
  const page = await listCopies(center.id, query.limit, query.cursor, query.state);
  return ok({ items: page.items.map(publicCopy), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
