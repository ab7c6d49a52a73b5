import { describe, expect, it } from 'vitest';
import {
  applyCourseChange,
  COURSE_ORDER_STATES,
  type CourseOrderState,
  type CourseTransition,
  deliverCourseOrder,
  endCourseOrder,
  placeCourseOrder,
  providerIdOf,
  providerOfCopy,
  publicCourseOrder,
  rateCourseOrder,
  scheduleCourseOrder,
  sessionEnd,
  stateRank,
} from '../../../shared/domain/course-order.ts';
import {
  assertCanCancelCourseOrder,
  assertCanListCenterCourseOrders,
  assertCanPlace,
  assertCanProvide,
  assertCanRateCourseOrder,
  assertCanReadCourseOrder,
  assertMayPlaceOrigin,
} from '../../../shared/domain/course-order-access.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../../shared/domain/errors.ts';
import { EXAMPLE_COURSE } from '../../../shared/domain/menus.ts';
import {
  AT,
  admin,
  COMMUNITY,
  copyAt,
  DISTRICT,
  machine,
  order,
  otherResident,
  placeInput,
  resident,
  STREET,
  staff,
} from './course-order-fixtures.ts';

/**
 * Course-distribution orders as issue 11 states them: ordered from a menu the center received
 * (not declined or withdrawn) with one of three origins, going to the publisher or the provider
 * level the menu names; requested -> scheduled -> delivered -> rated, or cancelled / declined
 * with a reason; the provider's staff schedule, deliver and decline, the ordering side cancels
 * and rates. The lifecycle is written out here on its own, not imported from the code's table.
 */
const LIFECYCLE: Record<CourseTransition, { from: CourseOrderState[]; to: CourseOrderState }> = {
  schedule: { from: ['requested'], to: 'scheduled' },
  deliver: { from: ['scheduled'], to: 'delivered' },
  rate: { from: ['delivered'], to: 'rated' },
  cancel: { from: ['requested', 'scheduled'], to: 'cancelled' },
  decline: { from: ['requested'], to: 'declined' },
};

