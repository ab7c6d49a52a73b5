import * as z from 'zod';
import { addDays, type CalendarLookup, type DayInfo, dayInfo } from './calendar.ts';
import {
  type CompiledHours,
  decodeIntervals,
  hasPhRules,
  isCompiledFor,
  lastCoveredDate,
  type MinuteInterval,
  nextWeekdayAfter,
  publicHoliday,
  regularDay,
} from './compiled-hours.ts';
import { PROVISIONAL_NOTE } from './provisional-calendar.ts';
import { Instant } from './schema-kit.ts';
import { OPENING_STATUSES, STATUS_BASES } from './vocabulary.ts';
import { instantOf, isoInZone, wallClock } from './zoned-time.ts';

export { OPENING_STATUSES, type OpeningStatus, STATUS_BASES } from './vocabulary.ts';

/**
 * Whether a center is open at an instant, and when that changes, from its compiled hours
 * (compiled-hours.ts): no `opening_hours` library on the read path.
 *
 * Each local day of the center follows a stand-in:
 * - a working or rest day follows its own weekday (and date) rules;
 * - a public holiday follows the hours' `PH` rules when they have any, otherwise the Sunday
 *   hours: a holiday is a rest day;
 * - an adjusted working day (调休) follows the Monday hours: it is a working day.
 * Temporary closures then cut the open intervals. The answers are those of the library-based
 * rules (opening-hours-reference.ts), which the compiled form is made from and tested against.
 * A date the compiled form does not cover, or a center whose hours were stored uncompiled, is
 * `unknown` (basis `hours-not-compiled`), never a guess.
 */

export const StatusReasonSchema = z
  .object({
    basis: z.enum(STATUS_BASES).meta({ description: 'What decided the status' }),
    localDate: z.string().meta({ description: 'The center-local date evaluated' }),
    dayKind: z.enum(['working-day', 'rest-day', 'holiday', 'adjusted-working-day']).optional(),
    dayName: z.string().optional().meta({ description: 'Holiday or adjustment name from the calendar' }),
    rule: z.string().optional().meta({ description: 'How the hours were applied' }),
    closure: z.object({ id: z.string(), reason: z.string(), from: z.string(), to: z.string() }).optional(),
    missingYear: z.number().int().optional(),
    provisional: z.literal(true).optional().meta({
      description: "The day's calendar is provisional: statutory holidays only, no adjusted working days",
    }),
    calendarNote: z.string().optional().meta({ description: 'Why the calendar is provisional' }),
    hoursCompiledUntil: z.string().optional().meta({
      description: 'The last date the stored hours are compiled for, when that limited the answer',
    }),
  })
  .meta({ id: 'StatusReason' });
export type StatusReason = z.infer<typeof StatusReasonSchema>;

export const OpeningStatusSchema = z
  .object({
    status: z.enum(OPENING_STATUSES),
    nextChange: z.string().nullable().meta({
      description:
        'When the status next changes (center zone), null if not within the next 7 days or unknown',
    }),
    reason: StatusReasonSchema,
  })
  .meta({ id: 'OpeningStatus' });
export type Evaluation = z.infer<typeof OpeningStatusSchema>;

export const StatusQuery = z.strictObject({
  at: Instant.optional().meta({
    description: 'The instant to answer for (ISO 8601 with offset); now when omitted',
  }),
});

export const CenterStatusSchema = OpeningStatusSchema.extend({
  centerId: z.string(),
  at: z.string().meta({ description: 'The instant answered for (UTC)' }),
  timeZone: z.string(),
  openingHours: z.string(),
}).meta({ id: 'CenterOpeningStatus' });

export interface Hours {
  readonly openingHours: string;
  readonly timeZone: string;
  /** The hours compiled when they were written; absent on items written before compiling. */
  readonly compiledHours?: CompiledHours;
  /** Administrative status of the center: only `active` centers open. */
  readonly status?: 'active' | 'suspended' | 'closed';
}

