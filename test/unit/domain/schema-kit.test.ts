import { describe, expect, it } from 'vitest';
import { CreateCenterSchema, OpeningHoursSchema, TimeZoneSchema } from '../../../shared/domain/center.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';
import { Id, Instant, PageQuery, Text, Version } from '../../../shared/domain/schema-kit.ts';
import { ServiceDefinitionSchema } from '../../../shared/domain/services.ts';

// the center schemas check hours with the library, as the write functions do
installOpeningHoursLibrary();

const center = {
  name: '测试中心',
  level: 'district',
  address: '上海市宝山区',
  location: { lat: 31.4, lon: 121.45 },
  openingHours: 'Mo-Fr 08:30-17:00',
};

const service = {
  code: 'test-service',
  name: '测试服务',
  category: 'civil-affairs',
  handlingLevel: 'street',
  timeLimit: { unit: 'working-days', value: 3 },
};

describe('Instant', () => {
  it('accepts instants from 1970 to the end of 2100', () => {
    expect(Instant.safeParse('1970-01-01T00:00:00Z').success).toBe(true);
    expect(Instant.safeParse('2100-12-31T23:59:59+00:00').success).toBe(true);
    expect(Instant.safeParse('2026-02-16T09:00:00+08:00').success).toBe(true);
  });

  it('takes the first and the last millisecond of the range, and not one more either side', () => {
    expect(Instant.safeParse('1970-01-01T00:00:00.000Z').success).toBe(true);
    expect(Instant.safeParse('2100-12-31T23:59:59.999Z').success).toBe(true);
    expect(Instant.safeParse('1969-12-31T23:59:59.999Z').success).toBe(false);
    expect(Instant.safeParse('2101-01-01T00:00:00.000Z').success).toBe(false);
    // the offset counts: 07:59 in Shanghai on 1 January 1970 is still 1969 in UTC
    expect(Instant.safeParse('1970-01-01T07:59:59+08:00').success).toBe(false);
  });

  it('refuses instants the schema format allows but the rules cannot evaluate', () => {
    for (const value of [
      '0001-01-02T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '9999-12-31T23:59:59Z',
      '2101-01-01T00:00:00Z',
    ]) {
      expect(Instant.safeParse(value).success, value).toBe(false);
    }
  });
});

const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message).join('; ');

describe('what a refused value is told', () => {
  it('names the range of instants the rules evaluate', () => {
    expect(messageOf(Instant.safeParse('2101-01-01T00:00:00Z'))).toBe(
      'must be between 1970-01-01T00:00:00Z and 2100-12-31T23:59:59Z',
    );
  });

  it('names what an id is made of', () => {
    expect(messageOf(Id.safeParse('Abc'))).toBe('must be 3-64 lowercase letters, digits, - or _');
  });
});

describe('Id', () => {
  it('is 3 to 64 lowercase letters, digits, - or _, starting with a letter or digit', () => {
    for (const value of ['c-7f3a9b2c', 'abc', '0ab', 'a'.repeat(64), 'r_1-x']) {
      expect(Id.safeParse(value).success, value).toBe(true);
    }
    for (const value of [
      'ab',
      'a'.repeat(65),
      '-abc',
      '_abc',
      'Abc',
      'abC',
      'ab c',
      'abc/',
      '/abc',
      'a.bc',
      '',
    ]) {
      expect(Id.safeParse(value).success, value).toBe(false);
    }
  });
});

describe('Version and pages', () => {
  it('counts versions from 1, in whole numbers', () => {
    expect(Version.safeParse(1).success).toBe(true);
    expect(Version.safeParse(0).success).toBe(false);
    expect(Version.safeParse(1.5).success).toBe(false);
  });

  it('pages 25 by default, 1 to 100 at a time, with a cursor of at most 2 KiB', () => {
    expect(PageQuery.parse({})).toEqual({ limit: 25 });
    expect(PageQuery.parse({ limit: '1', cursor: 'c'.repeat(2048) })).toEqual({
      limit: 1,
      cursor: 'c'.repeat(2048),
    });
    expect(PageQuery.parse({ limit: '100' }).limit).toBe(100);
    for (const query of [
      { limit: '0' },
      { limit: '101' },
      { limit: '2.5' },
      { cursor: 'c'.repeat(2049) },
      { page: '2' },
    ]) {
      expect(PageQuery.safeParse(query).success, JSON.stringify(query).slice(0, 40)).toBe(false);
    }
  });
});

