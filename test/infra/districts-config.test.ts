import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import {
  type DistrictConfig,
  districtCodes,
  districts,
  resolveDistrict,
  stackNameOf,
} from '../../infra/config/districts.ts';

const all: DistrictConfig[] = districtCodes.map((code) => districts[code]);
const retentions = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);

describe('district config', () => {
  it('includes Baoshan and at least two other Shanghai districts', () => {
    expect(resolveDistrict('310113').name).toEqual({ zh: '宝山区', en: 'Baoshan District' });
    expect(districtCodes).toEqual(expect.arrayContaining(['310104', '310113', '310115']));
  });

  it.each(all.map((d) => [d.code, d]))(
    '%s is keyed by its official 6-digit code within its city',
    (key, d) => {
      expect(d.code).toBe(key);
      expect(d.code).toMatch(/^\d{6}$/);
      expect(d.city.code).toMatch(/^\d{2}0000$/);
      // Shanghai is a municipality (310000): its districts share its 2-digit prefix (3101xx)
      expect(d.code.slice(0, 2)).toBe(d.city.code.slice(0, 2));
      expect(d.code.slice(4)).not.toBe('00');
      expect(d.name.zh).toMatch(/[区县]$/u);
      expect(d.name.en.length).toBeGreaterThan(0);
    },
  );

  it.each(all.map((d) => [d.code, d]))('%s has deployable names and sane limits', (_code, d) => {
    expect(stackNameOf(d)).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,127}$/);
    expect(stackNameOf(d)).toBe(`Pmsc-${d.code}-${d.slug}`);
    // Cognito domain prefixes: lowercase, digits, hyphens; no reserved words
    expect(d.auth.domainPrefix).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
    expect(d.auth.domainPrefix).not.toMatch(/aws|amazon|cognito/);
    expect(retentions.has(d.logRetention)).toBe(true);
    expect(d.logRetention).not.toBe(RetentionDays.INFINITE);
    expect(d.api.throttle.rateLimit).toBeGreaterThan(0);
    expect(d.api.throttle.burstLimit).toBeGreaterThanOrEqual(d.api.throttle.rateLimit);
    expect(Intl.supportedValuesOf('timeZone')).toContain(d.timeZone);
    if (d.alarmEmail !== undefined) expect(d.alarmEmail).toMatch(/^[^@\s]+@[^@\s]+$/);
    if (d.account !== undefined) expect(d.account).toMatch(/^\d{12}$/);
  });

  it.each(all.map((d) => [d.code, d]))(
    '%s only allows https origins and redirects, besides localhost',
    (_code, d) => {
      const urls = [...d.api.corsOrigins, ...d.auth.callbackUrls, ...d.auth.logoutUrls];
      expect(d.api.corsOrigins.length).toBeGreaterThan(0);
      for (const url of urls) {
        expect(url).toMatch(/^(https:\/\/[a-z0-9.-]+|http:\/\/localhost:\d+)(\/|$)/);
      }
      for (const origin of d.api.corsOrigins) expect(origin).not.toMatch(/\/$/);
    },
  );

  it('gives every district its own stack and Cognito domain', () => {
    expect(new Set(all.map(stackNameOf)).size).toBe(all.length);
    expect(new Set(all.map((d) => d.auth.domainPrefix)).size).toBe(all.length);
  });

  it('rejects an unknown district, listing the known codes', () => {
    expect(() => resolveDistrict('999999')).toThrow(/Unknown district "999999".*310104.*310113.*310115/);
  });

  it('rejects a missing district, saying how to pass one', () => {
    expect(() => resolveDistrict(undefined)).toThrow(/Missing district: pass -c district=<code>.*310113/);
    expect(() => resolveDistrict('')).toThrow(/Missing district/);
  });

  it('accepts a numeric context value', () => {
    expect(resolveDistrict(310115).code).toBe('310115');
  });
});
