import { describe, expect, it } from 'vitest';
import {
  COURSE_ORDER_STATES,
  type CourseOrderState,
  deliverCourseOrder,
  placeCourseOrder,
  rateCourseOrder,
  type StoredCourseOrder,
  scheduleCourseOrder,
  stateRank,
} from '../../../shared/domain/course-order.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { EXAMPLE_COURSE } from '../../../shared/domain/menus.ts';

/**
 * docs/course-orders.md, "Lifecycle": every change appends to history a note saying the slot and
 * room booked, the headcount, the rating; an on-site course needs a room; checkedIn names each
 * resident once, never more than the headcount. Lists are grouped by status in lifecycle order.
 */

const AT = '2026-03-05T09:00:00+08:00';
const START = '2026-03-06T09:00:00+08:00';
const END = '2026-03-06T10:30:00+08:00';

function order(status: CourseOrderState, mode: 'on-site' | 'online' = 'on-site'): StoredCourseOrder {
  const placed = placeCourseOrder({
    id: 'co-1',
    origin: 'resident',
    center: {
      id: 'c-youyi-a',
      path: '/c-shanghai/c-baoshan/c-youyi/c-youyi-a/',
      level: 'community',
      status: 'active',
    },
    copy: {
      menuId: 'mn-golden',
      centerId: 'c-youyi-a',
      kind: 'course',
      publisherCenterId: 'c-baoshan',
      content: { ...EXAMPLE_COURSE, mode },
      version: 2,
      revision: 2,
      state: 'new',
      receivedAt: AT,
      updatedAt: AT,
      copyVersion: 1,
    },
    menuId: 'mn-golden',
    provider: { id: 'c-baoshan', path: '/c-shanghai/c-baoshan/' },
    placedBy: { sub: 'resident-zhou', by: 'resident resident-zhou' },
    at: AT,
  });
  return { ...placed, status };
}

const lastNote = (o: StoredCourseOrder) => o.history.at(-1)?.note;

function thrown(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the note of a schedule', () => {
  const room = { id: 'r-1', name: 'Hall' };

  it('says the slot, the room and the lecturer, and nothing more without a note', () => {
    const next = scheduleCourseOrder(
      order('requested'),
      { start: START, end: END, lecturer: 'Wang Li', room },
      's',
      AT,
    );
    expect(lastNote(next)).toBe(`${START} to ${END} in Hall (r-1), lecturer Wang Li`);
  });

  it('adds the scheduler’s note after the slot', () => {
    const next = scheduleCourseOrder(
      order('requested'),
      { start: START, end: END, lecturer: 'Wang Li', room },
      's',
      AT,
      'bring the projector',
    );
    expect(lastNote(next)).toBe(`${START} to ${END} in Hall (r-1), lecturer Wang Li; bring the projector`);
  });

  it('says an online course is held online', () => {
    const next = scheduleCourseOrder(
      order('requested', 'online'),
      { start: START, end: END, lecturer: 'Wang' },
      's',
      AT,
    );
    expect(lastNote(next)).toBe(`${START} to ${END} online, lecturer Wang`);
  });

  it('puts a missing room of an on-site course on roomId', () => {
    const error = thrown(() =>
      scheduleCourseOrder(order('requested'), { start: START, end: END, lecturer: 'Wang' }, 's', AT),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.field)).toEqual(['roomId']);
  });
});

describe('the attendance of a delivery', () => {
  it('records a headcount alone when nobody is named', () => {
    const next = deliverCourseOrder(order('scheduled'), { headcount: 0 }, 's', AT);
    expect(next.attendance).toEqual({ headcount: 0, recordedAt: AT });
    expect(lastNote(next)).toBe('0 attended');
  });

  it('keeps no empty list of names', () => {
    const next = deliverCourseOrder(order('scheduled'), { headcount: 12, checkedIn: [] }, 's', AT);
    expect(next.attendance).toEqual({ headcount: 12, recordedAt: AT });
  });

  it('accepts as many names as people counted', () => {
    const next = deliverCourseOrder(order('scheduled'), { headcount: 2, checkedIn: ['r-1', 'r-2'] }, 's', AT);
    expect(next.attendance?.checkedIn).toEqual(['r-1', 'r-2']);
  });

  it('puts a name given twice or too many names on checkedIn', () => {
    const twice = thrown(() =>
      deliverCourseOrder(order('scheduled'), { headcount: 5, checkedIn: ['a', 'a'] }, 's', AT),
    );
    const tooMany = thrown(() =>
      deliverCourseOrder(order('scheduled'), { headcount: 1, checkedIn: ['a', 'b'] }, 's', AT),
    );
    for (const error of [twice, tooMany]) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors.map((e) => e.field)).toEqual(['checkedIn']);
    }
  });

  it('adds the staff member’s note after the headcount', () => {
    const next = deliverCourseOrder(order('scheduled'), { headcount: 37 }, 's', AT, 'lively questions');
    expect(lastNote(next)).toBe('37 attended; lively questions');
  });
});

describe('the note of a rating', () => {
  it('says the level and the comment', () => {
    const rated = rateCourseOrder(order('delivered'), { level: 'satisfied', comment: 'clear' }, 'r', AT);
    expect(lastNote(rated)).toBe('satisfied: clear');
  });

  it('says the level alone without a comment', () => {
    const rated = rateCourseOrder(order('delivered'), { level: 'neutral' }, 'r', AT);
    expect(lastNote(rated)).toBe('neutral');
  });
});

describe('the sort position of a status', () => {
  it('is two digits, in lifecycle order', () => {
    expect(COURSE_ORDER_STATES.map(stateRank)).toEqual(['00', '01', '02', '03', '04', '05']);
  });
});
