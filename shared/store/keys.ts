/** Every key of the main table is built here. See docs/data-model.md. */

import { type BookingStatus, occupiesItsTime } from '../domain/booking.ts';
import { geoCell } from '../domain/geo.ts';

export const TREE_PARTITION = 'TREE';
/** Sparse index partition of temporary closures, sorted by their end (UTC). */
export const CLOSURES_PARTITION = 'CLOSURES';
/** Index partition of the scheduled grid snapshots, sorted by tick (gsi1). */
export const GRID_SNAPSHOTS_PARTITION = 'GRID#SNAPSHOTS';

export const keys = {
  center: (id: string) => ({ pk: `CENTER#${id}`, sk: 'META' }),
  room: (centerId: string, roomId: string) => ({ pk: `CENTER#${centerId}`, sk: `ROOM#${roomId}` }),
  window: (centerId: string, windowId: string) => ({ pk: `CENTER#${centerId}`, sk: `WINDOW#${windowId}` }),
  closure: (centerId: string, closureId: string) => ({
    pk: `CENTER#${centerId}`,
    sk: `CLOSURE#${closureId}`,
  }),
  centerImport: (id: string) => ({ pk: `IMPORT#${id}`, sk: 'META' }),
  /** Held by the one running import of the district (`importId`). */
  importLock: () => ({ pk: 'IMPORT#LOCK', sk: 'META' }),
  calendar: (year: number) => ({ pk: `CALENDAR#${year}`, sk: 'META' }),
  importChunk: (importId: string, index: number) => ({
    pk: `IMPORT#${importId}`,
    sk: `CHUNK#${String(index).padStart(5, '0')}`,
  }),
  /** Header of a grid snapshot; its compressed body is in the parts beside it. */
  gridSnapshot: (id: string) => ({ pk: `GRID#${id}`, sk: 'META' }),
  /** Part `index` of build `build` of a snapshot (a rebuild writes new parts, then drops the old). */
  gridPart: (id: string, build: string, index: number) => ({
    pk: `GRID#${id}`,
    sk: `PART#${build}#${String(index).padStart(5, '0')}`,
  }),
  /** Pointer to the newest scheduled snapshot (snapshot ids never spell LATEST). */
  gridLatest: () => ({ pk: 'GRID#LATEST', sk: 'META' }),
  /** Tick sample of a history group (a street with its subtree, or a center above street level). */
  gridTick: (groupId: string, tick: string) => ({ pk: `GRIDHIST#${groupId}`, sk: `TICK#${tick}` }),
  /** Day roll-up of a history group, by the group's local date. */
  gridDay: (groupId: string, date: string) => ({ pk: `GRIDHIST#${groupId}`, sk: `DAY#${date}` }),
  /** A service of the catalog, by its code. */
  service: (code: string) => ({ pk: `SERVICE#${code}`, sk: 'META' }),
  /** A service order (its history lives on the item). */
  serviceOrder: (id: string) => ({ pk: `ORDER#${id}`, sk: 'META' }),
  /** A menu pushed down the tree (its fan-outs and delivery outcomes share the partition). */
  menu: (id: string) => ({ pk: `MENU#${id}`, sk: 'META' }),
  /** Progress of revision `revision` of a menu going out to its centers. */
  menuFanOut: (menuId: string, revision: number) => ({ pk: `MENU#${menuId}`, sk: `FANOUT#${rev(revision)}` }),
  /** Written once per center and revision: a redelivered message counts nothing twice. */
  menuOutcome: (menuId: string, revision: number, centerId: string) => ({
    pk: `MENU#${menuId}`,
    sk: `OUTCOME#${rev(revision)}#${centerId}`,
  }),
  /** A city's menu at one of its district stacks: what was sent there, and the answer. */
  menuDistrict: (menuId: string, district: string) => ({ pk: `MENU#${menuId}`, sk: `DISTRICT#${district}` }),
  /** A center's copy of a menu it received: what the center has, in one Query. */
  menuCopy: (centerId: string, menuId: string) => ({ pk: `CENTER#${centerId}`, sk: `MENU#${menuId}` }),
  /** A booking of a room slot or of seats of an activity occurrence. */
  booking: (id: string) => ({ pk: `BOOKING#${id}`, sk: 'META' }),
  /** An activity a center publishes (a series or a single date); listed under the center. */
  activity: (centerId: string, activityId: string) => ({
    pk: `CENTER#${centerId}`,
    sk: `ACTIVITY#${activityId}`,
  }),
  /** One bookable occurrence of an activity. */
  occurrence: (activityId: string, occurrenceId: string) => ({
    pk: `ACTIVITY#${activityId}`,
    sk: `OCC#${occurrenceId}`,
  }),
  /** A seat counter of an occurrence (`remaining`); a popular one is split over shards. */
  seats: (occurrenceId: string, shard: number) => ({ pk: `SEATS#${occurrenceId}`, sk: `SHARD#${shard}` }),
  /** What is left of a room in a 15-minute cell (UTC ISO start), created by the first booking of it. */
  roomCell: (centerId: string, roomId: string, cell: string) => ({
    pk: `ROOMCELLS#${centerId}#${roomId}`,
    sk: cell,
  }),
  /** A resident's booking limits: active bookings, no-shows, suspension. */
  bookingLimits: (sub: string) => ({ pk: `RESIDENT#${sub}`, sk: 'BOOKING-LIMITS' }),
  /** A resident's 15-minute cell held by one active booking: no two of theirs overlap. */
  residentCell: (sub: string, cell: string) => ({ pk: `RESCELL#${sub}`, sk: cell }),
  /** A private bookings feed, by the hash of its secret token. */
  bookingFeed: (hash: string) => ({ pk: `FEED#${hash}`, sk: 'META' }),
  /** Which feed a resident has now (one at a time: a new one revokes the old). */
  bookingFeedOwner: (sub: string) => ({ pk: `RESIDENT#${sub}`, sk: 'BOOKING-FEED' }),
  /** A course-distribution order (its history lives on the item). */
  courseOrder: (id: string) => ({ pk: `CORDER#${id}`, sk: 'META' }),
  /**
   * One shard of a center's figures of one local day: what the events of its subtree added
   * (docs/stats.md). The day leads the sort key, so a range of days is one Query.
   */
  stats: (centerId: string, day: string, shard: number) => ({
    pk: `STATS#${centerId}`,
    sk: `${STATS_DAY_PREFIX}${day}#${shard}`,
  }),
  /** The guard of a keyed create: which item the route, caller and Idempotency-Key created. */
  createGuard: (hash: string) => ({ pk: `CREATED#${hash}`, sk: 'META' }),
} as const;

