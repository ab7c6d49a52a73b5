import type { CalendarLookup } from '../../shared/domain/calendar.ts';
import {
  annotate,
  applyChange,
  deadline,
  escalateFollowUp,
  escalationLimit,
  recountProvisionalDeadline,
  utcOf,
} from '../../shared/domain/service-order.ts';
import type { StoredOrder } from '../../shared/domain/service-order-requests.ts';
import { lineage } from '../../shared/domain/tree.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { scheduleHandler } from '../../shared/runtime/schedule.ts';
import { calendarLookupAround } from '../../shared/store/calendars.ts';
import {
  listOpenFollowUps,
  listOverdueToEscalate,
  listPastDue,
  listProvisionalDue,
  listUnknownDue,
  replaceOrder,
} from '../../shared/store/service-orders.ts';

/**
 * The time-limit sweep. Every open order whose deadline has passed is marked overdue and
 * escalated one level up: assigned to the parent of the center it is at (untaken again), with a
 * new deadline there (the service's limit, at most 3 working days). At the top of the network
 * it is only marked. Orders whose deadline was unknown (calendar missing) get it once the year
 * is loaded. Each change is conditional on the version read, so two overlapping runs change an
 * order once; an order escalated in one tick has a future deadline and is not seen by the next.
 */

function parentOf(path: string): { id: string; path: string } | undefined {
  const ids = lineage(path);
  if (ids.length < 2) return undefined;
  const parentIds = ids.slice(0, -1);
  return { id: parentIds.at(-1)!, path: `/${parentIds.join('/')}/` };
}

export function escalate(order: StoredOrder, now: number, lookup: CalendarLookup): StoredOrder {
  const at = new Date(now).toISOString();
  const parent = parentOf(order.atPath);
  const missed = `deadline ${order.dueAt} passed`;
  if (!parent) {
    return annotate(
      order,
      {
        action: 'mark-overdue',
        by: 'system',
        at,
        note: `${missed}; no level above ${order.assignedCenterId}`,
      },
      { overdue: true, escalateAt: undefined },
    );
  }
  const next = deadline(now, escalationLimit(order.timeLimit), order.timeZone, lookup);
  return applyChange(
    order,
    {
      action: 'escalate',
      by: 'system',
      at,
      centerId: parent.id,
      note: `${missed}; escalated from ${order.assignedCenterId} to ${parent.id}${next.dueAt ? `, due ${next.dueAt}` : ''}`,
    },
    {
      overdue: true,
      escalations: order.escalations + 1,
      dueAt: next.dueAt,
      atPath: parent.path,
      escalateAt: next.dueAt ? utcOf(next.dueAt) : undefined,
      acceptedBy: undefined,
      acceptedAt: undefined,
      volunteer: undefined,
    },
  );
}

function withDeadline(order: StoredOrder, lookup: CalendarLookup): StoredOrder | undefined {
  const due = deadline(Date.parse(order.createdAt), order.timeLimit, order.timeZone, lookup);
  if (!due.dueAt) return undefined;
  return { ...order, dueAt: due.dueAt, escalateAt: utcOf(due.dueAt), version: order.version + 1 };
}

export async function run(
  now: Date,
): Promise<{ escalated: number; followUpsEscalated: number; deadlinesSet: number; skipped: number }> {
  const at = now.toISOString();
  const lookup = await calendarLookupAround(now.getTime());
  // provisional deadlines can only be recounted on a year an admin has since loaded: read them
  // only then, and only those due in that year or later (a day early for the zones east of UTC)
  const year = now.getUTCFullYear();
  const loaded = [year, year + 1].find((y) => lookup(y)?.source === 'admin');
  const recountFrom = loaded === undefined ? undefined : `${loaded - 1}-12-31T00:00:00.000Z`;
  const [pastDue, overdue, unknown, followUps, provisional] = await Promise.all([
    listPastDue(at),
    listOverdueToEscalate(at),
    listUnknownDue(),
    listOpenFollowUps(),
    recountFrom === undefined ? Promise.resolve([]) : listProvisionalDue(recountFrom),
  ]);
  let escalated = 0;
  let followUpsEscalated = 0;
  let deadlinesSet = 0;
  let skipped = 0;
  for (const order of [...pastDue, ...overdue]) {
    // the index may lag: only orders still open and past their deadline are escalated
    if (!order.escalateAt || order.escalateAt >= at || !['assigned', 'accepted'].includes(order.status))
      continue;
    if (await replaceOrder(order, escalate(order, now.getTime(), lookup))) escalated++;
    else skipped++;
  }
  for (const order of unknown) {
    const next = withDeadline(order, lookup);
    if (!next) continue;
    if (await replaceOrder(order, next)) deadlinesSet++;
    else skipped++;
  }
  // deadlines counted on a provisional year, once its official calendar is loaded
  for (const order of provisional) {
    const next = recountProvisionalDeadline(order, lookup);
    if (!next) continue;
    if (await replaceOrder(order, next)) deadlinesSet++;
    else skipped++;
  }
  for (const order of followUps) {
    const next = escalateFollowUp(order, now.getTime(), lookup);
    if (!next) continue;
    if (await replaceOrder(order, next)) followUpsEscalated++;
    else skipped++;
  }
  if (escalated > 0 || followUpsEscalated > 0) {
    logger.info('overdue service orders escalated', { escalated, followUpsEscalated });
  }
  return { escalated, followUpsEscalated, deadlinesSet, skipped };
}

export const handler = scheduleHandler(run);
