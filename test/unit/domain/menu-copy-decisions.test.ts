import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../shared/domain/errors.ts';
import {
  applyRevision,
  decide,
  localContent,
  type MenuCopy,
  needsReview,
} from '../../../shared/domain/menu-copy.ts';
import { EXAMPLE_COURSE, type Menu, newMenu, withdrawMenu } from '../../../shared/domain/menus.ts';

/** docs/menus.md: a center's copy of a pushed menu, its withdrawal, and what the center decides. */

const T1 = '2026-03-02T09:00:00+08:00';
const T2 = '2026-03-03T09:00:00+08:00';
const T3 = '2026-03-04T09:00:00+08:00';

const course: Menu = newMenu(
  'mn-1',
  { id: 'c-bs', path: '/c-bs/' },
  { content: EXAMPLE_COURSE, scope: {} },
  'staff s',
  T1,
);
const service: Menu = newMenu(
  'mn-2',
  { id: 'c-bs', path: '/c-bs/' },
  {
    content: {
      kind: 'service',
      title: 'Legal consultation',
      provider: 'District justice bureau',
      description: 'A lawyer answers questions',
      eligibility: 'Residents',
    },
    scope: {},
  },
  'staff s',
  T1,
);
const copyOf = (menu: Menu): MenuCopy => applyRevision(undefined, menu, 'c-a', T1)!;

describe('a withdrawal reaching a copy', () => {
  it('keeps the reason and the time of the withdrawal, not of its delivery, and counts a copy version', () => {
    const copy = copyOf(course);
    const gone = applyRevision(copy, withdrawMenu(course, 'the lecturer left', 'staff s', T2), 'c-a', T3)!;
    expect(gone.withdrawn).toEqual({ reason: 'the lecturer left', at: T2 });
    expect(gone.copyVersion).toBe(copy.copyVersion + 1);
    expect(gone.updatedAt).toBe(T3);
  });

  it('marks the copy withdrawn at delivery time when the menu carries no withdrawal record', () => {
    const legacy: Menu = { ...course, status: 'withdrawn', revision: 2 };
    expect(applyRevision(copyOf(course), legacy, 'c-a', T3)!.withdrawn).toEqual({
      reason: 'withdrawn',
      at: T3,
    });
  });
});

describe('the review of an adaptation', () => {
  const adaptation = { changes: { seats: 20 }, onVersion: 1, at: T1, by: 'staff c-a' };

  it('is needed only for a copy in the adapted state', () => {
    expect(needsReview({ state: 'adopted', adaptation, version: 2 })).toBe(false);
    expect(needsReview({ state: 'adapted', adaptation, version: 2 })).toBe(true);
  });

  it('is not needed for an adapted copy without its adaptation', () => {
    expect(needsReview({ state: 'adapted', version: 2 })).toBe(false);
  });
});

describe('the content a center runs', () => {
  it('is the published content for a copy not adapted, whatever it carries', () => {
    const copy = copyOf(course);
    expect(
      localContent({
        ...copy,
        state: 'adopted',
        adaptation: { changes: { seats: 5 }, onVersion: 1, at: T1, by: 's' },
      }),
    ).toEqual(EXAMPLE_COURSE);
    expect(localContent(copy)).toEqual(EXAMPLE_COURSE);
    expect(localContent({ content: EXAMPLE_COURSE, state: 'adapted' })).toEqual(EXAMPLE_COURSE);
  });
});

describe('decisions', () => {
  it('refuses adopting twice, saying it is already adopted', () => {
    const adopted = decide(copyOf(course), { state: 'adopted' }, 'staff c-a', T2);
    let error: unknown;
    try {
      decide(adopted, { state: 'adopted' }, 'staff c-a', T3);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain('mn-1 is already adopted');
  });

  it('refuses adapting a course field on a service menu, naming each field in the body', () => {
    let error: unknown;
    try {
      decide(copyOf(service), { state: 'adapted', changes: { lecturer: 'Li', seats: 10 } }, 'staff c-a', T2);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('a service menu cannot adapt lecturer, seats');
    expect((error as ValidationError).errors).toEqual([
      { field: 'changes.lecturer', message: 'is not a field of a service', in: 'body' },
      { field: 'changes.seats', message: 'is not a field of a service', in: 'body' },
    ]);
  });
});

describe('what a center may change locally', () => {
  // the docs' fields of a course and of a service, less what says who gives it and what it is
  it.each([
    ['title', '红色党课（社区版）'],
    ['lecturer', '李老师'],
    ['durationMinutes', 45],
    ['mode', 'online'],
    ['seats', 12],
    ['audience', 'retirees'],
  ])('adapts the %s of a course, and runs it so', (field, value) => {
    const adapted = decide(
      copyOf(course),
      { state: 'adapted', changes: { [field]: value } },
      'staff c-a',
      T2,
    );
    expect(localContent(adapted)).toMatchObject({ [field]: value });
  });

  it.each([
    ['title', '法律咨询'],
    ['description', 'A lawyer answers questions on Saturdays'],
    ['eligibility', 'Residents over 60'],
  ])('adapts the %s of a service, and runs it so', (field, value) => {
    const adapted = decide(
      copyOf(service),
      { state: 'adapted', changes: { [field]: value } },
      'staff c-a',
      T2,
    );
    expect(localContent(adapted)).toMatchObject({ [field]: value });
  });

  it('never changes what a menu is or who provides it', () => {
    for (const [menu, field] of [
      [course, 'category'],
      [course, 'kind'],
      [service, 'provider'],
      [service, 'kind'],
    ] as const) {
      expect(
        () => decide(copyOf(menu), { state: 'adapted', changes: { [field]: 'x' } }, 'staff c-a', T2),
        field,
      ).toThrow(ValidationError);
    }
  });
});
