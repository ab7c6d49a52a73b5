import { describe, expect, it } from 'vitest';
import { GridHistoryQuery, streetIdOf } from '../../../shared/domain/grid-history.ts';
import { addresseeOf } from '../../../shared/domain/menu-messages.ts';

/**
 * What a history query is told (docs/grid.md, history) and whom a broken menu delivery is
 * charged to (docs/menus.md, failures).
 */

describe('a history range', () => {
  const refusal = (input: Record<string, string>) => {
    const result = GridHistoryQuery.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('says an empty or reversed range must end after it starts, and which subject is needed', () => {
    const from = '2026-03-01T00:00:00+08:00';
    expect(refusal({ centerId: 'c-a', from, to: from })).toEqual(['to: must be after from']);
    expect(refusal({ from, to: '2026-03-02T00:00:00+08:00' })).toEqual([
      'centerId: give exactly one of centerId and streetId',
    ]);
  });
});

describe('the street of a center', () => {
  it('is none for the city and the district, whatever their path holds', () => {
    expect(streetIdOf({ path: '/c-city/', level: 'city' })).toBeNull();
    expect(streetIdOf({ path: '/c-city/c-d/', level: 'district' })).toBeNull();
    expect(streetIdOf({ path: '/c-city/c-d/c-s/', level: 'street' })).toBe('c-s');
    expect(streetIdOf({ path: '/c-city/c-d/c-s/c-c/', level: 'community' })).toBe('c-s');
  });
});

describe('the addressee of a delivery that does not parse', () => {
  it('is read from an object with a menu, a center and a whole revision from 1', () => {
    expect(addresseeOf({ menuId: 'm-1', centerId: 'c-1', revision: 2, extra: true })).toEqual({
      menuId: 'm-1',
      centerId: 'c-1',
      revision: 2,
    });
    // a revision sent as text still names it
    expect(addresseeOf({ menuId: 'm-1', centerId: 'c-1', revision: '3' })).toEqual({
      menuId: 'm-1',
      centerId: 'c-1',
      revision: 3,
    });
  });

  it('is nobody when too little of it reads', () => {
    for (const json of [
      null,
      'm-1',
      42,
      { menuId: 'm-1', centerId: 'c-1' },
      { menuId: 'm-1', centerId: 'c-1', revision: 0 },
      { menuId: 'm-1', centerId: 'c-1', revision: 1.5 },
      { menuId: 'm-1', centerId: 'c-1', revision: 'x' },
      { menuId: 'm-1', centerId: 7, revision: 1 },
      { menuId: 'm'.repeat(65), centerId: 'c-1', revision: 1 },
    ]) {
      expect(addresseeOf(json), JSON.stringify(json)).toBeUndefined();
    }
  });
});
