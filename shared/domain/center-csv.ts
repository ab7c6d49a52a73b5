/** Decoding an uploaded import CSV (write path only: it loads the CSV parser). */
import { parse } from 'csv-parse/sync';

export { CSV_COLUMNS, CSV_MEDIA_TYPE } from './center-csv-columns.ts';

import { CSV_COLUMNS, type CsvColumn } from './center-csv-columns.ts';
import { type ImportRow, ImportRowSchema, MAX_IMPORT_ROWS } from './center-import.ts';
import { type FieldProblem, ValidationError } from './errors.ts';

const REQUIRED_COLUMNS: readonly CsvColumn[] = [
  'ref',
  'level',
  'name',
  'address',
  'lat',
  'lon',
  'openingHours',
];
const NUMERIC: ReadonlySet<string> = new Set(['lat', 'lon', 'serviceRadiusMeters']);
const CONTACT: Readonly<Record<string, string>> = { phone: 'phone', email: 'email', contactPerson: 'person' };

/** The CSV column a field path of a row names (`location.lat` is `lat`, `contact.person` is `contactPerson`). */
export function columnOf(path: readonly PropertyKey[]): string {
  const [head, sub] = path.map(String);
  if (head === 'location' && sub) return sub;
  if (head === 'contact' && sub) return sub === 'person' ? 'contactPerson' : sub;
  return head ?? '';
}

function numberOrText(value: string): number | string {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

/** One CSV record as the JSON row it stands for; empty cells are left out (the JSON defaults apply). */
export function rowFromRecord(
  record: Readonly<Record<string, string>>,
  line: number,
): Record<string, unknown> {
  const row: Record<string, unknown> = { line };
  const location: Record<string, unknown> = {};
  const contact: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    const value = raw.trim();
    if (value === '') continue;
    if (column === 'lat' || column === 'lon') location[column] = numberOrText(value);
    else if (column in CONTACT) contact[CONTACT[column]!] = value;
    else if (column === 'synthetic') row.synthetic = value.split(';').map((part) => part.trim());
    else row[column] = NUMERIC.has(column) ? numberOrText(value) : value;
  }
  if (Object.keys(location).length > 0) row.location = location;
  if (Object.keys(contact).length > 0) row.contact = contact;
  return row;
}

/**
 * Decodes an uploaded CSV into the body of an import as StartImportSchema parses it, validating
 * every row with the row schema: the problems of all rows come back at once, each with its line
 * and column, and nothing is written.
 */
export function decodeImportCsv(text: string): { centers: ImportRow[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim()),
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ValidationError(`the CSV cannot be read: ${(error as Error).message}`, [
      { field: '', message: (error as Error).message, in: 'body', ...(line ? { line } : {}) },
    ]);
  }
  if (records.length === 0) {
    throw new ValidationError('the CSV has no rows', [
      { field: '', message: 'has no rows', in: 'body', line: 1 },
    ]);
  }
  const header = Object.keys(records[0]!.record);
  const unknown = header.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  const absent = REQUIRED_COLUMNS.filter((name) => !header.includes(name));
  if (unknown.length > 0 || absent.length > 0) {
    const problems: FieldProblem[] = [
      ...unknown.map((column) => ({
        field: '',
        message: `unknown column ${column}`,
        in: 'body',
        line: 1,
        column,
      })),
      ...absent.map((column) => ({
        field: '',
        message: `column ${column} is missing`,
        in: 'body',
        line: 1,
        column,
      })),
    ];
    throw new ValidationError(
      `the CSV header is not an import header (columns: ${CSV_COLUMNS.join(',')})`,
      problems,
    );
  }

  const problems: FieldProblem[] = [];
  const centers: ImportRow[] = [];
  records.forEach(({ record, info }, index) => {
    const parsed = ImportRowSchema.safeParse(rowFromRecord(record, info.lines));
    if (parsed.success) {
      centers.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      problems.push({
        field: `centers.${index}${issue.path.map((key) => `.${String(key)}`).join('')}`,
        message: issue.message,
        in: 'body',
        line: info.lines,
        column: columnOf(issue.path),
      });
    }
  });
  if (centers.length + problems.length > MAX_IMPORT_ROWS) {
    problems.push({ field: 'centers', message: `at most ${MAX_IMPORT_ROWS} rows`, in: 'body' });
  }
  if (problems.length > 0) {
    throw new ValidationError(`${problems.length} problem(s) in the import; nothing was written`, problems);
  }
  return { centers };
}