describe('Text', () => {
  const name = Text(100);

  it('trims, and refuses what is only white space (ideographic spaces too)', () => {
    expect(name.parse('  友谊路  ')).toBe('友谊路');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('\u3000\u3000').success).toBe(false);
  });

  it('refuses control characters, bidi controls and lone surrogates', () => {
    for (const value of [
      'a\u0000b',
      'a\u0007b',
      'a\nb',
      'a\u0085b',
      'abc\u202edcba',
      'a\u2066b',
      'a\ud800b',
      'a\udc00',
    ]) {
      expect(name.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });

  it('keeps paired surrogates (emoji) and, where multiline, line breaks and tabs', () => {
    expect(name.parse('党群 👍')).toBe('党群 👍');
    expect(Text(100, { multiline: true }).parse('第一行\n第二行\tend')).toBe('第一行\n第二行\tend');
    expect(Text(100, { multiline: true }).safeParse('a\u0000b').success).toBe(false);
  });
});

describe('center fields', () => {
  it('refuses a whitespace-only name, address or contact', () => {
    expect(CreateCenterSchema.safeParse({ ...center, name: ' \t ' }).success).toBe(false);
    expect(CreateCenterSchema.safeParse({ ...center, address: '   ' }).success).toBe(false);
    expect(CreateCenterSchema.safeParse({ ...center, contact: { person: '  ' } }).success).toBe(false);
    expect(CreateCenterSchema.safeParse({ ...center, contact: { phone: '   ' } }).success).toBe(false);
    expect(CreateCenterSchema.parse({ ...center, contact: { phone: ' 021-5678 1234 ' } }).contact.phone).toBe(
      '021-5678 1234',
    );
  });

  it('stores a time zone under its canonical IANA name', () => {
    expect(TimeZoneSchema.parse('asia/shanghai')).toBe('Asia/Shanghai');
    expect(TimeZoneSchema.parse('ASIA/SHANGHAI')).toBe('Asia/Shanghai');
    expect(CreateCenterSchema.parse({ ...center, timeZone: 'asia/urumqi' }).timeZone).toBe('Asia/Urumqi');
    expect(TimeZoneSchema.safeParse('Mars/Olympus').success).toBe(false);
  });

  it('refuses an empty opening interval such as 08:00-08:00', () => {
    expect(OpeningHoursSchema.safeParse('Mo-Fr 08:00-08:00').success).toBe(false);
    expect(OpeningHoursSchema.safeParse('Mo-Fr 08:00-12:00,13:30-13:30').success).toBe(false);
    expect(OpeningHoursSchema.safeParse('Mo-Su 00:00-24:00').success).toBe(true);
  });
});

describe('service attributes', () => {
  const withAttributes = (attributes: unknown[]) =>
    ServiceDefinitionSchema.safeParse({ ...service, attributes });

  it('accepts a catalog entry with one attribute of each type', () => {
    const result = withAttributes([
      { type: 'string', code: 'reason', label: '原因' },
      { type: 'number', code: 'count', label: '数量', min: 1, max: 5 },
      { type: 'date', code: 'day', label: '日期' },
      { type: 'single', code: 'one', label: '一', options: ['a', 'b'] },
      { type: 'multiple', code: 'many', label: '多', options: ['a', 'b'] },
    ]);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it('refuses a number attribute whose min is above its max', () => {
    expect(withAttributes([{ type: 'number', code: 'n', label: 'n', min: 5, max: 1 }]).success).toBe(false);
  });

  it('refuses two attributes with one code', () => {
    const result = withAttributes([
      { type: 'string', code: 'reason', label: '原因' },
      { type: 'date', code: 'reason', label: '日期' },
    ]);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['attributes.1.code']);
  });

  it('refuses duplicate options of a choice', () => {
    expect(withAttributes([{ type: 'multiple', code: 'm', label: 'm', options: ['a', 'a'] }]).success).toBe(
      false,
    );
  });

  it('refuses an unknown member of an attribute', () => {
    expect(withAttributes([{ type: 'date', code: 'd', label: 'd', maxLength: 3 }]).success).toBe(false);
  });
});
