/**
 * The one manifest: every function of a district, its trigger and what it may touch.
 * The CDK stack (infra/stacks) and the local runtime (infra/local) are both generated from it.
 *
 * HTTP routes are grouped into one function per bounded context, split into read and write where
 * grants, memory or timeouts differ. Each route still has its own file (exporting `handler`, built
 * with `httpHandler`); the function's entry is generated from this list (infra/http-entries.ts) and
 * dispatches on `event.routeKey`. Every path is written out literally, so a grep for it lands here.
 */
import { httpEntryOf } from './http-entries.ts';
import type { QueueName, TableName } from './resources.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/centers/{id}/rooms/{roomId}`. */
  readonly path: string;
  /** `public` needs no token; `jwt` goes through the JWT authorizer. */
  readonly auth: 'public' | 'jwt';
  /** The route's own file, relative to the project root; it exports `handler` (see `httpHandler`). */
  readonly entry: string;
  /**
   * OAuth scopes the gateway requires of a `jwt` route's token (any one of them), on top of the
   * check in code: a machine-only route (`pmsc/menus:push`) lists its scope here.
   */
  readonly scopes?: readonly string[];
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
  /**
   * Handler file relative to the project root; it exports `handler`. For an HTTP function, the
   * entry generated from its routes (`httpEntryOf`).
   */
  readonly entry: string;
  readonly trigger: Trigger;
  readonly tables?: Partial<Record<TableName, 'read' | 'readwrite'>>;
  /** Queues the function sends to (a consumer's own queue is implied by its trigger). */
  readonly sends?: readonly QueueName[];
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  /** Carries the built console (console/build.ts) in its bundle, under `console/`, and its config. */
  readonly bundlesConsole?: boolean;
}

type Auth = HttpRoute['auth'];
const get = (path: string, entry: string, auth: Auth = 'jwt'): HttpRoute => ({
  method: 'GET',
  path,
  auth,
  entry,
});
const post = (path: string, entry: string): HttpRoute => ({ method: 'POST', path, auth: 'jwt', entry });
const patch = (path: string, entry: string): HttpRoute => ({ method: 'PATCH', path, auth: 'jwt', entry });
const put = (path: string, entry: string): HttpRoute => ({ method: 'PUT', path, auth: 'jwt', entry });
const del = (path: string, entry: string): HttpRoute => ({ method: 'DELETE', path, auth: 'jwt', entry });

