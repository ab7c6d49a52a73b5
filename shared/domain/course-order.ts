import * as z from 'zod';
import { ConflictError, type FieldProblem, ValidationError } from './errors.ts';
import { type Level, levelIndex } from './levels.ts';
import type { MenuCopy } from './menu-copy.ts';
import { localContent } from './menu-copy.ts';
import { CourseCategorySchema, type CourseContent } from './menus.ts';
import { Id, Instant, Version } from './schema-kit.ts';
import { RATINGS } from './service-order.ts';
import { lineage } from './tree.ts';

/**
 * Course-distribution orders: a course of a menu a center received, asked for by a resident at
 * their community (`resident`), ordered by a street or town for its communities (`township`), or
 * dispatched by the level that published it (`college`). The order goes to the providing center
 * (the publisher, or the center of the level the course names), which schedules it in a room of
 * the receiving center, delivers it and records the attendance; the ordering side rates it.
 * Every change is an entry in its history with who, when and why. See docs/course-orders.md.
 */

export const COURSE_ORDER_ORIGINS = ['resident', 'township', 'college'] as const;
export type CourseOrderOrigin = (typeof COURSE_ORDER_ORIGINS)[number];

/** In lifecycle order: lists without a status filter are grouped in this order. */
export const COURSE_ORDER_STATES = [
  'requested',
  'scheduled',
  'delivered',
  'rated',
  'cancelled',
  'declined',
] as const;
export type CourseOrderState = (typeof COURSE_ORDER_STATES)[number];

export const COURSE_ORDER_ACTIONS = ['request', 'schedule', 'deliver', 'rate', 'cancel', 'decline'] as const;
export type CourseOrderAction = (typeof COURSE_ORDER_ACTIONS)[number];
export type CourseTransition = Exclude<CourseOrderAction, 'request'>;

/** Which states each action may start from, and where it leads. */
export const COURSE_TRANSITIONS: Record<
  CourseTransition,
  { readonly from: readonly CourseOrderState[]; readonly to: CourseOrderState }
> = {
  schedule: { from: ['requested'], to: 'scheduled' },
  deliver: { from: ['scheduled'], to: 'delivered' },
  rate: { from: ['delivered'], to: 'rated' },
  cancel: { from: ['requested', 'scheduled'], to: 'cancelled' },
  decline: { from: ['requested'], to: 'declined' },
};

/** The level of center each origin orders at: a resident at a community, a township at a street. */
export const ORIGIN_LEVEL: Record<Exclude<CourseOrderOrigin, 'college'>, Level> = {
  resident: 'community',
  township: 'street',
};

/** Residents named in an attendance record, at most. */
export const MAX_CHECKED_IN = 500;

export const CourseOrderHistoryEntrySchema = z
  .object({
    at: Instant,
    action: z.enum(COURSE_ORDER_ACTIONS),
    by: z.string().meta({ description: 'Who: `resident <sub>`, `staff <sub>`, `admin <sub>`' }),
    from: z.enum(COURSE_ORDER_STATES).nullable(),
    to: z.enum(COURSE_ORDER_STATES),
    note: z.string().optional().meta({ description: 'Why: a reason, the slot booked, a comment' }),
  })
  .meta({ id: 'CourseOrderHistoryEntry' });
export type CourseOrderHistoryEntry = z.infer<typeof CourseOrderHistoryEntrySchema>;

export const CourseSnapshotSchema = z
  .object({
    title: z.string(),
    category: CourseCategorySchema,
    lecturer: z.string(),
    durationMinutes: z.number().int(),
    mode: z.enum(['on-site', 'online']),
    seats: z.number().int(),
    audience: z.string(),
  })
  .meta({
    id: 'CourseOrderCourse',
    description: 'The course as the ordering center runs it (its local changes included) when ordered',
  });
export type CourseSnapshot = z.infer<typeof CourseSnapshotSchema>;

