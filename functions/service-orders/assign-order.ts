import type { Center } from '../../shared/domain/center.ts';
import { type Level, levelIndex } from '../../shared/domain/levels.ts';
import { route } from '../../shared/domain/routing.ts';
import { applyChange, deadline, utcOf } from '../../shared/domain/service-order.ts';
import { OrderMessage, type StoredOrder } from '../../shared/domain/service-order-requests.ts';
import { lineage } from '../../shared/domain/tree.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { sqsHandler } from '../../shared/runtime/sqs.ts';
import { listByLevel } from '../../shared/store/centers.ts';
import { orderCalendar } from '../../shared/store/order-calendar.ts';
import { getOrder, replaceOrder } from '../../shared/store/service-orders.ts';

/**
 * The consumer of a level queue (one entry per level, all sharing this module): chooses the
 * center that handles the order and assigns it. Idempotent on the order: an order that is no
 * longer `submitted` (already assigned by an earlier delivery, or cancelled) is left alone, and
 * the assignment is a write conditioned on the order still being the submitted version read.
 */

/** Centers of a level under a path change rarely: a container keeps them for a short while. */
const CANDIDATES_TTL_MS = 30_000;
const candidateCache = new Map<string, { at: number; centers: Promise<Center[]> }>();

async function loadCandidates(level: Level, underPath: string): Promise<Center[]> {
  const centers: Center[] = [];
  let cursor: string | undefined;
  do {
    const page = await listByLevel(level, 100, cursor, underPath);
    centers.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return centers;
}

function candidates(level: Level, underPath: string): Promise<Center[]> {
  const key = `${level}|${underPath}`;
  const cached = candidateCache.get(key);
  if (cached && Date.now() - cached.at < CANDIDATES_TTL_MS) return cached.centers;
  const centers = loadCandidates(level, underPath);
  candidateCache.set(key, { at: Date.now(), centers });
  centers.catch(() => candidateCache.delete(key));
  return centers;
}

/** Path of the center `id` on `path` (an ancestor of, or the center at the end of, `path`). */
function pathOf(path: string, id: string): string {
  const ids = lineage(path);
  return `/${ids.slice(0, ids.indexOf(id) + 1).join('/')}/`;
}

/** Where the order goes: its center, that center's path, and how it was chosen. */
async function resolve(order: StoredOrder) {
  const ids = lineage(order.intakePath);
  const intake = {
    id: order.intakeCenterId,
    path: order.intakePath,
    level: order.intakeLevel,
    depth: ids.length - 1,
  };
  const needsCandidates = !!order.location && levelIndex(order.intakeLevel) < levelIndex(order.handlingLevel);
  const pool = needsCandidates ? await candidates(order.handlingLevel, order.intakePath) : [];
  const routing = route(intake, order.handlingLevel, order.location, pool);
  switch (routing.kind) {
    case 'ancestor':
      return { centerId: routing.centerId, path: pathOf(order.intakePath, routing.centerId), routing };
    case 'covering': {
      const center = pool.find((c) => c.id === routing.centerId)!;
      return { centerId: center.id, path: center.path, routing };
    }
    case 'unroutable':
      return { centerId: order.intakeCenterId, path: order.intakePath, routing };
  }
}

export async function run({ orderId }: OrderMessage, queueLevel?: Level): Promise<void> {
  const order = await getOrder(orderId);
  if (!order) {
    logger.warn('message for an unknown service order; dropped', { orderId });
    return;
  }
  if (queueLevel && queueLevel !== order.handlingLevel) {
    logger.warn('order arrived on the queue of another level; assigning it all the same', {
      orderId,
      queueLevel,
      handlingLevel: order.handlingLevel,
    });
  }
  if (order.status !== 'submitted') return;

  const target = await resolve(order);
  const now = Date.now();
  const at = new Date(now).toISOString();
  let { dueAt } = order;
  if (dueAt === null) {
    // the calendar year may have been loaded since the order was placed
    dueAt = deadline(
      Date.parse(order.createdAt),
      order.timeLimit,
      order.timeZone,
      await orderCalendar(now),
    ).dueAt;
  }
  const note =
    target.routing.kind === 'ancestor'
      ? `routed to the ${order.handlingLevel} center above the intake center`
      : target.routing.kind === 'covering'
        ? `routed to the ${order.handlingLevel} center covering the location (${target.routing.distanceMeters} m)`
        : `not routable (${target.routing.reason}); kept at the intake center for staff to transfer`;
  const next: StoredOrder = applyChange(
    order,
    { action: 'assign', by: 'system', at, centerId: target.centerId, note },
    {
      assignedAt: at,
      dueAt,
      routing:
        target.routing.kind === 'covering'
          ? { kind: 'covering', distanceMeters: target.routing.distanceMeters }
          : target.routing.kind === 'unroutable'
            ? { kind: 'unroutable', reason: target.routing.reason }
            : { kind: 'ancestor' },
      atPath: target.path,
      ...(dueAt ? { escalateAt: utcOf(dueAt) } : {}),
    },
  );
  if (await replaceOrder(order, next)) return;
  // another change got there first: if the order is still waiting, fail so SQS delivers again
  const fresh = await getOrder(orderId);
  if (fresh?.status === 'submitted') throw new Error(`order ${orderId} changed while being assigned; retry`);
}

/** The wrapped consumer of the queue of `level`. */
export function assignOrderHandler(level: Level) {
  return sqsHandler(OrderMessage, (message) => run(message, level));
}
