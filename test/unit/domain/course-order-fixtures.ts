import type { Principal } from '../../../shared/domain/auth.ts';
import {
  type CourseOrderState,
  type PlaceInput,
  placeCourseOrder,
  type StoredCourseOrder,
} from '../../../shared/domain/course-order.ts';
import type { MenuCopy } from '../../../shared/domain/menu-copy.ts';
import { EXAMPLE_COURSE } from '../../../shared/domain/menus.ts';

/**
 * The network the course-order tests order in: Baoshan district publishes a course menu that its
 * street Youyi and the community Youyi A received; a resident of Youyi A asks for it.
 */
export const AT = '2026-03-05T09:00:00+08:00';
export const DISTRICT = {
  id: 'c-baoshan',
  path: '/c-shanghai/c-baoshan/',
  level: 'district',
  status: 'active',
} as const;
export const STREET = {
  id: 'c-youyi',
  path: '/c-shanghai/c-baoshan/c-youyi/',
  level: 'street',
  status: 'active',
} as const;
export const COMMUNITY = {
  id: 'c-youyi-a',
  path: '/c-shanghai/c-baoshan/c-youyi/c-youyi-a/',
  level: 'community',
  status: 'active',
} as const;

/** The copy of the district's course menu a center received. */
export function copyAt(centerId: string, extra: Partial<MenuCopy> = {}): MenuCopy {
  return {
    menuId: 'mn-golden',
    centerId,
    kind: 'course',
    publisherCenterId: 'c-baoshan',
    content: EXAMPLE_COURSE,
    version: 2,
    revision: 2,
    state: 'new',
    receivedAt: AT,
    updatedAt: AT,
    copyVersion: 1,
    ...extra,
  };
}

/** The resident's request at the community, going to the district. */
export function placeInput(extra: Partial<PlaceInput> = {}): PlaceInput {
  return {
    id: 'co-1',
    origin: 'resident',
    center: COMMUNITY,
    copy: copyAt(COMMUNITY.id),
    menuId: 'mn-golden',
    provider: DISTRICT,
    placedBy: { sub: 'resident-zhou', by: 'resident resident-zhou' },
    at: AT,
    ...extra,
  };
}

/** That request, placed and then moved to `status`. */
export function order(status: CourseOrderState, extra: Partial<StoredCourseOrder> = {}): StoredCourseOrder {
  return { ...placeCourseOrder(placeInput()), status, ...extra };
}

export const resident: Principal = { kind: 'user', sub: 'resident-zhou', role: 'resident' };
export const otherResident: Principal = { kind: 'user', sub: 'resident-li', role: 'resident' };
export const staff = (centerId: string): Principal => ({
  kind: 'user',
  sub: `staff-${centerId}`,
  role: 'staff',
  centerId,
});
export const admin: Principal = { kind: 'user', sub: 'admin-1', role: 'admin' };
export const machine: Principal = { kind: 'machine', clientId: 'city', scopes: ['pmsc/menus:push'] };
