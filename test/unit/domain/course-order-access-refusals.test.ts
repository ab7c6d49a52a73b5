import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/auth.ts';
import {
  assertCanCancelCourseOrder,
  assertCanListCenterCourseOrders,
  assertCanPlace,
  assertCanProvide,
  assertCanRateCourseOrder,
  assertCanReadCourseOrder,
  assertMayPlaceOrigin,
  checkCourseIfMatch,
} from '../../../shared/domain/course-order-access.ts';
import { ForbiddenError, PreconditionFailedError, ValidationError } from '../../../shared/domain/errors.ts';
import {
  admin,
  COMMUNITY,
  DISTRICT,
  machine,
  order,
  otherResident,
  resident,
  STREET,
  staff,
} from './course-order-fixtures.ts';

/**
 * docs/course-orders.md, who may do what, and what a refused caller is told (the 403's detail):
 * machine clients nothing; a resident asks at their community, staff order as township or
 * college; whoever placed an order, the staff of both centers and admins read it; the provider's
 * staff schedule, deliver and decline; the ordering side cancels; the audience rates.
 * If-Match is optional on the actions; when sent, a stale version is 412 with currentVersion.
 */

const residentOrder = order('delivered');
const townshipOrder = order('delivered', {
  origin: 'township',
  centerId: STREET.id,
  centerPath: STREET.path,
  residentSub: undefined,
  placedBySub: 'staff-c-youyi',
});

/** The detail of the 403 a check throws, or undefined when it lets the caller through. */
function refusal(check: () => void): string | undefined {
  try {
    check();
  } catch (e) {
    expect(e).toBeInstanceOf(ForbiddenError);
    return (e as Error).message;
  }
  return undefined;
}

const MACHINE = /^machine clients may only use the endpoints of their scopes/;

describe('machine clients do nothing with course orders', () => {
  it.each(['resident', 'township', 'college'] as const)(
    'may not place a %s order, before or after the lookups',
    (origin) => {
      expect(refusal(() => assertMayPlaceOrigin(machine, origin))).toMatch(MACHINE);
      expect(refusal(() => assertCanPlace(machine, origin, STREET.path, DISTRICT.path))).toMatch(MACHINE);
    },
  );

  it('may not read, provide, cancel, rate or list', () => {
    expect(refusal(() => assertCanReadCourseOrder(machine, residentOrder))).toMatch(MACHINE);
    expect(refusal(() => assertCanProvide(machine, residentOrder))).toMatch(MACHINE);
    expect(refusal(() => assertCanCancelCourseOrder(machine, residentOrder))).toMatch(MACHINE);
    expect(refusal(() => assertCanRateCourseOrder(machine, townshipOrder))).toMatch(MACHINE);
    expect(refusal(() => assertCanListCenterCourseOrders(machine, COMMUNITY.path))).toMatch(MACHINE);
  });
});

describe('what a refused caller is told when placing', () => {
  const ASK_AS_RESIDENT = 'resident orders are placed by residents; staff order as township or college';

  it('tells staff and admins that residents ask as residents', () => {
    expect(refusal(() => assertMayPlaceOrigin(staff('c-youyi-a'), 'resident'))).toBe(ASK_AS_RESIDENT);
    expect(refusal(() => assertMayPlaceOrigin(admin, 'resident'))).toBe(ASK_AS_RESIDENT);
    expect(refusal(() => assertCanPlace(staff('c-youyi-a'), 'resident', COMMUNITY.path, DISTRICT.path))).toBe(
      ASK_AS_RESIDENT,
    );
  });

  it('tells a resident that staff place township and college orders', () => {
    expect(refusal(() => assertMayPlaceOrigin(resident, 'township'))).toBe(
      'resident resident-zhou may not place township orders; staff may',
    );
    expect(refusal(() => assertMayPlaceOrigin(resident, 'college'))).toBe(
      'resident resident-zhou may not place college orders; staff may',
    );
  });

  it('tells staff of another street that the street’s staff order for it', () => {
    expect(refusal(() => assertCanPlace(staff('c-wusong'), 'township', STREET.path, DISTRICT.path))).toBe(
      'staff staff-c-wusong may not order for this street; its staff (or staff above it) may',
    );
  });

  it('tells staff below the provider that the providing center dispatches', () => {
    expect(refusal(() => assertCanPlace(staff('c-youyi'), 'college', COMMUNITY.path, DISTRICT.path))).toBe(
      'staff staff-c-youyi may not dispatch this course; staff of the providing center may',
    );
  });
});

