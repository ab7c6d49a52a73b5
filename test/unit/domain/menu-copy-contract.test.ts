import { describe, expect, it } from 'vitest';
import {
  AdaptationChangesSchema,
  applyRevision,
  CopyDecisionSchema,
  decide,
  type MenuCopy,
  MenuCopySchema,
  publicCopy,
} from '../../../shared/domain/menu-copy.ts';
import {
  EXAMPLE_COURSE,
  type Menu,
  newMenu,
  reviseMenu,
  withdrawMenu,
} from '../../../shared/domain/menus.ts';

/** A center's copy as docs/menus.md and docs/api.md#menus describe it: the decision body and the answer. */

const T1 = '2026-03-02T09:00:00+08:00';
const T2 = '2026-03-03T09:00:00+08:00';
const T3 = '2026-03-04T09:00:00+08:00';
const v1: Menu = newMenu(
  'mn-1',
  { id: 'c-bs', path: '/c-bs/' },
  { content: EXAMPLE_COURSE, scope: {} },
  'staff s',
  T1,
);
const received = (): MenuCopy => applyRevision(undefined, v1, 'c-a', T1)!;
const accepts = (changes: Record<string, unknown>) => AdaptationChangesSchema.safeParse(changes).success;

describe('the local changes of an adaptation', () => {
  it('keep a course between 5 minutes and a day a session, with at least one place', () => {
    expect(accepts({ durationMinutes: 5 })).toBe(true);
    expect(accepts({ durationMinutes: 1440 })).toBe(true);
    expect(accepts({ durationMinutes: 4 })).toBe(false);
    expect(accepts({ durationMinutes: 1441 })).toBe(false);
    expect(accepts({ seats: 1 })).toBe(true);
    expect(accepts({ seats: 0 })).toBe(false);
  });

  it('run a course on site or online, nothing else', () => {
    expect(accepts({ mode: 'online' })).toBe(true);
    expect(accepts({ mode: 'on-site' })).toBe(true);
    expect(accepts({ mode: 'hybrid' })).toBe(false);
  });

  it('take a service description over several lines, and refuse blank text', () => {
    expect(accepts({ description: 'Tuesdays.\nBring your documents.' })).toBe(true);
    for (const field of ['title', 'lecturer', 'audience', 'description', 'eligibility'])
      expect(accepts({ [field]: '  ' }), field).toBe(false);
  });

  it('change at least one field, and only fields of a menu', () => {
    const none = AdaptationChangesSchema.safeParse({});
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toBe('must change at least one field');
    expect(accepts({ category: 'problem-solving' })).toBe(false);
  });
});

describe('a decision', () => {
  it('is one of adopted, declined with a reason, or adapted with changes and an optional note', () => {
    expect(CopyDecisionSchema.safeParse({ state: 'adopted' }).success).toBe(true);
    expect(CopyDecisionSchema.safeParse({ state: 'declined', reason: 'no hall that size' }).success).toBe(
      true,
    );
    expect(CopyDecisionSchema.safeParse({ state: 'adapted', changes: { seats: 20 } }).success).toBe(true);
    expect(
      CopyDecisionSchema.safeParse({ state: 'adapted', changes: { seats: 20 }, note: 'our hall seats 20' })
        .success,
    ).toBe(true);
    expect(
      CopyDecisionSchema.safeParse({ state: 'adapted', changes: { seats: 20 }, note: ' ' }).success,
    ).toBe(false);
    expect(CopyDecisionSchema.safeParse({ state: 'adopted', reason: 'why not' }).success).toBe(false);
    expect(CopyDecisionSchema.safeParse({ state: 'new' }).success).toBe(false);
  });
});

describe('the copy a center reads', () => {
  it('shows a declined copy with its reason, fitting its schema', () => {
    const declined = decide(received(), { state: 'declined', reason: 'no hall that size' }, 'staff c-a', T2);
    const shown = publicCopy(declined);
    expect(MenuCopySchema.parse(shown)).toEqual(shown);
    expect(shown).toMatchObject({
      state: 'declined',
      declineReason: 'no hall that size',
      reviewNeeded: false,
    });
  });

  it('shows an adapted copy of a later version as needing review, withdrawn with its reason, fitting its schema', () => {
    const adapted = decide(
      received(),
      { state: 'adapted', changes: { seats: 20 }, note: 'our hall seats 20' },
      'staff c-a',
      T2,
    );
    const v2 = reviseMenu(v1, { ...EXAMPLE_COURSE, lecturer: 'Zhao Min' }, T2);
    const revised = applyRevision(adapted, v2, 'c-a', T2)!;
    const withdrawn = applyRevision(
      revised,
      withdrawMenu(v2, 'the lecturer left', 'staff s', T3),
      'c-a',
      T3,
    )!;
    const shown = publicCopy(withdrawn);
    expect(MenuCopySchema.parse(shown)).toEqual(shown);
    expect(shown).toMatchObject({
      version: 2,
      reviewNeeded: true,
      withdrawn: { reason: 'the lecturer left', at: T3 },
      adaptation: { onVersion: 1, note: 'our hall seats 20', by: 'staff c-a', at: T2 },
      localContent: { lecturer: 'Zhao Min', seats: 20 },
    });
  });
});

describe('a service menu’s copy', () => {
  it('shows a copy adapted on the second version, fitting its schema', () => {
    const content = {
      kind: 'service' as const,
      title: 'Legal consultation',
      provider: 'District justice bureau',
      description: 'A lawyer answers questions',
      eligibility: 'Residents',
    };
    const service = newMenu('mn-2', { id: 'c-bs', path: '/c-bs/' }, { content, scope: {} }, 'staff s', T1);
    const v2 = reviseMenu(service, { ...content, eligibility: 'Residents and workers' }, T2);
    const copy = applyRevision(applyRevision(undefined, service, 'c-a', T1), v2, 'c-a', T2)!;
    const adapted = decide(copy, { state: 'adapted', changes: { title: '法律咨询' } }, 'staff c-a', T3);
    const shown = publicCopy(adapted);
    expect(MenuCopySchema.parse(shown)).toEqual(shown);
    expect(shown).toMatchObject({ kind: 'service', adaptation: { onVersion: 2 }, reviewNeeded: false });
  });
});