/** An HTTP function: its routes, and the entry generated for them. */
const api = (spec: Omit<FunctionSpec, 'entry' | 'trigger'>, ...routes: HttpRoute[]): FunctionSpec => ({
  ...spec,
  entry: httpEntryOf(spec.id),
  trigger: { kind: 'http', routes },
});

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
  // platform: no token, no table; also serves the network console (console/, built into the bundle)
  api(
    { id: 'platform', bundlesConsole: true },
    get('/health', 'functions/platform/get-health.ts', 'public'),
    get('/openapi.json', 'functions/platform/get-openapi.ts', 'public'),
    get('/console', 'functions/platform/get-console.ts', 'public'),
    get('/console/config.json', 'functions/platform/get-console-config.ts', 'public'),
    get('/console/{file+}', 'functions/platform/get-console-asset.ts', 'public'),
  ),

  // the center registry, rooms, windows, closures and opening status
  api(
    { id: 'centers-read', tables: readMain },
    get('/centers', 'functions/centers/list-centers.ts'),
    get('/centers/{id}', 'functions/centers/get-center.ts'),
    get('/centers/{id}/children', 'functions/centers/list-children.ts'),
    get('/centers/{id}/subtree', 'functions/centers/list-subtree.ts'),
    get('/centers/{id}/rooms', 'functions/centers/list-rooms.ts'),
    get('/centers/{id}/windows', 'functions/centers/list-windows.ts'),
    get('/centers/{id}/closures', 'functions/centers/list-closures.ts'),
    get('/centers/{id}/status', 'functions/centers/get-center-status.ts'),
    get('/centers/{id}/stats', 'functions/centers/get-center-stats.ts'),
  ),
  api(
    // a closure cancels the bookings it falls on and tells the residents
    { id: 'centers-write', tables: writeMainIdempotent, sends: ['notifications'] },
    post('/centers', 'functions/centers/create-center.ts'),
    patch('/centers/{id}', 'functions/centers/update-center.ts'),
    post('/centers/{id}/rooms', 'functions/centers/create-room.ts'),
    patch('/centers/{id}/rooms/{roomId}', 'functions/centers/update-room.ts'),
    post('/centers/{id}/windows', 'functions/centers/create-window.ts'),
    post('/centers/{id}/closures', 'functions/centers/create-closure.ts'),
    del('/centers/{id}/closures/{closureId}', 'functions/centers/delete-closure.ts'),
  ),
  {
    // compiles opening hours again before their compiled range ends (and those never compiled)
    id: 'recompile-center-hours',
    entry: 'functions/centers/recompile-center-hours.ts',
    // hourly: after a deploy, centers stored before compiled hours existed wait an hour at most
    trigger: { kind: 'schedule', everyMinutes: 60 },
    tables: writeMain,
    timeoutSeconds: 300,
    memoryMb: 1024,
  },

  // the working-day calendar
  api(
    { id: 'calendars-read', tables: readMain },
    get('/calendars', 'functions/calendars/list-calendars.ts'),
    get('/calendars/{year}', 'functions/calendars/get-calendar.ts'),
  ),
  api(
    { id: 'calendars-write', tables: writeMain },
    put('/calendars/{year}', 'functions/calendars/put-calendar.ts'),
  ),

  // the network grid: built on a schedule, rebuilt or asked "what if" on demand, read as snapshots
  {
    id: 'build-grid',
    entry: 'functions/grid/build-grid.ts',
    trigger: { kind: 'schedule', everyMinutes: 5 },
    tables: writeMain,
    timeoutSeconds: 300,
    memoryMb: 1024,
  },
  api(
    { id: 'grid-rebuild', tables: writeMain, timeoutSeconds: 29, memoryMb: 1024 },
    post('/grid/rebuild', 'functions/grid/rebuild-grid.ts'),
  ),
  api(
    { id: 'grid-read', tables: readMain, memoryMb: 1024 },
    get('/grid', 'functions/grid/get-grid.ts'),
    get('/grid/snapshots/{id}', 'functions/grid/get-grid-snapshot.ts'),
    get('/grid/history', 'functions/grid/get-grid-history.ts'),
  ),

  // bulk onboarding: accepted over HTTP, written by a queue consumer, re-sent by a reconciler
  api(
    // validating 2,000 rows (opening hours each) and the 81-item transaction outlast the default
    { id: 'imports-write', tables: writeMainIdempotent, sends: ['centerImport'], timeoutSeconds: 29 },
    post('/centers/import', 'functions/imports/start-center-import.ts'),
  ),
  api(
    { id: 'imports-read', tables: readMain },
    get('/center-imports/{id}', 'functions/imports/get-center-import.ts'),
  ),
  {
    id: 'process-center-import',
    entry: 'functions/imports/process-center-import.ts',
    trigger: { kind: 'sqs', queue: 'centerImport', batchSize: 5, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    // a city's import (about 70 chunks) in one invocation; past that the reconciler resumes it
    timeoutSeconds: 150,
  },
  {
    id: 'reconcile-center-imports',
    entry: 'functions/imports/reconcile-center-imports.ts',
    trigger: { kind: 'schedule', everyMinutes: 5 },
    tables: writeMain,
    sends: ['centerImport'],
    timeoutSeconds: 60,
  },

  // the service catalog and service orders: stored, then sent to the queue of the handling level;
  // a consumer per level assigns the center; a reconciler re-sends what is unrouted; a sweep
  // escalates what is overdue
  api(
    { id: 'orders-read', tables: readMain },
    get('/services', 'functions/services/list-services.ts'),
    get('/services/{code}', 'functions/services/get-service.ts'),
    get('/service-orders/{id}', 'functions/service-orders/get-service-order.ts'),
    get('/me/service-orders', 'functions/service-orders/list-my-service-orders.ts'),
    get('/centers/{id}/service-orders', 'functions/service-orders/list-center-service-orders.ts'),
  ),
  api(
    { id: 'orders-write', tables: writeMainIdempotent, sends: ORDER_QUEUE_NAMES },
    put('/services/{code}', 'functions/services/put-service.ts'),
    post('/service-orders', 'functions/service-orders/create-service-order.ts'),
    post('/service-orders/{id}/accept', 'functions/service-orders/accept-service-order.ts'),
    post('/service-orders/{id}/complete', 'functions/service-orders/complete-service-order.ts'),
    post('/service-orders/{id}/reject', 'functions/service-orders/reject-service-order.ts'),
    post('/service-orders/{id}/transfer', 'functions/service-orders/transfer-service-order.ts'),
    post('/service-orders/{id}/cancel', 'functions/service-orders/cancel-service-order.ts'),
    post('/service-orders/{id}/rating', 'functions/service-orders/rate-service-order.ts'),
    post('/service-orders/{id}/close-follow-up', 'functions/service-orders/close-service-order-follow-up.ts'),
  ),
  {
    id: 'assign-city-orders',
    entry: 'functions/service-orders/assign-city-orders.ts',
    trigger: { kind: 'sqs', queue: 'ordersCity', batchSize: 10, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    timeoutSeconds: 30,
  },
  {
    id: 'assign-district-orders',
    entry: 'functions/service-orders/assign-district-orders.ts',
    trigger: { kind: 'sqs', queue: 'ordersDistrict', batchSize: 10, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    timeoutSeconds: 30,
  },
  {
    id: 'assign-street-orders',
    entry: 'functions/service-orders/assign-street-orders.ts',
    trigger: { kind: 'sqs', queue: 'ordersStreet', batchSize: 10, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    timeoutSeconds: 30,
  },
  {
    id: 'assign-community-orders',
    entry: 'functions/service-orders/assign-community-orders.ts',
    trigger: { kind: 'sqs', queue: 'ordersCommunity', batchSize: 10, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    timeoutSeconds: 30,
  },
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

  // menus pushed down the tree: recorded over HTTP, fanned out by a coordinator that pages the
  // subtree in one invocation and queues a delivery per center; each delivery stores a center's
  // copy once; a reconciler resumes fan-outs that stalled or ran short of time
  api(
    { id: 'menus-read', tables: readMain },
    get('/menus/{id}', 'functions/menus/get-menu.ts'),
    get('/centers/{id}/menus', 'functions/menus/list-center-menus.ts'),
    // course-distribution orders of the courses the menus carry
    get('/course-orders/{id}', 'functions/course-orders/get-course-order.ts'),
    get('/centers/{id}/course-orders', 'functions/course-orders/list-center-course-orders.ts'),
    get('/me/course-orders', 'functions/course-orders/list-my-course-orders.ts'),
  ),
  api(
    { id: 'menus-write', tables: writeMainIdempotent, sends: ['menuFanOut', 'menuDistrictSends'] },
    post('/centers/{id}/menus', 'functions/menus/push-menu.ts'),
    put('/menus/{id}', 'functions/menus/update-menu.ts'),
    post('/menus/{id}/withdraw', 'functions/menus/withdraw-menu.ts'),
    patch('/centers/{id}/menus/{menuId}', 'functions/menus/decide-menu-copy.ts'),
    // a schedule books the receiving center's room in the order's own transaction
    post('/course-orders', 'functions/course-orders/create-course-order.ts'),
    post('/course-orders/{id}/schedule', 'functions/course-orders/schedule-course-order.ts'),
    post('/course-orders/{id}/deliver', 'functions/course-orders/deliver-course-order.ts'),
    post('/course-orders/{id}/rating', 'functions/course-orders/rate-course-order.ts'),
    post('/course-orders/{id}/cancel', 'functions/course-orders/cancel-course-order.ts'),
    post('/course-orders/{id}/decline', 'functions/course-orders/decline-course-order.ts'),
  ),
  {
    id: 'fan-out-menus',
    entry: 'functions/menus/fan-out-menu.ts',
    // one revision per invocation: it pages the whole subtree itself
    trigger: { kind: 'sqs', queue: 'menuFanOut', batchSize: 1, maxBatchingWindowSeconds: 0 },
    tables: writeMain,
    sends: ['menuDeliveries'],
    timeoutSeconds: 30,
  },
  {
    id: 'deliver-menus',
    entry: 'functions/menus/deliver-menu.ts',
    trigger: { kind: 'sqs', queue: 'menuDeliveries', batchSize: 10, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    timeoutSeconds: 30,
  },
  {
    // city stacks: pushes each revision of a city menu to its target districts' APIs
    id: 'send-menus-to-districts',
    entry: 'functions/menus/send-menu-to-district.ts',
    trigger: { kind: 'sqs', queue: 'menuDistrictSends', batchSize: 5, maxBatchingWindowSeconds: 1 },
    tables: writeMain,
    timeoutSeconds: 30,
  },
  {
    id: 'reconcile-menu-fan-outs',
    entry: 'functions/menus/reconcile-menu-fan-outs.ts',
    trigger: { kind: 'schedule', everyMinutes: 2 },
    tables: writeMain,
    sends: ['menuFanOut', 'menuDistrictSends'],
    timeoutSeconds: 60,
  },
  // bookings of rooms and activity seats: capacity, waitlists and per-resident limits guarded by
  // the database in one transaction per booking; a sweep for no-shows and reminders; a notifier
  api(
    { id: 'bookings-read', tables: readMain },
    get('/centers/{id}/rooms/{roomId}/availability', 'functions/bookings/get-room-availability.ts'),
    get('/availability', 'functions/bookings/search-availability.ts'),
    get('/bookings/{id}', 'functions/bookings/get-booking.ts'),
    get('/me/bookings', 'functions/bookings/list-my-bookings.ts'),
    get('/centers/{id}/bookings', 'functions/bookings/list-center-bookings.ts'),
    get('/centers/{id}/activities', 'functions/bookings/list-activities.ts'),
    get('/centers/{id}/activities/{activityId}', 'functions/bookings/get-activity.ts'),
    get('/centers/{id}/activities/{activityId}/occurrences', 'functions/bookings/list-occurrences.ts'),
    // iCalendar feeds: calendar apps send no bearer token (the private one has a secret in its URL)
    get('/centers/{id}/activities.ics', 'functions/bookings/get-center-activities-feed.ts', 'public'),
    get('/feeds/{token}/bookings.ics', 'functions/bookings/get-bookings-feed.ts', 'public'),
  ),
  api(
    { id: 'bookings-write', tables: writeMainIdempotent, sends: ['notifications'] },
    post('/bookings', 'functions/bookings/create-booking.ts'),
    post('/bookings/{id}/cancel', 'functions/bookings/cancel-booking.ts'),
    post('/bookings/{id}/approve', 'functions/bookings/approve-booking.ts'),
    post('/bookings/{id}/decline', 'functions/bookings/decline-booking.ts'),
    post('/bookings/{id}/check-in', 'functions/bookings/check-in-booking.ts'),
    post('/centers/{id}/activities', 'functions/bookings/create-activity.ts'),
    post('/me/bookings/feed', 'functions/bookings/create-bookings-feed.ts'),
    del('/me/bookings/feed', 'functions/bookings/delete-bookings-feed.ts'),
  ),
  {
    id: 'sweep-bookings',
    entry: 'functions/bookings/sweep-bookings.ts',
    trigger: { kind: 'schedule', everyMinutes: 5 },
    tables: writeMain,
    sends: ['notifications'],
    timeoutSeconds: 120,
  },
  {
    id: 'notify-residents',
    entry: 'functions/bookings/notify-residents.ts',
    trigger: { kind: 'sqs', queue: 'notifications', batchSize: 10, maxBatchingWindowSeconds: 1 },
    timeoutSeconds: 30,
  },
];