describe('reading a course order', () => {
  it('lets admins read any order', () => {
    expect(refusal(() => assertCanReadCourseOrder(admin, residentOrder))).toBeUndefined();
    expect(refusal(() => assertCanReadCourseOrder(admin, townshipOrder))).toBeUndefined();
  });

  it('lets whoever placed it read it, even from a center that no longer covers it', () => {
    const moved: Principal = { kind: 'user', sub: 'staff-c-youyi', role: 'staff', centerId: 'c-wusong' };
    expect(refusal(() => assertCanReadCourseOrder(moved, townshipOrder))).toBeUndefined();
  });

  it('names the order a caller may not read', () => {
    expect(refusal(() => assertCanReadCourseOrder(otherResident, residentOrder))).toBe(
      'resident resident-li may not read course order co-1',
    );
  });
});

describe('what a refused caller is told when acting on an order', () => {
  it('names the providing center whose staff schedule, deliver and decline', () => {
    expect(refusal(() => assertCanProvide(staff('c-youyi-a'), residentOrder))).toBe(
      'only staff of the providing center c-baoshan (or above it) may do this; staff staff-c-youyi-a may not',
    );
  });

  it('says only the ordering side (or an admin) cancels', () => {
    expect(refusal(() => assertCanCancelCourseOrder(otherResident, residentOrder))).toBe(
      'only the side that ordered course order co-1 (or an admin) may cancel it',
    );
  });

  it('says who the audience is that rates', () => {
    expect(refusal(() => assertCanRateCourseOrder(staff('c-youyi-a'), residentOrder))).toBe(
      'only the resident who asked for the course may rate it',
    );
    expect(refusal(() => assertCanRateCourseOrder(staff('c-youyi-a'), townshipOrder))).toBe(
      'only staff of the receiving center c-youyi may rate the course',
    );
    expect(refusal(() => assertCanRateCourseOrder(admin, townshipOrder))).toBe(
      'only staff of the receiving center c-youyi may rate the course',
    );
  });

  it('says a center’s lists are for its staff', () => {
    expect(refusal(() => assertCanListCenterCourseOrders(resident, COMMUNITY.path))).toBe(
      "resident resident-zhou may not list this center's course orders; its staff may",
    );
    expect(refusal(() => assertCanListCenterCourseOrders(admin, COMMUNITY.path))).toBeUndefined();
  });
});

describe('the staff role, not a center on the caller, gives staff rights', () => {
  const residentNamingACenter: Principal = {
    kind: 'user',
    sub: 'resident-li',
    role: 'resident',
    centerId: 'c-youyi',
  };

  it('does not let a resident naming a center read, provide for, rate or list its orders', () => {
    expect(refusal(() => assertCanReadCourseOrder(residentNamingACenter, residentOrder))).toBeDefined();
    expect(refusal(() => assertCanRateCourseOrder(residentNamingACenter, townshipOrder))).toBeDefined();
    expect(refusal(() => assertCanListCenterCourseOrders(residentNamingACenter, STREET.path))).toBeDefined();
    const atStreet = { ...residentOrder, providerPath: STREET.path, providerCenterId: STREET.id };
    expect(refusal(() => assertCanProvide(residentNamingACenter, atStreet))).toBeDefined();
  });
});

describe('If-Match on course order actions', () => {
  const stored = order('scheduled', { version: 3 });

  it('is optional, and the current version passes', () => {
    expect(() => checkCourseIfMatch(undefined, stored)).not.toThrow();
    expect(() => checkCourseIfMatch('"3"', stored)).not.toThrow();
  });

  it('answers a stale version with 412 saying which version the order is at', () => {
    const stale = (() => {
      try {
        checkCourseIfMatch('"2"', stored);
      } catch (e) {
        return e;
      }
    })();
    expect(stale).toBeInstanceOf(PreconditionFailedError);
    expect((stale as PreconditionFailedError).message).toBe('the course order is at version 3, not 2');
    expect((stale as PreconditionFailedError).extensions).toEqual({
      currentVersion: 3,
      orderStatus: 'scheduled',
    });
  });

  it('answers a header that is no ETag of this API with 400 on the header', () => {
    const malformed = (() => {
      try {
        checkCourseIfMatch('yesterday', stored);
      } catch (e) {
        return e;
      }
    })();
    expect(malformed).toBeInstanceOf(ValidationError);
    expect((malformed as ValidationError).message).toContain('If-Match must be an ETag this API issued');
    expect((malformed as ValidationError).errors).toEqual([
      { field: 'If-Match', message: 'is not an ETag of this API', in: 'header' },
    ]);
  });
});
