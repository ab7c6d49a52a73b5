import * as z from 'zod';
import { ConflictError, ValidationError } from './errors.ts';
import { LEVELS, type Level, levelIndex } from './levels.ts';
import { Id, Instant, Text, Version } from './schema-kit.ts';
import { ServiceCode } from './services.ts';
import { CENTER_KINDS, type CenterKind } from './vocabulary.ts';

/**
 * Menus an upper level designs and pushes down its subtree: a course menu (the governance
 * college's courses) or a service menu (projects of district organs). A menu is published,
 * may get new versions, and may be withdrawn; each of these is a revision that one fan-out
 * carries to every center of the menu's scope. See docs/menus.md.
 */

/** The four categories of the "golden course" menu (DOMAIN.md). */
export const COURSE_CATEGORIES = [
  'empowerment-quality',
  'innovation-integration',
  'cohesion-empowerment',
  'problem-solving',
] as const;
export type CourseCategory = (typeof COURSE_CATEGORIES)[number];

export const MENU_KINDS = ['course', 'service'] as const;
export type MenuKind = (typeof MENU_KINDS)[number];

export const CourseCategorySchema = z.enum(COURSE_CATEGORIES).meta({
  id: 'CourseCategory',
  description:
    'empowerment and quality improvement, innovation and integration, cohesion and empowerment, problem-solving practice',
});

export const CourseContentSchema = z
  .strictObject({
    kind: z.literal('course'),
    title: Text(200),
    category: CourseCategorySchema,
    lecturer: Text(100),
    durationMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .meta({ description: 'Length of one session' }),
    mode: z.enum(['on-site', 'online']),
    seats: z.number().int().min(1).max(10_000).meta({ description: 'Places per session' }),
    audience: Text(200).meta({ description: 'Who the course is for', example: 'Party branch secretaries' }),
    providerLevel: z.enum(LEVELS).optional().meta({
      description:
        'Course orders go to the center of this level above (or at) the ordering center, within the publisher subtree; to the publisher when absent',
    }),
  })
  .meta({ id: 'CourseMenuContent', description: 'A course of a course menu' });

export const ServiceContentSchema = z
  .strictObject({
    kind: z.literal('service'),
    title: Text(200),
    provider: Text(200).meta({
      description: 'The organisation providing it',
      example: 'District justice bureau',
    }),
    description: Text(2000, { multiline: true }),
    eligibility: Text(500).meta({ description: 'Who may use it', example: 'Residents over 60' }),
    serviceCode: ServiceCode.optional().meta({ description: 'The catalog service it maps to, if any' }),
  })
  .meta({ id: 'ServiceMenuContent', description: 'A service project of a service menu' });

export const MenuContentSchema = z
  .discriminatedUnion('kind', [CourseContentSchema, ServiceContentSchema])
  .meta({ id: 'MenuContent' });
export type MenuContent = z.infer<typeof MenuContentSchema>;
export type CourseContent = z.infer<typeof CourseContentSchema>;

export const MenuScopeSchema = z
  .strictObject({
    levels: z
      .array(z.enum(LEVELS))
      .min(1)
      .max(LEVELS.length)
      .optional()
      .meta({ description: 'Only centers of these levels (below the publisher); all levels when absent' }),
    kinds: z.array(z.enum(CENTER_KINDS)).min(1).max(CENTER_KINDS.length).optional().meta({
      description:
        'Only community-level centers of these kinds (e.g. post-station, business-district); every kind when absent',
    }),
  })
  .meta({
    id: 'MenuScope',
    description: 'Which centers below the publisher receive it; {} is the whole subtree',
  });
export type MenuScope = z.infer<typeof MenuScopeSchema>;

export const PushMenuSchema = z
  .strictObject({
    content: MenuContentSchema,
    scope: MenuScopeSchema.default({}),
    targetDistricts: z
      .array(z.string().regex(/^\d{6}$/, 'must be a district code of 6 digits'))
      .min(1)
      .max(50)
      .optional()
      .meta({ description: 'City stacks only: the registered districts to push it to (see docs/menus.md)' }),
  })
  .meta({ id: 'PushMenu' });
