import { describe, expect, it } from 'vitest';
import { ConsoleConfigSchema } from '../../../shared/domain/console-config.ts';

/**
 * `GET /console/config.json` answers the stack's console settings read through this schema
 * (docs/console.md): whatever the stack sets must come out whole, and a setting the console could
 * not use (an unknown datum, a member missing) is refused when the function starts rather than
 * handed to browsers.
 */

const full = {
  district: { code: '310113', name: { zh: '宝山区', en: 'Baoshan' } },
  timeZone: 'Asia/Shanghai',
  auth: {
    authorizeUrl: 'https://auth.example.cn/oauth2/authorize',
    tokenUrl: 'https://auth.example.cn/oauth2/token',
    clientId: 'console',
    scope: 'openid profile',
    claims: { groups: 'cognito:groups', centerId: 'custom:centerId' },
  },
  basemap: { url: 'https://tiles.example.cn/{z}/{x}/{y}.png', attribution: '© tiles', coordinates: 'gcj02' },
};

describe('the console configuration', () => {
  it('comes out exactly as the stack set it', () => {
    expect(ConsoleConfigSchema.parse(full)).toEqual(full);
  });

  it('may have no web client and no basemap (null), but must say so', () => {
    const bare = { ...full, auth: null, basemap: null };
    expect(ConsoleConfigSchema.parse(bare)).toEqual(bare);
    expect(ConsoleConfigSchema.safeParse({ ...full, auth: undefined }).success).toBe(false);
    expect(ConsoleConfigSchema.safeParse({ ...full, basemap: undefined }).success).toBe(false);
  });

  it('draws on a WGS 84 or a GCJ-02 basemap, no other datum', () => {
    for (const coordinates of ['wgs84', 'gcj02']) {
      expect(
        ConsoleConfigSchema.parse({ ...full, basemap: { ...full.basemap, coordinates } }).basemap
          ?.coordinates,
      ).toBe(coordinates);
    }
    expect(
      ConsoleConfigSchema.safeParse({ ...full, basemap: { ...full.basemap, coordinates: 'bd09' } }).success,
    ).toBe(false);
  });

  it('needs every member the sign-in reads', () => {
    for (const member of ['authorizeUrl', 'tokenUrl', 'clientId', 'scope', 'claims'] as const) {
      const { [member]: _left, ...auth } = full.auth;
      expect(ConsoleConfigSchema.safeParse({ ...full, auth }).success, member).toBe(false);
    }
    for (const claim of ['groups', 'centerId'] as const) {
      const { [claim]: _left, ...claims } = full.auth.claims;
      expect(ConsoleConfigSchema.safeParse({ ...full, auth: { ...full.auth, claims } }).success, claim).toBe(
        false,
      );
    }
  });

  it('needs the district’s code and both of its names, and the time zone', () => {
    expect(
      ConsoleConfigSchema.safeParse({ ...full, district: { code: '310113', name: { zh: '宝山区' } } })
        .success,
    ).toBe(false);
    expect(ConsoleConfigSchema.safeParse({ ...full, district: { name: full.district.name } }).success).toBe(
      false,
    );
    const { timeZone: _zone, ...withoutZone } = full;
    expect(ConsoleConfigSchema.safeParse(withoutZone).success).toBe(false);
    const { url: _url, ...withoutUrl } = full.basemap;
    expect(ConsoleConfigSchema.safeParse({ ...full, basemap: withoutUrl }).success).toBe(false);
    const { attribution: _a, ...withoutAttribution } = full.basemap;
    expect(ConsoleConfigSchema.safeParse({ ...full, basemap: withoutAttribution }).success).toBe(false);
  });
});
