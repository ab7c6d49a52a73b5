import { describe, expect, it } from 'vitest';
import { columnOf, decodeImportCsv } from '../../../shared/domain/center-csv.ts';
import { MAX_IMPORT_ROWS } from '../../../shared/domain/center-import.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';

/** An import CSV as a whole: its row limit, its header and the columns its problems name. */

installOpeningHoursLibrary();

const HEADER = 'ref,level,name,address,lat,lon,openingHours';
const good = (i: number) => `c${i},district,C${i},addr,31.4,121.4,24/7`;
const bad = (i: number) => `c${i},district,C${i},addr,north,121.4,24/7`;
const file = (rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

function refusal(text: string): ValidationError {
  try {
    decodeImportCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const LIMIT_PROBLEM = { field: 'centers', message: `at most ${MAX_IMPORT_ROWS} rows`, in: 'body' };

describe('the row limit of an import CSV', () => {
  it(`takes a file of exactly ${MAX_IMPORT_ROWS} rows`, () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => good(i));
    expect(decodeImportCsv(file(rows)).centers).toHaveLength(MAX_IMPORT_ROWS);
  });

  it('refuses one row more, naming the limit on centers', () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => good(i));
    expect(refusal(file(rows)).errors).toEqual([LIMIT_PROBLEM]);
  });

  it('counts bad rows towards the limit too, listing their problems and the limit', () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => (i < 2 ? bad(i) : good(i)));
    const error = refusal(file(rows));
    expect(error.errors).toHaveLength(3);
    expect(error.errors).toContainEqual(LIMIT_PROBLEM);
    expect(error.errors.filter((p) => p.column === 'lat').map((p) => p.line)).toEqual([2, 3]);
  });
});

describe('the header and the problems of an import CSV', () => {
  it('says a file with a header and no rows has no rows', () => {
    expect(refusal(`${HEADER}\n`).message).toContain('no rows');
  });

  it('refuses a column it does not know even when every required column is there', () => {
    const error = refusal(`${HEADER},notes\nc1,district,C1,addr,31.4,121.4,24/7,hello\n`);
    expect(error.errors).toEqual([
      { field: '', message: 'unknown column notes', in: 'body', line: 1, column: 'notes' },
    ]);
  });

  it('names the column of a problem in a plain field by the field itself', () => {
    expect(columnOf(['name'])).toBe('name');
    expect(columnOf(['level'])).toBe('level');
    const error = refusal(file(['c1,mayor,C1,addr,31.4,121.4,24/7']));
    expect(error.errors.map((p) => p.column)).toEqual(['level']);
  });
});
