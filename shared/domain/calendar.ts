import bundled from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import * as z from 'zod';
import { Text } from './schema-kit.ts';

/**
 * The mainland China working-day calendar: public holidays and the adjusted working days (调休)
 * around them, published by the State Council each year. The `chinese-days` package supplies the
 * years it knows; an admin loads or corrects a year through the API, which then wins. A year with
 * no calendar is never guessed.
 */

export const LocalDate = z.iso
  .date()
  .meta({ description: 'A calendar date, YYYY-MM-DD', example: '2026-02-16' });

export const CalendarDaysSchema = z
  .strictObject({
    holidays: z.record(LocalDate, Text(100)).meta({ description: 'Public holidays: date -> name' }),
    workdays: z
      .record(LocalDate, Text(100))
      .meta({ description: 'Adjusted working days (weekend days that are working days): date -> name' }),
  })
  .meta({ id: 'CalendarDays' });
export type CalendarDays = z.infer<typeof CalendarDaysSchema>;

export const YearCalendarSchema = CalendarDaysSchema.extend({
  year: z.number().int(),
  source: z.enum(['chinese-days', 'admin', 'provisional']).meta({
    description:
      'Where this year comes from: the packaged State Council calendar, an admin, or provisional (derived from the statutory holidays until the official year is loaded; no adjusted working days)',
  }),
  version: z
    .number()
    .int()
    .min(0)
    .meta({ description: '0 for the packaged calendar; stored versions from 1' }),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
}).meta({ id: 'YearCalendar' });
export type YearCalendar = z.infer<typeof YearCalendarSchema>;

export const CalendarListQuery = z
  .strictObject({
    from: z.coerce.number().int().min(2000).max(2100).optional().meta({
      description: 'First year listed; default last year',
    }),
    to: z.coerce.number().int().min(2000).max(2100).optional().meta({
      description: 'Last year listed (at most 20 years after `from`); default next year',
    }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || (q.to >= q.from && q.to - q.from < 20), {
    message: 'to must be at least from and at most 19 years after it',
    path: ['to'],
  });

export const CalendarSummarySchema = z
  .strictObject({
    year: z.number().int(),
    source: YearCalendarSchema.shape.source
      .nullable()
      .meta({ description: 'null when no calendar is known' }),
    provisional: z.boolean(),
    version: z.number().int().nullable(),
    holidays: z.number().int().meta({ description: 'Number of public holidays' }),
    workdays: z.number().int().meta({ description: 'Number of adjusted working days' }),
  })
  .meta({ id: 'CalendarSummary' });
export type CalendarSummary = z.infer<typeof CalendarSummarySchema>;

export const CalendarListSchema = z
  .strictObject({ items: z.array(CalendarSummarySchema) })
  .meta({ id: 'CalendarList' });

/** What a list shows of a year's calendar (or of its absence). */
export function summarize(year: number, calendar: YearCalendar | undefined): CalendarSummary {
  return {
    year,
    source: calendar?.source ?? null,
    provisional: calendar?.source === 'provisional',
    version: calendar?.version ?? null,
    holidays: calendar ? Object.keys(calendar.holidays).length : 0,
    workdays: calendar ? Object.keys(calendar.workdays).length : 0,
  };
}

/** Looks a year up; undefined when no calendar is known for it. */
export type CalendarLookup = (year: number) => YearCalendar | undefined;

export type DayKind = 'working-day' | 'rest-day' | 'holiday' | 'adjusted-working-day';

export interface DayInfo {
  readonly kind: DayKind;
  /** Holiday or adjustment name, e.g. "Spring Festival,春节,4" as the source gives it. */
  readonly name?: string;
  /** The year's calendar is provisional (see provisional-calendar.ts). */
  readonly provisional?: true;
}

/** Refuses days outside the year and a day that is both a holiday and a working day. */
export function assertConsistent(year: number, days: CalendarDays): string[] {
  const problems: string[] = [];
  for (const [group, map] of Object.entries(days)) {
    for (const date of Object.keys(map)) {
      if (!date.startsWith(`${year}-`)) problems.push(`${group}.${date}: is not in ${year}`);
    }
  }
  for (const date of Object.keys(days.workdays)) {
    if (date in days.holidays) problems.push(`workdays.${date}: is also a holiday`);
  }
  return problems;
}

const packaged = bundled as { holidays: Record<string, string>; workdays: Record<string, string> };

const packagedByYear = new Map<number, YearCalendar | undefined>();

/** The calendar the `chinese-days` package has for `year`, if any (computed once per year). */
export function packagedCalendar(year: number): YearCalendar | undefined {
  if (!packagedByYear.has(year)) packagedByYear.set(year, extractYear(year));
  return packagedByYear.get(year);
}

function extractYear(year: number): YearCalendar | undefined {
  const prefix = `${year}-`;
  const pick = (map: Record<string, string>) =>
    Object.fromEntries(Object.entries(map).filter(([date]) => date.startsWith(prefix)));
  const holidays = pick(packaged.holidays);
  if (Object.keys(holidays).length === 0) return undefined;
  return { year, holidays, workdays: pick(packaged.workdays), source: 'chinese-days', version: 0 };
}

/** Weekday of a YYYY-MM-DD date, 0 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** What kind of day `date` is, or undefined when its year has no calendar. */
export function dayInfo(date: string, lookup: CalendarLookup): DayInfo | undefined {
  const calendar = lookup(Number(date.slice(0, 4)));
  if (!calendar) return undefined;
  const mark = calendar.source === 'provisional' ? ({ provisional: true } as const) : {};
  const holiday = calendar.holidays[date];
  if (holiday) return { kind: 'holiday', name: holiday, ...mark };
  const workday = calendar.workdays[date];
  const weekend = [0, 6].includes(weekdayOf(date));
  if (workday && weekend) return { kind: 'adjusted-working-day', name: workday, ...mark };
  return { kind: weekend ? 'rest-day' : 'working-day', ...mark };
}
