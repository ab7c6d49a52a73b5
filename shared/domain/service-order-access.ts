import { describe, type Principal } from './auth.ts';
import { ForbiddenError, PreconditionFailedError, ValidationError } from './errors.ts';
import { parseIfMatch } from './params.ts';
import type { StoredOrder } from './service-order-requests.ts';
import { isInSubtree } from './tree.ts';

/**
 * Who may do what with service orders:
 * - people (residents, staff, admins) order for themselves, read, cancel and rate their own;
 * - staff act on orders at a center of their subtree (accept, complete, reject, transfer, close
 *   a follow-up) and read the orders placed at or assigned to their subtree;
 * - admins everything; machine clients nothing.
 */

export type Person = Extract<Principal, { kind: 'user' }>;

export function assertPerson(principal: Principal): asserts principal is Person {
  if (principal.kind !== 'user') {
    throw new ForbiddenError('machine clients may only use the endpoints of their scopes');
  }
}

function isAdmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.role === 'admin';
}

function staffCovers(principal: Principal, path: string): boolean {
  return (
    principal.kind === 'user' &&
    principal.role === 'staff' &&
    principal.centerId !== undefined &&
    isInSubtree(path, principal.centerId)
  );
}

export function assertCanReadOrder(principal: Principal, order: StoredOrder): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal) || principal.sub === order.residentSub) return;
  if (staffCovers(principal, order.atPath) || staffCovers(principal, order.intakePath)) return;
  throw new ForbiddenError(`${describe(principal)} may not read service order ${order.id}`);
}

/** Accept, complete, reject, transfer, close a follow-up: the center the order is at must be in the staff member's subtree. */
export function assertCanHandleOrder(principal: Principal, order: StoredOrder): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal) || staffCovers(principal, order.atPath)) return;
  throw new ForbiddenError(
    principal.role === 'staff'
      ? `staff of center ${principal.centerId} may only handle orders at a center of its subtree; this one is at ${order.assignedCenterId ?? order.intakeCenterId}`
      : `${describe(principal)} may not handle service orders; staff of the center may`,
  );
}

/** Cancel: the resident who placed it, or an admin. */
export function assertCanCancelOrder(principal: Principal, order: StoredOrder): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal) || principal.sub === order.residentSub) return;
  throw new ForbiddenError('only the resident who placed the order (or an admin) may cancel it');
}

/** Rate: only the resident who placed it. */
export function assertCanRateOrder(principal: Principal, order: StoredOrder): asserts principal is Person {
  assertPerson(principal);
  if (principal.sub === order.residentSub) return;
  throw new ForbiddenError('only the resident who placed the order may rate it');
}

/** The orders of a center's subtree: its staff (or staff above it) and admins. */
export function assertCanSuperviseCenter(
  principal: Principal,
  centerPath: string,
): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal) || staffCovers(principal, centerPath)) return;
  throw new ForbiddenError(
    principal.role === 'staff'
      ? `staff of center ${principal.centerId} may only list the orders of its subtree`
      : `${describe(principal)} may not list a center's orders; staff of the center may`,
  );
}

/** How a person is named in an order's history. */
export function who(principal: Person): string {
  return `${principal.role} ${principal.sub}`;
}

/**
 * Order actions take If-Match optionally: without it the status rules alone guard the change
 * (409 on a transition the status does not allow); with it, a stale version is 412.
 */
export function checkOptionalIfMatch(header: string | undefined, order: StoredOrder): void {
  const expected = parseIfMatch(header);
  if (expected === undefined) return;
  if (Number.isNaN(expected)) {
    throw new ValidationError('If-Match must be an ETag this API issued, e.g. "3"', [
      { field: 'If-Match', message: 'is not an ETag of this API', in: 'header' },
    ]);
  }
  if (expected !== order.version) {
    throw new PreconditionFailedError(`the order is at version ${order.version}, not ${expected}`, {
      currentVersion: order.version,
      orderStatus: order.status,
    });
  }
}
