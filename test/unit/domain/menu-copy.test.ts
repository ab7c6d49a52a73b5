import { describe, expect, it } from 'vitest';
import {
  applyRevision,
  CopyDecisionSchema,
  decide,
  localContent,
  type MenuCopy,
  needsReview,
  publicCopy,
} from '../../../shared/domain/menu-copy.ts';
import {
  EXAMPLE_COURSE,
  type Menu,
  newMenu,
  reviseMenu,
  withdrawMenu,
} from '../../../shared/domain/menus.ts';

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
const v2 = reviseMenu(v1, { ...EXAMPLE_COURSE, lecturer: 'Zhao Min' }, T2);

const received = (): MenuCopy => applyRevision(undefined, v1, 'c-a', T1)!;

describe('applyRevision', () => {
  it('a first delivery creates a new copy with the published content', () => {
    expect(received()).toMatchObject({
      menuId: 'mn-1',
      centerId: 'c-a',
      state: 'new',
      version: 1,
      revision: 1,
      copyVersion: 1,
      receivedAt: T1,
    });
  });

  it('the same revision again changes nothing (a redelivery)', () => {
    expect(applyRevision(received(), v1, 'c-a', T2)).toBeUndefined();
  });

  it('an older revision arriving after a newer one changes nothing', () => {
    const atV2 = applyRevision(received(), v2, 'c-a', T2)!;
    expect(applyRevision(atV2, v1, 'c-a', T3)).toBeUndefined();
  });

  it('a new version replaces the content and keeps the center decision', () => {
    const adopted = decide(received(), { state: 'adopted' }, 'staff c-a', T1);
    const next = applyRevision(adopted, v2, 'c-a', T2)!;
    expect(next).toMatchObject({
      state: 'adopted',
      version: 2,
      revision: 2,
      copyVersion: adopted.copyVersion + 1,
    });
    expect(next.content).toMatchObject({ lecturer: 'Zhao Min' });
  });

  it('a new version keeps an adaptation and flags it for review', () => {
    const adapted = decide(received(), { state: 'adapted', changes: { seats: 20 } }, 'staff c-a', T1);
    expect(needsReview(adapted)).toBe(false);
    const next = applyRevision(adapted, v2, 'c-a', T2)!;
    expect(next.adaptation).toMatchObject({ changes: { seats: 20 }, onVersion: 1 });
    expect(needsReview(next)).toBe(true);
    expect(localContent(next)).toMatchObject({ lecturer: 'Zhao Min', seats: 20 });
  });

  it('a withdrawal marks the copy withdrawn with the reason, keeping its state', () => {
    const adopted = decide(received(), { state: 'adopted' }, 'staff c-a', T1);
    const gone = withdrawMenu(v1, 'the lecturer left', 'staff s', T3);
    expect(applyRevision(adopted, gone, 'c-a', T3)).toMatchObject({
      state: 'adopted',
      withdrawn: { reason: 'the lecturer left', at: T3 },
      revision: 2,
    });
  });

  it('a withdrawal finding no copy creates none', () => {
    expect(applyRevision(undefined, withdrawMenu(v1, 'x', 'staff s', T3), 'c-a', T3)).toBeUndefined();
  });
});

describe('decide', () => {
  it('declining records the reason; adopting afterwards drops it', () => {
    const declined = decide(received(), { state: 'declined', reason: 'no room this term' }, 'staff', T2);
    expect(declined).toMatchObject({ state: 'declined', declineReason: 'no room this term', copyVersion: 2 });
    const adopted = decide(declined, { state: 'adopted' }, 'staff', T3);
    expect(adopted.state).toBe('adopted');
    expect(adopted).not.toHaveProperty('declineReason');
  });

  it('adopting twice is a 409', () => {
    const adopted = decide(received(), { state: 'adopted' }, 'staff', T2);
    expect(() => decide(adopted, { state: 'adopted' }, 'staff', T3)).toThrow(
      expect.objectContaining({ status: 409 }),
    );
  });

  it('an adaptation records the changes, the note, who, when and on which version', () => {
    const adapted = decide(
      received(),
      { state: 'adapted', changes: { mode: 'online' }, note: 'flu season' },
      'staff x',
      T2,
    );
    expect(adapted.adaptation).toEqual({
      changes: { mode: 'online' },
      note: 'flu season',
      onVersion: 1,
      at: T2,
      by: 'staff x',
    });
  });

  it('adapting again after a new version clears the review', () => {
    const adapted = decide(received(), { state: 'adapted', changes: { seats: 20 } }, 'staff', T1);
    const flagged = applyRevision(adapted, v2, 'c-a', T2)!;
    const again = decide(flagged, { state: 'adapted', changes: { seats: 25 } }, 'staff', T3);
    expect(needsReview(again)).toBe(false);
  });

  it('refuses to adapt a field the kind of menu does not have, or may not change', () => {
    expect(() =>
      decide(received(), { state: 'adapted', changes: { eligibility: 'x' } }, 'staff', T2),
    ).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('nothing may be decided on a withdrawn copy (409, saying why)', () => {
    const gone = applyRevision(received(), withdrawMenu(v1, 'cancelled', 'staff s', T2), 'c-a', T2)!;
    expect(() => decide(gone, { state: 'adopted' }, 'staff', T3)).toThrow(/withdrawn: cancelled/);
  });

  it('the decision schema needs a reason to decline and at least one change to adapt', () => {
    expect(CopyDecisionSchema.safeParse({ state: 'declined' }).success).toBe(false);
    expect(CopyDecisionSchema.safeParse({ state: 'adapted', changes: {} }).success).toBe(false);
    expect(CopyDecisionSchema.safeParse({ state: 'new' }).success).toBe(false);
  });
});

describe('publicCopy', () => {
  it('shows the local content and the review flag, not the internal revision and lock', () => {
    const shown = publicCopy(decide(received(), { state: 'adapted', changes: { seats: 5 } }, 'staff', T2));
    expect(shown).toMatchObject({ reviewNeeded: false, localContent: { seats: 5 }, content: { seats: 40 } });
    expect(shown).not.toHaveProperty('revision');
    expect(shown).not.toHaveProperty('copyVersion');
  });
});
