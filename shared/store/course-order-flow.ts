import type { Principal } from '../domain/auth.ts';
import { checkRoomSlot, DEFAULT_BOOKING_RULES } from '../domain/booking-rules.ts';
import {
  assertTransitionAllowed,
  type CenterRef,
  placeCourseOrder,
  placementProblems,
  providerOfCopy,
  type RoomHold,
  type StoredCourseOrder,
  scheduleCourseOrder,
  sessionEnd,
} from '../domain/course-order.ts';
import {
  assertCanPlace,
  assertCanProvide,
  assertMayPlaceOrigin,
  checkCourseIfMatch,
} from '../domain/course-order-access.ts';
import type { CreateCourseOrder, ScheduleCourseOrder } from '../domain/course-order-requests.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { who } from '../domain/service-order-access.ts';
import { calendarLookupAround } from './calendars.ts';
import { getCenter, requireStoredCenter } from './centers.ts';
import { changeCourseOrder, createCourseOrder, getCourseOrder } from './course-orders.ts';
import { createOnce } from './create-guard.ts';
import { getCopy } from './menus.ts';
import { allClosuresOf } from './opening-context.ts';
import { getRoom } from './rooms.ts';

/**
 * The course-order flows: what is read to decide (the center, its copy of the menu, the provider,
 * the room and its rules), and the guarded writes that decide (course-orders.ts). Whether the
 * room is free is the database's decision, in the schedule's transaction.
 */

const iso = (t: number) => new Date(t).toISOString();

/**
 * Places an order once per Idempotency-Key: a replay answers the order made first. Everything is
 * checked before anything is stored.
 */
export async function placeOrder(
  principal: Principal,
  body: CreateCourseOrder,
  idempotencyKey: string | undefined,
  now: number,
): Promise<{ order: StoredCourseOrder; replay: boolean }> {
  assertMayPlaceOrigin(principal, body.origin);
  const [center, copy] = await Promise.all([getCenter(body.centerId), getCopy(body.centerId, body.menuId)]);
  if (!center) {
    throw new ValidationError(`centerId: center ${body.centerId} does not exist`, [
      { field: 'centerId', message: `center ${body.centerId} does not exist`, in: 'body' },
    ]);
  }
  const ref: CenterRef = { id: center.id, path: center.path, level: center.level, status: center.status };
  const problems = placementProblems({ ...body, center: ref, copy });
  if (problems.length > 0 || !copy) {
    throw new ValidationError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  const providerId = providerOfCopy(copy, ref) as string;
  const provider = providerId === center.id ? center : await getCenter(providerId);
  if (!provider) throw NotFoundError.of('center', providerId);
  assertCanPlace(principal, body.origin, center.path, provider.path);
  const fresh = placeCourseOrder({
    id: newId('co', now),
    origin: body.origin,
    center: ref,
    copy,
    menuId: body.menuId,
    provider: { id: provider.id, path: provider.path },
    placedBy: { sub: principal.sub, by: who(principal) },
    ...(body.note ? { note: body.note } : {}),
    at: iso(now),
  });
  const order = await createOnce(idempotencyKey, fresh, createCourseOrder, getCourseOrder);
  return { order, replay: order !== fresh };
}

/**
 * Schedules an order: the slot is checked against the room's booking rules, the receiving
 * center's hours, the working-day calendar and closures (400 with every reason), and the whole
 * room is taken for the session in the same transaction as the order (409 when a booking or
 * another course has any of its cells).
 */
export async function scheduleOrder(
  principal: Principal,
  id: string,
  body: ScheduleCourseOrder,
  ifMatch: string | undefined,
  now: number,
): Promise<StoredCourseOrder> {
  let plan: { room: { id: string; name: string }; hold: RoomHold } | undefined;
  return changeCourseOrder(id, 'schedule', async (order) => {
    assertCanProvide(principal, order);
    checkCourseIfMatch(ifMatch, order);
    assertTransitionAllowed(order, 'schedule');
    const end = body.end ?? sessionEnd(body.start, order.course.durationMinutes);
    if (body.roomId && !plan) plan = await roomPlan(order.centerId, body.roomId, body.start, end, now);
    return scheduleCourseOrder(
      order,
      {
        start: body.start,
        end,
        lecturer: body.lecturer ?? order.course.lecturer,
        ...(plan ?? {}),
      },
      who(principal),
      iso(now),
      body.note,
    );
  });
}

async function roomPlan(
  centerId: string,
  roomId: string,
  start: string,
  end: string,
  now: number,
): Promise<{ room: { id: string; name: string }; hold: RoomHold }> {
  const [center, room] = await Promise.all([requireStoredCenter(centerId), getRoom(centerId, roomId)]);
  if (!room) {
    throw ValidationError.field('roomId', `center ${centerId} has no room ${roomId}`);
  }
  if (!room.bookable) throw ValidationError.field('roomId', `room ${room.id} is not bookable`);
  const from = Date.parse(start);
  const to = Date.parse(end);
  const [calendar, closures] = await Promise.all([calendarLookupAround(from), allClosuresOf(center.id)]);
  // the center books its own course: a Party-members-only room is open to it, and the whole room is taken
  const checked = checkRoomSlot(
    {
      rules: room.bookingRules ?? DEFAULT_BOOKING_RULES,
      capacity: room.capacity,
      hours: center,
      calendar,
      closures,
      now,
    },
    { start: from, end: to, partySize: 1 },
    { partyMember: true },
  );
  return {
    room: { id: room.id, name: room.name },
    hold: {
      roomId: room.id,
      cells: checked.cells.map(iso),
      cellCapacity: checked.cellCapacity,
      take: checked.cellCapacity,
    },
  };
}
