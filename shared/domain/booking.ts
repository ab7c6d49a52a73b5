import { randomInt } from 'node:crypto';
import * as z from 'zod';
import { ACTIVITY_KINDS } from './activities.ts';
import type { Principal } from './auth.ts';
import { BookingRulesSchema } from './booking-rules.ts';
import { NearSchema } from './center.ts';
import { ConflictError, ForbiddenError, ValidationError } from './errors.ts';
import { MAX_NEAR_RADIUS_METERS } from './geo.ts';
import { ROOM_KINDS } from './rooms.ts';
import { Id, Instant, OptionalText, PageQuery, page, Text, Version } from './schema-kit.ts';
import { isInSubtree } from './tree.ts';

/**
 * A booking: a room slot or seats of an activity occurrence, and its lifecycle.
 *
 * ```
 *            ┌─approve─> confirmed ──check-in──> checked-in
 * pending ───┤              │  └───no-show───> no-show
 *            └─decline─> declined
 * waitlisted ──promote──> confirmed
 * pending, confirmed, waitlisted ──cancel──> cancelled
 * ```
 * A pending or confirmed booking holds its seats (or room cells); a waitlisted one holds none
 * but counts as active for its resident (limits, overlaps), so being promoted never breaks them.
 */

export const BOOKING_STATUSES = [
  'pending',
  'confirmed',
  'waitlisted',
  'cancelled',
  'declined',
  'checked-in',
  'no-show',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const BOOKING_ACTIONS = ['approve', 'decline', 'cancel', 'promote', 'check-in', 'no-show'] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

/** Which status each action leaves from and goes to. */
export const BOOKING_TRANSITIONS: Readonly<
  Record<BookingAction, { readonly from: readonly BookingStatus[]; readonly to: BookingStatus }>
> = {
  approve: { from: ['pending'], to: 'confirmed' },
  decline: { from: ['pending'], to: 'declined' },
  cancel: { from: ['pending', 'confirmed', 'waitlisted'], to: 'cancelled' },
  promote: { from: ['waitlisted'], to: 'confirmed' },
  'check-in': { from: ['confirmed'], to: 'checked-in' },
  'no-show': { from: ['confirmed'], to: 'no-show' },
};

/** Statuses that take seats (or room cells) from the counters. */
export const holdsSeats = (status: BookingStatus): boolean => status === 'pending' || status === 'confirmed';
/**
 * Statuses of a booking whose people are expected in the room or class over its time: the grid's
 * `bookedNow`. A checked-in booking is done with its limits but its people are still there.
 */
export const occupiesItsTime = (status: BookingStatus): boolean =>
  holdsSeats(status) || status === 'checked-in';
/** Statuses that count against the resident's limits and hold their time. */
export const isActive = (status: BookingStatus): boolean =>
  status === 'pending' || status === 'confirmed' || status === 'waitlisted';

const HistoryEntrySchema = z.object({
  at: Instant,
  action: z.enum(['book', ...BOOKING_ACTIONS]),
  by: z.string().meta({ description: '`resident <sub>`, `staff <sub>`, `admin <sub>` or `system`' }),
  from: z.enum(BOOKING_STATUSES).nullable(),
  to: z.enum(BOOKING_STATUSES),
  note: z.string().optional(),
});

export const BookingSchema = z
  .object({
    id: Id,
    kind: z.enum(['room', 'activity']),
    centerId: Id,
    roomId: Id.optional(),
    activityId: Id.optional(),
    occurrenceId: z.string().optional(),
    title: z.string().meta({ description: 'The room or activity name, as it was when booked' }),
    start: Instant,
    end: Instant,
    partySize: z.number().int().min(1),
    status: z.enum(BOOKING_STATUSES).meta({ id: 'BookingStatus' }),
    residentSub: z.string(),
    code: z
      .string()
      .meta({ description: 'Short check-in code shown to the resident (only to them and staff)' }),
    note: z.string().optional(),
    cancellation: z
      .object({ by: z.string(), reason: z.string().optional(), at: Instant })
      .optional()
      .meta({ description: 'Who cancelled or declined, and why (a closure names itself here)' }),
    history: z.array(HistoryEntrySchema),
    createdAt: Instant,
    updatedAt: Instant,
    version: Version,
  })
  .meta({ id: 'Booking' });
export type Booking = z.infer<typeof BookingSchema>;

/** What the store keeps beside the public booking: the counters it holds and its time cells. */
export interface BookingHolds {
  /** Room: the 15-minute cells of the room counter it takes `take` from. */
  readonly roomCells?: readonly string[];
  /** Activity: the seat-counter shard it took its seats from. */
  readonly shard?: number;
  /** What it takes from each counter. */
  readonly take: number;
  /** The resident's 15-minute time cells (no two active bookings overlap). */
  readonly residentCells: readonly string[];
  /** When the sweep marks it a no-show (if not checked in), UTC ISO. */
  readonly noShowAt: string;
  /** Center-local date of the start (the staff day view). */
  readonly localDate: string;
  /** Materialized path of the center: staff of it and above manage the booking. */
  readonly centerPath: string;
  /** When the reminder is due, UTC ISO; absent once sent. */
  readonly remindAt?: string;
  /** Cut-off for the resident's own cancellation, UTC ISO. */
  readonly cancelBy: string;
}

export type StoredBooking = Booking & { readonly holds: BookingHolds };

export function publicBooking(booking: StoredBooking): Booking {
  const { holds: _holds, ...rest } = booking as StoredBooking & Record<string, unknown>;
  return rest as Booking;
}

export const CreateBookingSchema = z
  .union([
    z.strictObject({
      centerId: Id,
      roomId: Id,
      start: Instant,
      end: Instant,
      partySize: z.number().int().min(1).max(10_000).default(1),
      note: OptionalText(500),
    }),
    z.strictObject({
      occurrenceId: z.string().min(3).max(100),
      partySize: z.number().int().min(1).max(20).default(1),
      waitlist: z.boolean().default(false).meta({ description: 'Wait for a seat when it is full' }),
      note: OptionalText(500),
    }),
  ])
  .meta({
    id: 'CreateBooking',
    description: 'A room slot (centerId, roomId, start, end) or seats of an activity occurrence',
  });
export type CreateBooking = z.infer<typeof CreateBookingSchema>;

export const CancelBookingSchema = z
  .strictObject({ reason: OptionalText(300) })
  .meta({ id: 'CancelBooking', description: 'Staff must give a reason; a resident may' });
export const DeclineBookingSchema = z.strictObject({ reason: Text(300) }).meta({ id: 'DeclineBooking' });
export const CheckInSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]{6}$/, 'must be the 6-character code'),
  })
  .meta({ id: 'CheckIn' });