export const CourseOrderSchema = z
  .object({
    id: Id,
    menuId: Id,
    menuVersion: z.number().int().min(1).meta({ description: 'The menu version the course was ordered on' }),
    course: CourseSnapshotSchema,
    origin: z.enum(COURSE_ORDER_ORIGINS),
    centerId: Id.meta({
      description: 'The receiving center: it received the menu, the course is held there (its room)',
    }),
    providerCenterId: Id.meta({ description: 'The center that gives the course: schedules and delivers it' }),
    residentSub: z.string().optional().meta({ description: 'origin resident: who asked for it' }),
    note: z.string().optional(),
    status: z.enum(COURSE_ORDER_STATES),
    schedule: z
      .object({
        start: Instant,
        end: Instant,
        lecturer: z.string(),
        roomId: Id.optional().meta({ description: 'The room of the receiving center it is booked in' }),
        roomName: z.string().optional(),
      })
      .optional(),
    attendance: z
      .object({
        headcount: z.number().int().min(0),
        checkedIn: z.array(z.string()).optional().meta({ description: 'Residents who checked in' }),
        recordedAt: Instant,
      })
      .optional(),
    rating: z.object({ level: z.enum(RATINGS), comment: z.string().optional(), at: Instant }).optional(),
    reason: z.string().optional().meta({ description: 'Why it was cancelled or declined' }),
    createdAt: Instant,
    updatedAt: Instant,
    version: Version,
    history: z.array(CourseOrderHistoryEntrySchema),
  })
  .meta({ id: 'CourseOrder' });
export type CourseOrder = z.infer<typeof CourseOrderSchema>;

/** The room cells a scheduled order holds, so that a cancellation gives back exactly those. */
export interface RoomHold {
  readonly roomId: string;
  /** Starts (UTC ISO) of the room's 15-minute cells taken. */
  readonly cells: readonly string[];
  /** What a cell's counter starts from when this order is its first taker. */
  readonly cellCapacity: number;
  /** Taken from each cell: the whole room. */
  readonly take: number;
}

/** An order as stored: the public order plus the paths the rules and indexes need. */
export type StoredCourseOrder = CourseOrder & {
  readonly centerPath: string;
  readonly providerPath: string;
  /** The sub of whoever placed it: their `GET /me/course-orders`. */
  readonly placedBySub: string;
  readonly hold?: RoomHold;
};

const INTERNAL = ['centerPath', 'providerPath', 'placedBySub', 'hold'] as const;

export function publicCourseOrder(order: StoredCourseOrder): CourseOrder {
  const copy: Record<string, unknown> = { ...order };
  for (const field of INTERNAL) delete copy[field];
  return copy as CourseOrder;
}

// ---- placing an order ----------------------------------------------------------------------

export interface CenterRef {
  readonly id: string;
  readonly path: string;
  readonly level: Level;
  readonly status: string;
}

/**
 * The center that gives a course ordered at `center`: when the course names a provider level,
 * the center of that level on the way from the ordering center up (the ordering center itself if
 * it is of that level), provided it is within the publisher's subtree; the publisher otherwise.
 * Read off the path: a child is exactly one level below its parent.
 */
export function providerIdOf(
  center: Pick<CenterRef, 'path' | 'level'>,
  publisherCenterId: string,
  providerLevel: Level | undefined,
): string {
  if (!providerLevel) return publisherCenterId;
  const ids = lineage(center.path);
  const up = levelIndex(center.level) - levelIndex(providerLevel);
  if (up < 0 || up >= ids.length) return publisherCenterId;
  const candidate = ids[ids.length - 1 - up]!;
  const publisherAt = ids.indexOf(publisherCenterId);
  return publisherAt >= 0 && ids.indexOf(candidate) >= publisherAt ? candidate : publisherCenterId;
}

export interface PlaceInput {
  readonly id: string;
  readonly origin: CourseOrderOrigin;
  readonly center: CenterRef;
  /** The receiving center's copy of the menu, if it has one. */
  readonly copy: MenuCopy | undefined;
  readonly menuId: string;
  readonly provider: { readonly id: string; readonly path: string } | undefined;
  readonly placedBy: { readonly sub: string; readonly by: string };
  readonly note?: string;
  readonly at: string;
}

/** The provider a new order goes to, or undefined when the copy says nothing can be ordered. */
export function providerOfCopy(copy: MenuCopy, center: CenterRef): string | undefined {
  if (copy.kind !== 'course') return undefined;
  const content = localContent(copy) as CourseContent;
  return providerIdOf(center, copy.publisherCenterId, content.providerLevel);
}

