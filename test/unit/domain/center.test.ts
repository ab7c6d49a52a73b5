import { describe, expect, it } from 'vitest';
import {
  assertPlacement,
  type Center,
  CreateCenterSchema,
  childPath,
  isInSubtree,
  lineage,
  UpdateCenterSchema,
} from '../../../shared/domain/center.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
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