export interface ClosureSpan {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** How close a change must be for opening-soon / closing-soon. */
export const SOON_MS = 30 * 60_000;
/** How far ahead the next change is looked for. */
const LOOKAHEAD_DAYS = 7;

type Interval = MinuteInterval;

const RULES = {
  regular: 'regular hours',
  ph: 'public holiday: PH rules of the hours',
  sunday: 'public holiday, no PH rule in the hours: Sunday hours',
  monday: 'adjusted working day: Monday hours',
} as const;

/** The intervals a local day follows and the rule it follows, or undefined beyond the compiled range. */
function dayHours(
  compiled: CompiledHours,
  date: string,
  day: DayInfo,
): { text: string; rule: string } | undefined {
  let text: string | undefined;
  let rule: string;
  if (day.kind === 'holiday' && hasPhRules(compiled.source)) {
    text = publicHoliday(compiled, date);
    rule = RULES.ph;
  } else if (day.kind === 'holiday') {
    text = regularDay(compiled, nextWeekdayAfter(date, 0));
    rule = RULES.sunday;
  } else if (day.kind === 'adjusted-working-day') {
    text = regularDay(compiled, nextWeekdayAfter(date, 1));
    rule = RULES.monday;
  } else {
    text = regularDay(compiled, date);
    rule = RULES.regular;
  }
  return text === undefined ? undefined : { text, rule };
}

/** Evaluates compiled hours on the working-day calendar; thousands of centers share a few strings. */
export class HoursEvaluator {
  constructor(private readonly calendar: CalendarLookup) {}

