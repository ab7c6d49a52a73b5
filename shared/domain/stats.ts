import { stringify } from 'csv-stringify/sync';
import * as z from 'zod';
import { describe, type Principal } from './auth.ts';
import { COURSE_ORDER_ORIGINS, type CourseOrderOrigin } from './course-order.ts';
import { ForbiddenError, ValidationError } from './errors.ts';
import { COURSE_CATEGORIES, type CourseCategory } from './menus.ts';
import { RATINGS, type Rating } from './service-order.ts';
import { DEFAULT_TIME_ZONE } from './time-zone.ts';
import { isInSubtree, lineage } from './tree.ts';
import { wallClock } from './zoned-time.ts';

/**
 * The figures of a subtree (`GET /centers/{id}/stats`): counters that the events add to as they
 * happen, kept per day at the center where the event happened and at each of its ancestors, so
 * a district's figures over a year are one Query of its day buckets, never a scan of history.
 * See docs/stats.md.
 */

/** Where a course order came from (DOMAIN.md: residents' orders, township orders, college orders). */
/** The origins of a course order (course-order.ts), each a split of the courses figures. */
export const COURSE_ORIGINS = COURSE_ORDER_ORIGINS;
export type CourseOrigin = CourseOrderOrigin;

/** Ratings counted as satisfied in the satisfaction rate. */
export const SATISFIED_RATINGS: readonly Rating[] = ['very-satisfied', 'satisfied'];

/**
 * Day buckets are local dates in one time zone for the whole stack, so that the days of a
 * district and of its streets line up when they are summed or compared.
 */
export const STATS_TIME_ZONE = DEFAULT_TIME_ZONE;

/** The widest range one request sums: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
/** `from` when the request names none: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

export type Counter =
  | 'coursesDistributed'
  | 'peopleReached'
  | `coursesDistributed:${CourseOrigin | CourseCategory}`
  | `peopleReached:${CourseOrigin | CourseCategory}`
  | 'menusReceived'
  | 'menusAdopted'
  | 'servicesCompleted'
  | 'peopleServed'
  | 'bookings'
  | 'checkIns'
  | 'noShows'
  | `serviceRatings:${Rating}`
  | `courseRatings:${Rating}`
  | 'overdueOrders';

/** Every counter a day bucket may hold (an attribute of the bucket each). */
export const COUNTERS: readonly Counter[] = [
  'coursesDistributed',
  'peopleReached',
  ...COURSE_ORIGINS.flatMap((o) => [`coursesDistributed:${o}`, `peopleReached:${o}`] as const),
  ...COURSE_CATEGORIES.flatMap((c) => [`coursesDistributed:${c}`, `peopleReached:${c}`] as const),
  'menusReceived',
  'menusAdopted',
  'servicesCompleted',
  'peopleServed',
  'bookings',
  'checkIns',
  'noShows',
  ...RATINGS.map((r) => `serviceRatings:${r}` as const),
  ...RATINGS.map((r) => `courseRatings:${r}` as const),
  'overdueOrders',
];
const COUNTER_SET: ReadonlySet<string> = new Set(COUNTERS);

export function isCounter(name: string): name is Counter {
  return COUNTER_SET.has(name);
}

export type Counts = Partial<Record<Counter, number>>;

/** Something that happened at a center and adds to its figures. */
export type StatEvent =
  | {
      readonly kind: 'courseDelivered';
      readonly origin: CourseOrigin;
      readonly category: CourseCategory;
      readonly attendees: number;
    }
  | { readonly kind: 'courseRated'; readonly level: Rating }
  | { readonly kind: 'menuReceived' }
  | { readonly kind: 'menuAdopted' }
  | { readonly kind: 'serviceCompleted'; readonly peopleServed: number }
  | { readonly kind: 'serviceRated'; readonly level: Rating }
  | { readonly kind: 'bookingConfirmed' }
  | { readonly kind: 'checkedIn' }
  | { readonly kind: 'noShow' }
  | { readonly kind: 'orderOverdue' };

/** What one event adds to the counters. */
export function countsOf(event: StatEvent): Counts {
  switch (event.kind) {
    case 'courseDelivered': {
      const people = event.attendees;
      if (!Number.isInteger(people) || people < 0) {
        throw new ValidationError(`attendees must be a whole number of people, not ${people}`);
      }
      return {
        coursesDistributed: 1,
        peopleReached: people,
        [`coursesDistributed:${event.origin}`]: 1,
        [`peopleReached:${event.origin}`]: people,
        [`coursesDistributed:${event.category}`]: 1,
        [`peopleReached:${event.category}`]: people,
      };
    }
    case 'courseRated':
      return { [`courseRatings:${event.level}`]: 1 };
    case 'menuReceived':
      return { menusReceived: 1 };
    case 'menuAdopted':
      return { menusAdopted: 1 };
    case 'serviceCompleted':
      return { servicesCompleted: 1, peopleServed: event.peopleServed };
    case 'serviceRated':
      return { [`serviceRatings:${event.level}`]: 1 };
    case 'bookingConfirmed':
      return { bookings: 1 };
    case 'checkedIn':
      return { checkIns: 1 };
    case 'noShow':
      return { noShows: 1 };
    case 'orderOverdue':
      return { overdueOrders: 1 };
  }
}

