import * as z from 'zod';
import { addDays } from './calendar.ts';
import { ValidationError } from './errors.ts';
import { Id, Instant, OptionalText, Text, Version } from './schema-kit.ts';
import { isoInZone, wallClock } from './zoned-time.ts';

/**
 * Activities a center publishes (a Party class, a theme Party day, a lecture, a volunteer
 * service), once or as a series (an RRULE read in the center's zone). Every occurrence is checked
 * against the working-day calendar and the center's closures when the series is created: those
 * that fall on a public holiday (unless the activity is meant for holidays), in a closure, on a
 * year without a calendar, or in the past are skipped and listed with the reason.
 */

export const ACTIVITY_KINDS = [
  'party-class',
  'theme-party-day',
  'lecture',
  'volunteer-service',
  'other',
] as const;

/** A series is created in one transaction with its occurrences and their seat counters. */
export const MAX_OCCURRENCES = 40;
/** Longer activities would need more time cells per booking than a transaction holds. */
export const MAX_ACTIVITY_MINUTES = 12 * 60;

const RRULE_TEXT = z
  .string()
  .trim()
  .max(300)
  .regex(
    /^(RRULE:)?FREQ=[A-Z]+(;[A-Z]+=[A-Z0-9,+-]+)*$/,
    'must be an RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10',
  )
  .refine((r) => !/DTSTART/.test(r), 'must not carry DTSTART: the activity start is the first occurrence')
  .meta({
    description: 'RFC 5545 recurrence, read in the center zone from `start`',
    example: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
  });

export const CreateActivitySchema = z
  .strictObject({
    title: Text(200),
    kind: z.enum(ACTIVITY_KINDS).meta({ id: 'ActivityKind' }),
    description: OptionalText(2000, { multiline: true }),
    roomId: Id.optional().meta({ description: 'A room of the center; or give `place`' }),
    place: OptionalText(200).meta({ description: 'Where, when not in a room of the center' }),
    start: Instant.meta({ description: 'Start of the (first) occurrence' }),
    end: Instant,
    seats: z.number().int().min(1).max(100_000),
    recurrence: RRULE_TEXT.optional(),
    signUpOpensDaysBefore: z.number().int().min(0).max(90).default(14),
    signUpClosesMinutesBefore: z.number().int().min(0).max(10_080).default(0),
    cancelMinutesBefore: z.number().int().min(0).max(10_080).default(60),
    partyMembersOnly: z.boolean().default(false),
    onHolidays: z.boolean().default(false).meta({ description: 'Occurrences on public holidays are kept' }),
    public: z.boolean().default(true).meta({ description: 'Listed in the public iCalendar feed' }),
    seatShards: z.number().int().min(1).max(10).default(1).meta({
      description:
        'Seat counters the seats are split over: more for a very popular class (thousands of sign-ups a minute)',
    }),
  })
  .refine((a) => Date.parse(a.end) > Date.parse(a.start), { message: 'must be after start', path: ['end'] })
  .refine((a) => Date.parse(a.end) - Date.parse(a.start) <= MAX_ACTIVITY_MINUTES * 60_000, {
    message: `an occurrence lasts at most ${MAX_ACTIVITY_MINUTES / 60} hours`,
    path: ['end'],
  })
  .refine((a) => !(a.roomId && a.place), { message: 'give roomId or place, not both', path: ['place'] })
  .refine((a) => a.seats >= a.seatShards, { message: 'must be at least seatShards', path: ['seats'] })
  .meta({ id: 'CreateActivity' });
export type CreateActivity = z.output<typeof CreateActivitySchema>;

export const SkippedSchema = z.object({
  date: z.string(),
  start: Instant,
  reason: z.string(),
});