function rev(revision: number): string {
  return String(revision).padStart(5, '0');
}

/** Sort-key prefix of a center's day buckets of figures under `STATS#<id>`. */
export const STATS_DAY_PREFIX = 'DAY#';

/** Sort-key prefix of a center's menu copies under `CENTER#<id>`. */
export const MENU_COPY_PREFIX = 'MENU#';

/**
 * Sparse gsi1 partitions of menus: fan-outs whose coordinator has not queued everything yet
 * (the reconciler's), and the failed deliveries of one revision (for its progress).
 */
export const MENU_PARTITIONS = {
  fanOutsRunning: 'FANOUT#RUNNING',
  failures: (menuId: string, revision: number) => `MENUFAIL#${menuId}#${rev(revision)}`,
  districtSendsPending: 'DISTRICTSEND#PENDING',
} as const;

/**
 * Partitions of the booking indexes. gsi1: a resident's bookings by start. gsi2: a center's
 * bookings of a local day. gsi3 (sparse): a waitlisted booking is in its occurrence's waitlist,
 * first come first; a booking whose people are expected (pending, confirmed, checked-in) is in the
 * partition of the UTC day it starts on, by start, which the grid reads for who is booked in now.
 * gsi4 (sparse, active only: pending, confirmed, waitlisted): what the sweep reminds,
 * marks no-show, declines unapproved or takes off the waitlist once the start has come.
 */
export const BOOKING_PARTITIONS = {
  resident: (sub: string) => `RESBOOKINGS#${sub}`,
  centerDay: (centerId: string, date: string) => `CENTERDAY#${centerId}#${date}`,
  waitlist: (occurrenceId: string) => `WAITLIST#${occurrenceId}`,
  open: 'BOOKINGS#OPEN',
  /** Bookings whose people are expected, by the UTC date (YYYY-MM-DD) they start on. */
  occupying: (utcDate: string) => `BOOKINGS#OCCUPYING#${utcDate}`,
} as const;

