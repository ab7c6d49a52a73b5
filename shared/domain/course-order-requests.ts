import * as z from 'zod';
import { COURSE_ORDER_ORIGINS, COURSE_ORDER_STATES, MAX_CHECKED_IN } from './course-order.ts';
import { Id, Instant, PageQuery, Text } from './schema-kit.ts';
import { RATINGS } from './service-order.ts';

/** What callers send to the course-order routes; the same schemas feed the OpenAPI document. */

export const CourseOrderParams = z.strictObject({ id: Id });

export const CreateCourseOrderSchema = z
  .strictObject({
    menuId: Id.meta({
      description: 'A course menu the center received (its copy not declined or withdrawn)',
    }),
    centerId: Id.meta({
      description:
        'The receiving center: the resident’s community (resident), the street or town (township), the center dispatched to (college)',
    }),
    origin: z.enum(COURSE_ORDER_ORIGINS).meta({
      description:
        'resident: a resident asks at their community; township: a street or town orders it; college: the publishing level dispatches it',
    }),
    note: Text(1000, { multiline: true }).optional().meta({ description: 'Wishes: dates, audience, topics' }),
  })
  .meta({ id: 'CreateCourseOrder' });
export type CreateCourseOrder = z.infer<typeof CreateCourseOrderSchema>;

export const ScheduleCourseOrderSchema = z
  .strictObject({
    start: Instant,
    end: Instant.optional().meta({ description: 'Defaults to start plus the course duration' }),
    lecturer: Text(100).optional().meta({ description: 'Defaults to the course lecturer' }),
    roomId: Id.optional().meta({
      description:
        'A bookable room of the receiving center, booked whole under its booking rules; required for on-site courses',
    }),
    note: Text(1000, { multiline: true }).optional(),
  })
  .meta({ id: 'ScheduleCourseOrder' });
export type ScheduleCourseOrder = z.infer<typeof ScheduleCourseOrderSchema>;

export const DeliverCourseOrderSchema = z
  .strictObject({
    headcount: z.number().int().min(0).max(100_000).meta({ description: 'People who attended' }),
    checkedIn: z
      .array(Text(100))
      .max(MAX_CHECKED_IN)
      .optional()
      .meta({ description: 'Residents who checked in (subs or names), each once, at most the headcount' }),
    note: Text(1000, { multiline: true }).optional(),
  })
  .meta({ id: 'DeliverCourseOrder' });

export const RateCourseOrderSchema = z
  .strictObject({
    level: z.enum(RATINGS).meta({ description: 'Five levels, very satisfied to very dissatisfied' }),
    comment: Text(1000, { multiline: true }).optional(),
  })
  .meta({ id: 'RateCourseOrder' });

export const EndCourseOrderSchema = z
  .strictObject({ reason: Text(1000, { multiline: true }) })
  .meta({ id: 'EndCourseOrder', description: 'Why it is cancelled or declined' });

export const CenterCourseOrdersQuery = PageQuery.extend({
  role: z.enum(['provider', 'orderer']).default('provider').meta({
    description:
      'provider: orders this center gives; orderer: orders placed at or for it (it receives the course)',
  }),
  status: z.enum(COURSE_ORDER_STATES).optional(),
});
export type CenterCourseOrdersQuery = z.infer<typeof CenterCourseOrdersQuery>;

export const MyCourseOrdersQuery = PageQuery;
