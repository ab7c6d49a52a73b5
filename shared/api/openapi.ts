import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import {
  CalendarDaysSchema,
  CalendarListQuery,
  CalendarListSchema,
  YearCalendarSchema,
} from '../domain/calendar.ts';
import {
  CenterSchema,
  CreateCenterSchema,
  ListCentersQuery,
  NearbyCenterSchema,
  UpdateCenterSchema,
} from '../domain/center.ts';
import { CenterImportSchema, StartImportSchema } from '../domain/center-import.ts';
import { ClosureSchema, CreateClosureSchema } from '../domain/closures.ts';
import { CenterStatusSchema, StatusQuery } from '../domain/opening-status.ts';
import { CalendarParams, CenterParams, ClosureParams, RoomParams } from '../domain/params.ts';
import {
  CreateRoomSchema,
  CreateWindowSchema,
  RoomSchema,
  UpdateRoomSchema,
  WindowSchema,
} from '../domain/rooms.ts';
import { Id, PageQuery, page } from '../domain/schema-kit.ts';
import { registerGridPaths } from './grid-paths.ts';
import { registerServiceOrderPaths } from './service-order-paths.ts';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with.
 * Every route of infra/manifest.ts has an operation here (a test holds the two together).
 */

const Problem = z
  .object({
    type: z.string().meta({
      description: 'Stable problem type URI',
      example: 'https://pmsc.example/problems/validation-failed',
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), in: z.string().optional() }))
      .optional()
      .meta({ description: 'Each offending field, for validation problems' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const Health = z.object({ status: z.literal('ok'), district: z.string() }).meta({ id: 'Health' });

const IdempotencyHeader = z.object({
  'idempotency-key': z.string().max(255).optional().meta({
    description:
      'Repeat a create safely: the same key (per caller and route) replays the first answer for 24 h',
  }),
});
const IfMatchHeader = z.object({
  'if-match': z.string().meta({ description: 'The ETag last read; a stale one gets 412', example: '"3"' }),
});

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_TEXT[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request; `errors` names each field',
  401: 'Missing or invalid token',
  403: 'Not allowed for this caller',
  404: 'No such resource',
  409: 'Conflict with the current state, or an Idempotency-Key still in progress',
  412: 'If-Match does not match the current version',
  413: 'Body too large',
  415: 'Body is not JSON',
  406: 'No acceptable representation (e.g. a large body without Accept-Encoding: gzip)',
  422: 'Idempotency-Key reused with another body',
  428: 'If-Match missing',
};

export const json = (schema: z.ZodType, description: string, etag = false) => ({
  description,
  content: { 'application/json': { schema } },
  ...(etag
    ? { headers: { ETag: { description: 'Version of the resource', schema: { type: 'string' as const } } } }
    : {}),
});

const CentersPage = page(CenterSchema, 'CentersPage');
const NearbyPage = page(NearbyCenterSchema, 'NearbyCentersPage');
const RoomsPage = page(RoomSchema, 'RoomsPage');
const WindowsPage = page(WindowSchema, 'ServiceWindowsPage');
const ClosuresPage = page(ClosureSchema, 'ClosuresPage');

export function buildOpenApiDocument(serverUrl = '/') {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A Cognito ID token (people: groups resident, staff, admin) or access token (machine clients, scope pmsc/menus:push)',
  });
  const secured = [{ [bearer.name]: [] }];
  const read = problemResponses(400, 401, 403, 404);
  const write = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

  registry.registerPath({
    method: 'get',
    path: '/health',
    tags: ['platform'],
    summary: 'Liveness, no token needed',
    security: [],
    responses: { 200: json(Health, 'The platform answers') },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags: ['platform'],
    summary: 'This document',
    security: [],
    responses: {
      200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: z.object({}) } } },
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/centers',
    tags: ['centers'],
    summary: 'Create a center under a parent (admins anywhere, staff in their subtree); roots are admin-only',
    security: secured,
    request: {
      headers: IdempotencyHeader,
      body: { content: { 'application/json': { schema: CreateCenterSchema } } },
    },
    responses: { 201: json(CenterSchema, 'Created', true), ...write },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers',
    tags: ['centers'],
    summary:
      'List centers: children of parentId, centers of a level, the whole district in tree order, or (near) the centers around a point, nearest first, optionally only those open now or at an instant',
    security: secured,
    request: {
      query: ListCentersQuery,
    },
    responses: {
      200: json(z.union([CentersPage, NearbyPage]), 'A page of centers; with near, NearbyCenter items'),
      ...read,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}',
    tags: ['centers'],
    summary: 'A center by id',
    security: secured,
    request: { params: CenterParams },
    responses: { 200: json(CenterSchema, 'The center', true), ...read },
  });
  registry.registerPath({
    method: 'patch',
    path: '/centers/{id}',
    tags: ['centers'],
    summary: 'Change a center (If-Match required)',
    security: secured,
    request: {
      params: CenterParams,
      headers: IfMatchHeader,
      body: { content: { 'application/json': { schema: UpdateCenterSchema } } },
    },
    responses: {
      200: json(CenterSchema, 'The changed center', true),
      ...write,
      ...problemResponses(412, 428),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/children',
    tags: ['centers'],
    summary: 'Children of a center, by name',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(CentersPage, 'A page of centers'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/subtree',
    tags: ['centers'],
    summary: 'The center and all its descendants, parents before children',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(CentersPage, 'A page of centers'), ...read },
  });

  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/rooms',
    tags: ['rooms'],
    summary: 'Add a functional room',
    security: secured,
    request: {
      params: CenterParams,
      headers: IdempotencyHeader,
      body: { content: { 'application/json': { schema: CreateRoomSchema } } },
    },
    responses: { 201: json(RoomSchema, 'Created', true), ...write },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/rooms',
    tags: ['rooms'],
    summary: 'Rooms of a center',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(RoomsPage, 'A page of rooms'), ...read },
  });
  registry.registerPath({
    method: 'patch',
    path: '/centers/{id}/rooms/{roomId}',
    tags: ['rooms'],
    summary: 'Change a room (If-Match required); openingHours null falls back to the center hours',
    security: secured,
    request: {
      params: RoomParams,
      headers: IfMatchHeader,
      body: { content: { 'application/json': { schema: UpdateRoomSchema } } },
    },
    responses: { 200: json(RoomSchema, 'The changed room', true), ...write, ...problemResponses(412, 428) },
  });
  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/windows',
    tags: ['windows'],
    summary: 'Add a service window',
    security: secured,
    request: {
      params: CenterParams,
      headers: IdempotencyHeader,
      body: { content: { 'application/json': { schema: CreateWindowSchema } } },
    },
    responses: { 201: json(WindowSchema, 'Created'), ...write },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/windows',
    tags: ['windows'],
    summary: 'Service windows of a center',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(WindowsPage, 'A page of windows'), ...read },
  });
  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/closures',
    tags: ['closures'],
    summary: 'Record a temporary closure (overrides the opening hours)',
    security: secured,
    request: {
      params: CenterParams,
      headers: IdempotencyHeader,
      body: { content: { 'application/json': { schema: CreateClosureSchema } } },
    },
    responses: { 201: json(ClosureSchema, 'Created'), ...write },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/closures',
    tags: ['closures'],
    summary: 'Temporary closures of a center, oldest first',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(ClosuresPage, 'A page of closures'), ...read },
  });
  registry.registerPath({
    method: 'delete',
    path: '/centers/{id}/closures/{closureId}',
    tags: ['closures'],
    summary: 'Remove a temporary closure',
    security: secured,
    request: { params: ClosureParams },
    responses: { 204: { description: 'Removed' }, ...read },
  });

  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/status',
    tags: ['opening status'],
    summary: 'Opening status of a center at an instant (default now), the next change, and why',
    security: secured,
    request: { params: CenterParams, query: StatusQuery },
    responses: { 200: json(CenterStatusSchema, 'The status'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/calendars',
    tags: ['opening status'],
    summary:
      'The years around now (default last year to next year) and where each calendar comes from; provisional years are derived from the statutory holidays until the official notice is loaded',
    security: secured,
    request: { query: CalendarListQuery },
    responses: { 200: json(CalendarListSchema, 'The years'), ...problemResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/calendars/{year}',
    tags: ['opening status'],
    summary:
      'The working-day calendar in force for a year (admin-loaded, else packaged, else provisional); 404 when none is known',
    security: secured,
    request: { params: CalendarParams },
    responses: { 200: json(YearCalendarSchema, 'The calendar', true), ...read },
  });
  registry.registerPath({
    method: 'put',
    path: '/calendars/{year}',
    tags: ['opening status'],
    summary:
      'Load or correct a year of holidays and adjusted working days (admins; If-Match: the version read, "0" for a packaged or missing year)',
    security: secured,
    request: {
      params: CalendarParams,
      headers: IfMatchHeader,
      body: { content: { 'application/json': { schema: CalendarDaysSchema } } },
    },
    responses: {
      200: json(YearCalendarSchema, 'The stored calendar', true),
      ...write,
      ...problemResponses(412, 428),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/centers/import',
    tags: ['onboarding'],
    summary: `Onboard many centers at once (admins). All rows are validated first; nothing is written unless all are valid`,
    security: secured,
    request: {
      headers: IdempotencyHeader,
      body: { content: { 'application/json': { schema: StartImportSchema } } },
    },
    responses: {
      202: json(CenterImportSchema, 'Accepted; follow the Location header for progress'),
      ...write,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/center-imports/{id}',
    tags: ['onboarding'],
    summary: 'Progress of an import (chunks done / chunks) and the id given to each row',
    security: secured,
    request: { params: z.object({ id: Id }) },
    responses: { 200: json(CenterImportSchema, 'The import'), ...read },
  });

  registerGridPaths(registry, { json, problemResponses, secured });
  registerServiceOrderPaths(registry, { json, problemResponses, secured });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Party-Mass Service Center platform',
      version: '1.0.0',
      description:
        'The HTTP API of one district stack. Errors are RFC 9457 application/problem+json with a stable type; lists page with an opaque cursor.',
    },
    servers: [{ url: serverUrl }],
  });
}