/**
 * What may not be ordered, each on its field: a center that is not active or not of the origin's
 * level, a menu the center never received or that is not a course menu. Empty when it may.
 */
export function placementProblems(
  input: Pick<PlaceInput, 'origin' | 'center' | 'copy' | 'menuId'>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message, in: 'body' });
  const { center, copy, origin } = input;
  if (center.status !== 'active') add('centerId', `center ${center.id} is ${center.status}`);
  if (origin !== 'college' && center.level !== ORIGIN_LEVEL[origin]) {
    add(
      'centerId',
      `a ${origin} order is placed at a ${ORIGIN_LEVEL[origin]}-level center; ${center.id} is ${center.level}`,
    );
  }
  if (!copy) add('menuId', `center ${center.id} has not received menu ${input.menuId}`);
  else if (copy.kind !== 'course')
    add('menuId', `menu ${input.menuId} is a ${copy.kind} menu, not a course menu`);
  return problems;
}

/** Throws the 409 of a copy that was declined or withdrawn: nothing of it may be ordered there. */
export function assertCopyOrderable(copy: MenuCopy): void {
  if (copy.withdrawn) {
    throw new ConflictError(`menu ${copy.menuId} was withdrawn: ${copy.withdrawn.reason}`, {
      reason: 'withdrawn',
    });
  }
  if (copy.state === 'declined') {
    throw new ConflictError(`center ${copy.centerId} declined menu ${copy.menuId}: ${copy.declineReason}`, {
      reason: 'declined',
    });
  }
}

