import * as z from 'zod';
import { addDays, type CalendarDays, CalendarDaysSchema, LocalDate } from './calendar.ts';

/**
 * The State Council's yearly notice on holiday arrangements, as a simple JSON an admin can type
 * from it: each holiday with its days off (from-to, weekends moved into it included) and the
 * weekend days worked instead (调休). Turned into the calendar form the API stores.
 */
export const CalendarNoticeSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    holidays: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(100).meta({ example: '春节' }),
          from: LocalDate,
          to: LocalDate,
          workdays: z.array(LocalDate).max(10).default([]).meta({ description: 'Adjusted working days' }),
        }),
      )
      .min(1)
      .max(20),
  })
  .meta({ id: 'CalendarNotice' });
export type CalendarNotice = z.infer<typeof CalendarNoticeSchema>;

/** The calendar days of a notice; ranges longer than 15 days are refused as typos. */
export function calendarOfNotice(notice: CalendarNotice): CalendarDays {
  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  for (const holiday of notice.holidays) {
    if (holiday.to < holiday.from) throw new RangeError(`${holiday.name}: ends before it starts`);
    let date = holiday.from;
    for (let day = 0; date <= holiday.to; day++, date = addDays(holiday.from, day)) {
      if (day >= 15) throw new RangeError(`${holiday.name}: more than 15 days off`);
      holidays[date] = holiday.name;
    }
    for (const workday of holiday.workdays) workdays[workday] = `${holiday.name} (调休)`;
  }
  return CalendarDaysSchema.parse({ holidays, workdays });
}

/** Either form an admin may hand over: the notice, or the stored form itself. */
export function calendarDaysOf(input: unknown): { year?: number; days: CalendarDays } {
  if (
    typeof input === 'object' &&
    input !== null &&
    Array.isArray((input as { holidays?: unknown }).holidays)
  ) {
    const notice = CalendarNoticeSchema.parse(input);
    return { year: notice.year, days: calendarOfNotice(notice) };
  }
  return { days: CalendarDaysSchema.parse(input) };
}
