import { assertPerson } from '../../shared/domain/service-order-access.ts';
import { MyOrdersQuery, publicOrder } from '../../shared/domain/service-order-requests.ts';
import { walkInOwnerOfPhone } from '../../shared/domain/walk-in.ts';
import { districtCode } from '../../shared/runtime/env.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { claimWalkInOrders, listResidentOrders } from '../../shared/store/service-orders.ts';

const options = { query: MyOrdersQuery } as const;

/**
 * The caller's own orders, newest first. A resident signed in with a verified mobile number first
 * takes over the orders staff registered for that number at a window.
 */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertPerson(principal);
  const walkIn = walkInOwnerOfPhone(principal.phone, districtCode());
  if (walkIn) await claimWalkInOrders(walkIn, principal.sub, new Date().toISOString());
  const page = await listResidentOrders(principal.sub, query.status, query.limit, query.cursor);
  return ok({ items: page.items.map(publicOrder), nextCursor: page.nextCursor });
};

export const handler = httpHandler(options, run);
