import { describe, expect, it } from 'vitest';
import type { Center } from '../../../shared/domain/center.ts';
import { CSV_COLUMNS, columnOf, decodeImportCsv, rowFromRecord } from '../../../shared/domain/center-csv.ts';
import { subtreeToCsv } from '../../../shared/domain/center-csv-export.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';

installOpeningHoursLibrary();

const HEADER = 'ref,parentRef,level,name,address,lat,lon,openingHours';
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\r\n')}\r\n`;

function refusal(text: string): ValidationError {
  try {
    decodeImportCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('decodeImportCsv', () => {
  it('reads a spreadsheet export with a BOM and CRLF lines into rows with their line numbers', () => {
    const { centers } = decodeImportCsv(
      `\uFEFF${csv(
        '310113,,district,宝山区,上海市宝山区,31.405,121.489,Mo-Fr 09:00-17:00',
        '310113103,310113,street,"友谊路街道, 宝山","上海市宝山区 ""友谊路""",31.4,121.48,24/7',
      )}`,
    );
    expect(centers).toHaveLength(2);
    expect(centers[0]).toMatchObject({
      ref: '310113',
      level: 'district',
      name: '宝山区',
      location: { lat: 31.405, lon: 121.489 },
      line: 2,
      serviceRadiusMeters: 1000,
      timeZone: 'Asia/Shanghai',
    });
    expect(centers[0]).not.toHaveProperty('parentRef');
    expect(centers[1]).toMatchObject({
      parentRef: '310113',
      name: '友谊路街道, 宝山',
      address: '上海市宝山区 "友谊路"',
      line: 3,
    });
  });

  it('reads the same file without a BOM and with LF lines', () => {
    const text = csv('310113,,district,宝山区,上海市宝山区,31.405,121.489,24/7').replaceAll('\r\n', '\n');
    expect(decodeImportCsv(text).centers[0]).toMatchObject({ ref: '310113', line: 2 });
  });

  it('names every bad row by line and column and refuses the whole file', () => {
    const error = refusal(
      csv(
        '310113,,district,宝山区,上海市宝山区,31.405,121.489,24/7',
        's1,310113,street,S1,addr,north,121.4,24/7',
        's2,310113,mayor,S2,addr,31.4,121.4,sometimes',
        's3,310113,street,S3,addr,31.4,121.4,24/7',
      ),
    );
    expect(error.message).toBe('3 problem(s) in the import; nothing was written');
    expect(error.errors.map((p) => `${p.line}:${p.column}`)).toEqual(['3:lat', '4:openingHours', '4:level']);
    expect(error.errors[0]).toMatchObject({ field: 'centers.1.location.lat', in: 'body' });
  });

  it('refuses a header with unknown or missing columns, on line 1', () => {
    const error = refusal('ref,level,name,addres,lat,lon,openingHours\nx,district,X,a,31,121,24/7\n');
    expect(error.errors).toEqual([
      { field: '', message: 'unknown column addres', in: 'body', line: 1, column: 'addres' },
      { field: '', message: 'column address is missing', in: 'body', line: 1, column: 'address' },
    ]);
  });

  it('refuses a file with a header and no rows', () => {
    expect(refusal(`${HEADER}\n`).errors).toEqual([
      { field: '', message: 'has no rows', in: 'body', line: 1 },
    ]);
  });

  it('refuses a row with the wrong number of cells, naming its line', () => {
    const error = refusal(csv('310113,,district,宝山区,上海市宝山区,31.405'));
    expect(error.errors[0]?.line).toBe(2);
  });
});

describe('rowFromRecord', () => {
  it('nests location and contact, leaves empty cells out and keeps non-numbers for the schema to refuse', () => {
    expect(
      rowFromRecord(
        {
          ref: ' a ',
          lat: '31.5',
          lon: 'x',
          phone: '021-1',
          contactPerson: '王',
          email: '',
          serviceRadiusMeters: '800',
        },
        7,
      ),
    ).toEqual({
      line: 7,
      ref: 'a',
      location: { lat: 31.5, lon: 'x' },
      contact: { phone: '021-1', person: '王' },
      serviceRadiusMeters: 800,
    });
  });

  it('maps field paths back to their columns', () => {
    expect(columnOf(['location', 'lon'])).toBe('lon');
    expect(columnOf(['contact', 'person'])).toBe('contactPerson');
    expect(columnOf(['contact', 'email'])).toBe('email');
    expect(columnOf(['openingHours'])).toBe('openingHours');
  });
});

describe('subtreeToCsv', () => {
  const center = (id: string, parentId: string | null, extra: Partial<Center> = {}): Center => ({
    id,
    parentId,
    level: parentId ? 'street' : 'district',
    name: `${id}, "quoted"`,
    address: '上海市',
    location: { lat: 31.123456789, lon: 121.5 },
    serviceRadiusMeters: 1500,
    timeZone: 'Asia/Shanghai',
    openingHours: 'Mo-Fr 09:00-17:00',
    contact: { phone: '021-00000000', person: '李' },
    status: 'active',
    path: parentId ? `/${parentId}/${id}/` : `/${id}/`,
    depth: parentId ? 1 : 0,
    version: 3,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  });

  it('writes the import columns with a BOM, refs by external code else id, and decodes back to the same fields', () => {
    const text = subtreeToCsv([
      center('c-top', 'c-above', { level: 'district', externalCode: '310113', divisionCode: '310113' }),
      center('c-street', 'c-top'),
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${CSV_COLUMNS.join(',')}`);
    const { centers } = decodeImportCsv(text);
    expect(centers[0]).toMatchObject({ ref: '310113', parentId: 'c-above', divisionCode: '310113' });
    expect(centers[0]).not.toHaveProperty('parentRef');
    expect(centers[1]).toMatchObject({
      ref: 'c-street',
      parentRef: '310113',
      name: 'c-street, "quoted"',
      location: { lat: 31.123456789, lon: 121.5 },
      serviceRadiusMeters: 1500,
      contact: { phone: '021-00000000', person: '李' },
      status: 'active',
    });
    expect(centers[1]).not.toHaveProperty('parentId');
  });
});
