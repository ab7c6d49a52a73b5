import * as z from 'zod';
import type { CalendarLookup } from './calendar.ts';
import { type FieldProblem, ForbiddenError, ValidationError } from './errors.ts';
import { type ClosureSpan, type Hours, openingOn } from './opening-status.ts';
import { isoInZone, wallClock } from './zoned-time.ts';

/**
 * How a room is booked, and the check of a requested slot against those rules, the center's
 * compiled hours, the China working-day calendar and temporary closures, in the center's zone.
 *
 * Capacity is counted in 15-minute cells (every step, duration and buffer is a multiple of
 * 15 minutes, and slots start on their step counted from local midnight), so bookings of rooms
 * with different steps, and a resident's bookings anywhere, line up on one grid.
 */

export const CELL_MINUTES = 15;
const CELL_MS = CELL_MINUTES * 60_000;
const MINUTE_MS = 60_000;

/** The longest room booking the rules allow. */
export const MAX_BOOKING_MINUTES = 12 * 60;

const quarterHours = (max: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(max)
    .refine((m) => m % CELL_MINUTES === 0, 'must be a multiple of 15 minutes');

export const BookingRulesSchema = z
  .strictObject({
    mode: z.enum(['whole-room', 'seats']).default('whole-room').meta({
      description:
        'whole-room: one booking at a time (party up to the capacity); seats: bookings share the room until its capacity is taken',
    }),
    minMinutes: quarterHours(MAX_BOOKING_MINUTES).default(30),
    maxMinutes: quarterHours(MAX_BOOKING_MINUTES).default(120),
    stepMinutes: z
      .union([z.literal(15), z.literal(30), z.literal(60)])
      .default(30)
      .meta({ description: 'Slots start on this step from local midnight; durations are multiples of it' }),
    bufferMinutes: quarterHours(120).default(0).meta({
      description: 'Kept free after each whole-room booking (cleaning, setting up)',
    }),
    noticeToBookMinutes: z.number().int().min(0).max(20_160).default(60),
    noticeToCancelMinutes: z.number().int().min(0).max(20_160).default(120),
    maxDaysAhead: z.number().int().min(1).max(180).default(30),
    approval: z.boolean().default(false).meta({ description: 'Bookings wait for staff approval (pending)' }),
    who: z.enum(['anyone', 'party-members']).default('anyone'),
    onHolidays: z.boolean().default(false).meta({
      description: 'Bookable on public holidays when the center opens then (off by default)',
    }),
  })
  .refine((r) => r.minMinutes > 0, { message: 'must be at least 15', path: ['minMinutes'] })
  .refine((r) => r.minMinutes <= r.maxMinutes, {
    message: 'must not exceed maxMinutes',
    path: ['minMinutes'],
  })
  .refine((r) => r.minMinutes % r.stepMinutes === 0 && r.maxMinutes % r.stepMinutes === 0, {
    message: 'minMinutes and maxMinutes must be multiples of stepMinutes',
    path: ['stepMinutes'],
  })
  .meta({ id: 'BookingRules' });
export type BookingRules = z.output<typeof BookingRulesSchema>;

export const DEFAULT_BOOKING_RULES: BookingRules = BookingRulesSchema.parse({});

/** Who is asking: eligibility for Party-member-only rooms and activities. */
export interface Booker {
  readonly partyMember: boolean;
}

export interface SlotRequest {
  readonly start: number;
  readonly end: number;
  readonly partySize: number;
}

export interface RoomContext {
  readonly rules: BookingRules;
  readonly capacity: number;
  readonly hours: Hours;
  readonly calendar: CalendarLookup;
  readonly closures: readonly ClosureSpan[];
  readonly now: number;
}

export interface CheckedSlot {
  readonly localDate: string;
  /** Starts of the 15-minute cells of the room the booking takes (buffer included). */
  readonly cells: readonly number[];
  /** What each cell's counter starts from, and how much the booking takes from it. */
  readonly cellCapacity: number;
  readonly take: number;
}

/** Starts of the 15-minute cells that [start, end) touches. */
export function cellsOf(start: number, end: number): number[] {
  const cells: number[] = [];
  for (let t = Math.floor(start / CELL_MS) * CELL_MS; t < end; t += CELL_MS) cells.push(t);
  return cells;
}

const hhmm = (instant: number, tz: string) => isoInZone(instant, tz).slice(11, 16);

function describeHours(intervals: readonly (readonly [number, number])[], tz: string): string {
  return intervals.length === 0
    ? 'closed all day'
    : intervals.map(([a, b]) => `${hhmm(a, tz)}-${hhmm(b, tz)}`).join(', ');
}

/**
 * Every reason the slot cannot be booked, each on its field; an empty list when it can.
 * Pure: the same inputs give the same answer whatever the host zone.
 */
export function slotProblems(context: RoomContext, slot: SlotRequest): FieldProblem[] {
  const { rules, hours, now } = context;
  const tz = hours.timeZone;
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message, in: 'body' });
  const minutes = (slot.end - slot.start) / MINUTE_MS;
  const from = wallClock(slot.start, tz);
  const to = wallClock(slot.end - 1, tz);

  if (slot.start <= now) add('start', 'is in the past');
  else if (slot.start < now + rules.noticeToBookMinutes * MINUTE_MS)
    add('start', `must be at least ${rules.noticeToBookMinutes} minutes from now`);
  if (slot.start > now + rules.maxDaysAhead * 86_400_000)
    add('start', `is more than ${rules.maxDaysAhead} days ahead`);
  if (from.minutes % rules.stepMinutes !== 0)
    add('start', `must be on a ${rules.stepMinutes}-minute step (local time)`);
  if (slot.end <= slot.start) add('end', 'must be after start');
  else {
    if (minutes < rules.minMinutes) add('end', `the booking must last at least ${rules.minMinutes} minutes`);
    if (minutes > rules.maxMinutes) add('end', `the booking may last at most ${rules.maxMinutes} minutes`);
    if (minutes % rules.stepMinutes !== 0)
      add('end', `the duration must be a multiple of ${rules.stepMinutes} minutes`);
    if (to.date !== from.date) add('end', 'must be on the same local day as start');
  }
  if (slot.partySize > context.capacity) add('partySize', `the room holds ${context.capacity} people`);
  if (problems.some((p) => p.field === 'end' && p.message.startsWith('must be'))) return problems;

  const opening = openingOn(hours, from.date, context.calendar);
  if (!opening.known) {
    add(
      'start',
      opening.reason === 'administrative'
        ? `the center is ${hours.status}`
        : opening.reason === 'calendar-missing'
          ? `no working-day calendar for ${from.date.slice(0, 4)} is loaded yet`
          : `the opening hours of ${from.date} are not known yet`,
    );
    return problems;
  }
  if (opening.day.kind === 'holiday' && !rules.onHolidays) {
    add('start', `${from.date} is a public holiday${opening.day.name ? ` (${opening.day.name})` : ''}`);
  } else if (!opening.intervals.some(([a, b]) => a <= slot.start && slot.end <= b)) {
    add(
      'start',
      `${isoInZone(slot.start, tz)} to ${isoInZone(slot.end, tz)} is outside the opening hours of ${from.date} (${describeHours(opening.intervals, tz)})`,
    );
  }
  for (const closure of context.closures) {
    if (Date.parse(closure.from) < slot.end && slot.start < Date.parse(closure.to)) {
      add('start', `the center is closed from ${closure.from} to ${closure.to}: ${closure.reason}`);
    }
  }
  return problems;
}