/** Sums counts; zeros are dropped. */
export function sumCounts(all: Iterable<Counts>): Counts {
  const total: Counts = {};
  for (const counts of all) {
    for (const [name, value] of Object.entries(counts) as [Counter, number][]) {
      total[name] = (total[name] ?? 0) + value;
    }
  }
  for (const [name, value] of Object.entries(total) as [Counter, number][]) {
    if (value === 0) delete total[name];
  }
  return total;
}

/** `a` minus `b`, counter by counter. */
export function subtractCounts(a: Counts, b: Counts): Counts {
  const negated = Object.fromEntries(Object.entries(b).map(([name, value]) => [name, -value])) as Counts;
  return sumCounts([a, negated]);
}

/** The counters a stored bucket holds (its other attributes are keys and bookkeeping). */
export function countsOfBucket(item: Record<string, unknown>): Counts {
  const counts: Counts = {};
  for (const [name, value] of Object.entries(item)) {
    if (isCounter(name) && typeof value === 'number') counts[name] = value;
  }
  return counts;
}

// ---- which events a change of state makes ------------------------------------------------------

/**
 * A booking counts once when it holds its place confirmed (booked confirmed, approved, or
 * promoted from the waitlist), and again when it is checked in or marked a no-show.
 */
export function bookingEvents(
  before: { readonly status: string } | undefined,
  after: { readonly status: string },
) {
  const events: StatEvent[] = [];
  if (before?.status === after.status) return events;
  if (after.status === 'confirmed') events.push({ kind: 'bookingConfirmed' });
  if (after.status === 'checked-in') events.push({ kind: 'checkedIn' });
  if (after.status === 'no-show') events.push({ kind: 'noShow' });
  return events;
}

interface OrderFacts {
  readonly status: string;
  readonly overdue?: boolean;
  readonly rating?: { readonly level: Rating } | undefined;
  readonly peopleServed?: number;
}

/**
 * A service order counts when it is completed and when it is rated, at the center it is at
 * after the change (`after`); and when it first goes overdue, at the center that missed the time
 * limit (`before`: the sweep moves it one level up in the same change).
 */
export function orderEvents(
  before: OrderFacts,
  after: OrderFacts,
): { before: StatEvent[]; after: StatEvent[] } {
  const events: StatEvent[] = [];
  if (before.status !== 'completed' && after.status === 'completed') {
    events.push({ kind: 'serviceCompleted', peopleServed: after.peopleServed ?? 1 });
  }
  if (!before.rating && after.rating) events.push({ kind: 'serviceRated', level: after.rating.level });
  const overdue: StatEvent[] = !before.overdue && after.overdue ? [{ kind: 'orderOverdue' }] : [];
  return { before: overdue, after: events };
}

const ADOPTING = new Set(['adopted', 'adapted']);

/** Adopting a menu (as it is, or adapted) counts once per decision that takes it up. */
export function adoptionEvents(before: string, after: string): StatEvent[] {
  return !ADOPTING.has(before) && ADOPTING.has(after) ? [{ kind: 'menuAdopted' }] : [];
}

// ---- buckets ---------------------------------------------------------------------------------

/** The local date (YYYY-MM-DD) an instant's events are counted on. */
export function statDay(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new ValidationError(`not an instant: ${instant}`);
  return wallClock(ms, STATS_TIME_ZONE).date;
}

/**
 * Buckets per day of a center at `depth` in the tree (0 the root). Every event of a district
 * adds to the district's and the city's day, so those are spread over shards (summed when read)
 * and two transactions rarely touch the same item; a community sees few events and keeps one.
 */
export function shardsAt(depth: number): number {
  if (depth <= 1) return 8;
  if (depth === 2) return 4;
  return 1;
}

