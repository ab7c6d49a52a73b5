import { describe, expect, it } from 'vitest';
import {
  assertCopyOrderable,
  CourseOrderSchema,
  placeCourseOrder,
  placementProblems,
  providerIdOf,
  publicCourseOrder,
} from '../../../shared/domain/course-order.ts';
import { ConflictError, ValidationError } from '../../../shared/domain/errors.ts';
import { AT, COMMUNITY, copyAt, placeInput, STREET } from './course-order-fixtures.ts';

/**
 * docs/course-orders.md, "Three origins": everything is checked before anything is stored; 400
 * names each problem on its field (centerId not active or of the wrong level for the origin;
 * menuId not received there or not a course menu), 409 with reason declined or withdrawn for a
 * copy that cannot be ordered. And "Where it goes": the provider level's center on the way up,
 * as long as it is within the publisher's subtree; otherwise the publisher.
 */

function thrown(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the problems of an order, each on its field of the body', () => {
  it('names a center that is not active', () => {
    expect(placementProblems(placeInput({ center: { ...COMMUNITY, status: 'suspended' } }))).toEqual([
      { field: 'centerId', message: 'center c-youyi-a is suspended', in: 'body' },
    ]);
  });

  it('names a center of the wrong level for the origin on centerId', () => {
    expect(placementProblems(placeInput({ center: STREET, copy: copyAt(STREET.id) }))).toEqual([
      {
        field: 'centerId',
        message: 'a resident order is placed at a community-level center; c-youyi is street',
        in: 'body',
      },
    ]);
  });

  it('names a menu the center never received', () => {
    expect(placementProblems(placeInput({ copy: undefined, menuId: 'mn-other' }))).toEqual([
      { field: 'menuId', message: 'center c-youyi-a has not received menu mn-other', in: 'body' },
    ]);
  });

  it('names a menu that is not a course menu on menuId', () => {
    expect(placementProblems(placeInput({ copy: copyAt(COMMUNITY.id, { kind: 'service' }) }))).toEqual([
      { field: 'menuId', message: 'menu mn-golden is a service menu, not a course menu', in: 'body' },
    ]);
  });

  it('finds nothing wrong with an order that may be placed', () => {
    expect(placementProblems(placeInput())).toEqual([]);
  });

  it('says every problem in the one 400’s detail', () => {
    const error = thrown(() =>
      placeCourseOrder(placeInput({ center: { ...COMMUNITY, status: 'closed' }, copy: undefined })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      'centerId: center c-youyi-a is closed; menuId: center c-youyi-a has not received menu mn-golden',
    );
  });
});

describe('a copy that cannot be ordered is 409 with the reason', () => {
  it('says the menu was withdrawn, and why', () => {
    const error = thrown(() =>
      assertCopyOrderable(copyAt(COMMUNITY.id, { withdrawn: { reason: 'outdated', at: AT } })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('menu mn-golden was withdrawn: outdated');
    expect((error as ConflictError).extensions).toEqual({ reason: 'withdrawn' });
  });

  it('says the center declined the menu, and why', () => {
    const error = thrown(() =>
      assertCopyOrderable(copyAt(COMMUNITY.id, { state: 'declined', declineReason: 'no room' })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('center c-youyi-a declined menu mn-golden: no room');
    expect((error as ConflictError).extensions).toEqual({ reason: 'declined' });
  });

  it('lets an orderable copy through', () => {
    expect(() => assertCopyOrderable(copyAt(COMMUNITY.id))).not.toThrow();
  });
});

describe('placing an order', () => {
  it('refuses with 400 when the provider does not exist', () => {
    const error = thrown(() => placeCourseOrder(placeInput({ provider: undefined })));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('the provider of menu mn-golden does not exist');
  });

  it('keeps the orderer’s note on the order', () => {
    expect(placeCourseOrder(placeInput({ note: 'Saturday mornings' })).note).toBe('Saturday mornings');
    expect(placeCourseOrder(placeInput())).not.toHaveProperty('note');
  });

  it('shows the order without its internal fields, everything else as stored', () => {
    const stored = placeCourseOrder(placeInput({ note: 'Saturday mornings' }));
    const shown = publicCourseOrder(stored);
    const { centerPath: _c, providerPath: _p, placedBySub: _s, ...rest } = stored;
    expect(shown).toEqual(rest);
    expect(CourseOrderSchema.strict().safeParse(shown).success).toBe(true);
  });
});

describe('the provider within the publisher’s subtree', () => {
  it('is the street on the way up when the city published the menu', () => {
    expect(providerIdOf(COMMUNITY, 'c-shanghai', 'street')).toBe('c-youyi');
  });

  it('is the publisher when the publisher is not above the ordering center', () => {
    expect(providerIdOf(COMMUNITY, 'c-wusong', 'street')).toBe('c-wusong');
  });
});

describe('a course order as callers read it', () => {
  it('keeps every member of an order scheduled, delivered and rated, and a course given online', () => {
    const stored = placeCourseOrder(placeInput({ note: 'Saturday mornings' }));
    const full = {
      ...publicCourseOrder(stored),
      course: { ...publicCourseOrder(stored).course, mode: 'online' as const },
      status: 'rated' as const,
      residentSub: 'resident-zhou',
      schedule: {
        start: '2026-03-14T09:00:00+08:00',
        end: '2026-03-14T10:30:00+08:00',
        lecturer: '王老师',
        roomId: 'r-hall',
        roomName: '党群活动室',
      },
      attendance: { headcount: 12, checkedIn: ['resident-zhou'], recordedAt: AT },
      rating: { level: 'satisfied' as const, comment: '很好', at: AT },
      reason: 'moved to the spring',
      history: [
        {
          at: AT,
          action: 'deliver' as const,
          by: 'staff s-1',
          from: 'scheduled' as const,
          to: 'delivered' as const,
          note: '12 came',
        },
      ],
    };
    expect(CourseOrderSchema.parse(full)).toEqual(full);
  });
});