/** Throws the 403 of a Party-members-only room or activity for someone who is not one. */
export function assertEligible(who: BookingRules['who'], booker: Booker): void {
  if (who === 'party-members' && !booker.partyMember) {
    throw new ForbiddenError('only Party members may book this');
  }
}

/** Checks a slot (400 with every reason) and says which cells of the room it takes. */
export function checkRoomSlot(context: RoomContext, slot: SlotRequest, booker: Booker): CheckedSlot {
  assertEligible(context.rules.who, booker);
  const problems = slotProblems(context, slot);
  if (problems.length > 0) {
    throw new ValidationError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  const whole = context.rules.mode === 'whole-room';
  const buffer = whole ? context.rules.bufferMinutes * MINUTE_MS : 0;
  return {
    localDate: wallClock(slot.start, context.hours.timeZone).date,
    cells: cellsOf(slot.start, slot.end + buffer),
    cellCapacity: whole ? 1 : context.capacity,
    take: whole ? 1 : slot.partySize,
  };
}

export interface FreeSlot {
  readonly start: string;
  readonly end: string;
  /** Seats left (seats mode), or 1 / 0 (whole room), over the slot's cells. */
  readonly remaining: number;
  /** A booking of the minimum duration may start here now (free, within hours, notice met). */
  readonly bookable: boolean;
}

export interface DayAvailability {
  readonly date: string;
  readonly dayKind?: string;
  readonly dayName?: string;
  readonly closedReason?: string;
  readonly slots: readonly FreeSlot[];
}

/**
 * The slots of a local day, one per step within the opening hours (closures cut out), with what
 * is left of each by the room's cell counters (`remainingByCell`, epoch ms -> remaining; a cell
 * without a counter is untouched).
 */
export function dayAvailability(
  context: RoomContext,
  date: string,
  remainingByCell: ReadonlyMap<number, number>,
): DayAvailability {
  const { rules, hours, now } = context;
  const tz = hours.timeZone;
  const opening = openingOn(hours, date, context.calendar);
  if (!opening.known) return { date, closedReason: opening.reason, slots: [] };
  const named = {
    dayKind: opening.day.kind,
    ...(opening.day.name ? { dayName: opening.day.name } : {}),
  };
  if (opening.day.kind === 'holiday' && !rules.onHolidays) {
    return { date, ...named, closedReason: 'public holiday', slots: [] };
  }
  const whole = rules.mode === 'whole-room';
  const full = whole ? 1 : context.capacity;
  const left = (from: number, to: number) =>
    Math.min(full, ...cellsOf(from, to).map((c) => remainingByCell.get(c) ?? full));
  const closed = (from: number, to: number) =>
    context.closures.some((c) => Date.parse(c.from) < to && from < Date.parse(c.to));
  const step = rules.stepMinutes * MINUTE_MS;
  const buffer = whole ? rules.bufferMinutes * MINUTE_MS : 0;
  const slots: FreeSlot[] = [];
  for (const [a, b] of opening.intervals) {
    const firstOnStep = a + ((step - ((wallClock(a, tz).minutes * MINUTE_MS) % step)) % step);
    for (let s = firstOnStep; s + step <= b; s += step) {
      if (closed(s, s + step)) continue;
      const minEnd = s + rules.minMinutes * MINUTE_MS;
      const bookable =
        s >= now + rules.noticeToBookMinutes * MINUTE_MS &&
        s <= now + rules.maxDaysAhead * 86_400_000 &&
        minEnd <= b &&
        !closed(s, minEnd) &&
        left(s, minEnd + buffer) >= 1;
      slots.push({
        start: isoInZone(s, tz),
        end: isoInZone(s + step, tz),
        remaining: left(s, s + step),
        bookable,
      });
    }
  }
  return { date, ...named, slots };
}
