import * as z from 'zod';
import { GRID_STATUSES, type GridStatus, isOpenStatus } from './grid-schema.ts';
import { type Level, levelIndex } from './levels.ts';
import { Id, Instant } from './schema-kit.ts';
import { lineage } from './tree.ts';

/**
 * How a center or a street was open over a period, read from what the scheduled builder kept:
 * one sample per 5-minute tick and group (a street with its subtree, or a center above street
 * level), and one roll-up per group and local day (which centers were seen, which were open at
 * least once).
 */

const STREET_LEVEL = levelIndex('street');

/**
 * The street/town a center belongs to: itself for a street, its street ancestor below, null for
 * the city and district. Read off the materialized path: each child is exactly one level below
 * its parent, so the street is as many steps up as the center is levels below street.
 */
export function streetIdOf(center: { readonly path: string; readonly level: Level }): string | null {
  const below = levelIndex(center.level) - STREET_LEVEL;
  if (below < 0) return null;
  const ids = lineage(center.path);
  return ids[ids.length - 1 - below] ?? null;
}

/** The history group of a center: its street, or the center itself above street level. */
export function historyGroupOf(center: {
  readonly id: string;
  readonly path: string;
  readonly level: Level;
}): string {
  return streetIdOf(center) ?? center.id;
}

export const MAX_HISTORY_DAYS = 366;
/** A local date (the calendar module has the same schema, but loads the packaged calendars). */
const LocalDate = z.iso.date().meta({ example: '2026-02-17' });
const DAY_MS = 86_400_000;

/** Stored status codes: one letter per center per tick keeps a year of samples small. */
const CODES: Record<GridStatus, string> = {
  open: 'o',
  'closing-soon': 'c',
  closed: 'x',
  'opening-soon': 's',
  'temporarily-closed': 't',
  unknown: 'u',
};
const STATUS_OF = new Map(Object.entries(CODES).map(([status, code]) => [code, status as GridStatus]));

export const statusCode = (status: GridStatus): string => CODES[status];
export const statusOfCode = (code: string): GridStatus => STATUS_OF.get(code) ?? 'unknown';

export const RESOLUTIONS = ['tick', 'day'] as const;

