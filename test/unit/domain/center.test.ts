import { describe, expect, it } from 'vitest';
import {
  assertKindFitsLevel,
  assertPlacement,
  type Center,
  CenterSchema,
  ContactSchema,
  CreateCenterSchema,
  childPath,
  isInSubtree,
  ListCentersQuery,
  lineage,
  NearbyCenterSchema,
  newCenter,
  publicCenter,
  UpdateCenterSchema,
} from '../../../shared/domain/center.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { childLevelOf, parentLevelOf } from '../../../shared/domain/levels.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';

// as the write functions do: the schemas check hours through the library they install
installOpeningHoursLibrary();

const base = {
  name: '友谊路街道党群服务中心',
  address: '上海市宝山区友谊路',
  location: { lat: 31.406, lon: 121.487 },
  openingHours: 'Mo-Fr 08:30-20:00',
};

function center(level: Center['level'], path: string): Center {
  return {
    id: path.split('/').filter(Boolean).at(-1)!,
    parentId: null,
    level,
    name: 'x',
    address: 'x',
    location: { lat: 31, lon: 121 },
    serviceRadiusMeters: 1000,
    timeZone: 'Asia/Shanghai',
    openingHours: '24/7',
    contact: {},
    status: 'active',
    path,
    depth: path.split('/').filter(Boolean).length - 1,
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

function fieldsOf(error: unknown): string[] {
  return (error as ValidationError).errors.map((e) => e.field);
}

describe('CreateCenterSchema', () => {
  it('fills the defaults: Asia/Shanghai, 1000 m radius, active, empty contact', () => {
    const parsed = CreateCenterSchema.parse({ ...base, level: 'street', parentId: 'c-baoshan' });
    expect(parsed).toMatchObject({
      timeZone: 'Asia/Shanghai',
      serviceRadiusMeters: 1000,
      status: 'active',
      contact: {},
    });
  });

  it('rejects invalid opening hours with the parser message', () => {
    const result = CreateCenterSchema.safeParse({ ...base, level: 'street', openingHours: 'Mo-Fx 08:00' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['openingHours']);
    expect(result.error?.issues[0]?.message).toMatch(/invalid opening_hours/);
  });

  it.each([
    [{ lat: 91, lon: 121 }, 'lat'],
    [{ lat: 31, lon: -181 }, 'lon'],
  ])('rejects coordinates out of range %j', (location, field) => {
    const result = CreateCenterSchema.safeParse({ ...base, level: 'street', location });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(`location.${field}`);
  });

  it('rejects a time zone that is not IANA', () => {
    const result = CreateCenterSchema.safeParse({ ...base, level: 'street', timeZone: 'Mars/Olympus' });
    expect(result.error?.issues[0]?.path).toEqual(['timeZone']);
  });

  it('rejects unknown fields', () => {
    const result = CreateCenterSchema.safeParse({ ...base, level: 'street', colour: 'red' });
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['colour'] });
  });

  it('refuses an empty patch and a patch of the parent', () => {
    expect(UpdateCenterSchema.safeParse({}).success).toBe(false);
    expect(UpdateCenterSchema.safeParse({ parentId: 'c-other' }).success).toBe(false);
    expect(UpdateCenterSchema.safeParse({ name: 'new' }).success).toBe(true);
  });
});

describe('assertPlacement', () => {
  const district = center('district', '/c-sh/c-bs/');

  it('accepts a street under a district', () => {
    expect(() => assertPlacement({ level: 'street' }, district)).not.toThrow();
  });

  it('refuses a community directly under a district, naming level', () => {
    let error: unknown;
    try {
      assertPlacement({ level: 'community' }, district);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(fieldsOf(error)).toEqual(['level']);
  });

  it('refuses children under a community', () => {
    expect(() => assertPlacement({ level: 'community' }, center('community', '/a/b/c/d/'))).toThrow(
      /cannot have children/,
    );
  });

  it('allows roots only at city or district level', () => {
    expect(() => assertPlacement({ level: 'city' }, undefined)).not.toThrow();
    expect(() => assertPlacement({ level: 'district' }, undefined)).not.toThrow();
    expect(() => assertPlacement({ level: 'street' }, undefined)).toThrow(/needs a parent/);
  });

  it('allows a kind only on community-level centers', () => {
    expect(() => assertPlacement({ level: 'street', kind: 'park' }, district)).toThrow(
      /only community-level/,
    );
    expect(() =>
      assertPlacement({ level: 'community', kind: 'post-station' }, center('street', '/a/b/c/')),
    ).not.toThrow();
  });
});

describe('materialized paths', () => {
  it('builds a child path that a subtree prefix matches, and reads the lineage back', () => {
    const path = childPath({ path: '/c-sh/c-bs/' }, 'c-youyi');
    expect(path).toBe('/c-sh/c-bs/c-youyi/');
    expect(lineage(path)).toEqual(['c-sh', 'c-bs', 'c-youyi']);
    expect(isInSubtree(path, 'c-bs')).toBe(true);
    expect(isInSubtree(path, 'c-b')).toBe(false);
    expect(childPath(undefined, 'c-sh')).toBe('/c-sh/');
  });
});

function placementError(input: Parameters<typeof assertPlacement>[0], parent: Center | undefined) {
  try {
    assertPlacement(input, parent);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).errors[0];
  }
  return undefined;
}

describe('the tree of levels', () => {
  it('places a district under the city, a street under a district, a community under a street', () => {
    expect(placementError({ level: 'district' }, center('city', '/c-sh/'))).toBeUndefined();
    expect(placementError({ level: 'street' }, center('district', '/c-sh/c-bs/'))).toBeUndefined();
    expect(placementError({ level: 'community' }, center('street', '/c-sh/c-bs/c-s/'))).toBeUndefined();
  });

  it('names the expected level when a child skips or repeats a level', () => {
    expect(placementError({ level: 'street' }, center('city', '/c-sh/'))).toEqual({
      field: 'level',
      message: 'a child of the city center c-sh must be at level district, not street',
    });
    expect(placementError({ level: 'district' }, center('district', '/c-sh/c-bs/'))).toMatchObject({
      field: 'level',
    });
  });

  it('names parentId when a community is given children or a street or community has no parent', () => {
    expect(placementError({ level: 'community' }, center('community', '/a/b/c/d/'))).toEqual({
      field: 'parentId',
      message: 'a community center cannot have children',
    });
    expect(placementError({ level: 'street' }, undefined)).toEqual({
      field: 'parentId',
      message: 'a street center needs a parent',
    });
    expect(placementError({ level: 'community' }, undefined)).toMatchObject({ field: 'parentId' });
  });

  it('refuses a kind on a root, naming kind', () => {
    expect(placementError({ level: 'district', kind: 'park' }, undefined)).toEqual({
      field: 'kind',
      message: 'only community-level centers have a kind; this one is district',
    });
  });

  it('accepts any level without a kind, and a community with one', () => {
    expect(() => assertKindFitsLevel('city', undefined)).not.toThrow();
    expect(() => assertKindFitsLevel('community', 'business-district')).not.toThrow();
  });

  it('reads the level above and below each level', () => {
    expect(
      ['city', 'district', 'street', 'community'].map((l) => childLevelOf(l as Center['level'])),
    ).toEqual(['district', 'street', 'community', undefined]);
    expect(
      ['city', 'district', 'street', 'community'].map((l) => parentLevelOf(l as Center['level'])),
    ).toEqual([undefined, 'city', 'district', 'street']);
  });
});

describe('newCenter', () => {
  const fields = CreateCenterSchema.parse({ ...base, level: 'district' });
  const NOW = '2026-03-04T10:00:00+08:00';

  it('makes a root: no parent, its own path, depth 0, version 1, both timestamps now', () => {
    const root = newCenter(fields, undefined, 'c-bs', NOW);
    expect(root).toMatchObject({
      id: 'c-bs',
      parentId: null,
      path: '/c-bs/',
      depth: 0,
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
      level: 'district',
    });
    expect(root).not.toHaveProperty('kind');
  });

  it('places a child one level deeper under its parent’s path', () => {
    const street = CreateCenterSchema.parse({ ...base, level: 'street' });
    const child = newCenter(street, { id: 'c-bs', path: '/c-sh/c-bs/', depth: 1 }, 'c-youyi', NOW);
    expect(child).toMatchObject({ parentId: 'c-bs', path: '/c-sh/c-bs/c-youyi/', depth: 2 });
    expect(child).not.toHaveProperty('kind');
  });

  it('gives a community-level center the kind community unless another kind is given', () => {
    const parent = { id: 'c-youyi', path: '/c-sh/c-bs/c-youyi/', depth: 2 };
    const community = CreateCenterSchema.parse({ ...base, level: 'community' });
    expect(newCenter(community, parent, 'c-a', NOW).kind).toBe('community');
    const park = CreateCenterSchema.parse({ ...base, level: 'community', kind: 'park' });
    expect(newCenter(park, parent, 'c-park', NOW).kind).toBe('park');
  });

  it('keeps the external code it is given, and none when it is given none', () => {
    expect(newCenter(fields, undefined, 'c-bs', NOW, '310113').externalCode).toBe('310113');
    expect(newCenter(fields, undefined, 'c-bs', NOW)).not.toHaveProperty('externalCode');
  });

  it('is shown without its compiled hours, everything else as stored', () => {
    const stored = newCenter(fields, undefined, 'c-bs', NOW);
    expect(stored.compiledHours).toBeDefined();
    const { compiledHours: _compiled, ...rest } = stored;
    expect(publicCenter(stored)).toEqual(rest);
  });
});

describe('center fields', () => {
  const create = (patch: Record<string, unknown>) =>
    CreateCenterSchema.safeParse({ ...base, level: 'street', ...patch });
  const pathsOf = (patch: Record<string, unknown>) =>
    create(patch).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('keeps the service radius between 50 m and 20 km', () => {
    expect(create({ serviceRadiusMeters: 50 }).success).toBe(true);
    expect(create({ serviceRadiusMeters: 20_000 }).success).toBe(true);
    expect(pathsOf({ serviceRadiusMeters: 49 })).toEqual(['serviceRadiusMeters']);
    expect(pathsOf({ serviceRadiusMeters: 20_001 })).toEqual(['serviceRadiusMeters']);
  });

  it('takes an official division code of 6 to 12 digits only', () => {
    expect(create({ divisionCode: '310113' }).success).toBe(true);
    expect(create({ divisionCode: '310113103001' }).success).toBe(true);
    expect(pathsOf({ divisionCode: '31011' })).toEqual(['divisionCode']);
    expect(pathsOf({ divisionCode: '3101131030011' })).toEqual(['divisionCode']);
    expect(pathsOf({ divisionCode: 'x310113' })).toEqual(['divisionCode']);
    expect(pathsOf({ divisionCode: '310113x' })).toEqual(['divisionCode']);
  });

  it('lets a patch clear the division code', () => {
    expect(UpdateCenterSchema.parse({ divisionCode: null })).toEqual({ divisionCode: null });
  });

  it('takes phone numbers of digits, +, -, brackets and spaces, and e-mail addresses', () => {
    expect(ContactSchema.parse({ phone: ' +86 (21) 5678-1234 ', email: 'a@b.cn' })).toEqual({
      phone: '+86 (21) 5678-1234',
      email: 'a@b.cn',
    });
    for (const phone of ['call me', '12', 'x021-5678', '021-5678x', `1${'2'.repeat(32)}`]) {
      expect(ContactSchema.safeParse({ phone }).success, phone).toBe(false);
    }
    expect(ContactSchema.safeParse({ email: 'not-an-email' }).success).toBe(false);
  });

  it('refuses opening hours that are empty or only white space', () => {
    expect(create({ openingHours: '   ' }).error?.issues[0]).toMatchObject({
      path: ['openingHours'],
      code: 'too_small',
    });
  });

  it('says which interval is empty, even with spaces around the dash', () => {
    const result = create({ openingHours: 'Mo-Fr 08:00-17:00; Sa 9:30 - 09:30' });
    expect(result.error?.issues[0]?.message).toBe(
      'invalid opening_hours: 9:30 - 09:30 is an empty interval (write 00:00-24:00 or 24/7 for a whole day)',
    );
    expect(create({ openingHours: 'Mo-Fr 08:00-08:30' }).success).toBe(true);
  });
});

describe('ListCentersQuery (the near-me search)', () => {
  const parse = (query: Record<string, string>) => ListCentersQuery.safeParse(query);
  const problem = (query: Record<string, string>) => {
    const issue = parse(query).error?.issues[0];
    return issue && { path: issue.path.join('.'), message: issue.message };
  };

  it('reads near as lat,lon and defaults the radius to 1000 m', () => {
    expect(parse({ near: '31.405,121.489' }).data).toMatchObject({
      near: { lat: 31.405, lon: 121.489 },
      radius: 1000,
      limit: 25,
    });
    expect(parse({ near: '-31,-121' }).data?.near).toEqual({ lat: -31, lon: -121 });
  });

  it('refuses a near that is not two decimal numbers, or outside the globe', () => {
    for (const near of ['31.4', '31.4;121.4', 'a,b', '31.4,121.4,7', '31.,121', ' 31.4,121.4']) {
      expect(problem({ near })?.path, near).toBe('near');
    }
    expect(problem({ near: '91,121' })?.path).toBe('near.lat');
  });

  it('takes a radius of 50 m to 3 km', () => {
    expect(parse({ near: '31,121', radius: '50' }).data?.radius).toBe(50);
    expect(parse({ near: '31,121', radius: '3000' }).data?.radius).toBe(3000);
    expect(problem({ near: '31,121', radius: '49' })?.path).toBe('radius');
    expect(problem({ near: '31,121', radius: '3001' })?.path).toBe('radius');
  });

  it('reads openNow as a boolean', () => {
    expect(parse({ near: '31,121', openNow: 'true' }).data?.openNow).toBe(true);
    expect(parse({ near: '31,121', openNow: 'false' }).data?.openNow).toBe(false);
    expect(problem({ near: '31,121', openNow: 'yes' })?.path).toBe('openNow');
  });

  it('needs near for openNow or openAt', () => {
    const message = 'openNow and openAt filter a near search; add near=lat,lon';
    expect(problem({ openNow: 'true' })).toEqual({ path: 'near', message });
    expect(problem({ openAt: '2026-03-04T10:00:00+08:00' })).toEqual({ path: 'near', message });
    expect(parse({ openNow: 'false' }).success).toBe(true);
    expect(parse({ near: '31,121', openAt: '2026-03-04T10:00:00+08:00' }).success).toBe(true);
  });

  it('takes openNow or openAt, not both', () => {
    expect(problem({ near: '31,121', openNow: 'true', openAt: '2026-03-04T10:00:00+08:00' })).toEqual({
      path: 'openAt',
      message: 'give openNow or openAt, not both',
    });
  });

  it('does not combine near with parentId, but either alone is a list', () => {
    expect(problem({ near: '31,121', parentId: 'c-bs' })).toEqual({
      path: 'parentId',
      message: 'near and parentId do not combine',
    });
    expect(parse({ parentId: 'c-bs', level: 'street' }).success).toBe(true);
    expect(parse({}).success).toBe(true);
  });
});

describe('what a refused field says', () => {
  const message = (patch: Record<string, unknown>) =>
    CreateCenterSchema.safeParse({ ...base, level: 'street', ...patch }).error?.issues[0]?.message;

  it('tells the caller what a time zone, phone or division code must be', () => {
    expect(message({ timeZone: 'Mars/Olympus' })).toBe('must be an IANA time zone such as Asia/Shanghai');
    expect(message({ contact: { phone: 'call me' } })).toBe(
      'must be a phone number: digits, +, -, ( ), spaces',
    );
    expect(message({ divisionCode: '31' })).toBe('must be an official division code of 6 to 12 digits');
    expect(message({ openingHours: 'Mo-Fx 08:00' })).toMatch(/^invalid opening_hours: ./);
  });

  it('tells the caller an empty patch changes nothing, and how to write near', () => {
    expect(UpdateCenterSchema.safeParse({}).error?.issues[0]?.message).toBe(
      'the patch must change at least one field',
    );
    expect(ListCentersQuery.safeParse({ near: 'here' }).error?.issues[0]?.message).toBe(
      'must be lat,lon in decimal degrees, e.g. 31.405,121.489',
    );
  });
});

describe('the stored center and a nearby one', () => {
  const stored = { ...center('street', '/c-sh/c-bs/c-youyi/'), divisionCode: '310113103', kind: undefined };
  delete (stored as { kind?: unknown }).kind;

  it('keep every member', () => {
    expect(CenterSchema.parse(stored)).toEqual(stored);
    const nearby = {
      ...stored,
      distanceMeters: 420,
      opening: { status: 'closing-soon', nextChange: null, basis: 'hours' },
    };
    expect(NearbyCenterSchema.parse(nearby)).toEqual(nearby);
  });

  it('refuses a negative depth', () => {
    expect(CenterSchema.safeParse({ ...stored, depth: 0 }).success).toBe(true);
    expect(CenterSchema.safeParse({ ...stored, depth: -1 }).success).toBe(false);
  });
});

describe('isInSubtree', () => {
  it('matches whole ids only, the center itself included', () => {
    expect(isInSubtree('/c-sh/c-bs/', 'c-bs')).toBe(true);
    expect(isInSubtree('/c-sh/c-bs2/', 'c-bs')).toBe(false);
    expect(isInSubtree('/c-sh/xc-bs/', 'c-bs')).toBe(false);
  });
});
