import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  CenterCourseOrdersQuery,
  CourseOrderParams,
  CreateCourseOrderSchema,
  DeliverCourseOrderSchema,
  EndCourseOrderSchema,
  MyCourseOrdersQuery,
  RateCourseOrderSchema,
  ScheduleCourseOrderSchema,
} from '../../../shared/domain/course-order-requests.ts';

/**
 * The bodies and queries of the course-order routes as docs/course-orders.md states them: what a
 * caller may send, what it defaults to, and what is refused with a 400 before anything is read.
 */

const issues = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  // the members refused, each once (an instant that does not parse also fails its range check)
  return result.success ? [] : [...new Set(result.error.issues.map((i) => i.path.join('.') || '(body)'))];
};

describe('ordering a course', () => {
  const order = { menuId: 'm-1', centerId: 'c-1', origin: 'resident' };

  it('takes a menu, a receiving center and an origin, and an optional wish', () => {
    expect(CreateCourseOrderSchema.parse(order)).toEqual(order);
    expect(CreateCourseOrderSchema.parse({ ...order, note: '  Tuesday evenings\nfor retirees  ' }).note).toBe(
      'Tuesday evenings\nfor retirees',
    );
  });

  it('knows the three origins of DOMAIN.md and no other', () => {
    for (const origin of ['resident', 'township', 'college']) {
      expect(issues(CreateCourseOrderSchema, { ...order, origin })).toEqual([]);
    }
    expect(issues(CreateCourseOrderSchema, { ...order, origin: 'district' })).toEqual(['origin']);
  });

  it('needs each of menu, center and origin', () => {
    expect(issues(CreateCourseOrderSchema, {})).toEqual(['menuId', 'centerId', 'origin']);
  });

  it('refuses a member it does not know, a blank or over-long wish', () => {
    expect(issues(CreateCourseOrderSchema, { ...order, status: 'scheduled' })).toEqual(['(body)']);
    expect(issues(CreateCourseOrderSchema, { ...order, note: '   ' })).toEqual(['note']);
    expect(issues(CreateCourseOrderSchema, { ...order, note: 'x'.repeat(1000) })).toEqual([]);
    expect(issues(CreateCourseOrderSchema, { ...order, note: 'x'.repeat(1001) })).toEqual(['note']);
  });
});

describe('scheduling', () => {
  const start = '2026-12-08T06:00:00.000Z';

  it('needs only the start: end, lecturer and room have defaults or are optional', () => {
    expect(ScheduleCourseOrderSchema.parse({ start })).toEqual({ start });
    expect(issues(ScheduleCourseOrderSchema, {})).toEqual(['start']);
  });

  it('takes an end, a lecturer of up to 100 characters, a room and a note', () => {
    const full = {
      start,
      end: '2026-12-08T07:30:00.000Z',
      lecturer: 'L'.repeat(100),
      roomId: 'r-1',
      note: 'bring slides',
    };
    expect(ScheduleCourseOrderSchema.parse(full)).toEqual(full);
    expect(issues(ScheduleCourseOrderSchema, { ...full, lecturer: 'L'.repeat(101) })).toEqual(['lecturer']);
    expect(issues(ScheduleCourseOrderSchema, { ...full, note: 'n'.repeat(1001) })).toEqual(['note']);
  });

  it('refuses a start or end that is not an instant, and members it does not know', () => {
    expect(issues(ScheduleCourseOrderSchema, { start: 'next Tuesday' })).toEqual(['start']);
    expect(issues(ScheduleCourseOrderSchema, { start, end: '2026-12-08' })).toEqual(['end']);
    expect(issues(ScheduleCourseOrderSchema, { start, room: 'r-1' })).toEqual(['(body)']);
  });

  it('keeps the lecturer single-line', () => {
    expect(issues(ScheduleCourseOrderSchema, { start, lecturer: 'Wang\nLi' })).toEqual(['lecturer']);
  });
});