/** A stable shard in `0..count-1` from the id of what the event is about (FNV-1a). */
export function shardOf(seed: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

export interface BucketRef {
  readonly centerId: string;
  readonly day: string;
  readonly shard: number;
}

/**
 * The buckets an event at the center of `path` adds to: the center's and each ancestor's, on the
 * day of `at`, one shard each, chosen from `seed`.
 */
export function bucketsOf(path: string, at: string | number, seed: string): BucketRef[] {
  const day = statDay(at);
  return lineage(path).map((centerId, depth) => ({ centerId, day, shard: shardOf(seed, shardsAt(depth)) }));
}

/** A subtree's figures: staff of the center or of a center above it, and admins. */
export function assertCanReadStats(principal: Principal, centerPath: string): void {
  if (principal.kind === 'user' && principal.role === 'admin') return;
  if (principal.kind === 'user' && principal.role === 'staff' && principal.centerId) {
    if (isInSubtree(centerPath, principal.centerId)) return;
    throw new ForbiddenError(
      `staff of center ${principal.centerId} may only read the figures of its subtree`,
    );
  }
  throw new ForbiddenError(`${describe(principal)} may not read a center's figures; its staff may`);
}

// ---- the request -----------------------------------------------------------------------------

const LocalDate = z.iso.date().meta({ description: 'A local date (Asia/Shanghai), YYYY-MM-DD' });

export const StatsQuery = z
  .strictObject({
    from: LocalDate.optional().meta({
      description: `First day counted (default: ${DEFAULT_RANGE_DAYS - 1} days before to)`,
    }),
    to: LocalDate.optional().meta({ description: 'Last day counted, included (default: today)' }),
    groupBy: z
      .enum(['child'])
      .optional()
      .meta({ description: "child: the figures of each child's subtree too, and the center's own" }),
    format: z.enum(['json', 'csv']).default('json').meta({
      description:
        'csv: the same figures as one row per child (with groupBy), own and total, UTF-8 with a BOM',
    }),
  })
  .meta({ id: 'StatsQuery' });
export type StatsQuery = z.infer<typeof StatsQuery>;

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The range a request asks for, with its defaults; 400 when it is reversed or longer than a year. */
export function resolveRange(
  query: Pick<StatsQuery, 'from' | 'to'>,
  now: number,
): { from: string; to: string } {
  const to =
    query.to ??
    (query.from ? minDate(addDays(query.from, DEFAULT_RANGE_DAYS - 1), statDay(now)) : statDay(now));
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw ValidationError.field('from', `from ${from} is after to ${to}`);
  const days = daysBetween(from, to);
  if (days > MAX_RANGE_DAYS) {
    throw ValidationError.field('to', `the range is ${days} days; at most ${MAX_RANGE_DAYS} at once`);
  }
  return { from, to };
}

const minDate = (a: string, b: string) => (a < b ? a : b);

// ---- the figures -----------------------------------------------------------------------------

const n = (counts: Counts, name: Counter) => counts[name] ?? 0;
/** A share rounded to four decimals; null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

function satisfactionOf(counts: Counts, source: 'serviceRatings' | 'courseRatings' | 'both') {
  const byLevel = Object.fromEntries(
    RATINGS.map((level) => [
      level,
      source === 'both'
        ? n(counts, `serviceRatings:${level}`) + n(counts, `courseRatings:${level}`)
        : n(counts, `${source}:${level}`),
    ]),
  ) as Record<Rating, number>;
  const rated = RATINGS.reduce((sum, level) => sum + byLevel[level], 0);
  const satisfied = SATISFIED_RATINGS.reduce((sum, level) => sum + byLevel[level], 0);
  return { rated, satisfiedOrBetter: satisfied, rate: ratio(satisfied, rated), byLevel };
}

/** The figures of summed counters, as the API answers them. */
export function figuresOf(counts: Counts) {
  const courseSplit = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(
      keys.map((key) => [
        key,
        {
          distributed: n(counts, `coursesDistributed:${key}` as Counter),
          peopleReached: n(counts, `peopleReached:${key}` as Counter),
        },
      ]),
    ) as Record<K, { distributed: number; peopleReached: number }>;
  const services = satisfactionOf(counts, 'serviceRatings');
  const courses = satisfactionOf(counts, 'courseRatings');
  return {
    courses: {
      distributed: n(counts, 'coursesDistributed'),
      peopleReached: n(counts, 'peopleReached'),
      byOrigin: courseSplit(COURSE_ORIGINS),
      byCategory: courseSplit(COURSE_CATEGORIES),
    },
    menus: { received: n(counts, 'menusReceived'), adopted: n(counts, 'menusAdopted') },
    services: { completed: n(counts, 'servicesCompleted'), peopleServed: n(counts, 'peopleServed') },
    bookings: {
      confirmed: n(counts, 'bookings'),
      checkIns: n(counts, 'checkIns'),
      noShows: n(counts, 'noShows'),
    },
    satisfaction: {
      ...satisfactionOf(counts, 'both'),
      services: { rated: services.rated, rate: services.rate },
      courses: { rated: courses.rated, rate: courses.rate },
    },
    overdueOrders: n(counts, 'overdueOrders'),
  };
}
export type Figures = ReturnType<typeof figuresOf>;

/** The figures a share is given for: a child's part of the total. */
export const SHARED_FIGURES = [
  'coursesDistributed',
  'peopleReached',
  'servicesCompleted',
  'peopleServed',
  'bookings',
] as const satisfies readonly Counter[];

export function sharesOf(part: Counts, total: Counts) {
  return Object.fromEntries(
    SHARED_FIGURES.map((name) => [name, ratio(n(part, name), n(total, name))]),
  ) as Record<(typeof SHARED_FIGURES)[number], number | null>;
}

export interface CenterRef {
  readonly id: string;
  readonly name: string;
  readonly level: string;
}

export interface StatsInput {
  readonly center: CenterRef;
  readonly range: { readonly from: string; readonly to: string };
  readonly total: Counts;
  /** With groupBy=child: each child with its subtree's counts. */
  readonly children?: readonly { readonly center: CenterRef; readonly counts: Counts }[];
}

/** The answer of `GET /centers/{id}/stats`. */
export function statsAnswer(input: StatsInput) {
  const ref = (c: CenterRef) => ({ id: c.id, name: c.name, level: c.level });
  const base = {
    center: ref(input.center),
    from: input.range.from,
    to: input.range.to,
    timeZone: STATS_TIME_ZONE,
    figures: figuresOf(input.total),
  };
  if (!input.children) return base;
  const own = subtractCounts(input.total, sumCounts(input.children.map((c) => c.counts)));
  return {
    ...base,
    children: input.children.map((child) => ({
      center: ref(child.center),
      figures: figuresOf(child.counts),
      share: sharesOf(child.counts, input.total),
    })),
    own: { figures: figuresOf(own), share: sharesOf(own, input.total) },
  };
}
export type StatsAnswer = ReturnType<typeof statsAnswer>;

// ---- CSV -------------------------------------------------------------------------------------

type Row = { readonly row: 'child' | 'own' | 'total'; readonly center: CenterRef; readonly figures: Figures };

const csvColumns: readonly (readonly [string, (r: Row) => string | number | null])[] = [
  ['row', (r) => r.row],
  ['centerId', (r) => r.center.id],
  ['centerName', (r) => r.center.name],
  ['level', (r) => r.center.level],
  ['coursesDistributed', (r) => r.figures.courses.distributed],
  ['peopleReached', (r) => r.figures.courses.peopleReached],
  ...COURSE_ORIGINS.flatMap((o) => [
    [`coursesDistributed:${o}`, (r: Row) => r.figures.courses.byOrigin[o].distributed] as const,
    [`peopleReached:${o}`, (r: Row) => r.figures.courses.byOrigin[o].peopleReached] as const,
  ]),
  ...COURSE_CATEGORIES.flatMap((c) => [
    [`coursesDistributed:${c}`, (r: Row) => r.figures.courses.byCategory[c].distributed] as const,
    [`peopleReached:${c}`, (r: Row) => r.figures.courses.byCategory[c].peopleReached] as const,
  ]),
  ['menusReceived', (r) => r.figures.menus.received],
  ['menusAdopted', (r) => r.figures.menus.adopted],
  ['servicesCompleted', (r) => r.figures.services.completed],
  ['peopleServed', (r) => r.figures.services.peopleServed],
  ['bookings', (r) => r.figures.bookings.confirmed],
  ['checkIns', (r) => r.figures.bookings.checkIns],
  ['noShows', (r) => r.figures.bookings.noShows],
  ['rated', (r) => r.figures.satisfaction.rated],
  ['satisfiedOrBetter', (r) => r.figures.satisfaction.satisfiedOrBetter],
  ['satisfactionRate', (r) => r.figures.satisfaction.rate],
  ...RATINGS.map((level) => [`rating:${level}`, (r: Row) => r.figures.satisfaction.byLevel[level]] as const),
  ['overdueOrders', (r) => r.figures.overdueOrders],
];

/** The CSV columns, in order (the first row of the file). */
export const STATS_CSV_COLUMNS = ['from', 'to', ...csvColumns.map(([name]) => name)];

/** The rows of a stats answer as CSV cells: each child (with groupBy), the center's own, then the total. */
export function statsRows(answer: StatsAnswer): (string | number)[][] {
  const rows: Row[] = [];
  if ('children' in answer) {
    for (const child of answer.children)
      rows.push({ row: 'child', center: child.center, figures: child.figures });
    rows.push({ row: 'own', center: answer.center, figures: answer.own.figures });
  }
  rows.push({ row: 'total', center: answer.center, figures: answer.figures });
  return rows.map((row) => [answer.from, answer.to, ...csvColumns.map(([, cell]) => cell(row) ?? '')]);
}

/** The figures as CSV for spreadsheets: UTF-8 with a BOM (Excel and WPS need it), CRLF lines. */
export function statsToCsv(answer: StatsAnswer): string {
  return stringify(statsRows(answer), {
    bom: true,
    header: true,
    columns: STATS_CSV_COLUMNS,
    record_delimiter: 'windows',
  });
}
