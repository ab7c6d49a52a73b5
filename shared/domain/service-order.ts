import * as z from 'zod';
import type { CalendarLookup } from './calendar.ts';
import { ConflictError } from './errors.ts';
import { Id, Instant, Version } from './schema-kit.ts';
import {
  HandlingLevelSchema as LevelSchema,
  ResidentLocationSchema as LocationSchema,
} from './service-levels.ts';
import { ServiceCode, TimeLimitSchema } from './services.ts';
import { lineage } from './tree.ts';
import { WalkInSchema } from './walk-in.ts';
import { CalendarMissingError, dueAt, type TimeLimit } from './working-time.ts';
import { isoInZone } from './zoned-time.ts';

/**
 * A service order's life: residents order, the center dispatches, Party members take the order,
 * residents rate it (群众点单、中心派单、党员接单、群众评单). Every change is an entry in its
 * history with who, when and why. This module holds the rules; stores apply them with
 * conditional writes so that only one of two racing changes wins.
 */

export const ORDER_STATUSES = [
  'submitted',
  'assigned',
  'accepted',
  'completed',
  'rated',
  'rejected',
  'cancelled',
  'routing-failed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses in which an order is still being worked on (counted as open, swept for time limits). */
export const OPEN_STATUSES: readonly OrderStatus[] = ['submitted', 'assigned', 'accepted'];

export const RATINGS = [
  'very-satisfied',
  'satisfied',
  'neutral',
  'dissatisfied',
  'very-dissatisfied',
] as const;
export type Rating = (typeof RATINGS)[number];
/** A rating at or below this opens a follow-up on the handling center. */
export const FOLLOW_UP_RATINGS: readonly Rating[] = ['dissatisfied', 'very-dissatisfied'];
export const FOLLOW_UP_LIMIT = { unit: 'working-days', value: 15 } as const;

export const ACTIONS = [
  'submit',
  'assign',
  'accept',
  'complete',
  'rate',
  'reject',
  'transfer',
  'cancel',
  'escalate',
  'mark-overdue',
  'close-follow-up',
  'escalate-follow-up',
  'fail-routing',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that move the order between statuses (the others only record something in its history). */
export type TransitionAction = Exclude<
  Action,
  'submit' | 'mark-overdue' | 'close-follow-up' | 'escalate-follow-up'
>;

/** Which statuses each action may start from, and where it leads. */
export const TRANSITIONS: Record<TransitionAction, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  assign: { from: ['submitted'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'accepted' },
  complete: { from: ['accepted'], to: 'completed' },
  rate: { from: ['completed'], to: 'rated' },
  reject: { from: ['assigned', 'accepted'], to: 'rejected' },
  transfer: { from: ['assigned', 'accepted'], to: 'assigned' },
  cancel: { from: ['submitted', 'assigned', 'accepted', 'routing-failed'], to: 'cancelled' },
  escalate: { from: ['assigned', 'accepted'], to: 'assigned' },
  // the system gives up sending an order no level consumer could assign (docs/service-orders.md)
  'fail-routing': { from: ['submitted'], to: 'routing-failed' },
};

/** Sends of an unassigned order (the first and the reconciler's) before it is marked routing-failed. */
export const MAX_ROUTING_SENDS = 5;

/**
 * An order the level consumer never assigned after MAX_ROUTING_SENDS sends is marked
 * routing-failed with the reason, for the intake center's staff to handle; undefined while it may
 * still be sent again.
 */
export function failRouting<T extends ServiceOrder>(order: T, sends: number, at: string): T | undefined {
  if (order.status !== 'submitted' || sends < MAX_ROUTING_SENDS) return undefined;
  const reason = `no center was assigned after ${sends} sends to the ${order.handlingLevel} queue (the consumer failed or its messages went to the dead-letter queue)`;
  return applyChange(
    order,
    { action: 'fail-routing', by: 'system', at, note: reason, centerId: order.intakeCenterId },
    { routingFailure: { reason, sends, at } } as Partial<T>,
  );
}

export const HistoryEntrySchema = z
  .object({
    at: Instant,
    action: z.enum(ACTIONS),
    by: z.string().meta({ description: 'Who: a resident, staff member, volunteer, or `system`' }),
    from: z.enum(ORDER_STATUSES).nullable(),
    to: z.enum(ORDER_STATUSES),
    centerId: Id.optional().meta({ description: 'The center the order is at after this change' }),
    note: z.string().optional().meta({ description: 'Why: a reason, a result, a comment' }),
  })
  .meta({ id: 'OrderHistoryEntry' });
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const ServiceOrderSchema = z
  .object({
    id: Id,
    serviceCode: ServiceCode,
    serviceName: z.string(),
    handlingLevel: LevelSchema,
    intakeCenterId: Id.meta({ description: 'Where the resident placed the order' }),
    residentSub: z.string(),
    location: LocationSchema.optional().meta({
      description: 'Where the resident is; routes orders placed above the handling level',
    }),
    attributes: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    status: z.enum(ORDER_STATUSES),
    assignedCenterId: Id.optional(),
    acceptedBy: z.string().optional(),
    result: z.string().optional(),
    peopleServed: z.number().int().optional().meta({
      description: 'People the completed service reached, as staff recorded it (counted as 1 when absent)',
    }),
    rejection: z.object({ reason: z.string(), goTo: z.string().optional() }).optional(),
    rating: z.object({ level: z.enum(RATINGS), comment: z.string().optional(), at: Instant }).optional(),
    followUp: z
      .object({
        status: z.enum(['open', 'closed']),
        dueAt: Instant.nullable(),
        centerId: Id,
        openedAt: Instant,
        closedAt: Instant.optional(),
        note: z.string().optional(),
        escalations: z
          .number()
          .int()
          .min(0)
          .optional()
          .meta({ description: 'Times the follow-up went one level up because its limit passed' }),
        overdue: z
          .boolean()
          .optional()
          .meta({ description: 'Still open past its limit (computed when the order is read)' }),
      })
      .optional()
      .meta({ description: 'Opened by a dissatisfied rating, with its own 15-working-day limit' }),
    dueAt: Instant.nullable().meta({
      description:
        'Deadline of the center the order is at, on the working-day calendar (restarted when escalated); null while a calendar year it needs is missing',
    }),
    dueAtProvisional: z.literal(true).optional().meta({
      description:
        'The deadline was counted on a provisional calendar year (statutory holidays only, no adjusted working days)',
    }),
    timeLimit: TimeLimitSchema.meta({ description: 'The service time limit when the order was placed' }),
    overdue: z.boolean().meta({ description: 'A deadline passed while the order was open' }),
    escalations: z.number().int().min(0),
    walkIn: WalkInSchema.optional(),
    routingFailure: z
      .object({ reason: z.string(), sends: z.number().int(), at: Instant })
      .optional()
      .meta({ description: 'Why the order is routing-failed: the platform stopped sending it' }),
    routing: z
      .object({
        kind: z.enum(['ancestor', 'covering', 'unroutable']),
        distanceMeters: z.number().optional(),
        reason: z.string().optional(),
      })
      .optional()
      .meta({
        description:
          'How the consumer chose the center: the intake center ancestor, the center covering the location, or none (kept at the intake center)',
      }),
    volunteer: z
      .object({ name: z.string(), partyMember: z.boolean() })
      .optional()
      .meta({ description: 'The Party-member volunteer who took the order (recorded by staff)' }),
    assignedAt: Instant.optional(),
    acceptedAt: Instant.optional(),
    completedAt: Instant.optional(),
    createdAt: Instant,
    updatedAt: Instant,
    version: Version,
    history: z.array(HistoryEntrySchema),
  })
  .meta({ id: 'ServiceOrder' });
export type ServiceOrder = z.infer<typeof ServiceOrderSchema>;

export interface Change {
  readonly action: TransitionAction;
  readonly by: string;
  readonly at: string;
  readonly note?: string;
  readonly centerId?: string;
}

/**
 * Applies `change` to `order` if its status allows it; otherwise a 409 that says what the order
 * is now. Returns the next order (version + 1, history appended); the caller stores it on the
 * condition that the stored version is still `order.version`.
 */
export function applyChange<T extends ServiceOrder>(order: T, change: Change, patch: Partial<T> = {}): T {
  const rule = TRANSITIONS[change.action];
  if (!rule.from.includes(order.status)) {
    throw new ConflictError(`cannot ${change.action} an order that is ${order.status}`, {
      orderStatus: order.status,
      allowedFrom: rule.from,
    });
  }
  const centerId = change.centerId ?? order.assignedCenterId;
  return {
    ...order,
    ...patch,
    status: rule.to,
    ...(centerId ? { assignedCenterId: centerId } : {}),
    updatedAt: change.at,
    version: order.version + 1,
    history: [
      ...order.history,
      {
        at: change.at,
        action: change.action,
        by: change.by,
        from: order.status,
        to: rule.to,
        ...(centerId ? { centerId } : {}),
        ...(change.note ? { note: change.note } : {}),
      },
    ],
  };
}

/**
 * Records something that does not move the order between statuses (marked overdue at the top of
 * the network, a follow-up closed): version + 1, history appended, status unchanged.
 */
export function annotate<T extends ServiceOrder>(
  order: T,
  entry: {
    action: 'mark-overdue' | 'close-follow-up' | 'escalate-follow-up';
    by: string;
    at: string;
    note?: string;
  },
  patch: Partial<T> = {},
): T {
  return {
    ...order,
    ...patch,
    updatedAt: entry.at,
    version: order.version + 1,
    history: [
      ...order.history,
      {
        at: entry.at,
        action: entry.action,
        by: entry.by,
        from: order.status,
        to: order.status,
        ...(order.assignedCenterId ? { centerId: order.assignedCenterId } : {}),
        ...(entry.note ? { note: entry.note } : {}),
      },
    ],
  };
}

/** Statuses from which a resident may still cancel. */
export const CANCELLABLE = TRANSITIONS.cancel.from;

/**
 * The deadline an escalated order gets at the level above: the service's own limit again, at
 * most three working days (hour limits are kept as they are), so supervision is quick.
 */
export const MAX_ESCALATION_WORKING_DAYS = 3;
export function escalationLimit(limit: z.infer<typeof TimeLimitSchema>): z.infer<typeof TimeLimitSchema> {
  if (limit.unit === 'hours') return limit;
  return { unit: 'working-days', value: Math.min(limit.value, MAX_ESCALATION_WORKING_DAYS) };
}

export function isOpen(status: OrderStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function needsFollowUp(rating: Rating): boolean {
  return FOLLOW_UP_RATINGS.includes(rating);
}

/**
 * The deadline of something started at `start` with `limit`, as ISO 8601 in `timeZone`; null
 * (with the missing year) when the working-day calendar does not reach that far.
 */
export function deadline(
  start: number,
  limit: TimeLimit,
  timeZone: string,
  lookup: CalendarLookup,
): { dueAt: string | null; missingYear?: number; provisional?: true } {
  try {
    const due = dueAt(start, limit, timeZone, lookup);
    // a deadline counted over a provisional year may move when the official notice is loaded
    const first = new Date(start).getUTCFullYear();
    const last = new Date(due).getUTCFullYear();
    let provisional = false;
    for (let year = first; year <= last; year++) provisional ||= lookup(year)?.source === 'provisional';
    return { dueAt: isoInZone(due, timeZone), ...(provisional ? { provisional: true as const } : {}) };
  } catch (error) {
    if (error instanceof CalendarMissingError) return { dueAt: null, missingYear: error.year };
    throw error;
  }
}

/** The UTC form of an instant, for index keys and comparisons as strings. */
export function utcOf(instant: string): string {
  return new Date(instant).toISOString();
}

/**
 * An open follow-up past its limit goes one level up, as an overdue order does: to the parent of
 * the center it is at, with the escalation limit restarted there, recorded in the history. At the
 * top of the network it stays where it is and is only recorded once. Undefined when nothing is due.
 */
export function escalateFollowUp<T extends ServiceOrder & { atPath: string; timeZone: string }>(
  order: T,
  now: number,
  lookup: CalendarLookup,
): T | undefined {
  const followUp = order.followUp;
  if (followUp?.status !== 'open' || !followUp.dueAt || Date.parse(followUp.dueAt) > now) {
    return undefined;
  }
  const at = new Date(now).toISOString();
  const ids = lineage(order.atPath);
  const missed = `follow-up limit ${followUp.dueAt} passed at ${followUp.centerId}`;
  if (ids.length < 2) {
    return annotate(
      order,
      { action: 'escalate-follow-up', by: 'system', at, note: `${missed}; no level above` },
      { followUp: { ...followUp, dueAt: null, escalations: (followUp.escalations ?? 0) + 1 } } as Partial<T>,
    );
  }
  const parentIds = ids.slice(0, -1);
  const parent = { id: parentIds.at(-1)!, path: `/${parentIds.join('/')}/` };
  const next = deadline(now, escalationLimit(FOLLOW_UP_LIMIT), order.timeZone, lookup);
  return annotate(
    order,
    {
      action: 'escalate-follow-up',
      by: 'system',
      at,
      note: `${missed}; escalated to ${parent.id}${next.dueAt ? `, due ${next.dueAt}` : ''}`,
    },
    {
      atPath: parent.path,
      followUp: {
        ...followUp,
        centerId: parent.id,
        dueAt: next.dueAt,
        escalations: (followUp.escalations ?? 0) + 1,
      },
    } as Partial<T>,
  );
}

/**
 * The deadline of an order counted on a provisional year, counted again now that the calendar
 * may be official: the same start and limit (only orders never escalated, whose deadline ran from
 * when they were placed). Undefined while the count still touches a provisional year.
 */
export function recountProvisionalDeadline<
  T extends ServiceOrder & { timeZone: string; escalateAt?: string },
>(order: T, lookup: CalendarLookup): T | undefined {
  if (!order.dueAtProvisional || order.escalations > 0) return undefined;
  const due = deadline(Date.parse(order.createdAt), order.timeLimit, order.timeZone, lookup);
  if (due.provisional || !due.dueAt) return undefined;
  const { dueAtProvisional: _was, ...rest } = order;
  return { ...rest, dueAt: due.dueAt, escalateAt: utcOf(due.dueAt), version: order.version + 1 } as T;
}
