import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { CourseOrderSchema } from '../domain/course-order.ts';
import {
  CenterCourseOrdersQuery,
  CourseOrderParams,
  CreateCourseOrderSchema,
  DeliverCourseOrderSchema,
  EndCourseOrderSchema,
  MyCourseOrdersQuery,
  RateCourseOrderSchema,
  ScheduleCourseOrderSchema,
} from '../domain/course-order-requests.ts';
import { CenterParams } from '../domain/params.ts';
import { page } from '../domain/schema-kit.ts';
import { IdempotencyHeader, jsonBody } from './document-kit.ts';
import type { PathHelpers } from './grid-paths.ts';

const CourseOrdersPage = page(CourseOrderSchema, 'CourseOrdersPage');

const OptionalIfMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'Optional: the ETag last read; a stale one gets 412', example: '"2"' }),
});

const ACTIONS: readonly { path: string; operationId: string; body: z.ZodType; summary: string }[] = [
  {
    path: 'schedule',
    operationId: 'scheduleCourseOrder',
    body: ScheduleCourseOrderSchema,
    summary:
      'Set the date, lecturer and room of a requested course (staff of the providing center). The room of the receiving center is checked against its booking rules and hours (400) and taken whole in the same transaction as the order: of two orders, or an order and a booking, wanting the same slot one wins and the other gets 409',
  },
  {
    path: 'deliver',
    operationId: 'deliverCourseOrder',
    body: DeliverCourseOrderSchema,
    summary:
      'Record a scheduled course as given, with the headcount and who checked in (providing center staff)',
  },
  {
    path: 'rating',
    operationId: 'rateCourseOrder',
    body: RateCourseOrderSchema,
    summary:
      'Rate a delivered course: the resident who asked for it, or staff of the receiving center for township and college orders',
  },
  {
    path: 'cancel',
    operationId: 'cancelCourseOrder',
    body: EndCourseOrderSchema,
    summary:
      'Call off a requested or scheduled course with the reason (the ordering side: the resident, the street, the dispatching college; admins); a room booked for it is freed',
  },
  {
    path: 'decline',
    operationId: 'declineCourseOrder',
    body: EndCourseOrderSchema,
    summary: 'Turn down a requested course with the reason (staff of the providing center)',
  },
];

/** Course-distribution orders. */
export function registerCourseOrderPaths(
  registry: OpenAPIRegistry,
  { json, problemResponses, secured }: PathHelpers,
) {
  const read = problemResponses(400, 401, 403, 404);
  const write = problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 503);

  registry.registerPath({
    method: 'post',
    path: '/course-orders',
    operationId: 'createCourseOrder',
    tags: ['course orders'],
    summary:
      'Order a course of a menu the center received (not declined or withdrawn): origin resident (a resident at their community), township (staff of a street or town) or college (the providing center dispatches it). It goes to the publisher of the menu, or the center of the provider level the course names, as requested',
    security: secured,
    request: { headers: IdempotencyHeader, body: jsonBody(CreateCourseOrderSchema) },
    responses: {
      201: json(CourseOrderSchema, 'Stored', { etag: true, location: '/course-orders/{id}' }),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/course-orders/{id}',
    operationId: 'getCourseOrder',
    tags: ['course orders'],
    summary:
      'One course order with its history (who, when, why): whoever placed it, staff of the receiving or providing center (or above), admins',
    security: secured,
    request: { params: CourseOrderParams },
    responses: { 200: json(CourseOrderSchema, 'The order', { etag: true }), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/course-orders',
    operationId: 'listCenterCourseOrders',
    tags: ['course orders'],
    summary:
      "A center's course orders (its staff or staff above it, admins): role=provider those it gives, role=orderer those placed at or for it; by status in lifecycle order, oldest first within a status",
    security: secured,
    request: { params: CenterParams, query: CenterCourseOrdersQuery },
    responses: { 200: json(CourseOrdersPage, 'A page of course orders'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/me/course-orders',
    operationId: 'listMyCourseOrders',
    tags: ['course orders'],
    summary: 'The course orders the caller placed, newest first',
    security: secured,
    request: { query: MyCourseOrdersQuery },
    responses: { 200: json(CourseOrdersPage, 'A page of course orders'), ...read },
  });

  for (const action of ACTIONS) {
    registry.registerPath({
      method: 'post',
      path: `/course-orders/{id}/${action.path}`,
      operationId: action.operationId,
      tags: ['course orders'],
      summary: action.summary,
      security: secured,
      request: { params: CourseOrderParams, headers: OptionalIfMatch, body: jsonBody(action.body) },
      responses: { 200: json(CourseOrderSchema, 'The changed order', { etag: true }), ...write },
    });
  }
}
