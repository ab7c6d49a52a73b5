import { ACTIVITY_KINDS } from '../../shared/domain/activities.ts';
import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { AvailabilitySearchQuery } from '../../shared/domain/booking.ts';
import { cellsOf, DEFAULT_BOOKING_RULES } from '../../shared/domain/booking-rules.ts';
import { cellsAround, distanceMeters } from '../../shared/domain/geo.ts';
import { openingOn } from '../../shared/domain/opening-status.ts';
import { ROOM_KINDS } from '../../shared/domain/rooms.ts';
import { wallClock } from '../../shared/domain/zoned-time.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listActivities, listOccurrences } from '../../shared/store/activities.ts';
import { roomCellsBetween, seatsLeft } from '../../shared/store/bookings.ts';
import { calendarLookupAround } from '../../shared/store/calendars.ts';
import { listInCells } from '../../shared/store/centers.ts';
import { allClosuresOf } from '../../shared/store/opening-context.ts';
import { listRooms } from '../../shared/store/rooms.ts';

const options = { query: AvailabilitySearchQuery } as const;

/** The nearest centers looked at: the answer stays a few dozen queries. */
const MAX_CENTERS = 10;

const isRoomKind = (kind: string) => (ROOM_KINDS as readonly string[]).includes(kind);
const isActivityKind = (kind: string) => (ACTIVITY_KINDS as readonly string[]).includes(kind);

/**
 * Centers near a point with a bookable room free over [from, to) (within one local day's opening
 * hours, no closure, a place left in every 15-minute cell), or activities of a kind with seats
 * left in that span; nearest first.
 */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertCanReadRegistry(principal);
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  const wantRooms = query.kind === undefined || isRoomKind(query.kind);
  const wantActivities = query.kind === undefined || isActivityKind(query.kind);
  const nearby = (await listInCells(cellsAround(query.near)))
    .filter((c) => c.status === 'active')
    .map((center) => ({ center, distance: Math.round(distanceMeters(query.near, center.location)) }))
    .filter((c) => c.distance <= query.radius)
    .sort((a, b) => a.distance - b.distance || a.center.id.localeCompare(b.center.id))
    .slice(0, MAX_CENTERS);
  const calendar = await calendarLookupAround(from);

  const items = await Promise.all(
    nearby.map(async ({ center, distance }) => {
      const rooms = [];
      if (wantRooms) {
        const date = wallClock(from, center.timeZone).date;
        const opening = openingOn(center, date, calendar);
        const closures = await allClosuresOf(center.id);
        const fits =
          opening.known &&
          wallClock(to - 1, center.timeZone).date === date &&
          opening.intervals.some(([a, b]) => a <= from && to <= b) &&
          !closures.some((c) => Date.parse(c.from) < to && from < Date.parse(c.to));
        if (fits) {
          const candidates = (await listRooms(center.id, 100)).items.filter(
            (r) => r.bookable && (query.kind === undefined || r.kind === query.kind),
          );
          for (const room of candidates) {
            const rules = room.bookingRules ?? DEFAULT_BOOKING_RULES;
            const full = rules.mode === 'whole-room' ? 1 : room.capacity;
            const cells = await roomCellsBetween(center.id, room.id, from, to);
            const remaining = Math.min(full, ...cellsOf(from, to).map((c) => cells.get(c) ?? full));
            if (remaining > 0) {
              const places = rules.mode === 'whole-room' ? room.capacity : remaining;
              rooms.push({
                roomId: room.id,
                name: room.name,
                kind: room.kind,
                capacity: room.capacity,
                remaining: places,
              });
            }
          }
        }
      }
      const activities = [];
      if (wantActivities) {
        const listed = (await listActivities(center.id, 100)).items.filter(
          (a) => query.kind === undefined || a.kind === query.kind,
        );
        for (const activity of listed) {
          const occurrences = (await listOccurrences(activity.id, 100)).items.filter(
            (o) => o.status === 'scheduled' && Date.parse(o.start) < to && from < Date.parse(o.end),
          );
          for (const o of occurrences) {
            const left = (await seatsLeft(o.id)).reduce((a, b) => a + b, 0);
            if (left > 0) {
              activities.push({
                occurrenceId: o.id,
                activityId: activity.id,
                title: o.title,
                kind: activity.kind,
                start: o.start,
                end: o.end,
                seatsLeft: left,
              });
            }
          }
        }
      }
      return { centerId: center.id, centerName: center.name, distanceMeters: distance, rooms, activities };
    }),
  );
  return ok({ items: items.filter((i) => i.rooms.length > 0 || i.activities.length > 0) });
};

export const handler = httpHandler(options, run);