/** Index partition of the bookable rooms of the district (gsi1), by center and room. */
export const BOOKABLE_ROOMS_PARTITION = 'ROOMS#BOOKABLE';

/** Index attributes of a room: bookable rooms are listed for the grid's capacity; others not. */
export function roomIndexKeys(room: { centerId: string; id: string; bookable: boolean }) {
  return room.bookable ? { gsi1pk: BOOKABLE_ROOMS_PARTITION, gsi1sk: `${room.centerId}#${room.id}` } : {};
}

export function bookingIndexKeys(booking: {
  id: string;
  residentSub: string;
  centerId: string;
  start: string;
  createdAt: string;
  status: string;
  occurrenceId?: string;
  localDate: string;
}) {
  const byStart = `${utc(booking.start)}#${booking.id}`;
  const waiting = booking.status === 'waitlisted' && booking.occurrenceId;
  const open = booking.status === 'pending' || booking.status === 'confirmed' || waiting;
  const occupying = occupiesItsTime(booking.status as BookingStatus);
  const startDay = utc(booking.start).slice(0, 10);
  return {
    gsi1pk: BOOKING_PARTITIONS.resident(booking.residentSub),
    gsi1sk: byStart,
    gsi2pk: BOOKING_PARTITIONS.centerDay(booking.centerId, booking.localDate),
    gsi2sk: byStart,
    gsi3pk: waiting
      ? BOOKING_PARTITIONS.waitlist(booking.occurrenceId as string)
      : occupying
        ? BOOKING_PARTITIONS.occupying(startDay)
        : undefined,
    gsi3sk: waiting ? `${utc(booking.createdAt)}#${booking.id}` : occupying ? byStart : undefined,
    gsi4pk: open ? BOOKING_PARTITIONS.open : undefined,
    gsi4sk: open ? byStart : undefined,
  };
}

/** Index partition of the service catalog (gsi1), by code. */
export const SERVICES_PARTITION = 'SERVICES';

/** Index attributes of a catalog entry: the whole catalog in one Query. */
export function serviceIndexKeys(code: string) {
  return { gsi1pk: SERVICES_PARTITION, gsi1sk: code };
}

/**
 * Partitions of the service-order indexes. gsi1: a resident's orders. gsi2: orders by status and
 * the path of the center they are at. gsi3: every order by that path. gsi4 (sparse, one state at
 * a time): unrouted (reconciler), open with a deadline (sweep), overdue (staff view and sweep),
 * dissatisfied with an open follow-up. See docs/data-model.md.
 */
export const ORDER_PARTITIONS = {
  resident: (sub: string) => `RESIDENT#${sub}`,
  status: (status: string) => `ORDERS#${status}`,
  all: 'ORDERS#ALL',
  unrouted: 'ORDERS#UNROUTED',
  due: 'ORDERS#DUE',
  overdue: 'ORDERS#OVERDUE',
  followUp: 'ORDERS#FOLLOWUP',
} as const;

/** Sort-key prefix of open orders whose deadline is not known yet (a calendar year was missing). */
export const UNKNOWN_DUE_PREFIX = 'UNKNOWN#';

export type OrderIndexState =
  | { readonly kind: 'unrouted' }
  | { readonly kind: 'due' }
  | { readonly kind: 'overdue' }
  | { readonly kind: 'follow-up'; readonly followUpDueAt: string }
  | { readonly kind: 'closed' };

/**
 * Index attributes of a service order. `atPath` is the materialized path of the center the order
 * is at (assigned, else where it was placed), so one begins_with covers a staff member's subtree.
 * Values are ISO instants in UTC so they sort as strings.
 */
