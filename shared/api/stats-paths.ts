import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { LevelSchema } from '../domain/center.ts';
import { COURSE_CATEGORIES } from '../domain/menus.ts';
import { CenterParams } from '../domain/params.ts';
import { RATINGS } from '../domain/service-order.ts';
import { COURSE_ORIGINS, STATS_CSV_COLUMNS, STATS_TIME_ZONE, StatsQuery } from '../domain/stats.ts';
import type { PathHelpers } from './grid-paths.ts';

const count = z.number().int();
const rate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .meta({ description: 'A share, 4 decimals; null when nothing to divide' });
const CourseSplit = z.strictObject({ distributed: count, peopleReached: count });
const keyed = <K extends string>(keys: readonly [K, ...K[]], value: z.ZodType) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, z.ZodType>);

const FiguresSchema = z
  .strictObject({
    courses: z.strictObject({
      distributed: count,
      peopleReached: count,
      byOrigin: keyed(COURSE_ORIGINS, CourseSplit),
      byCategory: keyed(COURSE_CATEGORIES, CourseSplit),
    }),
    menus: z.strictObject({ received: count, adopted: count }),
    services: z.strictObject({ completed: count, peopleServed: count }),
    bookings: z.strictObject({ confirmed: count, checkIns: count, noShows: count }),
    satisfaction: z.strictObject({
      rated: count,
      satisfiedOrBetter: count,
      rate: rate.meta({ description: 'Share of ratings satisfied or better (services and courses)' }),
      byLevel: keyed(RATINGS, count),
      services: z.strictObject({ rated: count, rate }),
      courses: z.strictObject({ rated: count, rate }),
    }),
    overdueOrders: count.meta({ description: 'Service orders that went past their time limit' }),
  })
  .meta({ id: 'StatsFigures' });

const ShareSchema = z
  .strictObject({
    coursesDistributed: rate,
    peopleReached: rate,
    servicesCompleted: rate,
    peopleServed: rate,
    bookings: rate,
  })
  .meta({ id: 'StatsShare', description: 'The part of the total' });

const CenterRef = z.strictObject({ id: z.string(), name: z.string(), level: LevelSchema });

export const StatsSchema = z
  .strictObject({
    center: CenterRef,
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.literal(STATS_TIME_ZONE).meta({ description: 'The zone the days are counted in' }),
    figures: FiguresSchema,
    children: z
      .array(z.strictObject({ center: CenterRef, figures: FiguresSchema, share: ShareSchema }))
      .optional()
      .meta({ description: "groupBy=child: each child's subtree, by name" }),
    own: z.strictObject({ figures: FiguresSchema, share: ShareSchema }).optional().meta({
      description: 'groupBy=child: what happened at the center itself (the total less its children)',
    }),
  })
  .meta({ id: 'CenterStats' });

/** The figures of a subtree. */
export function registerStatsPaths(registry: OpenAPIRegistry, { problemResponses, secured }: PathHelpers) {
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/stats',
    operationId: 'getCenterStats',
    tags: ['stats'],
    summary:
      'Figures of the center and its whole subtree over a range of days (default the last 30, at most 366): courses, menus, services, bookings, satisfaction, overdue orders',
    security: secured,
    request: { params: CenterParams, query: StatsQuery },
    responses: {
      200: {
        description: 'The figures, as JSON or (format=csv) CSV',
        content: {
          'application/json': { schema: StatsSchema },
          'text/csv': {
            schema: z.string().meta({
              description: `format=csv, UTF-8 with a BOM; a row per child (groupBy=child), own, total. Columns: ${STATS_CSV_COLUMNS.join(',')}`,
            }),
          },
        },
      },
      ...problemResponses(400, 401, 403, 404, 406),
    },
  });
}
