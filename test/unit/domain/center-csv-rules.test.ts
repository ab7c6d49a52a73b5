import { describe, expect, it } from 'vitest';
import { columnOf, decodeImportCsv, rowFromRecord } from '../../../shared/domain/center-csv.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';

/** The CSV form of an import (docs/api.md, the import): which columns a file needs and how cells are read. */

installOpeningHoursLibrary();

function refusal(text: string): ValidationError {
  try {
    decodeImportCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('the header of an import CSV', () => {
  it('needs ref, level, name, address, lat, lon and openingHours, naming each one missing', () => {
    const error = refusal('parentRef,kind\n,community\n');
    expect(error.errors.map((p) => p.message)).toEqual([
      'column ref is missing',
      'column level is missing',
      'column name is missing',
      'column address is missing',
      'column lat is missing',
      'column lon is missing',
      'column openingHours is missing',
    ]);
    expect(error.message).toMatch(
      /^the CSV header is not an import header \(columns: ref,parentRef,parentId,level/,
    );
  });

  it('reads header names with spaces around them, and skips empty lines', () => {
    const { centers } = decodeImportCsv(
      ' ref , level ,name,address,lat,lon,openingHours\r\n\r\nc1,district,宝山区,上海市宝山区,31.405,121.489,24/7\r\n\r\n',
    );
    expect(centers).toHaveLength(1);
    expect(centers[0]).toMatchObject({
      ref: 'c1',
      level: 'district',
      location: { lat: 31.405, lon: 121.489 },
    });
  });

  it('refuses a file it cannot read as CSV, saying why', () => {
    const error = refusal('ref,level,name,address,lat,lon,openingHours\n"c1,district,x,y,31,121,24/7\n');
    expect(error.message).toMatch(/^the CSV cannot be read: /);
    expect(error.errors[0]).toMatchObject({ field: '', in: 'body' });
  });
});

describe('the cells of a row', () => {
  it('split the synthetic list on semicolons, trimmed', () => {
    expect(rowFromRecord({ ref: 'c1', synthetic: 'location; openingHours' }, 2)).toEqual({
      line: 2,
      ref: 'c1',
      synthetic: ['location', 'openingHours'],
    });
  });

  it('read a number only from a cell holding one, keep other text as it is, and put email under contact', () => {
    expect(
      rowFromRecord({ lat: '31.4', lon: '121', serviceRadiusMeters: '8OO', email: 'a@b.cn' }, 3),
    ).toEqual({
      line: 3,
      location: { lat: 31.4, lon: 121 },
      serviceRadiusMeters: '8OO',
      contact: { email: 'a@b.cn' },
    });
  });

  it('name the column of a problem by the first part of any other path', () => {
    expect(columnOf(['location', 'lat'])).toBe('lat');
    expect(columnOf(['location'])).toBe('location');
    expect(columnOf(['contact'])).toBe('contact');
    expect(columnOf(['contact', 'phone'])).toBe('phone');
    expect(columnOf([])).toBe('');
  });
});
