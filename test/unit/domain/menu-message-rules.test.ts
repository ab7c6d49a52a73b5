import { describe, expect, it } from 'vitest';
import { ChildDistrictSchema, ChildDistrictsSchema } from '../../../shared/domain/child-districts.ts';
import {
  addresseeOf,
  DeliveryMessage,
  DistrictSendMessage,
  FanOutMessage,
} from '../../../shared/domain/menu-messages.ts';

/** The queue messages of a menu push and the districts a city registers (docs/menus.md). */

describe('the messages of a push', () => {
  it('ask the coordinator for one revision (from 1) of one menu, and nothing more', () => {
    expect(FanOutMessage.parse({ menuId: 'mn-1', revision: 1 })).toEqual({ menuId: 'mn-1', revision: 1 });
    expect(FanOutMessage.safeParse({ menuId: 'mn-1', revision: 0 }).success).toBe(false);
    expect(FanOutMessage.safeParse({ menuId: '', revision: 1 }).success).toBe(false);
    expect(FanOutMessage.safeParse({ menuId: 'm'.repeat(65), revision: 1 }).success).toBe(false);
    expect(FanOutMessage.safeParse({ menuId: 'mn-1', revision: 1, centerId: 'c-a' }).success).toBe(false);
  });

  it('deliver one revision of a menu to one center', () => {
    const delivery = { menuId: 'mn-1', revision: 2, centerId: 'c-a' };
    expect(DeliveryMessage.parse(delivery)).toEqual(delivery);
    expect(DeliveryMessage.safeParse({ ...delivery, centerId: '' }).success).toBe(false);
    expect(DeliveryMessage.safeParse({ ...delivery, revision: 0 }).success).toBe(false);
    expect(DeliveryMessage.safeParse({ ...delivery, centerId: 'c'.repeat(65) }).success).toBe(false);
  });

  it('send one revision of a city menu to one district, named by its 6-digit code', () => {
    expect(DistrictSendMessage.parse({ menuId: 'mn-1', revision: 1, district: '310113' }).district).toBe(
      '310113',
    );
    for (const district of ['31011', '3101130', 'x10113', '31011x'])
      expect(DistrictSendMessage.safeParse({ menuId: 'mn-1', revision: 1, district }).success, district).toBe(
        false,
      );
    expect(DistrictSendMessage.safeParse({ menuId: 'mn-1', revision: 0, district: '310113' }).success).toBe(
      false,
    );
  });
});

describe('addresseeOf', () => {
  it('gives up on null, on ids longer than an id can be, and on a revision that is not a number', () => {
    expect(addresseeOf(null)).toBeUndefined();
    expect(addresseeOf({ menuId: 'm'.repeat(65), revision: 1, centerId: 'c-a' })).toBeUndefined();
    expect(addresseeOf({ menuId: 'mn-1', revision: 1, centerId: 'c'.repeat(65) })).toBeUndefined();
    expect(addresseeOf({ menuId: 'mn-1', revision: 'two', centerId: 'c-a' })).toBeUndefined();
    expect(addresseeOf({ menuId: 1, revision: 1, centerId: 'c-a' })).toBeUndefined();
    expect(addresseeOf({ menuId: 'm'.repeat(64), revision: 1, centerId: 'c'.repeat(64) })).toEqual({
      menuId: 'm'.repeat(64),
      revision: 1,
      centerId: 'c'.repeat(64),
    });
  });
});

describe('a district registered with a city', () => {
  const district = {
    code: '310113',
    apiUrl: 'https://api.baoshan.example',
    rootCenterId: 'c-baoshan',
    tokenUrl: 'https://auth.baoshan.example/oauth2/token',
    clientId: 'city-client',
    clientSecret: 'secretsmanager:pmsc/310000/districts/310113',
  };

  it('asks for the menus push scope unless told otherwise, and names its secret, never holds it', () => {
    expect(ChildDistrictSchema.parse(district).scope).toBe('pmsc/menus:push');
    expect(ChildDistrictSchema.safeParse({ ...district, clientSecret: 'env:CITY_SECRET' }).success).toBe(
      true,
    );
    expect(ChildDistrictSchema.safeParse({ ...district, clientSecret: 's3cr3t' }).success).toBe(false);
    expect(ChildDistrictSchema.safeParse({ ...district, clientSecret: 'env:' }).success).toBe(false);
    expect(ChildDistrictSchema.safeParse({ ...district, clientSecret: 'x-env:NAME' }).success).toBe(false);
  });

  it('refuses a secret reference that runs onto a second line, and says what a reference is', () => {
    const result = ChildDistrictSchema.safeParse({ ...district, clientSecret: 'env:CITY_SECRET\ns3cr3t' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['clientSecret', 'must be env:NAME or secretsmanager:<id>'],
    ]);
  });

  it('is named by a 6-digit code, with absolute URLs and non-empty ids', () => {
    for (const code of ['31011', '3101130', 'x10113'])
      expect(ChildDistrictSchema.safeParse({ ...district, code }).success).toBe(false);
    expect(ChildDistrictSchema.safeParse({ ...district, apiUrl: '/menus' }).success).toBe(false);
    expect(ChildDistrictSchema.safeParse({ ...district, rootCenterId: '' }).success).toBe(false);
    expect(ChildDistrictSchema.safeParse({ ...district, clientId: '' }).success).toBe(false);
    expect(ChildDistrictSchema.safeParse({ ...district, clientId: 'c'.repeat(129) }).success).toBe(false);
    expect(ChildDistrictSchema.safeParse({ ...district, rootCenterId: 'c'.repeat(65) }).success).toBe(false);
  });

  it('is one of at most 50 districts under a city', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...district, code: String(310100 + i) }));
    expect(ChildDistrictsSchema.safeParse(many(50)).success).toBe(true);
    expect(ChildDistrictsSchema.safeParse(many(51)).success).toBe(false);
  });
});
