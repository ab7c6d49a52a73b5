/**
 * The one manifest: every function of a district, its trigger and what it may touch.
 * The CDK stack (infra/stacks) and the local runtime (infra/local) are both generated from it.
 */
import type { QueueName, TableName } from './resources.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/centers/{id}/rooms/{roomId}`. */
  readonly path: string;
  /** `public` needs no token; `jwt` goes through the JWT authorizer. */
  readonly auth: 'public' | 'jwt';
}

export interface HttpTrigger {
  readonly kind: 'http';
  readonly routes: readonly HttpRoute[];
}

export interface SqsTrigger {
  readonly kind: 'sqs';
  readonly queue: QueueName;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
}

export interface ScheduleTrigger {
  readonly kind: 'schedule';
  readonly everyMinutes: number;
}

export type Trigger = HttpTrigger | SqsTrigger | ScheduleTrigger;

export interface FunctionSpec {
  /** Unique kebab-case id; also the base of the Lambda's logical id. */
  readonly id: string;
  /** Handler file relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly trigger: Trigger;
  readonly tables?: Partial<Record<TableName, 'read' | 'readwrite'>>;
  /** Queues the function sends to (a consumer's own queue is implied by its trigger). */
  readonly sends?: readonly QueueName[];
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

const http = (...routes: HttpRoute[]): HttpTrigger => ({ kind: 'http', routes });
const get = (path: string, auth: HttpRoute['auth'] = 'jwt'): HttpRoute => ({ method: 'GET', path, auth });
const post = (path: string): HttpRoute => ({ method: 'POST', path, auth: 'jwt' });
const patch = (path: string): HttpRoute => ({ method: 'PATCH', path, auth: 'jwt' });
const del = (path: string): HttpRoute => ({ method: 'DELETE', path, auth: 'jwt' });
const put = (path: string): HttpRoute => ({ method: 'PUT', path, auth: 'jwt' });

/** The level queues of service orders: create and the reconciler send to all four. */
const ORDER_QUEUE_NAMES: readonly QueueName[] = [
  'ordersCity',
  'ordersDistrict',
  'ordersStreet',
  'ordersCommunity',
];

const readMain = { main: 'read' } as const;
const writeMain = { main: 'readwrite' } as const;
const writeMainIdempotent = { main: 'readwrite', idempotency: 'readwrite' } as const;

export const functions: readonly FunctionSpec[] = [
  // platform
  { id: 'get-health', entry: 'functions/platform/get-health.ts', trigger: http(get('/health', 'public')) },
  {
    id: 'get-openapi',
    entry: 'functions/platform/get-openapi.ts',
    trigger: http(get('/openapi.json', 'public')),
  },

  // center registry
  {
    id: 'create-center',
    entry: 'functions/centers/create-center.ts',
    trigger: http(post('/centers')),
    tables: writeMainIdempotent,
  },
  {
    id: 'list-centers',
    entry: 'functions/centers/list-centers.ts',
    trigger: http(get('/centers')),
    tables: readMain,
  },
  {
    id: 'get-center',
    entry: 'functions/centers/get-center.ts',
    trigger: http(get('/centers/{id}')),
    tables: readMain,
  },
  {
    id: 'update-center',
    entry: 'functions/centers/update-center.ts',
    trigger: http(patch('/centers/{id}')),
    tables: writeMain,
  },
  {
    id: 'list-children',
    entry: 'functions/centers/list-children.ts',
    trigger: http(get('/centers/{id}/children')),
    tables: readMain,
  },
  {
    id: 'list-subtree',
    entry: 'functions/centers/list-subtree.ts',
    trigger: http(get('/centers/{id}/subtree')),
    tables: readMain,
  },
  {
    // compiles opening hours again before their compiled range ends (and those never compiled)
    id: 'recompile-center-hours',
    entry: 'functions/centers/recompile-center-hours.ts',
    trigger: { kind: 'schedule', everyMinutes: 1440 },
    tables: writeMain,
    timeoutSeconds: 300,
    memoryMb: 1024,
  },

  // rooms, windows, closures under a center
  {
    id: 'create-room',
    entry: 'functions/centers/create-room.ts',
    trigger: http(post('/centers/{id}/rooms')),
    tables: writeMainIdempotent,
  },
  {
    id: 'list-rooms',
    entry: 'functions/centers/list-rooms.ts',
    trigger: http(get('/centers/{id}/rooms')),
    tables: readMain,
  },
  {
    id: 'update-room',
    entry: 'functions/centers/update-room.ts',
    trigger: http(patch('/centers/{id}/rooms/{roomId}')),
    tables: writeMain,
  },
  {
    id: 'create-window',
    entry: 'functions/centers/create-window.ts',
    trigger: http(post('/centers/{id}/windows')),
    tables: writeMainIdempotent,
  },
  {
    id: 'list-windows',
    entry: 'functions/centers/list-windows.ts',
    trigger: http(get('/centers/{id}/windows')),
    tables: readMain,
  },
  {
    id: 'create-closure',
    entry: 'functions/centers/create-closure.ts',
    trigger: http(post('/centers/{id}/closures')),
    tables: writeMainIdempotent,
  },
  {
    id: 'list-closures',
    entry: 'functions/centers/list-closures.ts',
    trigger: http(get('/centers/{id}/closures')),
    tables: readMain,
  },
  {
    id: 'delete-closure',
    entry: 'functions/centers/delete-closure.ts',
    trigger: http(del('/centers/{id}/closures/{closureId}')),
    tables: writeMain,
  },

  // opening status, the working-day calendar and the network grid
  {
    id: 'get-center-status',
    entry: 'functions/centers/get-center-status.ts',
    trigger: http(get('/centers/{id}/status')),
    tables: readMain,
  },
  {
    id: 'get-calendar',
    entry: 'functions/calendars/get-calendar.ts',
    trigger: http(get('/calendars/{year}')),
    tables: readMain,
  },
  {
    id: 'put-calendar',
    entry: 'functions/calendars/put-calendar.ts',
    trigger: http({ method: 'PUT', path: '/calendars/{year}', auth: 'jwt' }),
    tables: writeMain,
  },
  {
    id: 'build-grid',
    entry: 'functions/grid/build-grid.ts',
    trigger: { kind: 'schedule', everyMinutes: 5 },
    tables: writeMain,
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  {
    id: 'rebuild-grid',
    entry: 'functions/grid/rebuild-grid.ts',
    trigger: http(post('/grid/rebuild')),
    tables: writeMain,
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  {
    id: 'get-grid',
    entry: 'functions/grid/get-grid.ts',
    trigger: http(get('/grid')),
    tables: readMain,
    memoryMb: 1024,
  },
  {
    id: 'get-grid-snapshot',
    entry: 'functions/grid/get-grid-snapshot.ts',
    trigger: http(get('/grid/snapshots/{id}')),
    tables: readMain,
    memoryMb: 1024,
  },
  {
    id: 'get-grid-history',
    entry: 'functions/grid/get-grid-history.ts',
    trigger: http(get('/grid/history')),
    tables: readMain,
  },

  // bulk onboarding: accepted over HTTP, written by a queue consumer, re-sent by a reconciler
  {
    id: 'start-center-import',
    entry: 'functions/imports/start-center-import.ts',
    trigger: http(post('/centers/import')),
    tables: writeMainIdempotent,
    sends: ['centerImport'],
  },
  {
    id: 'get-center-import',
    entry: 'functions/imports/get-center-import.ts',
    trigger: http(get('/center-imports/{id}')),
    tables: readMain,
  },
  {
    id: 'process-center-import',
    entry: 'functions/imports/process-center-import.ts',
    trigger: { kind: 'sqs', queue: 'centerImport', batchSize: 5, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    sends: ['centerImport'],
    timeoutSeconds: 30,
  },
  {
    id: 'reconcile-center-imports',
    entry: 'functions/imports/reconcile-center-imports.ts',
    trigger: { kind: 'schedule', everyMinutes: 5 },
    tables: writeMain,
    sends: ['centerImport'],
    timeoutSeconds: 60,
  },

  // the service catalog
  {
    id: 'list-services',
    entry: 'functions/services/list-services.ts',
    trigger: http(get('/services')),
    tables: readMain,
  },
  {
    id: 'get-service',
    entry: 'functions/services/get-service.ts',
    trigger: http(get('/services/{code}')),
    tables: readMain,
  },
  {
    id: 'put-service',
    entry: 'functions/services/put-service.ts',
    trigger: http(put('/services/{code}')),
    tables: writeMain,
  },

  // service orders: stored, then sent to the queue of the handling level; a consumer per level
  // assigns the center; a reconciler re-sends what is unrouted; a sweep escalates what is overdue
  {
    id: 'create-service-order',
    entry: 'functions/service-orders/create-service-order.ts',
    trigger: http(post('/service-orders')),
    tables: writeMainIdempotent,
    sends: ORDER_QUEUE_NAMES,
  },
  {
    id: 'get-service-order',
    entry: 'functions/service-orders/get-service-order.ts',
    trigger: http(get('/service-orders/{id}')),
    tables: readMain,
  },
  {
    id: 'list-my-service-orders',
    entry: 'functions/service-orders/list-my-service-orders.ts',
    trigger: http(get('/me/service-orders')),
    tables: readMain,
  },
  {
    id: 'list-center-service-orders',
    entry: 'functions/service-orders/list-center-service-orders.ts',
    trigger: http(get('/centers/{id}/service-orders')),
    tables: readMain,
  },
  ...(
    [
      ['accept-service-order', 'accept'],
      ['complete-service-order', 'complete'],
      ['reject-service-order', 'reject'],
      ['transfer-service-order', 'transfer'],
      ['cancel-service-order', 'cancel'],
      ['rate-service-order', 'rating'],
      ['close-service-order-follow-up', 'close-follow-up'],
    ] as const
  ).map(
    ([id, action]): FunctionSpec => ({
      id,
      entry: `functions/service-orders/${id}.ts`,
      trigger: http(post(`/service-orders/{id}/${action}`)),
      tables: writeMain,
    }),
  ),
  ...(['city', 'district', 'street', 'community'] as const).map(
    (level): FunctionSpec => ({
      id: `assign-${level}-orders`,
      entry: `functions/service-orders/assign-${level}-orders.ts`,
      trigger: {
        kind: 'sqs',
        queue: `orders${level[0]!.toUpperCase()}${level.slice(1)}` as QueueName,
        batchSize: 10,
        maxBatchingWindowSeconds: 1,
      },
      tables: writeMain,
      timeoutSeconds: 30,
    }),
  ),
  {
    id: 'reconcile-service-orders',
    entry: 'functions/service-orders/reconcile-service-orders.ts',
    trigger: { kind: 'schedule', everyMinutes: 2 },
    tables: writeMain,
    sends: ORDER_QUEUE_NAMES,
    timeoutSeconds: 60,
  },
  {
    id: 'sweep-service-orders',
    entry: 'functions/service-orders/sweep-service-orders.ts',
    trigger: { kind: 'schedule', everyMinutes: 5 },
    tables: writeMain,
    timeoutSeconds: 120,
  },
];
