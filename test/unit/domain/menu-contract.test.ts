import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  actionOf,
  assertScopeReachesBelow,
  CenterMenuParams,
  EXAMPLE_COURSE,
  fanOutId,
  inScope,
  type Menu,
  MenuAcceptedSchema,
  MenuParams,
  MenuWithProgressSchema,
  newDistrictSend,
  newFanOut,
  newMenu,
  PageOfMenusQuery,
  PushMenuSchema,
  publicDistrictSend,
  publicMenu,
  reviseMenu,
  UpdateMenuSchema,
  WithdrawMenuSchema,
  withdrawMenu,
} from '../../../shared/domain/menus.ts';

/** The menu routes' bodies and answers as docs/api.md#menus and docs/menus.md describe them. */

const NOW = '2026-03-02T09:00:00+08:00';
const publisher = { id: 'c-baoshan', path: '/c-sh/c-baoshan/' };
const published = (): Menu =>
  newMenu('mn-1', publisher, { content: EXAMPLE_COURSE, scope: {} }, 'staff s-1', NOW);
const course = (patch: Record<string, unknown>) => ({ content: { ...EXAMPLE_COURSE, ...patch } });
const accepts = (body: unknown) => PushMenuSchema.safeParse(body).success;

describe('a course of a course menu', () => {
  it('runs on site or online, nothing else', () => {
    expect(accepts(course({ mode: 'online' }))).toBe(true);
    expect(accepts(course({ mode: 'on-site' }))).toBe(true);
    expect(accepts(course({ mode: 'hybrid' }))).toBe(false);
  });

  it('lasts from 5 minutes to a day a session, in whole minutes', () => {
    expect(accepts(course({ durationMinutes: 5 }))).toBe(true);
    expect(accepts(course({ durationMinutes: 1440 }))).toBe(true);
    expect(accepts(course({ durationMinutes: 4 }))).toBe(false);
    expect(accepts(course({ durationMinutes: 1441 }))).toBe(false);
    expect(accepts(course({ durationMinutes: 90.5 }))).toBe(false);
  });

  it('has at least one place a session', () => {
    expect(accepts(course({ seats: 1 }))).toBe(true);
    expect(accepts(course({ seats: 0 }))).toBe(false);
  });

  it('needs its title, lecturer and audience', () => {
    for (const field of ['title', 'lecturer', 'audience'])
      expect(accepts(course({ [field]: ' ' })), field).toBe(false);
  });
});

describe('a push', () => {
  it('names the districts of a city push by their 6-digit codes, at least one', () => {
    expect(accepts({ ...course({}), targetDistricts: ['310113', '310104'] })).toBe(true);
    expect(accepts({ ...course({}), targetDistricts: [] })).toBe(false);
    expect(accepts({ ...course({}), targetDistricts: ['31011'] })).toBe(false);
    expect(accepts({ ...course({}), targetDistricts: ['3101130'] })).toBe(false);
    expect(accepts({ ...course({}), targetDistricts: ['baoshan'] })).toBe(false);
    expect(
      PushMenuSchema.safeParse({ ...course({}), targetDistricts: ['baoshan'] }).error?.issues.map((i) => [
        i.path.join('.'),
        i.message,
      ]),
    ).toEqual([['targetDistricts.0', 'must be a district code of 6 digits']]);
    expect(accepts({ ...course({}), targetDistricts: ['31011x3'] })).toBe(false);
    expect(accepts({ ...course({}), targetDistricts: ['x310113'] })).toBe(false);
  });

  it('names at most the 50 districts a city stack registers', () => {
    const codes = (n: number) => Array.from({ length: n }, (_, i) => String(310100 + i));
    expect(accepts({ ...course({}), targetDistricts: codes(50) })).toBe(true);
    expect(accepts({ ...course({}), targetDistricts: codes(51) })).toBe(false);
  });

  it('takes a service description over several lines', () => {
    const service = {
      kind: 'service',
      title: 'Free legal advice',
      provider: 'District justice bureau',
      description: 'A lawyer on site every Tuesday.\nBring your documents.',
      eligibility: 'Every resident',
    };
    expect(accepts({ content: service })).toBe(true);
  });

  it('scopes by at least one level or kind when it names them', () => {
    expect(accepts({ ...course({}), scope: { levels: ['community'] } })).toBe(true);
    expect(accepts({ ...course({}), scope: { levels: ['street', 'community'] } })).toBe(true);
    expect(accepts({ ...course({}), scope: { levels: [] } })).toBe(false);
    expect(accepts({ ...course({}), scope: { kinds: [] } })).toBe(false);
    expect(accepts({ ...course({}), scope: { levels: ['province'] } })).toBe(false);
    expect(accepts({ ...course({}), scope: { everything: true } })).toBe(false);
  });

  it('takes a new version as content alone, and a withdrawal only with a reason', () => {
    expect(UpdateMenuSchema.safeParse({ content: EXAMPLE_COURSE }).success).toBe(true);
    expect(UpdateMenuSchema.safeParse({ content: EXAMPLE_COURSE, scope: {} }).success).toBe(false);
    expect(WithdrawMenuSchema.safeParse({ reason: 'the lecturer left' }).success).toBe(true);
    expect(WithdrawMenuSchema.safeParse({ reason: '' }).success).toBe(false);
    expect(WithdrawMenuSchema.safeParse({}).success).toBe(false);
  });
});

