import { describe, expect, it } from 'vitest';
import { targetsOf } from '../../../shared/domain/child-districts.ts';
import { addresseeOf, DeliveryMessage } from '../../../shared/domain/menu-messages.ts';
import { hasTimeForPage } from '../../../shared/domain/menus.ts';

describe('addresseeOf', () => {
  it('pins a malformed delivery to the center it names, so its failure can be shown', () => {
    const body = { menuId: 'mn-1', revision: '2', centerId: 'c-a', extra: 1 };
    expect(DeliveryMessage.safeParse(body).success).toBe(false);
    expect(addresseeOf(body)).toEqual({ menuId: 'mn-1', revision: 2, centerId: 'c-a' });
  });

  it('gives up on a body that names no menu, no center or no usable revision', () => {
    expect(addresseeOf('text')).toBeUndefined();
    expect(addresseeOf({ menuId: 'mn-1', revision: 1 })).toBeUndefined();
    expect(addresseeOf({ menuId: 'mn-1', revision: 0, centerId: 'c-a' })).toBeUndefined();
    expect(addresseeOf({ menuId: 'mn-1', revision: 1.5, centerId: 'c-a' })).toBeUndefined();
  });
});

describe('targetsOf', () => {
  const child = (code: string) => ({
    code,
    apiUrl: 'https://api.example',
    rootCenterId: 'c-root',
    tokenUrl: 'https://auth.example/oauth2/token',
    clientId: 'city',
    clientSecret: 'env:S',
    scope: 'pmsc/menus:push',
  });

  it('returns the registered districts named, once each', () => {
    expect(targetsOf([child('310113'), child('310104')], ['310104', '310104']).map((c) => c.code)).toEqual([
      '310104',
    ]);
  });

  it('refuses a district that is not registered, naming it', () => {
    expect(() => targetsOf([child('310113')], ['310113', '320102'])).toThrow(/320102/);
  });

  it('says plainly when the stack has no districts at all', () => {
    expect(() => targetsOf([], ['310113'])).toThrow(/only a city stack/);
  });
});

describe('hasTimeForPage', () => {
  it('keeps a reserve and room for twice the slowest page so far', () => {
    expect(hasTimeForPage(30_000, 0)).toBe(true);
    expect(hasTimeForPage(4_999, 0)).toBe(false);
    expect(hasTimeForPage(9_000, 2_000)).toBe(true);
    expect(hasTimeForPage(8_999, 2_000)).toBe(false);
  });
});
