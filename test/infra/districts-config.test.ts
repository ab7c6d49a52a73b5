import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import {
  allDistricts,
  appStackNameOf,
  checkDistrict,
  type DistrictConfig,
  dataStackNameOf,
  districtKeys,
  districts,
  keyOf,
  MIN_LOG_RETENTION_DAYS,
  resolveDistrict,
  resolveDistricts,
} from '../../infra/config/districts.ts';
import { regions } from '../../infra/config/regions.ts';

const retentions = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);
const baoshan: DistrictConfig = districts['310113'];
const minhang: DistrictConfig = districts['310112'];

describe('district config', () => {
  it('includes Baoshan, other Shanghai districts and a district in the China regions', () => {
    expect(resolveDistrict('310113').name).toEqual({ zh: '宝山区', en: 'Baoshan District' });
    expect(districtKeys).toEqual(
      expect.arrayContaining(['310104', '310112', '310113', '310115', '310113-dev']),
    );
    expect(allDistricts.some((d) => d.region?.startsWith('cn-'))).toBe(true);
  });

  it.each(allDistricts.map((d) => [keyOf(d), d]))('%s passes the deployment checks', (_key, d) => {
    expect(() => checkDistrict(d)).not.toThrow();
  });

  it.each(allDistricts.map((d) => [keyOf(d), d]))(
    '%s is keyed by its official 6-digit code within its city',
    (key, d) => {
      expect(keyOf(d)).toBe(key);
      expect(d.code).toMatch(/^\d{6}$/);
      expect(d.city.code).toMatch(/^\d{2}0000$/);
      expect(d.code.slice(0, 2)).toBe(d.city.code.slice(0, 2));
      expect(d.code.slice(4)).not.toBe('00');
      expect(d.name.zh).toMatch(/[区县]|开发/u);
    },
  );

  it.each(allDistricts.map((d) => [keyOf(d), d]))('%s has deployable names and sane limits', (_key, d) => {
    expect(dataStackNameOf(d)).toMatch(/^[A-Za-z][A-Za-z0-9-]{0,127}$/);
    expect(appStackNameOf(d)).toBe(`Pmsc-${d.code}-${d.slug}-App`);
    if (d.auth.kind === 'cognito') {
      expect(d.auth.domainPrefix).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
      expect(d.auth.domainPrefix).not.toMatch(/aws|amazon|cognito/);
      expect(d.auth.emailFrom).toMatch(/^[^@\s]+@[^@\s]+$/);
    } else {
      expect(d.auth.issuerUrl).toMatch(/^https:\/\//);
      expect(d.auth.audience.length).toBeGreaterThan(0);
    }
    expect(retentions.has(d.logRetention)).toBe(true);
    expect(d.logRetention).toBeGreaterThanOrEqual(MIN_LOG_RETENTION_DAYS);
    expect(d.api.throttle.burstLimit).toBeGreaterThanOrEqual(d.api.throttle.rateLimit);
    expect(Intl.supportedValuesOf('timeZone')).toContain(d.timeZone);
    for (const email of d.alarmEmails) expect(email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });

  it('pins every production district to a 12-digit account and a known region', () => {
    for (const d of allDistricts.filter((x) => x.stage === 'prod')) {
      expect(d.account, keyOf(d)).toMatch(/^\d{12}$/);
      expect(Object.keys(regions), keyOf(d)).toContain(d.region);
    }
  });

  it('gives every district its own stacks, tables and Cognito domain', () => {
    expect(new Set(allDistricts.map(dataStackNameOf)).size).toBe(allDistricts.length);
    const domains = allDistricts.flatMap((d) => (d.auth.kind === 'cognito' ? [d.auth.domainPrefix] : []));
    expect(new Set(domains).size).toBe(domains.length);
  });
});

describe('checkDistrict', () => {
  it('refuses a production district without its account or region', () => {
    const { account: _a, ...noAccount } = baoshan;
    const { region: _r, ...noRegion } = baoshan;
    expect(() => checkDistrict(noAccount)).toThrow(/12-digit account pinned/);
    expect(() => checkDistrict(noRegion)).toThrow(/region pinned/);
  });

  it('refuses localhost origins or callbacks in a production district, and allows them in dev', () => {
    const local = { ...baoshan, api: { ...baoshan.api, corsOrigins: ['http://localhost:5173'] } };
    expect(() => checkDistrict(local)).toThrow(/localhost URLs are for dev districts only/);
    if (baoshan.auth.kind !== 'cognito') throw new Error('cognito expected');
    const callback = { ...baoshan, auth: { ...baoshan.auth, callbackUrls: ['http://localhost:5173/cb'] } };
    expect(() => checkDistrict(callback)).toThrow(/localhost/);
    expect(() => checkDistrict({ ...local, stage: 'dev' })).not.toThrow();
  });

  it('refuses logs kept less than 180 days, and a production district nobody is alarmed for', () => {
    expect(() => checkDistrict({ ...baoshan, logRetention: RetentionDays.THREE_MONTHS })).toThrow(/180 days/);
    expect(() => checkDistrict({ ...baoshan, alarmEmails: [] })).toThrow(/alarm email/);
  });

  it('refuses a Cognito user pool in a China region and tracing without a fallback there', () => {
    expect(() => checkDistrict({ ...baoshan, region: 'cn-north-1' })).toThrow(/no Cognito user pools/);
    const { fallbacks: _f, ...noFallback } = minhang;
    expect(() => checkDistrict(noFallback)).toThrow(/no X-Ray for Lambda: set fallbacks.tracing/);
  });

  it('resolves a China district to the aws-cn partition and a global one to aws', () => {
    expect(checkDistrict(minhang)).toMatchObject({
      partition: 'aws-cn',
      tracing: 'disabled',
      architecture: 'arm64',
    });
    expect(checkDistrict(baoshan)).toMatchObject({
      partition: 'aws',
      tracing: 'active',
      consumerConcurrency: 5,
    });
  });

  it('refuses a consumer concurrency Lambda does not accept', () => {
    expect(() => checkDistrict({ ...baoshan, consumerConcurrency: 1 })).toThrow(/from 2 to 1000/);
  });
});

describe('resolving districts', () => {
  it('rejects an unknown district, listing the known keys', () => {
    expect(() => resolveDistrict('999999')).toThrow(/Unknown district "999999".*310104.*310113/);
  });

  it('rejects a missing district, saying how to pass one', () => {
    expect(() => resolveDistrict(undefined)).toThrow(/Missing district: pass -c district=<code>.*310113/);
    expect(() => resolveDistrict('')).toThrow(/Missing district/);
  });

  it('accepts a numeric context value', () => {
    expect(resolveDistrict(310115).code).toBe('310115');
  });

  it('takes a list in its order, a city as its production districts, or all of them', () => {
    expect(resolveDistricts('310113,310104').map(keyOf)).toEqual(['310113', '310104']);
    const city = resolveDistricts('310000').map(keyOf);
    expect(city).toContain('310112');
    expect(city).not.toContain('310113-dev');
    expect(resolveDistricts('all')).toHaveLength(allDistricts.filter((d) => d.stage === 'prod').length);
    expect(resolveDistricts('310113-dev,310113').map(keyOf)).toEqual(['310113-dev', '310113']);
  });
});
