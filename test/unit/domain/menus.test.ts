import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/auth.ts';
import { assertMayDecide, assertMayPublish } from '../../../shared/domain/menu-access.ts';
import {
  assertScopeReachesBelow,
  EXAMPLE_COURSE,
  inScope,
  isFanOutDone,
  type Menu,
  newFanOut,
  newMenu,
  PushMenuSchema,
  reviseMenu,
  withdrawMenu,
} from '../../../shared/domain/menus.ts';

const NOW = '2026-03-02T09:00:00+08:00';
const LATER = '2026-03-09T09:00:00+08:00';
const district = { id: 'c-baoshan', path: '/c-sh/c-baoshan/', level: 'district' as const };

const published = (): Menu =>
  newMenu('mn-1', district, { content: EXAMPLE_COURSE, scope: {} }, 'staff s-1', NOW);

describe('PushMenuSchema', () => {
  it('takes a course with one of the four categories and defaults the scope to the whole subtree', () => {
    const push = PushMenuSchema.parse({ content: EXAMPLE_COURSE });
    expect(push.scope).toEqual({});
    expect(push.content.kind).toBe('course');
  });

  it('refuses a course category outside the four', () => {
    const result = PushMenuSchema.safeParse({ content: { ...EXAMPLE_COURSE, category: 'sports' } });
    expect(result.success).toBe(false);
  });

  it('takes a service with its provider, who may use it and an optional catalog code', () => {
    const push = PushMenuSchema.parse({
      content: {
        kind: 'service',
        title: 'Free legal advice',
        provider: 'District justice bureau',
        description: 'A lawyer on site every Tuesday',
        eligibility: 'Every resident',
        serviceCode: 'legal-consultation',
      },
      scope: { kinds: ['post-station', 'business-district'], levels: ['community'] },
    });
    expect(push.content).toMatchObject({ kind: 'service', serviceCode: 'legal-consultation' });
  });

  it('refuses course fields on a service (the kinds do not mix)', () => {
    const result = PushMenuSchema.safeParse({
      content: { kind: 'service', title: 'x', provider: 'p', description: 'd', eligibility: 'e', seats: 3 },
    });
    expect(result.success).toBe(false);
  });
});

describe('inScope', () => {
  const street = { id: 'c-youyi', path: '/c-sh/c-baoshan/c-youyi/', level: 'street' as const };
  const community = {
    id: 'c-a',
    path: '/c-sh/c-baoshan/c-youyi/c-a/',
    level: 'community' as const,
    kind: 'community' as const,
  };
  const station = {
    id: 'c-p',
    path: '/c-sh/c-baoshan/c-youyi/c-p/',
    level: 'community' as const,
    kind: 'post-station' as const,
  };
  const elsewhere = { id: 'c-x', path: '/c-sh/c-jingan/c-x/', level: 'street' as const };

  it('takes every center strictly below the publisher when the scope is empty', () => {
    expect(inScope({}, district.path, street)).toBe(true);
    expect(inScope({}, district.path, station)).toBe(true);
    expect(inScope({}, district.path, district)).toBe(false);
    expect(inScope({}, district.path, elsewhere)).toBe(false);
  });

  it('keeps only the levels named', () => {
    expect(inScope({ levels: ['street'] }, district.path, street)).toBe(true);
    expect(inScope({ levels: ['street'] }, district.path, community)).toBe(false);
  });

  it('keeps only community-level centers of the kinds named', () => {
    const scope = { kinds: ['post-station' as const] };
    expect(inScope(scope, district.path, station)).toBe(true);
    expect(inScope(scope, district.path, community)).toBe(false);
    expect(inScope(scope, district.path, street)).toBe(false);
  });

  it('does not take a sibling whose id starts like the publisher', () => {
    expect(inScope({}, '/c-sh/c-bao/', { id: 'c-s', path: '/c-sh/c-baoshan/c-s/', level: 'street' })).toBe(
      false,
    );
  });
});

