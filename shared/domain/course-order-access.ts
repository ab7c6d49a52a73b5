import { describe, type Principal } from './auth.ts';
import type { CourseOrderOrigin, StoredCourseOrder } from './course-order.ts';
import { ForbiddenError, PreconditionFailedError, ValidationError } from './errors.ts';
import { parseIfMatch } from './params.ts';
import { assertPerson, type Person } from './service-order-access.ts';
import { isInSubtree } from './tree.ts';

/**
 * Who may do what with course orders:
 * - placing: a resident asks at their community (`resident`); staff of a street (or above) order
 *   for it (`township`); staff of the providing center (or above) dispatch it (`college`);
 *   admins may place township and college orders;
 * - the providing center's staff (or staff above it) schedule, deliver and decline;
 * - the ordering side cancels: the resident, the street's staff, or the dispatching provider's;
 * - the audience rates: the resident, or the receiving center's staff;
 * - admins may do everything but rate and ask as a resident; machine clients nothing.
 */

const isAdmin = (principal: Person) => principal.role === 'admin';

function staffCovers(principal: Person, path: string): boolean {
  return (
    principal.role === 'staff' && principal.centerId !== undefined && isInSubtree(path, principal.centerId)
  );
}

/**
 * What can be said before anything is looked up: machine clients place nothing, only residents
 * ask as residents, and residents place no township or college orders.
 */
export function assertMayPlaceOrigin(
  principal: Principal,
  origin: CourseOrderOrigin,
): asserts principal is Person {
  assertPerson(principal);
  if ((origin === 'resident') === (principal.role === 'resident')) return;
  throw new ForbiddenError(
    origin === 'resident'
      ? 'resident orders are placed by residents; staff order as township or college'
      : `${describe(principal)} may not place ${origin} orders; staff may`,
  );
}

/** Placing an order of `origin` at the center at `centerPath`, for the provider at `providerPath`. */
export function assertCanPlace(
  principal: Principal,
  origin: CourseOrderOrigin,
  centerPath: string,
  providerPath: string,
): asserts principal is Person {
  assertPerson(principal);
  if (origin === 'resident') {
    if (principal.role === 'resident') return;
    throw new ForbiddenError('resident orders are placed by residents; staff order as township or college');
  }
  if (isAdmin(principal)) return;
  const path = origin === 'township' ? centerPath : providerPath;
  if (staffCovers(principal, path)) return;
  throw new ForbiddenError(
    origin === 'township'
      ? `${describe(principal)} may not order for this street; its staff (or staff above it) may`
      : `${describe(principal)} may not dispatch this course; staff of the providing center may`,
  );
}

export function assertCanReadCourseOrder(
  principal: Principal,
  order: StoredCourseOrder,
): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal) || principal.sub === order.placedBySub) return;
  if (order.residentSub !== undefined && principal.sub === order.residentSub) return;
  if (staffCovers(principal, order.centerPath) || staffCovers(principal, order.providerPath)) return;
  throw new ForbiddenError(`${describe(principal)} may not read course order ${order.id}`);
}

/** Schedule, deliver, decline: the providing center's staff (or staff above it), admins. */
export function assertCanProvide(
  principal: Principal,
  order: StoredCourseOrder,
): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal) || staffCovers(principal, order.providerPath)) return;
  throw new ForbiddenError(
    `only staff of the providing center ${order.providerCenterId} (or above it) may do this; ${describe(principal)} may not`,
  );
}

/** Cancel: the ordering side (the resident; the street's staff; the dispatching provider's staff), admins. */
export function assertCanCancelCourseOrder(
  principal: Principal,
  order: StoredCourseOrder,
): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal)) return;
  const allowed =
    order.origin === 'resident'
      ? principal.sub === order.residentSub
      : staffCovers(principal, order.origin === 'township' ? order.centerPath : order.providerPath);
  if (allowed) return;
  throw new ForbiddenError(`only the side that ordered course order ${order.id} (or an admin) may cancel it`);
}

/** Rate: the audience side (the resident who asked; the receiving center's staff). */
export function assertCanRateCourseOrder(
  principal: Principal,
  order: StoredCourseOrder,
): asserts principal is Person {
  assertPerson(principal);
  const allowed =
    order.origin === 'resident'
      ? principal.sub === order.residentSub
      : staffCovers(principal, order.centerPath);
  if (allowed) return;
  throw new ForbiddenError(
    order.origin === 'resident'
      ? 'only the resident who asked for the course may rate it'
      : `only staff of the receiving center ${order.centerId} may rate the course`,
  );
}

/** A center's lists: its staff (or staff above it), admins. */
export function assertCanListCenterCourseOrders(
  principal: Principal,
  centerPath: string,
): asserts principal is Person {
  assertPerson(principal);
  if (isAdmin(principal) || staffCovers(principal, centerPath)) return;
  throw new ForbiddenError(`${describe(principal)} may not list this center's course orders; its staff may`);
}

/**
 * The actions take If-Match optionally, as service-order actions do: without it the status rules
 * alone guard the change (409); with it, a stale version is 412.
 */
export function checkCourseIfMatch(header: string | undefined, order: StoredCourseOrder): void {
  const expected = parseIfMatch(header);
  if (expected === undefined) return;
  if (Number.isNaN(expected)) {
    throw new ValidationError('If-Match must be an ETag this API issued, e.g. "3"', [
      { field: 'If-Match', message: 'is not an ETag of this API', in: 'header' },
    ]);
  }
  if (expected !== order.version) {
    throw new PreconditionFailedError(`the course order is at version ${order.version}, not ${expected}`, {
      currentVersion: order.version,
      orderStatus: order.status,
    });
  }
}
