import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { AvailabilityQuery } from '../../shared/domain/booking.ts';
import { DEFAULT_BOOKING_RULES, dayAvailability } from '../../shared/domain/booking-rules.ts';
import { addDays } from '../../shared/domain/calendar.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { RoomParams } from '../../shared/domain/params.ts';
import { instantOf } from '../../shared/domain/zoned-time.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { roomCellsBetween } from '../../shared/store/bookings.ts';
import { calendarLookupAround } from '../../shared/store/calendars.ts';
import { requireStoredCenter } from '../../shared/store/centers.ts';
import { allClosuresOf } from '../../shared/store/opening-context.ts';
import { getRoom } from '../../shared/store/rooms.ts';

const options = { params: RoomParams, query: AvailabilityQuery } as const;

/** The slots of a room on a local day: the center's hours, the calendar, closures and bookings. */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  const [center, room] = await Promise.all([
    requireStoredCenter(params.id),
    getRoom(params.id, params.roomId),
  ]);
  if (!room?.bookable) throw NotFoundError.of('bookable room', `${params.id}/${params.roomId}`);
  const from = instantOf(query.date, 0, center.timeZone);
  const to = instantOf(addDays(query.date, 1), 0, center.timeZone);
  const [calendar, closures, cells] = await Promise.all([
    calendarLookupAround(from),
    allClosuresOf(center.id),
    roomCellsBetween(center.id, room.id, from, to),
  ]);
  const rules = room.bookingRules ?? DEFAULT_BOOKING_RULES;
  const day = dayAvailability(
    { rules, capacity: room.capacity, hours: center, calendar, closures, now: Date.now() },
    query.date,
    cells,
  );
  return ok({
    centerId: center.id,
    roomId: room.id,
    timeZone: center.timeZone,
    capacity: room.capacity,
    rules,
    ...day,
  });
};

export const handler = httpHandler(options, run);