describe('the list of menus a center received', () => {
  it('pages 25 by default, 1 to 100, and filters by the four states', () => {
    expect(PageOfMenusQuery.parse({}).limit).toBe(25);
    expect(PageOfMenusQuery.parse({ limit: '100' }).limit).toBe(100);
    expect(PageOfMenusQuery.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageOfMenusQuery.safeParse({ limit: '101' }).success).toBe(false);
    for (const state of ['new', 'adopted', 'declined', 'adapted'])
      expect(PageOfMenusQuery.safeParse({ state }).success, state).toBe(true);
    expect(PageOfMenusQuery.safeParse({ state: 'withdrawn' }).success).toBe(false);
    expect(PageOfMenusQuery.parse({ cursor: 'eyJwayI6MX0' }).cursor).toBe('eyJwayI6MX0');
  });

  it('names a menu, and a center’s copy of it, by their ids in the path', () => {
    expect(MenuParams.parse({ id: 'mn-1' })).toEqual({ id: 'mn-1' });
    expect(MenuParams.safeParse({ id: 'MN 1' }).success).toBe(false);
    expect(CenterMenuParams.parse({ id: 'c-youyi', menuId: 'mn-1' })).toEqual({
      id: 'c-youyi',
      menuId: 'mn-1',
    });
  });
});

