import * as z from 'zod';
import { ConflictError, ValidationError } from './errors.ts';
import { type Menu, MenuContentSchema, type MenuKind } from './menus.ts';
import { Id, Instant, Text } from './schema-kit.ts';

/**
 * A center's copy of a menu pushed to it, and what the center made of it: new (just received),
 * adopted, declined (with a reason) or adapted (with its local changes). A new version replaces
 * the content and keeps the center's decision; an adaptation made on an older version is
 * flagged for review. A withdrawal marks the copy withdrawn, with the reason, and ends the
 * center's choices.
 */

export const COPY_STATES = ['new', 'adopted', 'declined', 'adapted'] as const;
export type CopyState = (typeof COPY_STATES)[number];

/** Fields a center may change locally, by kind of menu (never the kind, category or provider). */
const ADAPTABLE: Record<MenuKind, readonly string[]> = {
  course: ['title', 'lecturer', 'durationMinutes', 'mode', 'seats', 'audience'],
  service: ['title', 'description', 'eligibility'],
};

export const AdaptationChangesSchema = z
  .strictObject({
    title: Text(200).optional(),
    lecturer: Text(100).optional(),
    durationMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .optional(),
    mode: z.enum(['on-site', 'online']).optional(),
    seats: z.number().int().min(1).max(10_000).optional(),
    audience: Text(200).optional(),
    description: Text(2000, { multiline: true }).optional(),
    eligibility: Text(500).optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')
  .meta({
    id: 'MenuAdaptationChanges',
    description:
      'Local changes: for a course title, lecturer, durationMinutes, mode, seats, audience; for a service title, description, eligibility',
  });
export type AdaptationChanges = z.infer<typeof AdaptationChangesSchema>;

export const CopyDecisionSchema = z
  .discriminatedUnion('state', [
    z.strictObject({ state: z.literal('adopted') }),
    z.strictObject({ state: z.literal('declined'), reason: Text(500) }),
    z.strictObject({
      state: z.literal('adapted'),
      changes: AdaptationChangesSchema,
      note: Text(500).optional(),
    }),
  ])
  .meta({ id: 'MenuCopyDecision', description: 'What the center makes of the menu' });
export type CopyDecision = z.infer<typeof CopyDecisionSchema>;

export interface Adaptation {
  readonly changes: AdaptationChanges;
  readonly note?: string;
  /** The menu version the changes were made on. */
  readonly onVersion: number;
  readonly at: string;
  readonly by: string;
}

export interface MenuCopy {
  readonly menuId: string;
  readonly centerId: string;
  readonly kind: MenuKind;
  readonly publisherCenterId: string;
  readonly content: Menu['content'];
  /** Menu version of `content`. */
  readonly version: number;
  /** Last revision of the menu applied here: an older delivery arriving late changes nothing. */
  readonly revision: number;
  readonly state: CopyState;
  readonly declineReason?: string;
  readonly adaptation?: Adaptation;
  readonly withdrawn?: { readonly reason: string; readonly at: string };
  readonly receivedAt: string;
  readonly updatedAt: string;
  /** Optimistic lock of the center's decisions and the deliveries, echoed as ETag. */
  readonly copyVersion: number;
}

/**
 * The copy after revision `menu.revision` reaches `centerId`, or undefined when nothing changes:
 * the copy already has this revision or a later one, or a withdrawal finds no copy to mark.
 */
export function applyRevision(
  copy: MenuCopy | undefined,
  menu: Menu,
  centerId: string,
  now: string,
): MenuCopy | undefined {
  if (copy && copy.revision >= menu.revision) return undefined;
  if (menu.status === 'withdrawn') {
    if (!copy) return undefined;
    return {
      ...copy,
      revision: menu.revision,
      withdrawn: { reason: menu.withdrawal?.reason ?? 'withdrawn', at: menu.withdrawal?.at ?? now },
      updatedAt: now,
      copyVersion: copy.copyVersion + 1,
    };
  }
  if (!copy) {
    return {
      menuId: menu.id,
      centerId,
      kind: menu.kind,
      publisherCenterId: menu.publisherCenterId,
      content: menu.content,
      version: menu.version,
      revision: menu.revision,
      state: 'new',
      receivedAt: now,
      updatedAt: now,
      copyVersion: 1,
    };
  }
  return {
    ...copy,
    content: menu.content,
    version: menu.version,
    revision: menu.revision,
    updatedAt: now,
    copyVersion: copy.copyVersion + 1,
  };
}

/** An adaptation made on an older version than the copy now holds: the center should look again. */
export function needsReview(copy: Pick<MenuCopy, 'state' | 'adaptation' | 'version'>): boolean {
  return (
    copy.state === 'adapted' && copy.adaptation !== undefined && copy.adaptation.onVersion < copy.version
  );
}

/**
 * The center's decision on its copy. Any decision may follow any other (a center may change its
 * mind, and adapting again after a new version clears the review), except repeating `adopted`,
 * and nothing after a withdrawal.
 */
export function decide(copy: MenuCopy, decision: CopyDecision, by: string, now: string): MenuCopy {
  if (copy.withdrawn) {
    throw new ConflictError(`menu ${copy.menuId} was withdrawn: ${copy.withdrawn.reason}`);
  }
  const { declineReason: _reason, adaptation: _adaptation, ...rest } = copy;
  const base = { ...rest, updatedAt: now, copyVersion: copy.copyVersion + 1 };
  switch (decision.state) {
    case 'adopted':
      if (copy.state === 'adopted') throw new ConflictError(`menu ${copy.menuId} is already adopted here`);
      return { ...base, state: 'adopted' };
    case 'declined':
      return { ...base, state: 'declined', declineReason: decision.reason };
    case 'adapted': {
      const foreign = Object.keys(decision.changes).filter((field) => !ADAPTABLE[copy.kind].includes(field));
      if (foreign.length > 0) {
        throw new ValidationError(
          `a ${copy.kind} menu cannot adapt ${foreign.join(', ')}`,
          foreign.map((field) => ({
            field: `changes.${field}`,
            message: `is not a field of a ${copy.kind}`,
            in: 'body',
          })),
        );
      }
      return {
        ...base,
        state: 'adapted',
        adaptation: {
          changes: decision.changes,
          ...(decision.note ? { note: decision.note } : {}),
          onVersion: copy.version,
          at: now,
          by,
        },
      };
    }
  }
}

/** The content as the center runs it: the menu's, with the center's local changes on top. */
export function localContent(copy: Pick<MenuCopy, 'content' | 'state' | 'adaptation'>): Menu['content'] {
  if (copy.state !== 'adapted' || !copy.adaptation) return copy.content;
  return { ...copy.content, ...copy.adaptation.changes } as Menu['content'];
}

export const MenuCopySchema = z
  .object({
    menuId: Id,
    centerId: Id,
    kind: z.enum(['course', 'service']),
    publisherCenterId: Id,
    content: MenuContentSchema.meta({ description: 'The menu as published (its latest version)' }),
    localContent: MenuContentSchema.meta({ description: 'As the center runs it: with its local changes' }),
    version: z.number().int().min(1),
    state: z.enum(COPY_STATES),
    declineReason: z.string().optional(),
    adaptation: z
      .object({
        changes: z.record(z.string(), z.unknown()),
        note: z.string().optional(),
        onVersion: z.number().int().min(1),
        at: Instant,
        by: z.string(),
      })
      .optional(),
    reviewNeeded: z.boolean().meta({ description: 'Adapted on an older version: look at the new one' }),
    withdrawn: z
      .object({ reason: z.string(), at: Instant })
      .optional()
      .meta({ description: 'Present once the publisher withdrew the menu' }),
    receivedAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'MenuCopy', description: "A menu as a center received it, and the center's decision" });

export function publicCopy(copy: MenuCopy) {
  const { revision: _revision, copyVersion: _version, ...rest } = copy;
  return { ...rest, localContent: localContent(copy), reviewNeeded: needsReview(copy) };
}