/** A new order, status requested. Checks everything first: 400 with every problem, 409 for the copy. */
export function placeCourseOrder(input: PlaceInput): StoredCourseOrder {
  const problems = placementProblems(input);
  if (problems.length > 0) {
    throw new ValidationError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  const copy = input.copy as MenuCopy;
  assertCopyOrderable(copy);
  if (!input.provider) throw new ValidationError(`the provider of menu ${copy.menuId} does not exist`);
  const content = localContent(copy) as CourseContent;
  const { kind: _kind, providerLevel: _level, ...course } = content;
  return {
    id: input.id,
    menuId: copy.menuId,
    menuVersion: copy.version,
    course,
    origin: input.origin,
    centerId: input.center.id,
    providerCenterId: input.provider.id,
    ...(input.origin === 'resident' ? { residentSub: input.placedBy.sub } : {}),
    ...(input.note ? { note: input.note } : {}),
    status: 'requested',
    createdAt: input.at,
    updatedAt: input.at,
    version: 1,
    history: [
      {
        at: input.at,
        action: 'request',
        by: input.placedBy.by,
        from: null,
        to: 'requested',
        ...(input.note ? { note: input.note } : {}),
      },
    ],
    centerPath: input.center.path,
    providerPath: input.provider.path,
    placedBySub: input.placedBy.sub,
  };
}

// ---- the lifecycle -------------------------------------------------------------------------

/**
 * The 409 of an action the order's status does not allow, saying what the order is now; checked
 * before anything else is looked up for the action (a room, its rules), so the answer is about
 * the order.
 */
export function assertTransitionAllowed(
  order: Pick<CourseOrder, 'status'>,
  action: CourseTransition,
): (typeof COURSE_TRANSITIONS)[CourseTransition] {
  const rule = COURSE_TRANSITIONS[action];
  if (!rule.from.includes(order.status)) {
    throw new ConflictError(`cannot ${action} a course order that is ${order.status}`, {
      orderStatus: order.status,
      allowedFrom: rule.from,
    });
  }
  return rule;
}

export interface CourseChange {
  readonly action: CourseTransition;
  readonly by: string;
  readonly at: string;
  readonly note?: string;
}

/**
 * Applies `change` if the order's status allows it, else a 409 that says what the order is now.
 * The next order has version + 1 and the history entry; the store writes it on the condition
 * that the stored order is still at `order`'s version and status.
 */
export function applyCourseChange(
  order: StoredCourseOrder,
  change: CourseChange,
  patch: Partial<StoredCourseOrder> = {},
): StoredCourseOrder {
  const rule = assertTransitionAllowed(order, change.action);
  return {
    ...order,
    ...patch,
    status: rule.to,
    updatedAt: change.at,
    version: order.version + 1,
    history: [
      ...order.history,
      {
        at: change.at,
        action: change.action,
        by: change.by,
        from: order.status,
        to: rule.to,
        ...(change.note ? { note: change.note } : {}),
      },
    ],
  };
}

export interface SchedulePlan {
  readonly start: string;
  readonly end: string;
  readonly lecturer: string;
  readonly room?: { readonly id: string; readonly name: string };
  readonly hold?: RoomHold;
}

/**
 * Scheduled: the slot, the lecturer (the course's unless another is named) and, for an on-site
 * course, the room of the receiving center with the cells it holds.
 */
export function scheduleCourseOrder(
  order: StoredCourseOrder,
  plan: SchedulePlan,
  by: string,
  at: string,
  note?: string,
): StoredCourseOrder {
  assertTransitionAllowed(order, 'schedule');
  if (order.course.mode === 'on-site' && !plan.room) {
    throw ValidationError.field('roomId', 'an on-site course needs a room of the receiving center');
  }
  const where = plan.room ? ` in ${plan.room.name} (${plan.room.id})` : ' online';
  return applyCourseChange(
    order,
    {
      action: 'schedule',
      by,
      at,
      note: [`${plan.start} to ${plan.end}${where}, lecturer ${plan.lecturer}`, note]
        .filter(Boolean)
        .join('; '),
    },
    {
      schedule: {
        start: plan.start,
        end: plan.end,
        lecturer: plan.lecturer,
        ...(plan.room ? { roomId: plan.room.id, roomName: plan.room.name } : {}),
      },
      ...(plan.hold ? { hold: plan.hold } : {}),
    },
  );
}

/** The end of a session starting at `start` when the scheduler names none: the course's duration. */
export function sessionEnd(start: string, durationMinutes: number): string {
  return new Date(Date.parse(start) + durationMinutes * 60_000).toISOString();
}

export interface Attendance {
  readonly headcount: number;
  readonly checkedIn?: readonly string[];
}

/**
 * Delivered, with the attendance: the headcount, and optionally who checked in (no one twice,
 * and never more names than people counted).
 */
export function deliverCourseOrder(
  order: StoredCourseOrder,
  attendance: Attendance,
  by: string,
  at: string,
  note?: string,
): StoredCourseOrder {
  const names = attendance.checkedIn ?? [];
  if (new Set(names).size !== names.length) {
    throw ValidationError.field('checkedIn', 'names a resident more than once');
  }
  if (names.length > attendance.headcount) {
    throw ValidationError.field(
      'checkedIn',
      `names ${names.length} residents but the headcount is ${attendance.headcount}`,
    );
  }
  return applyCourseChange(
    order,
    {
      action: 'deliver',
      by,
      at,
      note: [`${attendance.headcount} attended`, note].filter(Boolean).join('; '),
    },
    {
      attendance: {
        headcount: attendance.headcount,
        ...(names.length > 0 ? { checkedIn: [...names] } : {}),
        recordedAt: at,
      },
    },
  );
}

/** Cancelled (by the ordering side) or declined (by the provider), with the reason; a room held is given back by the store. */
export function endCourseOrder(
  order: StoredCourseOrder,
  action: 'cancel' | 'decline',
  reason: string,
  by: string,
  at: string,
): StoredCourseOrder {
  return applyCourseChange(order, { action, by, at, note: reason }, { reason });
}

export function rateCourseOrder(
  order: StoredCourseOrder,
  rating: { readonly level: (typeof RATINGS)[number]; readonly comment?: string },
  by: string,
  at: string,
): StoredCourseOrder {
  return applyCourseChange(
    order,
    { action: 'rate', by, at, note: [rating.level, rating.comment].filter(Boolean).join(': ') },
    { rating: { level: rating.level, ...(rating.comment ? { comment: rating.comment } : {}), at } },
  );
}

/** The sort position of a status in the lists (lifecycle order), two digits. */
export function stateRank(status: CourseOrderState): string {
  return String(COURSE_ORDER_STATES.indexOf(status)).padStart(2, '0');
}
