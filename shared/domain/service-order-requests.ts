import * as z from 'zod';
import { Id, Instant, PageQuery, Text, Version } from './schema-kit.ts';
import {
  HandlingLevelSchema as LevelSchema,
  ResidentLocationSchema as LocationSchema,
} from './service-levels.ts';
import { ORDER_STATUSES, RATINGS, type ServiceOrder } from './service-order.ts';
import { SERVICE_CATEGORIES, ServiceCode, ServiceDefinitionSchema } from './services.ts';
import { OnBehalfOfSchema } from './walk-in.ts';

/**
 * What callers send to the service-catalog and service-order routes, and the queue message that
 * carries an order to the consumer of its handling level. The same schemas feed the OpenAPI document.
 */

// ---- the catalog ----

export const ServiceParams = z.strictObject({ code: ServiceCode });

/** PUT /services/{code}: the whole definition (the code is the path's). */
export const PutServiceSchema = ServiceDefinitionSchema.omit({ code: true }).meta({
  id: 'PutService',
  description: 'A whole service definition; the code is taken from the path',
});
export type PutService = z.infer<typeof PutServiceSchema>;

export const ServiceSchema = ServiceDefinitionSchema.extend({
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
}).meta({ id: 'Service', description: 'A service of the catalog, as stored (ETag is its version)' });
export type Service = z.infer<typeof ServiceSchema>;

const booleanFlag = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();

export const ListServicesQuery = PageQuery.extend({
  category: z.enum(SERVICE_CATEGORIES).optional(),
  handlingLevel: LevelSchema.optional(),
  includeInactive: booleanFlag.meta({ description: 'Also list services no longer offered' }),
});

// ---- orders ----

export const ServiceOrderParams = z.strictObject({ id: Id });

export const CreateServiceOrderSchema = z
  .strictObject({
    serviceCode: ServiceCode,
    centerId: Id.meta({ description: 'The center where the resident places the order (any center)' }),
    attributes: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({ description: 'Values of the service attributes, by attribute code' }),
    description: Text(2000, { multiline: true }).optional(),
    location: LocationSchema.optional().meta({
      description:
        'Where the resident is; required when the order is placed above the level that handles the service',
    }),
    onBehalfOf: OnBehalfOfSchema.optional(),
  })
  .meta({ id: 'CreateServiceOrder' });
export type CreateServiceOrder = z.infer<typeof CreateServiceOrderSchema>;

export const AcceptOrderSchema = z
  .strictObject({
    volunteer: z
      .strictObject({
        name: Text(100),
        partyMember: z.boolean().default(true),
      })
      .optional()
      .meta({ description: 'The Party-member volunteer who takes the order, recorded by the staff member' }),
    note: Text(1000, { multiline: true }).optional(),
  })
  .meta({ id: 'AcceptServiceOrder' });

export const CompleteOrderSchema = z
  .strictObject({
    result: Text(2000, { multiline: true }),
    peopleServed: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .meta({ description: 'People the service reached (a family, a group); 1 when not given' }),
  })
  .meta({ id: 'CompleteServiceOrder' });

export const RejectOrderSchema = z
  .strictObject({
    reason: Text(1000, { multiline: true }),
    goTo: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .meta({ description: 'Where the resident should go instead' }),
  })
  .meta({ id: 'RejectServiceOrder' });

export const TransferOrderSchema = z
  .strictObject({ centerId: Id, reason: Text(1000, { multiline: true }) })
  .meta({ id: 'TransferServiceOrder' });

export const CancelOrderSchema = z
  .strictObject({ reason: Text(1000, { multiline: true }).optional() })
  .meta({ id: 'CancelServiceOrder' });

export const RateOrderSchema = z
  .strictObject({
    level: z.enum(RATINGS).meta({ description: 'Five levels, very satisfied to very dissatisfied' }),
    comment: Text(1000, { multiline: true }).optional(),
  })
  .meta({ id: 'RateServiceOrder' });

export const CloseFollowUpSchema = z
  .strictObject({ note: Text(2000, { multiline: true }) })
  .meta({ id: 'CloseServiceOrderFollowUp' });

export const MyOrdersQuery = PageQuery.extend({ status: z.enum(ORDER_STATUSES).optional() });

export const CenterOrdersQuery = PageQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  overdue: booleanFlag.meta({ description: 'true: only open orders that missed a deadline' }),
  followUp: z
    .literal('open')
    .optional()
    .meta({ description: 'open: only rated orders with an open follow-up' }),
});
export type CenterOrdersQuery = z.infer<typeof CenterOrdersQuery>;

/** The queue message: only the order's id; the consumer reads the order itself. */
export const OrderMessage = z.object({ orderId: Id });
export type OrderMessage = z.infer<typeof OrderMessage>;

// ---- stored shape ----

/**
 * An order as stored: the public order plus what the indexes and rules need. `atPath` is the path
 * of the center the order is at (assigned, else the intake center); `escalateAt` is when the sweep
 * escalates it next (absent once nothing is above).
 */
export type StoredOrder = ServiceOrder & {
  readonly atPath: string;
  readonly intakePath: string;
  readonly intakeLevel: z.infer<typeof LevelSchema>;
  readonly timeZone: string;
  readonly escalateAt?: string;
  /** Sends to the level queue so far while unassigned (the reconciler counts them). */
  readonly routingSends?: number;
};

const INTERNAL = ['atPath', 'intakePath', 'intakeLevel', 'timeZone', 'escalateAt', 'routingSends'] as const;

/** What callers see of a stored order. */
export function publicOrder(order: StoredOrder, now: number = Date.now()): ServiceOrder {
  const copy: Record<string, unknown> = { ...order };
  for (const field of INTERNAL) delete copy[field];
  if (order.followUp) {
    // derived, not stored: an open follow-up past its limit is overdue from that moment on
    const due = order.followUp.dueAt ? Date.parse(order.followUp.dueAt) : Number.POSITIVE_INFINITY;
    copy.followUp = { ...order.followUp, overdue: order.followUp.status === 'open' && due < now };
  }
  return copy as ServiceOrder;
}
