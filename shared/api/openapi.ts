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
import { CSV_COLUMNS } from '../domain/center-csv-columns.ts';
import {
  CenterImportSchema,
  ImportDryRunSchema,
  StartImportQuery,
  StartImportSchema,
} from '../domain/center-import.ts';
import { ClosureSchema, CreateClosureSchema } from '../domain/closures.ts';
import { ConsoleConfigSchema } from '../domain/console-config.ts';
import { CenterStatusSchema, StatusQuery } from '../domain/opening-status.ts';
import { CalendarParams, CenterParams, ClosureParams, RoomParams, SubtreeQuery } from '../domain/params.ts';
import {
  CreateRoomSchema,
  CreateWindowSchema,
  RoomSchema,
  UpdateRoomSchema,
  WindowSchema,
} from '../domain/rooms.ts';
import { Id, PageQuery, page } from '../domain/schema-kit.ts';
import { registerBookingPaths } from './booking-paths.ts';
import { registerCourseOrderPaths } from './course-order-paths.ts';
import { finishDocument, IdempotencyHeader, json, jsonBody, problemResponses } from './document-kit.ts';
import { registerGridPaths } from './grid-paths.ts';
import { registerMenuPaths } from './menu-paths.ts';
import { registerServiceOrderPaths } from './service-order-paths.ts';
import { registerStatsPaths } from './stats-paths.ts';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with.
 * Every route of infra/manifest.ts has an operation here (a test holds the two together).
 */

const Health = z.object({ status: z.literal('ok'), district: z.string() }).meta({ id: 'Health' });

const IfMatchHeader = z.object({
  'if-match': z.string().meta({ description: 'The ETag last read; a stale one gets 412', example: '"3"' }),
});