describe('assertScopeReachesBelow', () => {
  it('refuses levels at or above the publisher', () => {
    expect(() => assertScopeReachesBelow({ levels: ['district'] }, 'district')).toThrow(/below district/);
    expect(() => assertScopeReachesBelow({ levels: ['street'] }, 'district')).not.toThrow();
  });

  it('refuses kinds when community is not among the levels', () => {
    expect(() => assertScopeReachesBelow({ levels: ['street'], kinds: ['park'] }, 'district')).toThrow(
      /community/,
    );
    expect(() => assertScopeReachesBelow({ kinds: ['park'] }, 'district')).not.toThrow();
  });

  it('refuses any scope for a community publisher, which has nobody below', () => {
    expect(() => assertScopeReachesBelow({}, 'community')).toThrow(/below community/);
  });
});

describe('menu versions and withdrawal', () => {
  it('starts at version 1, revision 1, published', () => {
    expect(published()).toMatchObject({ version: 1, revision: 1, status: 'published', kind: 'course' });
  });

  it('a new version counts one more version and one more revision', () => {
    const next = reviseMenu(published(), { ...EXAMPLE_COURSE, seats: 80 }, LATER);
    expect(next).toMatchObject({ version: 2, revision: 2, updatedAt: LATER });
    expect(next.content).toMatchObject({ seats: 80 });
  });

  it('a new version cannot change the kind', () => {
    const service = {
      kind: 'service' as const,
      title: 't',
      provider: 'p',
      description: 'd',
      eligibility: 'e',
    };
    expect(() => reviseMenu(published(), service, LATER)).toThrow(/must stay course/);
  });

  it('withdrawing is a revision that keeps the version and records why and who', () => {
    const gone = withdrawMenu(published(), 'lecturer left', 'staff s-1', LATER);
    expect(gone).toMatchObject({ status: 'withdrawn', version: 1, revision: 2 });
    expect(gone.withdrawal).toEqual({ reason: 'lecturer left', at: LATER, by: 'staff s-1' });
  });

  it('a withdrawn menu takes no new version and no second withdrawal (409)', () => {
    const gone = withdrawMenu(published(), 'x', 'staff s-1', LATER);
    expect(() => reviseMenu(gone, EXAMPLE_COURSE, LATER)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => withdrawMenu(gone, 'y', 'staff s-1', LATER)).toThrow(
      expect.objectContaining({ status: 409 }),
    );
  });
});

describe('fan-out progress', () => {
  it('records the action of the revision and the count expected at push time', () => {
    const gone = withdrawMenu(published(), 'x', 'staff s-1', LATER);
    expect(newFanOut(published(), 12, NOW)).toMatchObject({
      revision: 1,
      action: 'publish',
      expected: 12,
      delivered: 0,
    });
    expect(newFanOut(gone, 12, LATER)).toMatchObject({ revision: 2, action: 'withdraw' });
  });

  it('is done only when everything was queued and every queued delivery has an outcome', () => {
    expect(isFanOutDone({ enqueued: 3, enqueuedAll: false, delivered: 3, failed: 0 })).toBe(false);
    expect(isFanOutDone({ enqueued: 3, enqueuedAll: true, delivered: 2, failed: 0 })).toBe(false);
    expect(isFanOutDone({ enqueued: 3, enqueuedAll: true, delivered: 2, failed: 1 })).toBe(true);
    expect(isFanOutDone({ enqueued: 0, enqueuedAll: true, delivered: 0, failed: 0 })).toBe(true);
  });
});

describe('menu access', () => {
  const path = '/c-sh/c-baoshan/';
  const machine = (scopes: string[]): Principal => ({ kind: 'machine', clientId: 'city', scopes });

  it('lets a machine client with pmsc/menus:push publish, and refuses one without it', () => {
    expect(() => assertMayPublish(machine(['pmsc/menus:push']), path)).not.toThrow();
    expect(() => assertMayPublish(machine(['pmsc/other']), path)).toThrow(/menus:push/);
  });

  it('lets staff of the publisher or above publish, and refuses staff of another center', () => {
    const staff = (centerId: string): Principal => ({ kind: 'user', sub: 's', role: 'staff', centerId });
    expect(() => assertMayPublish(staff('c-baoshan'), path)).not.toThrow();
    expect(() => assertMayPublish(staff('c-sh'), path)).not.toThrow();
    expect(() => assertMayPublish(staff('c-jingan'), path)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertMayPublish({ kind: 'user', sub: 'r', role: 'resident' }, path)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('never lets a machine client decide for a center', () => {
    expect(() => assertMayDecide(machine(['pmsc/menus:push']), path)).toThrow(/centers decide/);
  });
});