describe('delivering', () => {
  it('takes the headcount, from nobody to 100,000 people', () => {
    expect(DeliverCourseOrderSchema.parse({ headcount: 0 })).toEqual({ headcount: 0 });
    expect(issues(DeliverCourseOrderSchema, { headcount: 100_000 })).toEqual([]);
    expect(issues(DeliverCourseOrderSchema, { headcount: 100_001 })).toEqual(['headcount']);
    expect(issues(DeliverCourseOrderSchema, { headcount: -1 })).toEqual(['headcount']);
    expect(issues(DeliverCourseOrderSchema, { headcount: 12.5 })).toEqual(['headcount']);
    expect(issues(DeliverCourseOrderSchema, {})).toEqual(['headcount']);
  });

  it('names at most 500 residents who checked in, each a short single line', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `resident-${i}`);
    expect(issues(DeliverCourseOrderSchema, { headcount: 600, checkedIn: names(500) })).toEqual([]);
    expect(issues(DeliverCourseOrderSchema, { headcount: 600, checkedIn: names(501) })).toEqual([
      'checkedIn',
    ]);
    expect(issues(DeliverCourseOrderSchema, { headcount: 1, checkedIn: ['x'.repeat(101)] })).toEqual([
      'checkedIn.0',
    ]);
    expect(issues(DeliverCourseOrderSchema, { headcount: 1, checkedIn: [''] })).toEqual(['checkedIn.0']);
  });

  it('refuses members it does not know', () => {
    expect(issues(DeliverCourseOrderSchema, { headcount: 3, attendees: 3 })).toEqual(['(body)']);
  });
});

describe('rating, cancelling and declining', () => {
  it('rates on the five levels of service orders, with an optional comment', () => {
    for (const level of ['very-satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very-dissatisfied']) {
      expect(issues(RateCourseOrderSchema, { level })).toEqual([]);
    }
    expect(issues(RateCourseOrderSchema, { level: 'excellent' })).toEqual(['level']);
    expect(issues(RateCourseOrderSchema, { level: 'satisfied', comment: 'c'.repeat(1001) })).toEqual([
      'comment',
    ]);
    expect(RateCourseOrderSchema.parse({ level: 'neutral', comment: ' ok ' })).toEqual({
      level: 'neutral',
      comment: 'ok',
    });
  });

  it('needs a reason to cancel or decline, not blank, up to 1000 characters', () => {
    expect(EndCourseOrderSchema.parse({ reason: ' lecturer ill ' })).toEqual({ reason: 'lecturer ill' });
    expect(issues(EndCourseOrderSchema, {})).toEqual(['reason']);
    expect(issues(EndCourseOrderSchema, { reason: ' ' })).toEqual(['reason']);
    expect(issues(EndCourseOrderSchema, { reason: 'r'.repeat(1001) })).toEqual(['reason']);
    expect(issues(EndCourseOrderSchema, { reason: 'r', at: 'now' })).toEqual(['(body)']);
  });
});

describe('the lists and the path', () => {
  it('lists the orders a center gives by default, or those placed at it, in pages of 25', () => {
    expect(CenterCourseOrdersQuery.parse({})).toEqual({ role: 'provider', limit: 25 });
    expect(CenterCourseOrdersQuery.parse({ role: 'orderer', limit: '5' })).toEqual({
      role: 'orderer',
      limit: 5,
    });
    expect(CenterCourseOrdersQuery.parse({ role: 'provider' }).role).toBe('provider');
    expect(issues(CenterCourseOrdersQuery, { role: 'publisher' })).toEqual(['role']);
  });

  it('filters by any status of the lifecycle and no other', () => {
    for (const status of ['requested', 'scheduled', 'delivered', 'rated', 'cancelled', 'declined']) {
      expect(CenterCourseOrdersQuery.parse({ status }).status).toBe(status);
    }
    expect(issues(CenterCourseOrdersQuery, { status: 'open' })).toEqual(['status']);
    expect(issues(CenterCourseOrdersQuery, { state: 'requested' })).toEqual(['(body)']);
  });

  it('pages the caller’s own orders the same way and takes nothing else', () => {
    expect(MyCourseOrdersQuery.parse({})).toEqual({ limit: 25 });
    expect(issues(MyCourseOrdersQuery, { limit: '101' })).toEqual(['limit']);
    expect(issues(MyCourseOrdersQuery, { role: 'provider' })).toEqual(['(body)']);
  });

  it('takes an order id in the path and nothing else', () => {
    expect(CourseOrderParams.parse({ id: 'co-1' })).toEqual({ id: 'co-1' });
    expect(issues(CourseOrderParams, { id: 'co-1', extra: 'x' })).toEqual(['(body)']);
    expect(issues(CourseOrderParams, {})).toEqual(['id']);
  });
});