export const BookingParams = z.strictObject({ id: Id });

/** Without 0/O, 1/I/L: a code read aloud or typed at the desk is not mistaken. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newCheckInCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Applies a lifecycle action, or 409 with the status it was in. */
export function applyBookingAction(
  booking: StoredBooking,
  action: BookingAction,
  change: { readonly at: number; readonly by: string; readonly note?: string },
): StoredBooking {
  const rule = BOOKING_TRANSITIONS[action];
  if (!rule.from.includes(booking.status)) {
    throw new ConflictError(`cannot ${action} a booking that is ${booking.status}`, {
      bookingStatus: booking.status,
      allowedFrom: rule.from,
    });
  }
  const at = new Date(change.at).toISOString();
  const ends = action === 'cancel' || action === 'decline';
  return {
    ...booking,
    status: rule.to,
    updatedAt: at,
    version: booking.version + 1,
    ...(ends ? { cancellation: { by: change.by, at, ...(change.note ? { reason: change.note } : {}) } } : {}),
    history: [
      ...booking.history,
      {
        at,
        action,
        by: change.by,
        from: booking.status,
        to: rule.to,
        ...(change.note ? { note: change.note } : {}),
      },
    ],
  };
}

/**
 * A resident cancels their own booking until the cut-off (a waitlisted place any time); staff of
 * its center any time, with a reason.
 */
export function assertMayCancel(
  booking: StoredBooking,
  actor: { readonly kind: 'owner' } | { readonly kind: 'staff'; readonly reason?: string },
  now: number,
): void {
  if (actor.kind === 'staff') {
    if (!actor.reason) throw ValidationError.field('reason', 'is required when staff cancel a booking');
    return;
  }
  if (booking.status !== 'waitlisted' && now > Date.parse(booking.holds.cancelBy)) {
    throw new ForbiddenError(
      `a booking can be cancelled online until ${booking.holds.cancelBy}; ask the center`,
      {
        cancelBy: booking.holds.cancelBy,
      },
    );
  }
}

/** Staff check in from 30 minutes before the start until the end, with the resident's code. */
export const CHECK_IN_OPENS_MINUTES = 30;

export function assertCheckIn(booking: StoredBooking, code: string, now: number): void {
  if (code !== booking.code) throw new ConflictError('the code does not match this booking');
  const opens = Date.parse(booking.start) - CHECK_IN_OPENS_MINUTES * 60_000;
  if (now < opens) throw new ConflictError(`check-in opens at ${new Date(opens).toISOString()}`);
  if (now >= Date.parse(booking.end)) throw new ConflictError('the booking has ended');
}

