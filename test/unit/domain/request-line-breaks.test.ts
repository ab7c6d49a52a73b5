import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  CreateCourseOrderSchema,
  DeliverCourseOrderSchema,
  EndCourseOrderSchema,
  RateCourseOrderSchema,
  ScheduleCourseOrderSchema,
} from '../../../shared/domain/course-order-requests.ts';
import {
  CancelOrderSchema,
  RejectOrderSchema,
  TransferOrderSchema,
} from '../../../shared/domain/service-order-requests.ts';

/**
 * Notes, reasons and comments are what a person writes in a text area: they keep their line
 * breaks (docs/api.md, the table of text rules), while names and other single-line members refuse them.
 */

const TWO_LINES = '第一行\n第二行';

const cases: [string, z.ZodType, Record<string, unknown>, string][] = [
  [
    'a course order’s wish',
    CreateCourseOrderSchema,
    { menuId: 'm-1', centerId: 'c-1', origin: 'resident' },
    'note',
  ],
  ['a schedule’s note', ScheduleCourseOrderSchema, { start: '2026-12-08T06:00:00.000Z' }, 'note'],
  ['a delivery’s note', DeliverCourseOrderSchema, { headcount: 3 }, 'note'],
  ['a course rating’s comment', RateCourseOrderSchema, { level: 'satisfied' }, 'comment'],
  ['why a course order ends', EndCourseOrderSchema, {}, 'reason'],
  ['why a service order is rejected', RejectOrderSchema, {}, 'reason'],
  ['why a service order is transferred', TransferOrderSchema, { centerId: 'c-2' }, 'reason'],
  ['why a service order is cancelled', CancelOrderSchema, {}, 'reason'],
];

describe('texts a person writes', () => {
  it.each(cases)('keep the line breaks of %s', (_, schema, body, member) => {
    const parsed = schema.parse({ ...body, [member]: TWO_LINES }) as Record<string, unknown>;
    expect(parsed[member]).toBe(TWO_LINES);
  });

  it('refuse a line break in a lecturer’s name', () => {
    const body = { start: '2026-12-08T06:00:00.000Z', lecturer: TWO_LINES };
    expect(ScheduleCourseOrderSchema.safeParse(body).success).toBe(false);
  });
});
