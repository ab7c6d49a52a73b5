import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { CenterParams } from '../domain/params.ts';
import { page } from '../domain/schema-kit.ts';
import { ServiceOrderSchema } from '../domain/service-order.ts';
import {
  AcceptOrderSchema,
  CancelOrderSchema,
  CenterOrdersQuery,
  CloseFollowUpSchema,
  CompleteOrderSchema,
  CreateServiceOrderSchema,
  ListServicesQuery,
  MyOrdersQuery,
  PutServiceSchema,
  RateOrderSchema,
  RejectOrderSchema,
  ServiceOrderParams,
  ServiceParams,
  ServiceSchema,
  TransferOrderSchema,
} from '../domain/service-order-requests.ts';
import { IdempotencyHeader, jsonBody } from './document-kit.ts';
import type { PathHelpers } from './grid-paths.ts';

const ServicesPage = page(ServiceSchema, 'ServicesPage');
const ServiceOrdersPage = page(ServiceOrderSchema, 'ServiceOrdersPage');

const OptionalIfMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'Optional: the ETag last read; a stale one gets 412', example: '"3"' }),
});
const IfMatch = z.object({
  'if-match': z.string().meta({
    description: 'The ETag last read, "0" to create a new code; a stale one gets 412',
    example: '"1"',
  }),
});

const ACTIONS: readonly {
  path: string;
  operationId: string;
  body: z.ZodType;
  summary: string;
}[] = [
  {
    path: 'accept',
    operationId: 'acceptServiceOrder',
    body: AcceptOrderSchema,
    summary:
      'Take an assigned order (staff of a center above or at the one it is at; a Party-member volunteer may be named). Of two racing accepts one wins, the other gets 409',
  },
  {
    path: 'complete',
    operationId: 'completeServiceOrder',
    body: CompleteOrderSchema,
    summary: 'Record the result of an accepted order (staff); 409 when it is not accepted',
  },
  {
    path: 'reject',
    operationId: 'rejectServiceOrder',
    body: RejectOrderSchema,
    summary: 'Turn down an assigned or accepted order, with the reason and where to go instead (staff)',
  },
  {
    path: 'transfer',
    operationId: 'transferServiceOrder',
    body: TransferOrderSchema,
    summary: 'Hand an assigned or accepted order to another active center, audited in its history (staff)',
  },
  {
    path: 'cancel',
    operationId: 'cancelServiceOrder',
    body: CancelOrderSchema,
    summary:
      'Withdraw an order not done yet: submitted, assigned or accepted (the resident who placed it, admins)',
  },
  {
    path: 'rating',
    operationId: 'rateServiceOrder',
    body: RateOrderSchema,
    summary:
      'Rate a completed order (the resident who placed it): five levels; dissatisfied or worse opens a follow-up on the handling center with 15 working days',
  },
  {
    path: 'close-follow-up',
    operationId: 'closeServiceOrderFollowUp',
    body: CloseFollowUpSchema,
    summary: 'Close the open follow-up of a rated order, saying what was done (staff of the handling center)',
  },
];

/** The service catalog and service orders. */
export function registerServiceOrderPaths(
  registry: OpenAPIRegistry,
  { json, problemResponses, secured }: PathHelpers,
) {
  const read = problemResponses(400, 401, 403, 404);
  const write = problemResponses(400, 401, 403, 404, 409, 412, 413, 415);

  registry.registerPath({
    method: 'get',
    path: '/services',
    operationId: 'listServices',
    tags: ['service catalog'],
    summary:
      'What can be ordered: code, name, category, the level that handles it, its time limit, the attributes to give and a short guide; active services unless includeInactive',
    security: secured,
    request: { query: ListServicesQuery },
    responses: { 200: json(ServicesPage, 'A page of the catalog, by code'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/services/{code}',
    operationId: 'getService',
    tags: ['service catalog'],
    summary: 'One service, with its version as ETag',
    security: secured,
    request: { params: ServiceParams },
    responses: { 200: json(ServiceSchema, 'The service', { etag: true }), ...read },
  });
  registry.registerPath({
    method: 'put',
    path: '/services/{code}',
    operationId: 'putService',
    tags: ['service catalog'],
    summary: 'Create or replace a service (admins). If-Match: the version read, "0" for a new code',
    security: secured,
    request: {
      params: ServiceParams,
      headers: IfMatch,
      body: jsonBody(PutServiceSchema),
    },
    responses: {
      200: json(ServiceSchema, 'Replaced', { etag: true }),
      201: json(ServiceSchema, 'Created', { etag: true, location: '/services/{code}' }),
      ...write,
      ...problemResponses(428),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/service-orders',
    operationId: 'createServiceOrder',
    tags: ['service orders'],
    summary:
      'Order a service at any center. Checked first (service, center, attributes, a location when the center is above the handling level), stored as submitted, then sent to the queue of the handling level whose consumer assigns the responsible center',
    security: secured,
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(CreateServiceOrderSchema),
    },
    responses: {
      201: json(ServiceOrderSchema, 'Stored', { etag: true, location: '/service-orders/{id}' }),
      ...problemResponses(400, 401, 403, 409, 413, 415, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/service-orders/{id}',
    operationId: 'getServiceOrder',
    tags: ['service orders'],
    summary:
      'One order with its history (who, when, why); the resident who placed it, staff of its intake or assigned center subtree, admins',
    security: secured,
    request: { params: ServiceOrderParams },
    responses: { 200: json(ServiceOrderSchema, 'The order', { etag: true }), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/me/service-orders',
    operationId: 'listMyServiceOrders',
    tags: ['service orders'],
    summary: "The caller's own orders, newest first",
    security: secured,
    request: { query: MyOrdersQuery },
    responses: { 200: json(ServiceOrdersPage, 'A page of orders'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/centers/{id}/service-orders',
    operationId: 'listCenterServiceOrders',
    tags: ['service orders'],
    summary:
      'Orders at the center and the centers below it (staff of the center or above, admins): by status, only the overdue ones, or only rated ones with an open follow-up; grouped by center in tree order, oldest first within a center',
    security: secured,
    request: { params: CenterParams, query: CenterOrdersQuery },
    responses: { 200: json(ServiceOrdersPage, 'A page of orders'), ...read },
  });

  for (const action of ACTIONS) {
    registry.registerPath({
      method: 'post',
      path: `/service-orders/{id}/${action.path}`,
      operationId: action.operationId,
      tags: ['service orders'],
      summary: action.summary,
      security: secured,
      request: {
        params: ServiceOrderParams,
        headers: OptionalIfMatch,
        body: jsonBody(action.body),
      },
      responses: { 200: json(ServiceOrderSchema, 'The changed order', { etag: true }), ...write },
    });
  }
}
