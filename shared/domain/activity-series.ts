import * as rruleModule from 'rrule';
import type * as z from 'zod';
import { type CreateActivity, MAX_OCCURRENCES, type SkippedSchema } from './activities.ts';
import { type CalendarLookup, dayInfo } from './calendar.ts';
import { ValidationError } from './errors.ts';
import type { ClosureSpan } from './opening-status.ts';
import { instantOf, isoInZone, wallClock } from './zoned-time.ts';

/**
 * A series expanded from its RRULE and checked date by date. Apart from activities.ts so that
 * only the functions that create series bundle the `rrule` library.
 */

export interface SeriesContext {
  readonly timeZone: string;
  readonly calendar: CalendarLookup;
  readonly closures: readonly ClosureSpan[];
  readonly now: number;
}

export interface Expansion {
  readonly starts: readonly number[];
  readonly skipped: readonly z.infer<typeof SkippedSchema>[];
}

// rrule ships a UMD bundle as `main`: Node's ESM loader hands it over as the default export only,
// bundlers as named exports; take whichever holds the functions
const rrule = (
  (rruleModule as { rrulestr?: unknown }).rrulestr
    ? rruleModule
    : (rruleModule as unknown as { default: typeof rruleModule }).default
) as typeof rruleModule;
const { rrulestr } = rrule;

/**
 * The starts of a series (or of the single activity), each checked against the calendar and the
 * closures; 400 when the rule has no end, yields more than MAX_OCCURRENCES, or keeps none.
 */
export function expandSeries(activity: CreateActivity, context: SeriesContext): Expansion {
  const tz = context.timeZone;
  const first = Date.parse(activity.start);
  const duration = Date.parse(activity.end) - first;
  let starts: number[] = [first];
  if (activity.recurrence) {
    const text = activity.recurrence.replace(/^RRULE:/, '');
    if (!/COUNT=|UNTIL=/.test(text)) {
      throw ValidationError.field('recurrence', 'must end: give COUNT or UNTIL');
    }
    // rrule works on floating times: read the local wall clock as if it were UTC, then place it in the zone
    const local = wallClock(first, tz);
    const floatingStart = new Date(
      Date.parse(`${local.date}T00:00:00Z`) + Math.round(local.minutes) * 60_000,
    );
    let rule: ReturnType<typeof rrulestr>;
    try {
      rule = rrulestr(text, { dtstart: floatingStart });
    } catch (error) {
      throw ValidationError.field('recurrence', `is not a valid RRULE: ${(error as Error).message}`);
    }
    const floating = rule.all((_, index) => index <= MAX_OCCURRENCES);
    if (floating.length > MAX_OCCURRENCES) {
      throw ValidationError.field(
        'recurrence',
        `yields more than ${MAX_OCCURRENCES} occurrences; create the series in parts`,
      );
    }
    starts = floating.map((d) => {
      const iso = d.toISOString();
      const minutes = Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
      return instantOf(iso.slice(0, 10), minutes, tz);
    });
  }
  const kept: number[] = [];
  const skipped: { date: string; start: string; reason: string }[] = [];
  for (const start of starts) {
    const date = wallClock(start, tz).date;
    const skip = (reason: string) => skipped.push({ date, start: isoInZone(start, tz), reason });
    const day = dayInfo(date, context.calendar);
    const closure = context.closures.find(
      (c) => Date.parse(c.from) < start + duration && start < Date.parse(c.to),
    );
    if (start <= context.now) skip('in the past');
    else if (!day) skip(`no working-day calendar for ${date.slice(0, 4)} is loaded yet`);
    else if (day.kind === 'holiday' && !activity.onHolidays)
      skip(`public holiday${day.name ? ` (${day.name})` : ''}`);
    else if (closure) skip(`the center is closed: ${closure.reason}`);
    else kept.push(start);
  }
  if (kept.length === 0) {
    throw new ValidationError(
      `no occurrence can be held: ${skipped.map((s) => `${s.date} ${s.reason}`).join('; ')}`,
      [{ field: 'start', message: 'every occurrence is refused', in: 'body' }],
    );
  }
  return { starts: kept, skipped };
}
