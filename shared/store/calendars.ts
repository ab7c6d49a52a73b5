import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type CalendarLookup, packagedCalendar, type YearCalendar } from '../domain/calendar.ts';
import { PreconditionFailedError } from '../domain/errors.ts';
import { provisionalCalendar } from '../domain/provisional-calendar.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { isConditionFailure } from './conditions.ts';
import { keys, stripKeys } from './keys.ts';

/**
 * Working-day calendars by year. A stored year (loaded by an admin) wins over the packaged one;
 * a year in neither is missing, and the status rules say so.
 */

/** Stored calendars of `years`, in one round trip. */
async function storedCalendars(years: readonly number[]): Promise<Map<number, YearCalendar>> {
  const found = new Map<number, YearCalendar>();
  if (years.length === 0) return found;
  const main = tableName('main');
  const result = await db().send(
    new BatchGetCommand({
      RequestItems: { [main]: { Keys: [...new Set(years)].map((y) => keys.calendar(y)) } },
    }),
  );
  for (const item of result.Responses?.[main] ?? []) {
    const calendar = stripKeys<YearCalendar>(item);
    found.set(calendar.year, calendar);
  }
  return found;
}

/**
 * The calendar in force for each year: stored, else packaged, else provisional (derived from the
 * statutory holidays, for the years the regulation and the lunar tables cover), else missing.
 */
export async function effectiveCalendars(years: readonly number[]): Promise<Map<number, YearCalendar>> {
  const stored = await storedCalendars(years);
  const result = new Map<number, YearCalendar>();
  for (const year of years) {
    const calendar = stored.get(year) ?? packagedCalendar(year) ?? provisionalCalendar(year);
    if (calendar) result.set(year, calendar);
  }
  return result;
}

/** A lookup for the status rules covering the years around `instant` (lookahead included). */
export async function calendarLookupAround(instant: number): Promise<CalendarLookup> {
  const year = new Date(instant).getUTCFullYear();
  const calendars = await effectiveCalendars([year - 1, year, year + 1]);
  return (y) => calendars.get(y);
}

/**
 * Stores a year's calendar. `expectedVersion` is the version the admin read (0 when the year was
 * only packaged or missing): a concurrent change makes this a 412.
 */
export async function putCalendar(calendar: YearCalendar, expectedVersion: number): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: { ...keys.calendar(calendar.year), entity: 'calendar', ...calendar },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
        ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new PreconditionFailedError(
        `the ${calendar.year} calendar is no longer at version ${expectedVersion}`,
      );
    }
    throw error;
  }
}