export const GridHistoryQuery = z
  .strictObject({
    centerId: Id.optional().meta({ description: 'History of one center (give this or streetId)' }),
    streetId: Id.optional().meta({ description: 'History of a street/town and its subtree (or centerId)' }),
    from: Instant,
    to: Instant.meta({ description: `After from, at most ${MAX_HISTORY_DAYS} days later` }),
    resolution: z.enum(RESOLUTIONS).default('tick').meta({
      description: 'tick: every 5-minute sample; day: one point per local day (open at least once?)',
    }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'Points per page, 1-1000; default 288 (a day of ticks) or 366 (a year of days)' }),
    cursor: z.string().max(2048).optional().meta({ description: 'Opaque cursor from the previous page' }),
  })
  .superRefine((q, ctx) => {
    if ((q.centerId === undefined) === (q.streetId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['centerId'],
        message: 'give exactly one of centerId and streetId',
      });
    }
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (!(span > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (span > MAX_HISTORY_DAYS * DAY_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${MAX_HISTORY_DAYS} days after from`,
      });
    }
  });
export type GridHistoryQueryInput = z.infer<typeof GridHistoryQuery>;

export const HistoryPointSchema = z
  .object({
    at: Instant.optional().meta({ description: 'The tick (resolution tick)' }),
    date: LocalDate.meta({
      description: 'Local date of the sample (resolution tick) or the day (resolution day)',
    }),
    status: z
      .enum(GRID_STATUSES)
      .optional()
      .meta({ description: 'Status of the center (center, resolution tick)' }),
    open: z.number().int().meta({
      description:
        'Centers open: at the tick (tick), or open at least once that day (day); 0 or 1 for a center',
    }),
    total: z.number().int().meta({ description: 'Centers sampled: at the tick, or that day' }),
  })
  .meta({ id: 'GridHistoryPoint' });
export type HistoryPoint = z.infer<typeof HistoryPointSchema>;

export const HistorySummarySchema = z
  .object({
    samples: z
      .number()
      .int()
      .meta({ description: 'Center samples on this page (center-ticks or center-days)' }),
    openSamples: z.number().int(),
    openShare: z.number().nullable().meta({ description: 'openSamples / samples; null without samples' }),
    daysCovered: z.number().int().meta({ description: 'Local days with at least one sample' }),
    daysWithOpen: z.number().int().meta({ description: 'Days on which at least one center was open' }),
    daysAllOpen: z
      .number()
      .int()
      .meta({ description: 'Days on which every sampled center was open at least once' }),
  })
  .meta({ id: 'GridHistorySummary' });
export type HistorySummary = z.infer<typeof HistorySummarySchema>;

export const GridHistorySchema = z
  .object({
    subject: z.object({ type: z.enum(['center', 'street']), id: Id, name: z.string() }),
    from: Instant,
    to: Instant,
    resolution: z.enum(RESOLUTIONS),
    points: z.array(HistoryPointSchema).meta({ description: 'Oldest first' }),
    summary: HistorySummarySchema.meta({ description: 'Over the points of this page' }),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'GridHistory' });

/** A tick sample of a group as stored: local date, and a status code per center. */
export interface TickSample {
  readonly at: string;
  readonly date: string;
  readonly statuses: Readonly<Record<string, string>>;
}

/** A day roll-up of a group as stored: the centers seen that day and those open at least once. */
export interface DaySample {
  readonly date: string;
  readonly sampled: ReadonlySet<string>;
  readonly open: ReadonlySet<string>;
}

/** The point of one tick for a center (undefined when it was not in the sample) or for the whole group. */
export function tickPoint(sample: TickSample, centerId: string | undefined): HistoryPoint | undefined {
  if (centerId !== undefined) {
    const code = sample.statuses[centerId];
    if (code === undefined) return undefined;
    const status = statusOfCode(code);
    return { at: sample.at, date: sample.date, status, open: isOpenStatus(status) ? 1 : 0, total: 1 };
  }
  const codes = Object.values(sample.statuses);
  const open = codes.filter((code) => isOpenStatus(statusOfCode(code))).length;
  return { at: sample.at, date: sample.date, open, total: codes.length };
}

export function dayPoint(sample: DaySample, centerId: string | undefined): HistoryPoint | undefined {
  if (centerId !== undefined) {
    if (!sample.sampled.has(centerId)) return undefined;
    return { date: sample.date, open: sample.open.has(centerId) ? 1 : 0, total: 1 };
  }
  return { date: sample.date, open: sample.open.size, total: sample.sampled.size };
}

/**
 * Totals over the points of a page. A day is all-open when every center seen that day was open
 * at least once: day points say so themselves (open = total); tick points need the centers of
 * each day, which `centerDays` (from centersByDay) gives.
 */
export function summarize(
  points: readonly HistoryPoint[],
  centerDays?: ReadonlyMap<string, { seen: ReadonlySet<string>; open: ReadonlySet<string> }>,
): HistorySummary {
  let samples = 0;
  let openSamples = 0;
  const days = new Map<string, { open: number; total: number }>();
  for (const point of points) {
    samples += point.total;
    openSamples += point.open;
    const day = days.get(point.date) ?? { open: 0, total: 0 };
    day.open += point.open;
    day.total += point.total;
    days.set(point.date, day);
  }
  const isDayPoints = points.every((p) => p.at === undefined);
  let daysAllOpen = 0;
  for (const [date, day] of days) {
    if (isDayPoints) {
      if (day.total > 0 && day.open === day.total) daysAllOpen++;
    } else {
      const centers = centerDays?.get(date);
      if (centers && centers.seen.size > 0 && centers.open.size === centers.seen.size) daysAllOpen++;
    }
  }
  return {
    samples,
    openSamples,
    openShare: samples === 0 ? null : Math.round((openSamples / samples) * 10_000) / 10_000,
    daysCovered: days.size,
    daysWithOpen: [...days.values()].filter((d) => d.open > 0).length,
    daysAllOpen,
  };
}

/** Date -> centers seen and centers open at least once, over tick samples (for daysAllOpen). */
export function centersByDay(
  samples: readonly TickSample[],
  centerId: string | undefined,
): Map<string, { seen: Set<string>; open: Set<string> }> {
  const byDay = new Map<string, { seen: Set<string>; open: Set<string> }>();
  for (const sample of samples) {
    const day = byDay.get(sample.date) ?? { seen: new Set<string>(), open: new Set<string>() };
    for (const [id, code] of Object.entries(sample.statuses)) {
      if (centerId !== undefined && id !== centerId) continue;
      day.seen.add(id);
      if (isOpenStatus(statusOfCode(code))) day.open.add(id);
    }
    byDay.set(sample.date, day);
  }
  return byDay;
}