export type PushMenu = z.infer<typeof PushMenuSchema>;

export const UpdateMenuSchema = z
  .strictObject({ content: MenuContentSchema })
  .meta({ id: 'UpdateMenu', description: 'A new version of the content; its kind cannot change' });

export const WithdrawMenuSchema = z
  .strictObject({ reason: Text(500) })
  .meta({ id: 'WithdrawMenu', description: 'Why it is withdrawn; every center that has it is told' });

export const MENU_STATUSES = ['published', 'withdrawn'] as const;
export type MenuStatus = (typeof MENU_STATUSES)[number];

/** What one revision does at the centers: publish a version, or withdraw the menu. */
export const REVISION_ACTIONS = ['publish', 'withdraw'] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

export interface Menu {
  readonly id: string;
  readonly kind: MenuKind;
  readonly publisherCenterId: string;
  /** Materialized path of the publisher: its subtree is where the menu goes. */
  readonly publisherPath: string;
  readonly content: MenuContent;
  readonly scope: MenuScope;
  readonly status: MenuStatus;
  /** Content version: 1 when published, one more for each new version. */
  readonly version: number;
  /** Every change the centers must hear of (publish, new version, withdraw): one fan-out each. */
  readonly revision: number;
  readonly withdrawal?: { readonly reason: string; readonly at: string; readonly by: string };
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function newMenu(
  id: string,
  publisher: { readonly id: string; readonly path: string },
  push: Pick<PushMenu, 'content' | 'scope'>,
  by: string,
  now: string,
): Menu {
  return {
    id,
    kind: push.content.kind,
    publisherCenterId: publisher.id,
    publisherPath: publisher.path,
    content: push.content,
    scope: push.scope,
    status: 'published',
    version: 1,
    revision: 1,
    createdBy: by,
    createdAt: now,
    updatedAt: now,
  };
}

/** A new version: same kind, one more version and revision; a withdrawn menu is not revised. */
export function reviseMenu(menu: Menu, content: MenuContent, now: string): Menu {
  if (menu.status === 'withdrawn') throw new ConflictError(`menu ${menu.id} is withdrawn`);
  if (content.kind !== menu.kind) {
    throw ValidationError.field('content.kind', `must stay ${menu.kind}: a menu cannot change its kind`);
  }
  return { ...menu, content, version: menu.version + 1, revision: menu.revision + 1, updatedAt: now };
}

export function withdrawMenu(menu: Menu, reason: string, by: string, now: string): Menu {
  if (menu.status === 'withdrawn') throw new ConflictError(`menu ${menu.id} is already withdrawn`);
  return {
    ...menu,
    status: 'withdrawn',
    revision: menu.revision + 1,
    withdrawal: { reason, at: now, by },
    updatedAt: now,
  };
}

/** What the revision of `menu` does at the centers. */
export function actionOf(menu: Pick<Menu, 'status'>): RevisionAction {
  return menu.status === 'withdrawn' ? 'withdraw' : 'publish';
}

/** The part of a center the scope looks at. */
export interface ScopeCandidate {
  readonly id: string;
  readonly path: string;
  readonly level: Level;
  readonly kind?: CenterKind | undefined;
}

/**
 * Whether a center receives a menu published at `publisherPath` with `scope`: strictly below the
 * publisher, of one of the scope's levels, and (when kinds are named) a community-level center of
 * one of those kinds.
 */
export function inScope(scope: MenuScope, publisherPath: string, center: ScopeCandidate): boolean {
  if (center.path === publisherPath || !center.path.startsWith(publisherPath)) return false;
  if (scope.levels && !scope.levels.includes(center.level)) return false;
  if (scope.kinds)
    return center.level === 'community' && center.kind !== undefined && scope.kinds.includes(center.kind);
  return true;
}

/**
 * A scope that can reach nobody below a publisher of `publisherLevel` (only levels at or above
 * it, or kinds while community is left out) is the caller's mistake, said before anything is stored.
 */
export function assertScopeReachesBelow(scope: MenuScope, publisherLevel: Level): void {
  const below = LEVELS.filter((level) => levelIndex(level) > levelIndex(publisherLevel));
  const levels = scope.levels ?? below;
  if (!levels.some((level) => below.includes(level))) {
    throw ValidationError.field('scope.levels', `must name a level below ${publisherLevel}`);
  }
  if (scope.kinds && !levels.includes('community')) {
    throw ValidationError.field(
      'scope.kinds',
      'kinds are of community-level centers: include community in levels',
    );
  }
}

// ---- delivery progress ----------------------------------------------------------------------

/** One center a revision could not reach, and why. */
export interface DeliveryFailure {
  readonly centerId: string;
  readonly reason: string;
  readonly at: string;
}

/** The fan-out of one revision: counted when pushed, advanced by the coordinator and the deliveries. */
export interface FanOut {
  readonly menuId: string;
  readonly revision: number;
  readonly action: RevisionAction;
  /** Centers of the scope in the registry when the revision was pushed. */
  readonly expected: number;
  /** Deliveries the coordinator has queued so far. */
  readonly enqueued: number;
  /** The coordinator has paged through the whole subtree. */
  readonly enqueuedAll: boolean;
  readonly delivered: number;
  readonly failed: number;
  readonly startedAt: string;
  readonly lastProgressAt: string;
}

export function newFanOut(menu: Menu, expected: number, now: string): FanOut {
  return {
    menuId: menu.id,
    revision: menu.revision,
    action: actionOf(menu),
    expected,
    enqueued: 0,
    enqueuedAll: false,
    delivered: 0,
    failed: 0,
    startedAt: now,
    lastProgressAt: now,
  };
}

/**
 * Done when every queued delivery has an outcome and the coordinator queued them all: the count
 * queued is what is known to be owed (the registry may have changed since the push was counted).
 */
export function isFanOutDone(
  fanOut: Pick<FanOut, 'enqueued' | 'enqueuedAll' | 'delivered' | 'failed'>,
): boolean {
  return fanOut.enqueuedAll && fanOut.delivered + fanOut.failed >= fanOut.enqueued;
}

/** Time a coordinator keeps in hand to record its progress before its invocation ends. */
const FAN_OUT_RESERVE_MS = 5_000;

/** Whether there is time for one more page of the subtree, given the slowest page so far. */
export function hasTimeForPage(remainingMs: number, slowestPageMs: number): boolean {
  return remainingMs >= FAN_OUT_RESERVE_MS + 2 * slowestPageMs;
}

export const DeliveryFailureSchema = z
  .object({ centerId: Id, reason: z.string(), at: Instant })
  .meta({ id: 'MenuDeliveryFailure' });

export const FanOutProgressSchema = z
  .object({
    revision: z.number().int().min(1),
    action: z.enum(REVISION_ACTIONS),
    expected: z.number().int().min(0).meta({ description: 'Centers in scope in the registry at push time' }),
    enqueued: z.number().int().min(0).meta({ description: 'Deliveries queued so far' }),
    delivered: z.number().int().min(0),
    failed: z.number().int().min(0),
    failures: z
      .array(DeliveryFailureSchema)
      .meta({ description: 'The first 100 centers not reached, with why' }),
    done: z.boolean().meta({ description: 'Every queued delivery has an outcome and all were queued' }),
    startedAt: Instant,
    lastProgressAt: Instant,
  })
  .meta({
    id: 'MenuFanOutProgress',
    description: 'Progress of the revision that is going out (or went out last)',
  });

export const MenuSchema = z
  .object({
    id: Id,
    kind: z.enum(MENU_KINDS),
    publisherCenterId: Id,
    content: MenuContentSchema,
    scope: MenuScopeSchema,
    status: z.enum(MENU_STATUSES),
    version: Version,
    revision: z.number().int().min(1).meta({ description: 'Publishes, versions and withdrawal so far' }),
    withdrawal: z.object({ reason: z.string(), at: Instant, by: z.string() }).optional(),
    createdBy: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Menu' });

export const MenuWithProgressSchema = MenuSchema.extend({
  progress: FanOutProgressSchema,
  districts: z
    .array(
      z.object({
        district: z.string(),
        status: z.enum(['pending', 'accepted', 'failed']).meta({
          description:
            'pending: being sent; accepted: the district took the latest revision; failed: it could not',
        }),
        revision: z.number().int().min(1).meta({ description: 'The revision being sent (or last sent)' }),
        attempts: z.number().int().min(0),
        remoteMenuId: z.string().optional().meta({ description: 'The menu id in the district stack' }),
        expected: z
          .number()
          .int()
          .min(0)
          .optional()
          .meta({ description: 'Centers in scope there, as it answered' }),
        lastError: z.string().optional(),
        updatedAt: Instant,
        progress: z
          .object({
            expected: z.number().int().min(0),
            delivered: z.number().int().min(0),
            failed: z.number().int().min(0),
            done: z.boolean(),
          })
          .optional()
          .meta({ description: "The district's own delivery progress, read from its API with this answer" }),
        progressError: z
          .string()
          .optional()
          .meta({ description: 'Why the district progress could not be read now' }),
      }),
    )
    .optional()
    .meta({ description: 'City stacks: the menu at each target district (see docs/menus.md)' }),
}).meta({ id: 'MenuWithProgress' });

export const MenuAcceptedSchema = z
  .object({
    menuId: Id,
    revision: z.number().int().min(1),
    fanOutId: z
      .string()
      .meta({ description: 'The menu id and revision, `<menuId>@<revision>`', example: 'mn-0abc@1' }),
    expected: z.number().int().min(0),
    status: z.enum(MENU_STATUSES),
  })
  .meta({ id: 'MenuAccepted', description: 'Accepted: the fan-out runs; follow Location for progress' });

/** A city menu at one of its districts. */
export interface DistrictSend {
  readonly menuId: string;
  readonly district: string;
  readonly status: 'pending' | 'accepted' | 'failed';
  readonly revision: number;
  /** The last revision the district accepted. */
  readonly sentRevision: number;
  readonly attempts: number;
  readonly remoteMenuId?: string;
  readonly expected?: number;
  readonly lastError?: string;
  readonly updatedAt: string;
}

export function newDistrictSend(menu: Menu, district: string, now: string): DistrictSend {
  return {
    menuId: menu.id,
    district,
    status: 'pending',
    revision: menu.revision,
    sentRevision: 0,
    attempts: 0,
    updatedAt: now,
  };
}

export function publicDistrictSend(send: DistrictSend) {
  const { menuId: _menuId, sentRevision: _sent, ...rest } = send;
  return rest;
}

export function fanOutId(menuId: string, revision: number): string {
  return `${menuId}@${revision}`;
}

export function publicMenu(menu: Menu) {
  const { publisherPath: _path, ...rest } = menu;
  return rest;
}

export const MenuParams = z.strictObject({ id: Id });
export const CenterMenuParams = z.strictObject({ id: Id, menuId: Id });
export const PageOfMenusQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Page size, 1-100' }),
  cursor: z.string().max(2048).optional().meta({ description: 'Opaque cursor from the previous page' }),
  state: z
    .enum(['new', 'adopted', 'declined', 'adapted'])
    .optional()
    .meta({ description: 'Only copies in this state (filters within the page)' }),
});

/** For OpenAPI examples and tests. */
export const EXAMPLE_COURSE: CourseContent = {
  kind: 'course',
  title: 'Running a residents’ council',
  category: 'problem-solving',
  lecturer: 'Wang Li',
  durationMinutes: 90,
  mode: 'on-site',
  seats: 40,
  audience: 'Community workers',
};