const CentersPage = page(CenterSchema, 'CentersPage');
// one schema for every answer of GET /centers: the near members are there only with near
const ListedCentersPage = page(
  NearbyCenterSchema.extend({
    distanceMeters: NearbyCenterSchema.shape.distanceMeters.optional().meta({
      description: 'With near: straight-line distance from near, metres',
    }),
  }).meta({ id: 'ListedCenter', description: 'A center; with near, its distance and opening status' }),
  'ListedCentersPage',
);
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
    operationId: 'getHealth',
    tags: ['platform'],
    summary: 'Liveness, no token needed',
    security: [],
    responses: { 200: json(Health, 'The platform answers') },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenapi',
    tags: ['platform'],
    summary: 'This document',
    security: [],
    responses: {
      200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: z.object({}) } } },
    },
  });
  // the network console (docs/console.md): a page, its configuration and its built files
  registry.registerPath({
    method: 'get',
    path: '/console',
    operationId: 'getConsole',
    tags: ['platform'],
    summary: 'The network console, a single-page app that signs in by itself',
    security: [],
    responses: {
      200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
      ...problemResponses(404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/console/config.json',
    operationId: 'getConsoleConfig',
    tags: ['platform'],
    summary: "The console's sign-in endpoints and basemap, from the district config",
    security: [],
    responses: { 200: json(ConsoleConfigSchema, 'The configuration') },
  });
  registry.registerPath({
    method: 'get',
    // the gateway's greedy variable, as the manifest declares it; the console's files are flat names
    path: '/console/{file+}',
    operationId: 'getConsoleAsset',
    tags: ['platform'],
    summary: 'A built file of the console (content-hashed names are cached for a year)',
    security: [],
    parameters: [{ name: 'file+', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      200: {
        description: 'The file',
        content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } },
      },
      ...problemResponses(404),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/centers',
    operationId: 'createCenter',
    tags: ['centers'],
    summary: 'Create a center under a parent (admins anywhere, staff in their subtree); roots are admin-only',
    security: secured,
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(CreateCenterSchema),
    },
    responses: { 201: json(CenterSchema, 'Created', { etag: true, location: '/centers/{id}' }), ...write },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers',
    operationId: 'listCenters',
    tags: ['centers'],
    summary:
      'List centers: children of parentId, centers of a level, the whole district in tree order, or (near) the centers around a point, nearest first, optionally only those open now or at an instant',
    security: secured,
    request: {
      query: ListCentersQuery,
    },
    responses: {
      200: json(ListedCentersPage, 'A page of centers; with near, nearest first with distanceMeters'),
      ...read,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}',
    operationId: 'getCenter',
    tags: ['centers'],
    summary: 'A center by id',
    security: secured,
    request: { params: CenterParams },
    responses: { 200: json(CenterSchema, 'The center', { etag: true }), ...read },
  });
  registry.registerPath({
    method: 'patch',
    path: '/centers/{id}',
    operationId: 'updateCenter',
    tags: ['centers'],
    summary: 'Change a center (If-Match required)',
    security: secured,
    request: {
      params: CenterParams,
      headers: IfMatchHeader,
      body: jsonBody(UpdateCenterSchema),
    },
    responses: {
      200: json(CenterSchema, 'The changed center', { etag: true }),
      ...write,
      ...problemResponses(412, 428),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/children',
    operationId: 'listChildren',
    tags: ['centers'],
    summary: 'Children of a center, by name',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(CentersPage, 'A page of centers'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/subtree',
    operationId: 'listSubtree',
    tags: ['centers'],
    summary:
      'The center and all its descendants, parents before children (?format=csv: all at once, as import CSV)',
    security: secured,
    request: { params: CenterParams, query: SubtreeQuery },
    responses: {
      200: {
        description: 'A page of centers, or with format=csv the whole subtree in the import columns',
        content: {
          'application/json': { schema: CentersPage },
          'text/csv': { schema: z.string().meta({ description: `Columns: ${CSV_COLUMNS.join(',')}` }) },
        },
      },
      ...read,
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/rooms',
    operationId: 'createRoom',
    tags: ['rooms'],
    summary: 'Add a functional room',
    security: secured,
    request: {
      params: CenterParams,
      headers: IdempotencyHeader,
      body: jsonBody(CreateRoomSchema),
    },
    responses: {
      201: json(RoomSchema, 'Created', { etag: true, location: '/centers/{id}/rooms/{roomId}' }),
      ...write,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/rooms',
    operationId: 'listRooms',
    tags: ['rooms'],
    summary: 'Rooms of a center',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(RoomsPage, 'A page of rooms'), ...read },
  });
  registry.registerPath({
    method: 'patch',
    path: '/centers/{id}/rooms/{roomId}',
    operationId: 'updateRoom',
    tags: ['rooms'],
    summary: 'Change a room (If-Match required); openingHours null falls back to the center hours',
    security: secured,
    request: {
      params: RoomParams,
      headers: IfMatchHeader,
      body: jsonBody(UpdateRoomSchema),
    },
    responses: {
      200: json(RoomSchema, 'The changed room', { etag: true }),
      ...write,
      ...problemResponses(412, 428),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/windows',
    operationId: 'createWindow',
    tags: ['windows'],
    summary: 'Add a service window',
    security: secured,
    request: {
      params: CenterParams,
      headers: IdempotencyHeader,
      body: jsonBody(CreateWindowSchema),
    },
    responses: {
      201: json(WindowSchema, 'Created', { location: '/centers/{id}/windows/{windowId}' }),
      ...write,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/windows',
    operationId: 'listWindows',
    tags: ['windows'],
    summary: 'Service windows of a center',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(WindowsPage, 'A page of windows'), ...read },
  });
  registry.registerPath({
    method: 'post',
    path: '/centers/{id}/closures',
    operationId: 'createClosure',
    tags: ['closures'],
    summary: 'Record a temporary closure (overrides the opening hours)',
    security: secured,
    request: {
      params: CenterParams,
      headers: IdempotencyHeader,
      body: jsonBody(CreateClosureSchema),
    },
    responses: {
      201: json(ClosureSchema, 'Created', { location: '/centers/{id}/closures/{closureId}' }),
      ...write,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/closures',
    operationId: 'listClosures',
    tags: ['closures'],
    summary: 'Temporary closures of a center, oldest first',
    security: secured,
    request: { params: CenterParams, query: PageQuery },
    responses: { 200: json(ClosuresPage, 'A page of closures'), ...read },
  });
  registry.registerPath({
    method: 'delete',
    path: '/centers/{id}/closures/{closureId}',
    operationId: 'deleteClosure',
    tags: ['closures'],
    summary: 'Remove a temporary closure',
    security: secured,
    request: { params: ClosureParams },
    responses: { 204: { description: 'Removed' }, ...read },
  });

  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/status',
    operationId: 'getCenterStatus',
    tags: ['opening status'],
    summary: 'Opening status of a center at an instant (default now), the next change, and why',
    security: secured,
    request: { params: CenterParams, query: StatusQuery },
    responses: { 200: json(CenterStatusSchema, 'The status'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/calendars',
    operationId: 'listCalendars',
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
    operationId: 'getCalendar',
    tags: ['opening status'],
    summary:
      'The working-day calendar in force for a year (admin-loaded, else packaged, else provisional); 404 when none is known',
    security: secured,
    request: { params: CalendarParams },
    responses: { 200: json(YearCalendarSchema, 'The calendar', { etag: true }), ...read },
  });
  registry.registerPath({
    method: 'put',
    path: '/calendars/{year}',
    operationId: 'putCalendar',
    tags: ['opening status'],
    summary:
      'Load or correct a year of holidays and adjusted working days (admins; If-Match: the version read, "0" for a packaged or missing year)',
    security: secured,
    request: {
      params: CalendarParams,
      headers: IfMatchHeader,
      body: jsonBody(CalendarDaysSchema),
    },
    responses: {
      200: json(YearCalendarSchema, 'The stored calendar', { etag: true }),
      ...write,
      ...problemResponses(412, 428),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/centers/import',
    operationId: 'startCenterImport',
    tags: ['onboarding'],
    summary: `Onboard many centers at once (admins). All rows are validated first; nothing is written unless all are valid. One import runs at a time: 409 while another is running`,
    security: secured,
    request: {
      headers: IdempotencyHeader,
      query: StartImportQuery,
      body: {
        required: true,
        content: {
          'application/json': { schema: StartImportSchema },
          'text/csv': {
            schema: z.string().meta({
              description: `UTF-8, with or without BOM; header line with columns ${CSV_COLUMNS.join(',')}`,
            }),
          },
        },
      },
    },
    responses: {
      200: json(ImportDryRunSchema, 'With dryRun=true: what the import would do; nothing written'),
      202: json(CenterImportSchema, 'Accepted; follow the Location header for progress', {
        location: '/center-imports/{id}',
      }),
      ...write,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/center-imports/{id}',
    operationId: 'getCenterImport',
    tags: ['onboarding'],
    summary: 'Progress of an import (chunks done / chunks) and the id given to each row',
    security: secured,
    request: { params: z.object({ id: Id }) },
    responses: { 200: json(CenterImportSchema, 'The import'), ...read },
  });

  registerGridPaths(registry, { json, problemResponses, secured });
  registerServiceOrderPaths(registry, { json, problemResponses, secured });
  registerMenuPaths(registry, { json, problemResponses, secured });
  registerBookingPaths(registry, { json, problemResponses, secured });
  registerCourseOrderPaths(registry, { json, problemResponses, secured });
  registerStatsPaths(registry, { json, problemResponses, secured });

  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Party-Mass Service Center platform',
      version: '1.0.0',
      description:
        'The HTTP API of one district stack. Errors are RFC 9457 application/problem+json with a stable type; lists page with an opaque cursor.',
    },
    servers: [{ url: serverUrl }],
  });
  return finishDocument(document);
}