  /**
   * Status of `hours` at `at` (epoch ms), with closures applied. Pure: same inputs, same answer,
   * whatever the host time zone.
   */
  evaluate(hours: Hours, at: number, closures: readonly ClosureSpan[] = []): Evaluation {
    const tz = hours.timeZone;
    const today = wallClock(at, tz).date;
    const todayInfo = dayInfo(today, this.calendar);
    const base = {
      localDate: today,
      ...(todayInfo ? { dayKind: todayInfo.kind } : {}),
      ...(todayInfo?.name ? { dayName: todayInfo.name } : {}),
      ...(todayInfo?.provisional ? { provisional: true as const, calendarNote: PROVISIONAL_NOTE } : {}),
    };

    if (hours.status && hours.status !== 'active') {
      return {
        status: hours.status === 'suspended' ? 'temporarily-closed' : 'closed',
        nextChange: null,
        reason: { ...base, basis: 'administrative', rule: `center is ${hours.status}` },
      };
    }

    const compiled = isCompiledFor(hours.compiledHours, hours.openingHours) ? hours.compiledHours : undefined;
    // open intervals from yesterday (for spans past midnight) up to the lookahead, as long as
    // the calendar is known and the hours are compiled
    const open: Interval[] = [];
    let rule: string = RULES.regular;
    let horizon = instantOf(addDays(today, -1), 0, tz);
    let missingYear: number | undefined;
    let uncompiledFrom: number | undefined = compiled ? undefined : -1;
    for (let offset = -1; compiled && offset <= LOOKAHEAD_DAYS; offset++) {
      const date = addDays(today, offset);
      const info = dayInfo(date, this.calendar);
      if (!info) {
        missingYear = Number(date.slice(0, 4));
        break;
      }
      const day = dayHours(compiled, date, info);
      if (!day) {
        uncompiledFrom = offset;
        break;
      }
      if (offset === 0) rule = day.rule;
      for (const [a, b] of decodeIntervals(day.text)) {
        const span: Interval = [instantOf(date, a, tz), instantOf(date, b, tz)];
        const last = open.at(-1);
        if (last && last[1] >= span[0]) open[open.length - 1] = [last[0], Math.max(last[1], span[1])];
        else open.push(span);
      }
      horizon = instantOf(addDays(date, 1), 0, tz);
    }
    const todayUncompiled = uncompiledFrom !== undefined && uncompiledFrom <= 0;

    const cut = applyClosures(
      open,
      closures,
      at,
      todayUncompiled ? Number.POSITIVE_INFINITY : horizon,
      base,
      tz,
    );
    if (cut.during) return cut.during;
    if (!todayInfo) return calendarMissing(base, today);
    const until = compiled ? lastCoveredDate(compiled) : null;
    if (todayUncompiled) {
      return {
        status: 'unknown',
        nextChange: null,
        reason: {
          ...base,
          basis: 'hours-not-compiled',
          rule: compiled
            ? `the hours are compiled for ${compiled.range?.from} to ${until}: recompiled hourly well before that ends`
            : 'the hours were stored without their compiled form; it is added by the hourly recompile or the next edit',
          ...(until ? { hoursCompiledUntil: until } : {}),
        },
      };
    }

    const reason: StatusReason = {
      ...base,
      basis: basisOfDay(todayInfo),
      rule,
      ...(missingYear ? { missingYear } : {}),
      ...(uncompiledFrom !== undefined && until ? { hoursCompiledUntil: until } : {}),
    };
    return statusAmong(cut.intervals, at, horizon, reason, tz);
  }
}

type ReasonBase = Omit<StatusReason, 'basis'>;

/**
 * The open intervals with the closures that matter cut out (those not over a day before `at`
 * and starting before `horizon`), and the answer when `at` falls inside one of them.
 */
export function applyClosures(
  open: readonly Interval[],
  closures: readonly ClosureSpan[],
  at: number,
  horizon: number,
  base: ReasonBase,
  timeZone: string,
): { intervals: Interval[]; during?: Evaluation } {
  const spans = closures
    .map((c) => ({ c, from: Date.parse(c.from), to: Date.parse(c.to) }))
    .filter((s) => s.to > at - 86_400_000 && s.from < horizon);
  const intervals = subtract(
    open,
    spans.map((s): Interval => [s.from, s.to]),
  );
  const closure = spans.find((s) => s.from <= at && at < s.to);
  if (!closure) return { intervals };
  // at the closure's end the status changes again: back to open, or to closed
  return {
    intervals,
    during: {
      status: 'temporarily-closed',
      nextChange: isoInZone(closure.to, timeZone),
      reason: {
        ...base,
        basis: 'closure',
        closure: { id: closure.c.id, reason: closure.c.reason, from: closure.c.from, to: closure.c.to },
      },
    },
  };
}

/** The answer for a local day whose year has no calendar: unknown, never a guess. */
export function calendarMissing(base: ReasonBase, today: string): Evaluation {
  return {
    status: 'unknown',
    nextChange: null,
    reason: {
      ...base,
      basis: 'calendar-missing',
      missingYear: Number(today.slice(0, 4)),
      rule: 'no calendar for this year',
    },
  };
}

/** What decided an ordinary day's status: the hours, or the calendar's kind of day. */
export function basisOfDay(day: DayInfo): StatusReason['basis'] {
  return day.kind === 'holiday'
    ? 'holiday'
    : day.kind === 'adjusted-working-day'
      ? 'adjusted-working-day'
      : 'hours';
}

/**
 * The status at `at` among sorted open intervals (closures already cut) known up to `horizon`:
 * open or closing soon inside one, opening soon or closed between them, and the next change.
 */
export function statusAmong(
  intervals: readonly Interval[],
  at: number,
  horizon: number,
  reason: StatusReason,
  timeZone: string,
): Evaluation {
  const current = intervals.find(([a, b]) => a <= at && at < b);
  if (current) {
    const end = current[1] >= horizon ? null : current[1];
    return {
      status: end !== null && end - at <= SOON_MS ? 'closing-soon' : 'open',
      nextChange: end === null ? null : isoInZone(end, timeZone),
      reason,
    };
  }
  const next = intervals.find(([a]) => a > at);
  return {
    status: next && next[0] - at <= SOON_MS ? 'opening-soon' : 'closed',
    nextChange: next ? isoInZone(next[0], timeZone) : null,
    reason,
  };
}

/** `open` minus `cuts`, both sorted or not; the result is sorted. */
export function subtract(open: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  let result = [...open].sort((x, y) => x[0] - y[0]);
  for (const [c0, c1] of cuts) {
    result = result.flatMap(([a, b]): Interval[] => {
      if (c1 <= a || c0 >= b) return [[a, b]];
      const pieces: Interval[] = [];
      if (a < c0) pieces.push([a, c0]);
      if (c1 < b) pieces.push([c1, b]);
      return pieces;
    });
  }
  return result;
}

/** The open intervals of one local day, or why they cannot be known. */
export type DayOpening =
  | { readonly known: true; readonly day: DayInfo; readonly intervals: readonly Interval[] }
  | { readonly known: false; readonly reason: 'administrative' | 'calendar-missing' | 'hours-not-compiled' };

/**
 * The open intervals (epoch ms) of the local date `date` by the same stand-in rules as the status
 * (holidays, adjusted working days), before closures: what a booking's slot must fit in.
 */
export function openingOn(hours: Hours, date: string, calendar: CalendarLookup): DayOpening {
  if (hours.status && hours.status !== 'active') return { known: false, reason: 'administrative' };
  const day = dayInfo(date, calendar);
  if (!day) return { known: false, reason: 'calendar-missing' };
  if (!isCompiledFor(hours.compiledHours, hours.openingHours))
    return { known: false, reason: 'hours-not-compiled' };
  const text = dayHours(hours.compiledHours, date, day);
  if (!text) return { known: false, reason: 'hours-not-compiled' };
  const intervals = decodeIntervals(text.text).map(
    ([a, b]): Interval => [instantOf(date, a, hours.timeZone), instantOf(date, b, hours.timeZone)],
  );
  return { known: true, day, intervals };
}
