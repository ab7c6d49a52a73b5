import * as z from 'zod';
import { LevelSchema, LocationSchema } from './center.ts';
import { ConflictError } from './errors.ts';
import { Id, Instant, Version } from './schema-kit.ts';
import { ServiceCode } from './services.ts';

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
] as const;
export type Action = (typeof ACTIONS)[number];

/** Which statuses each action may start from, and where it leads. */
export const TRANSITIONS: Record<
  Exclude<Action, 'submit'>,
  { from: readonly OrderStatus[]; to: OrderStatus }
> = {
  assign: { from: ['submitted'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'accepted' },
  complete: { from: ['accepted'], to: 'completed' },
  rate: { from: ['completed'], to: 'rated' },
  reject: { from: ['assigned', 'accepted'], to: 'rejected' },
  transfer: { from: ['assigned', 'accepted'], to: 'assigned' },
  cancel: { from: ['submitted', 'assigned', 'accepted'], to: 'cancelled' },
  escalate: { from: ['assigned', 'accepted'], to: 'assigned' },
};

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
    rejection: z.object({ reason: z.string(), goTo: z.string().optional() }).optional(),
    rating: z.object({ level: z.enum(RATINGS), comment: z.string().optional(), at: Instant }).optional(),
    followUp: z
      .object({ status: z.enum(['open', 'closed']), dueAt: Instant, centerId: Id })
      .optional()
      .meta({ description: 'Opened by a dissatisfied rating, with its own 15-working-day limit' }),
    dueAt: Instant.nullable().meta({
      description: 'Time limit on the working-day calendar; null until known',
    }),
    overdue: z.boolean(),
    escalations: z.number().int().min(0),
    createdAt: Instant,
    updatedAt: Instant,
    version: Version,
    history: z.array(HistoryEntrySchema),
  })
  .meta({ id: 'ServiceOrder' });
export type ServiceOrder = z.infer<typeof ServiceOrderSchema>;

export interface Change {
  readonly action: Exclude<Action, 'submit'>;
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
export function applyChange(
  order: ServiceOrder,
  change: Change,
  patch: Partial<ServiceOrder> = {},
): ServiceOrder {
  const rule = TRANSITIONS[change.action];
  if (!rule.from.includes(order.status)) {
    throw new ConflictError(`cannot ${change.action} an order that is ${order.status}`, {
      status: order.status,
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
