import { describe } from '../../shared/domain/auth.ts';
import { assertMayPublish } from '../../shared/domain/menu-access.ts';
import { MenuParams, newFanOut, WithdrawMenuSchema, withdrawMenu } from '../../shared/domain/menus.ts';
import { parseIfMatch } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { menuAccepted, resendToDistricts, startFanOut } from '../../shared/runtime/menu-fan-out.ts';
import { requireIfMatch } from '../../shared/runtime/responses.ts';
import { countInScope, requireMenu, reviseStoredMenu } from '../../shared/store/menus.ts';

const options = { params: MenuParams, body: WithdrawMenuSchema } as const;

/**
 * Withdraws a menu everywhere: each center's copy is marked withdrawn with the reason. If-Match
 * is optional (a withdrawal overwrites nothing a caller could have missed); a stale one is 412.
 */
export const run: Run<typeof options> = async ({ params, body, principal, headers }) => {
  const menu = await requireMenu(params.id);
  assertMayPublish(principal, menu.publisherPath);
  if (parseIfMatch(headers['if-match']) !== undefined) requireIfMatch(headers, menu.revision);
  const now = new Date().toISOString();
  const next = withdrawMenu(menu, body.reason, describe(principal), now);
  const expected = await countInScope(menu.publisherPath, menu.scope);
  await reviseStoredMenu(next, menu.revision, newFanOut(next, expected, now));
  await startFanOut(next);
  await resendToDistricts(next, now);
  return menuAccepted(next, expected);
};

export const handler = httpHandler(options, run);