describe('placeCourseOrder', () => {
  it('stores a requested order with the course as the center runs it, going to the provider', () => {
    const adapted = copyAt(COMMUNITY.id, {
      state: 'adapted',
      adaptation: { changes: { lecturer: 'Zhao Min', seats: 20 }, onVersion: 2, at: AT, by: 'staff x' },
    });
    const placed = placeCourseOrder(placeInput({ copy: adapted, note: 'Saturday mornings' }));
    expect(placed).toMatchObject({
      status: 'requested',
      origin: 'resident',
      centerId: 'c-youyi-a',
      providerCenterId: 'c-baoshan',
      residentSub: 'resident-zhou',
      menuVersion: 2,
      version: 1,
      course: { title: EXAMPLE_COURSE.title, lecturer: 'Zhao Min', seats: 20, category: 'problem-solving' },
    });
    expect(placed.course).not.toHaveProperty('kind');
    expect(placed.history).toEqual([
      {
        at: AT,
        action: 'request',
        by: 'resident resident-zhou',
        from: null,
        to: 'requested',
        note: 'Saturday mornings',
      },
    ]);
  });

  it('keeps no resident on township and college orders', () => {
    const township = placeCourseOrder(
      placeInput({
        origin: 'township',
        center: STREET,
        copy: copyAt(STREET.id),
        placedBy: { sub: 's', by: 'staff s' },
      }),
    );
    expect(township.residentSub).toBeUndefined();
    expect(township.placedBySub).toBe('s');
  });

  it.each([
    ['resident', STREET, 'a resident order is placed at a community-level center'],
    ['township', COMMUNITY, 'a township order is placed at a street-level center'],
  ] as const)('refuses a %s order at the wrong level of center', (origin, center, message) => {
    const attempt = () => placeCourseOrder(placeInput({ origin, center, copy: copyAt(center.id) }));
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  it('lets the college dispatch to a center of any level', () => {
    for (const center of [STREET, COMMUNITY]) {
      expect(
        placeCourseOrder(placeInput({ origin: 'college', center, copy: copyAt(center.id) })).status,
      ).toBe('requested');
    }
  });

  it('names every problem at once: a suspended center that never received the menu', () => {
    try {
      placeCourseOrder(placeInput({ center: { ...COMMUNITY, status: 'suspended' }, copy: undefined }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors.map((e) => e.field)).toEqual(['centerId', 'menuId']);
    }
  });

  it('refuses a service menu: only courses are ordered', () => {
    const service = copyAt(COMMUNITY.id, { kind: 'service' });
    expect(() => placeCourseOrder(placeInput({ copy: service }))).toThrow('not a course menu');
  });

  it('refuses with 409 a menu the center declined or that was withdrawn', () => {
    const declined = copyAt(COMMUNITY.id, { state: 'declined', declineReason: 'no room' });
    const withdrawn = copyAt(COMMUNITY.id, { withdrawn: { reason: 'outdated', at: AT } });
    expect(() => placeCourseOrder(placeInput({ copy: declined }))).toThrow(ConflictError);
    expect(() => placeCourseOrder(placeInput({ copy: withdrawn }))).toThrow('withdrawn: outdated');
  });
});

describe('the provider of a course', () => {
  it('is the publisher when the menu names no provider level', () => {
    expect(providerIdOf(COMMUNITY, 'c-baoshan', undefined)).toBe('c-baoshan');
  });

  it('is the ordering center’s street when the menu names the street level', () => {
    expect(providerIdOf(COMMUNITY, 'c-baoshan', 'street')).toBe('c-youyi');
    expect(providerIdOf(STREET, 'c-baoshan', 'street')).toBe('c-youyi');
  });

  it('falls back to the publisher when the level is above it or below the ordering center', () => {
    expect(providerIdOf(COMMUNITY, 'c-baoshan', 'city')).toBe('c-baoshan');
    expect(providerIdOf(STREET, 'c-baoshan', 'community')).toBe('c-baoshan');
  });

  it('reads the provider level from the copy’s content', () => {
    const copy = copyAt(COMMUNITY.id, { content: { ...EXAMPLE_COURSE, providerLevel: 'street' } });
    expect(providerOfCopy(copy, COMMUNITY)).toBe('c-youyi');
    expect(providerOfCopy(copyAt(COMMUNITY.id, { kind: 'service' }), COMMUNITY)).toBeUndefined();
  });
});

describe('the lifecycle', () => {
  const change = (action: CourseTransition) => ({ action, by: 'staff s', at: AT, note: 'why' });

  it.each(
    Object.entries(LIFECYCLE).flatMap(([action, rule]) =>
      COURSE_ORDER_STATES.map((status) => [action as CourseTransition, status, rule] as const),
    ),
  )('%s from %s follows the documented table', (action, status, rule) => {
    const before = order(status);
    if (rule.from.includes(status)) {
      const after = applyCourseChange(before, change(action));
      expect(after.status).toBe(rule.to);
      expect(after.version).toBe(before.version + 1);
      expect(after.history.at(-1)).toEqual({
        at: AT,
        action,
        by: 'staff s',
        from: status,
        to: rule.to,
        note: 'why',
      });
    } else {
      expect(() => applyCourseChange(before, change(action))).toThrow(
        `cannot ${action} a course order that is ${status}`,
      );
    }
  });

  it('says in the 409 which status the order is in and where the action is allowed from', () => {
    try {
      applyCourseChange(order('delivered'), change('cancel'));
      expect.unreachable();
    } catch (error) {
      expect((error as ConflictError).extensions).toEqual({
        orderStatus: 'delivered',
        allowedFrom: ['requested', 'scheduled'],
      });
    }
  });

  it('schedules an on-site course with its room and the hold of its cells', () => {
    const hold = { roomId: 'r-1', cells: ['2026-03-06T01:00:00.000Z'], cellCapacity: 1, take: 1 };
    const next = scheduleCourseOrder(
      order('requested'),
      {
        start: '2026-03-06T09:00:00+08:00',
        end: '2026-03-06T10:30:00+08:00',
        lecturer: 'Wang Li',
        room: { id: 'r-1', name: 'Hall' },
        hold,
      },
      'staff s',
      AT,
    );
    expect(next.schedule).toEqual({
      start: '2026-03-06T09:00:00+08:00',
      end: '2026-03-06T10:30:00+08:00',
      lecturer: 'Wang Li',
      roomId: 'r-1',
      roomName: 'Hall',
    });
    expect(next.hold).toEqual(hold);
    expect(next.history.at(-1)?.note).toContain('in Hall (r-1), lecturer Wang Li');
    expect(publicCourseOrder(next)).not.toHaveProperty('hold');
  });

  it('needs a room for an on-site course, none for an online one', () => {
    const slot = { start: '2026-03-06T09:00:00+08:00', end: '2026-03-06T10:30:00+08:00', lecturer: 'Wang' };
    expect(() => scheduleCourseOrder(order('requested'), slot, 'staff s', AT)).toThrow('needs a room');
    const online = order('requested', { course: { ...order('requested').course, mode: 'online' } });
    expect(scheduleCourseOrder(online, slot, 'staff s', AT).schedule?.roomId).toBeUndefined();
  });

  it('answers a schedule of an order already scheduled with 409 before looking at its slot', () => {
    const slot = { start: '2026-03-06T09:00:00+08:00', end: '2026-03-06T10:30:00+08:00', lecturer: 'Wang' };
    expect(() => scheduleCourseOrder(order('scheduled'), slot, 'staff s', AT)).toThrow(ConflictError);
  });

  it('ends a session after the course duration when no end is named', () => {
    expect(sessionEnd('2026-03-06T09:00:00+08:00', 90)).toBe('2026-03-06T02:30:00.000Z');
  });

  it('records the attendance on delivery', () => {
    const next = deliverCourseOrder(
      order('scheduled'),
      { headcount: 37, checkedIn: ['r-1', 'r-2'] },
      'staff s',
      AT,
    );
    expect(next.attendance).toEqual({ headcount: 37, checkedIn: ['r-1', 'r-2'], recordedAt: AT });
    expect(next.history.at(-1)?.note).toBe('37 attended');
  });

  it('refuses an attendance naming a resident twice or more residents than were counted', () => {
    expect(() =>
      deliverCourseOrder(order('scheduled'), { headcount: 5, checkedIn: ['a', 'a'] }, 's', AT),
    ).toThrow('more than once');
    expect(() =>
      deliverCourseOrder(order('scheduled'), { headcount: 1, checkedIn: ['a', 'b'] }, 's', AT),
    ).toThrow('the headcount is 1');
  });

  it('keeps the reason of a cancellation or a decline on the order and in the history', () => {
    const cancelled = endCourseOrder(order('scheduled'), 'cancel', 'the hall floods', 'resident r', AT);
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'the hall floods' });
    expect(cancelled.history.at(-1)).toMatchObject({
      action: 'cancel',
      from: 'scheduled',
      note: 'the hall floods',
    });
    expect(endCourseOrder(order('requested'), 'decline', 'no lecturer', 's', AT).status).toBe('declined');
  });

  it('rates a delivered course with a level and a comment', () => {
    const rated = rateCourseOrder(
      order('delivered'),
      { level: 'satisfied', comment: 'clear' },
      'resident r',
      AT,
    );
    expect(rated.rating).toEqual({ level: 'satisfied', comment: 'clear', at: AT });
    expect(rated.status).toBe('rated');
  });

  it('sorts the lists in lifecycle order', () => {
    const ranks = COURSE_ORDER_STATES.map(stateRank);
    expect([...ranks].sort()).toEqual(ranks);
    expect(stateRank('requested') < stateRank('cancelled')).toBe(true);
  });
});

describe('who may do what', () => {
  const residentOrder = order('requested');
  const townshipOrder = order('requested', {
    origin: 'township',
    centerId: STREET.id,
    centerPath: STREET.path,
    residentSub: undefined,
    placedBySub: 'staff-c-youyi',
  });
  const collegeOrder = order('requested', {
    origin: 'college',
    residentSub: undefined,
    placedBySub: 'staff-c-baoshan',
  });

  it('lets only residents ask as residents, and staff of the street (or above) order for it', () => {
    expect(() => assertCanPlace(resident, 'resident', COMMUNITY.path, DISTRICT.path)).not.toThrow();
    expect(() => assertCanPlace(staff('c-youyi'), 'resident', COMMUNITY.path, DISTRICT.path)).toThrow(
      ForbiddenError,
    );
    expect(() => assertCanPlace(staff('c-youyi'), 'township', STREET.path, DISTRICT.path)).not.toThrow();
    expect(() => assertCanPlace(staff('c-baoshan'), 'township', STREET.path, DISTRICT.path)).not.toThrow();
    expect(() => assertCanPlace(staff('c-wusong'), 'township', STREET.path, DISTRICT.path)).toThrow(
      ForbiddenError,
    );
    expect(() => assertCanPlace(resident, 'township', STREET.path, DISTRICT.path)).toThrow(ForbiddenError);
  });

  it('refuses before any lookup a machine client, staff asking as residents and residents ordering as townships', () => {
    expect(() => assertMayPlaceOrigin(machine, 'resident')).toThrow(ForbiddenError);
    expect(() => assertMayPlaceOrigin(staff('c-youyi-a'), 'resident')).toThrow(ForbiddenError);
    expect(() => assertMayPlaceOrigin(admin, 'resident')).toThrow(ForbiddenError);
    expect(() => assertMayPlaceOrigin(resident, 'college')).toThrow(ForbiddenError);
    expect(() => assertMayPlaceOrigin(resident, 'resident')).not.toThrow();
    expect(() => assertMayPlaceOrigin(staff('c-youyi'), 'township')).not.toThrow();
    expect(() => assertMayPlaceOrigin(admin, 'college')).not.toThrow();
  });

  it('lets only the providing center dispatch a college order', () => {
    expect(() => assertCanPlace(staff('c-baoshan'), 'college', COMMUNITY.path, DISTRICT.path)).not.toThrow();
    expect(() => assertCanPlace(staff('c-youyi'), 'college', COMMUNITY.path, DISTRICT.path)).toThrow(
      ForbiddenError,
    );
    expect(() => assertCanPlace(admin, 'college', COMMUNITY.path, DISTRICT.path)).not.toThrow();
    expect(() => assertCanPlace(machine, 'college', COMMUNITY.path, DISTRICT.path)).toThrow(ForbiddenError);
  });

  it('lets the provider’s staff (and admins) schedule, deliver and decline, nobody else', () => {
    expect(() => assertCanProvide(staff('c-baoshan'), residentOrder)).not.toThrow();
    expect(() => assertCanProvide(admin, residentOrder)).not.toThrow();
    expect(() => assertCanProvide(staff('c-youyi-a'), residentOrder)).toThrow(ForbiddenError);
    expect(() => assertCanProvide(resident, residentOrder)).toThrow(ForbiddenError);
  });

  it('lets the ordering side cancel: the resident, the street’s staff, the dispatching college', () => {
    expect(() => assertCanCancelCourseOrder(resident, residentOrder)).not.toThrow();
    expect(() => assertCanCancelCourseOrder(otherResident, residentOrder)).toThrow(ForbiddenError);
    expect(() => assertCanCancelCourseOrder(staff('c-youyi'), townshipOrder)).not.toThrow();
    expect(() => assertCanCancelCourseOrder(staff('c-youyi-a'), townshipOrder)).toThrow(ForbiddenError);
    expect(() => assertCanCancelCourseOrder(staff('c-baoshan'), collegeOrder)).not.toThrow();
    expect(() => assertCanCancelCourseOrder(staff('c-youyi-a'), collegeOrder)).toThrow(ForbiddenError);
    expect(() => assertCanCancelCourseOrder(admin, collegeOrder)).not.toThrow();
  });

  it('lets the audience rate: the resident who asked, the receiving center’s staff', () => {
    expect(() => assertCanRateCourseOrder(resident, residentOrder)).not.toThrow();
    expect(() => assertCanRateCourseOrder(staff('c-baoshan'), residentOrder)).toThrow(ForbiddenError);
    expect(() => assertCanRateCourseOrder(staff('c-youyi'), townshipOrder)).not.toThrow();
    expect(() => assertCanRateCourseOrder(staff('c-youyi-a'), collegeOrder)).not.toThrow();
    expect(() => assertCanRateCourseOrder(admin, residentOrder)).toThrow(ForbiddenError);
  });

  it('shows an order to its resident, the staff of both centers and admins', () => {
    expect(() => assertCanReadCourseOrder(resident, residentOrder)).not.toThrow();
    expect(() => assertCanReadCourseOrder(staff('c-youyi-a'), residentOrder)).not.toThrow();
    expect(() => assertCanReadCourseOrder(staff('c-baoshan'), residentOrder)).not.toThrow();
    expect(() => assertCanReadCourseOrder(otherResident, residentOrder)).toThrow(ForbiddenError);
    expect(() => assertCanReadCourseOrder(staff('c-wusong'), residentOrder)).toThrow(ForbiddenError);
  });

  it('lists a center’s orders for its staff and those above it', () => {
    expect(() => assertCanListCenterCourseOrders(staff('c-youyi'), COMMUNITY.path)).not.toThrow();
    expect(() => assertCanListCenterCourseOrders(staff('c-youyi-a'), STREET.path)).toThrow(ForbiddenError);
    expect(() => assertCanListCenterCourseOrders(resident, COMMUNITY.path)).toThrow(ForbiddenError);
  });
});