export function serviceOrderIndexKeys(order: {
  id: string;
  residentSub: string;
  status: string;
  createdAt: string;
  atPath: string;
  escalateAt?: string | null;
  state: OrderIndexState;
}) {
  const created = `${utc(order.createdAt)}#${order.id}`;
  const base = {
    gsi1pk: ORDER_PARTITIONS.resident(order.residentSub),
    gsi1sk: created,
    gsi2pk: ORDER_PARTITIONS.status(order.status),
    gsi2sk: `${order.atPath}${created}`,
    gsi3pk: ORDER_PARTITIONS.all,
    gsi3sk: `${order.atPath}${created}`,
  };
  const due = order.escalateAt ? `${utc(order.escalateAt)}#${order.id}` : `${UNKNOWN_DUE_PREFIX}${created}`;
  switch (order.state.kind) {
    case 'unrouted':
      return { ...base, gsi4pk: ORDER_PARTITIONS.unrouted, gsi4sk: created };
    case 'due':
      return { ...base, gsi4pk: ORDER_PARTITIONS.due, gsi4sk: due };
    case 'overdue':
      return { ...base, gsi4pk: ORDER_PARTITIONS.overdue, gsi4sk: `${order.atPath}${created}` };
    case 'follow-up':
      return {
        ...base,
        gsi4pk: ORDER_PARTITIONS.followUp,
        gsi4sk: `${order.atPath}${utc(order.state.followUpDueAt)}#${order.id}`,
      };
    case 'closed':
      return { ...base, gsi4pk: undefined, gsi4sk: undefined };
  }
}

/**
 * Partitions of the course-order indexes. gsi1: the orders a person placed, newest first. gsi2:
 * a providing center's orders; gsi3: a receiving center's; both sorted by state in lifecycle
 * order, then oldest first, so one begins_with reads one state.
 */
export const COURSE_ORDER_PARTITIONS = {
  placedBy: (sub: string) => `CORDERS#BY#${sub}`,
  provider: (centerId: string) => `CORDERS#PROVIDER#${centerId}`,
  orderer: (centerId: string) => `CORDERS#ORDERER#${centerId}`,
} as const;

/** Sort-key prefix of one state in a center's course orders (`stateRank` keeps lifecycle order). */
export const courseOrderStatePrefix = (rank: string, state: string) => `${rank}-${state}#`;

export function courseOrderIndexKeys(order: {
  id: string;
  placedBySub: string;
  providerCenterId: string;
  centerId: string;
  status: string;
  stateRank: string;
  createdAt: string;
}) {
  const created = `${utc(order.createdAt)}#${order.id}`;
  const byState = `${courseOrderStatePrefix(order.stateRank, order.status)}${created}`;
  return {
    gsi1pk: COURSE_ORDER_PARTITIONS.placedBy(order.placedBySub),
    gsi1sk: created,
    gsi2pk: COURSE_ORDER_PARTITIONS.provider(order.providerCenterId),
    gsi2sk: byState,
    gsi3pk: COURSE_ORDER_PARTITIONS.orderer(order.centerId),
    gsi3sk: byState,
  };
}

function utc(instant: string): string {
  return new Date(instant).toISOString();
}

/** Index attributes of a scheduled snapshot's header: snapshots over a time range. */
export function gridSnapshotIndexKeys(tick: string) {
  return { gsi1pk: GRID_SNAPSHOTS_PARTITION, gsi1sk: tick };
}

/** Index attributes of a center item: children by parent, subtree by path, centers by level and by place. */
export function centerIndexKeys(center: {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
  path: string;
  location: { lat: number; lon: number };
}) {
  return {
    gsi1pk: `PARENT#${center.parentId ?? 'ROOT'}`,
    gsi1sk: `${center.name}#${center.id}`,
    gsi2pk: TREE_PARTITION,
    gsi2sk: center.path,
    gsi3pk: `LEVEL#${center.level}`,
    gsi3sk: center.path,
    gsi4pk: `GEO#${geoCell(center.location)}`,
    gsi4sk: center.id,
  };
}

/** Index attributes of a closure: every closure of the district, sorted by when it ends. */
export function closureIndexKeys(closure: { id: string; centerId: string; to: string }) {
  return {
    gsi1pk: CLOSURES_PARTITION,
    gsi1sk: `${new Date(closure.to).toISOString()}#${closure.centerId}#${closure.id}`,
  };
}

export const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'entity',
  'expiresAt',
] as const;

/** Drops key and bookkeeping attributes from a stored item. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}