describe('the answers', () => {
  it('accepts a push with the menu id, its revision, the fan-out id `<menuId>@<revision>` and the count expected', () => {
    const accepted = {
      menuId: 'mn-1',
      revision: 1,
      fanOutId: fanOutId('mn-1', 1),
      expected: 12,
      status: 'published',
    };
    expect(accepted.fanOutId).toBe('mn-1@1');
    expect(MenuAcceptedSchema.parse(accepted)).toEqual(accepted);
  });

  it('shows a city menu with its progress and, per target district, what the district answered', () => {
    const menu = {
      ...publicMenu(withdrawMenu(published(), 'the lecturer left', 'staff s-1', NOW)),
      progress: {
        revision: 2,
        action: 'withdraw',
        expected: 12,
        enqueued: 12,
        delivered: 11,
        failed: 1,
        failures: [{ centerId: 'c-gone', reason: 'no such center', at: NOW }],
        done: true,
        startedAt: NOW,
        lastProgressAt: NOW,
      },
      districts: [
        {
          ...publicDistrictSend(newDistrictSend(published(), '310113', NOW)),
          remoteMenuId: 'mn-remote',
          expected: 40,
          lastError: 'HTTP 503',
          progress: { expected: 40, delivered: 39, failed: 1, done: true },
          progressError: 'timed out after 3 s',
        },
      ],
    };
    expect(MenuWithProgressSchema.parse(menu)).toEqual(menu);
  });

  it('shows a district that took a later revision and one that could not, after several attempts', () => {
    const sent = publicDistrictSend(newDistrictSend(published(), '310113', NOW));
    const districts = [
      { ...sent, status: 'accepted', revision: 3, attempts: 1 },
      { ...sent, district: '310115', status: 'failed', revision: 3, attempts: 5, lastError: 'HTTP 403' },
    ];
    const progress = {
      revision: 3,
      action: 'publish',
      expected: 0,
      enqueued: 0,
      delivered: 0,
      failed: 0,
      failures: [],
      done: true,
      startedAt: NOW,
      lastProgressAt: NOW,
    };
    const menu = { ...publicMenu(published()), revision: 3, progress, districts };
    expect(MenuWithProgressSchema.parse(menu)).toEqual(menu);
    const again = {
      menuId: 'mn-1',
      revision: 3,
      fanOutId: fanOutId('mn-1', 3),
      expected: 0,
      status: 'published',
    };
    expect(MenuAcceptedSchema.parse(again)).toEqual(again);
  });

  it('keeps the publisher’s path and the internal send counters to itself', () => {
    expect(publicMenu(published())).not.toHaveProperty('publisherPath');
    expect(publicMenu(published())).toMatchObject({ id: 'mn-1', publisherCenterId: 'c-baoshan' });
    const stored = newDistrictSend(published(), '310113', NOW);
    expect(stored).toMatchObject({ menuId: 'mn-1', sentRevision: 0 });
    const send = publicDistrictSend(stored);
    expect(send).toEqual({ district: '310113', status: 'pending', revision: 1, attempts: 0, updatedAt: NOW });
  });

  it('sends a withdrawal as a withdraw and anything else as a publish', () => {
    expect(actionOf(published())).toBe('publish');
    expect(actionOf(withdrawMenu(published(), 'gone', 'staff s-1', NOW))).toBe('withdraw');
  });
});

describe('the scope of kinds', () => {
  const pub = '/c-sh/c-baoshan/';
  it('takes only community-level centers of those kinds, never a center above community or one without a kind', () => {
    const scope = { kinds: ['post-station' as const] };
    expect(
      inScope(scope, pub, { id: 'c-s', path: `${pub}c-s/`, level: 'street', kind: 'post-station' }),
    ).toBe(false);
    expect(inScope(scope, pub, { id: 'c-a', path: `${pub}c-s/c-a/`, level: 'community' })).toBe(false);
    expect(
      inScope(scope, pub, { id: 'c-p', path: `${pub}c-s/c-p/`, level: 'community', kind: 'post-station' }),
    ).toBe(true);
  });
});

describe('what a 400 or a 409 on a menu names', () => {
  const fieldOf = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return error instanceof ValidationError ? error.errors[0]?.field : (error as Error).message;
    }
    return undefined;
  };

  it('puts a kind change on content.kind, and a scope that reaches nobody on scope.levels or scope.kinds', () => {
    const service = {
      kind: 'service' as const,
      title: 't',
      provider: 'p',
      description: 'd',
      eligibility: 'e',
    };
    expect(fieldOf(() => reviseMenu(published(), service, NOW))).toBe('content.kind');
    expect(fieldOf(() => assertScopeReachesBelow({ levels: ['district'] }, 'district'))).toBe('scope.levels');
    expect(fieldOf(() => assertScopeReachesBelow({ levels: ['street'], kinds: ['park'] }, 'district'))).toBe(
      'scope.kinds',
    );
  });

  it('says which menu is withdrawn when it is revised or withdrawn again', () => {
    const gone = withdrawMenu(published(), 'gone', 'staff s-1', NOW);
    expect(fieldOf(() => reviseMenu(gone, EXAMPLE_COURSE, NOW))).toBe('menu mn-1 is withdrawn');
    expect(fieldOf(() => withdrawMenu(gone, 'again', 'staff s-1', NOW))).toBe(
      'menu mn-1 is already withdrawn',
    );
  });

  it('starts a fan-out with nothing queued and the subtree not yet paged', () => {
    expect(newFanOut(published(), 12, NOW)).toMatchObject({ enqueued: 0, enqueuedAll: false, failed: 0 });
  });
});