export const ActivitySchema = z
  .object({
    id: Id,
    centerId: Id,
    title: z.string(),
    kind: z.enum(ACTIVITY_KINDS),
    description: z.string().optional(),
    roomId: Id.optional(),
    place: z.string().optional(),
    start: Instant,
    end: Instant,
    seats: z.number().int(),
    recurrence: z.string().optional(),
    signUpOpensDaysBefore: z.number().int(),
    signUpClosesMinutesBefore: z.number().int(),
    cancelMinutesBefore: z.number().int(),
    partyMembersOnly: z.boolean(),
    onHolidays: z.boolean(),
    public: z.boolean(),
    seatShards: z.number().int(),
    occurrences: z.number().int().meta({ description: 'Occurrences created' }),
    skipped: z.array(SkippedSchema).meta({ description: 'Dates of the series refused, and why' }),
    createdAt: Instant,
    version: Version,
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof ActivitySchema>;

export const OccurrenceSchema = z
  .object({
    id: z.string(),
    activityId: Id,
    centerId: Id,
    title: z.string(),
    start: Instant,
    end: Instant,
    seats: z.number().int(),
    seatsLeft: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Seats not taken, when read with the counters' }),
    waiting: z.number().int().optional(),
    signUpOpensAt: Instant,
    signUpClosesAt: Instant,
    cancelBy: Instant,
    partyMembersOnly: z.boolean(),
    status: z.enum(['scheduled', 'cancelled']),
  })
  .meta({ id: 'Occurrence' });
export type Occurrence = z.infer<typeof OccurrenceSchema>;

export const ActivityParams = z.strictObject({ id: Id, activityId: Id });

/** An occurrence id: the activity and its local start, so it names itself. */
export function occurrenceId(activityId: string, start: number, timeZone: string): string {
  const local = isoInZone(start, timeZone);
  return `${activityId}.${local.slice(0, 10).replaceAll('-', '')}t${local.slice(11, 16).replace(':', '')}`;
}

export const activityOfOccurrence = (id: string): string | undefined => {
  const match = /^([a-z0-9][a-z0-9_-]{2,63})\.\d{8}t\d{4}$/.exec(id);
  return match?.[1];
};

/** The occurrences of a series, ready to store. */
export function occurrencesOf(activity: Activity, starts: readonly number[], timeZone: string): Occurrence[] {
  const duration = Date.parse(activity.end) - Date.parse(activity.start);
  return starts.map((start) => ({
    id: occurrenceId(activity.id, start, timeZone),
    activityId: activity.id,
    centerId: activity.centerId,
    title: activity.title,
    start: isoInZone(start, timeZone),
    end: isoInZone(start + duration, timeZone),
    seats: activity.seats,
    signUpOpensAt: new Date(start - activity.signUpOpensDaysBefore * 86_400_000).toISOString(),
    signUpClosesAt: new Date(start - activity.signUpClosesMinutesBefore * 60_000).toISOString(),
    cancelBy: new Date(start - activity.cancelMinutesBefore * 60_000).toISOString(),
    partyMembersOnly: activity.partyMembersOnly,
    status: 'scheduled',
  }));
}

/** Seats of `seats` split over `shards` counters as evenly as possible (first shards one more). */
export function splitSeats(seats: number, shards: number): number[] {
  return Array.from({ length: shards }, (_, i) => Math.floor(seats / shards) + (i < seats % shards ? 1 : 0));
}

/** 400 when sign-up for the occurrence is not open at `now`. */
export function assertSignUpOpen(occurrence: Occurrence, now: number): void {
  if (occurrence.status !== 'scheduled')
    throw ValidationError.field('occurrenceId', 'this occurrence is cancelled');
  if (now < Date.parse(occurrence.signUpOpensAt))
    throw ValidationError.field('occurrenceId', `sign-up opens at ${occurrence.signUpOpensAt}`);
  if (now >= Date.parse(occurrence.signUpClosesAt))
    throw ValidationError.field('occurrenceId', `sign-up closed at ${occurrence.signUpClosesAt}`);
}

/** The local dates a span touches (a closure's days), first to last. */
export function localDatesOf(from: number, to: number, timeZone: string): string[] {
  const dates: string[] = [];
  const last = wallClock(to - 1, timeZone).date;
  for (let d = wallClock(from, timeZone).date; d <= last; d = addDays(d, 1)) dates.push(d);
  return dates;
}
