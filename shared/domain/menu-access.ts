import { assertCanManage, describe, MENUS_PUSH_SCOPE, type Principal } from './auth.ts';
import { ForbiddenError } from './errors.ts';

/**
 * Who may push, revise, withdraw and follow a menu: staff of the publishing center (or above it)
 * and admins, or a machine client with the `menus:push` scope (an upper level in another stack).
 */
export function assertMayPublish(principal: Principal, publisherPath: string): void {
  if (principal.kind === 'machine') {
    if (principal.scopes.includes(MENUS_PUSH_SCOPE)) return;
    throw new ForbiddenError(`${describe(principal)} needs the ${MENUS_PUSH_SCOPE} scope`);
  }
  assertCanManage(principal, publisherPath);
}

/** Who acts for the center that received a menu: its staff (or above it) and admins, never a machine. */
export function assertMayDecide(principal: Principal, centerPath: string): void {
  if (principal.kind === 'machine') {
    throw new ForbiddenError('machine clients push menus; the centers decide on them');
  }
  assertCanManage(principal, centerPath);
}