/** Per-resident limits, enforced by conditions on the resident's counter item. */
export const RESIDENT_LIMITS = {
  /** Pending, confirmed and waitlisted bookings at once. */
  maxActive: 5,
  /** No-shows that suspend booking... */
  noShowsToSuspend: 3,
  /** ...for this long. */
  suspensionDays: 30,
} as const;

/** Minutes after the start a confirmed booking nobody checked in becomes a no-show. */
export const NO_SHOW_AFTER_MINUTES = 15;
/** How long before the start the reminder goes out. */
export const REMIND_BEFORE_MINUTES = 120;

/** Staff of the center at `centerPath` (or above) and admins. */
export function isStaffAt(principal: Principal, centerPath: string): boolean {
  if (principal.kind !== 'user') return false;
  if (principal.role === 'admin') return true;
  return principal.role === 'staff' && !!principal.centerId && isInSubtree(centerPath, principal.centerId);
}

/** Staff of the booking's center (or above) and admins. */
export const isStaffOf = (principal: Principal, booking: StoredBooking): boolean =>
  isStaffAt(principal, booking.holds.centerPath);

/** The resident who booked, staff of its center or above, admins; everyone else 403. */
export function assertCanReadBooking(principal: Principal, booking: StoredBooking): void {
  if (principal.kind === 'user' && principal.sub === booking.residentSub) return;
  if (isStaffOf(principal, booking)) return;
  throw new ForbiddenError('this is not your booking');
}

export const AvailabilityQuery = z.strictObject({
  date: z.iso.date().meta({ description: 'The center-local date, YYYY-MM-DD', example: '2026-03-04' }),
});

export const CenterBookingsQuery = PageQuery.extend({
  date: z.iso.date().meta({ description: 'The center-local date of the bookings, YYYY-MM-DD' }),
});

export const MyBookingsQuery = PageQuery;

const FreeSlotSchema = z.object({
  start: Instant,
  end: Instant,
  remaining: z.number().int().meta({ description: 'Seats left (seats mode) or 1 / 0 (whole room)' }),
  bookable: z.boolean().meta({ description: 'A booking of the minimum duration may start here now' }),
});

export const AvailabilitySchema = z
  .object({
    centerId: Id,
    roomId: Id,
    date: z.string(),
    timeZone: z.string(),
    capacity: z.number().int(),
    rules: BookingRulesSchema,
    dayKind: z.enum(['working-day', 'rest-day', 'holiday', 'adjusted-working-day']).optional(),
    dayName: z.string().optional(),
    closedReason: z.string().optional().meta({ description: 'Why the day has no slots' }),
    slots: z.array(FreeSlotSchema),
  })
  .meta({ id: 'RoomAvailability' });

export const BookingsPage = page(BookingSchema, 'BookingsPage');

/** The secret token of a private bookings feed URL. */
export const FeedParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });

export const BookingsFeedSchema = z
  .object({
    url: z.string().meta({
      description: 'The private feed URL (path); keep it secret, anyone with it sees your bookings',
    }),
  })
  .meta({ id: 'BookingsFeed' });

/** `GET /availability`: rooms of a kind free at a time near a point, or activities with seats. */
export const AvailabilitySearchQuery = z
  .strictObject({
    near: NearSchema,
    radius: z.coerce
      .number()
      .int()
      .min(50)
      .max(MAX_NEAR_RADIUS_METERS)
      .default(1000)
      .meta({
        description: `Metres around near (50-${MAX_NEAR_RADIUS_METERS}, default 1000)`,
      }),
    kind: z
      .enum([...ROOM_KINDS, ...ACTIVITY_KINDS])
      .optional()
      .meta({
        description:
          'A room kind (free rooms of it) or an activity kind (activities of it); both when absent',
      }),
    from: Instant,
    to: Instant,
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 7 * 86_400_000, {
    message: 'a search spans at most 7 days',
    path: ['to'],
  });

export const AvailabilityResultSchema = z
  .object({
    items: z.array(
      z.object({
        centerId: Id,
        centerName: z.string(),
        distanceMeters: z.number().int(),
        rooms: z.array(
          z.object({
            roomId: Id,
            name: z.string(),
            kind: z.string(),
            capacity: z.number().int(),
            remaining: z.number().int().meta({ description: 'Places left over the whole span' }),
          }),
        ),
        activities: z.array(
          z.object({
            occurrenceId: z.string(),
            activityId: Id,
            title: z.string(),
            kind: z.string(),
            start: Instant,
            end: Instant,
            seatsLeft: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'AvailabilitySearch' });
