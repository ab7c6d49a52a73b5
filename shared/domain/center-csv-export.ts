import { stringify } from 'csv-stringify/sync';
import type { Center } from './center.ts';
import { CSV_COLUMNS, type CsvColumn } from './center-csv-columns.ts';
import { refOf } from './center-import.ts';

/**
 * A subtree as import CSV, parents first: `ref` is each center's external code (else its id),
 * `parentRef` its parent's ref, and the subtree's own root keeps its parent as `parentId`, so the
 * file re-imports onto the same place. Starts with a BOM, which Excel needs to read UTF-8.
 */
export function subtreeToCsv(centers: readonly Center[]): string {
  const refs = new Map(centers.map((center) => [center.id, refOf(center)]));
  const rows = centers.map((center) => {
    const parentRef = center.parentId ? refs.get(center.parentId) : undefined;
    const cells: Record<CsvColumn, string | number | undefined> = {
      ref: refOf(center),
      parentRef,
      parentId: parentRef === undefined ? (center.parentId ?? undefined) : undefined,
      level: center.level,
      kind: center.kind,
      name: center.name,
      divisionCode: center.divisionCode,
      address: center.address,
      lat: center.location.lat,
      lon: center.location.lon,
      serviceRadiusMeters: center.serviceRadiusMeters,
      timeZone: center.timeZone,
      openingHours: center.openingHours,
      phone: center.contact.phone,
      email: center.contact.email,
      contactPerson: center.contact.person,
      status: center.status,
      synthetic: center.synthetic?.join(';'),
    };
    return CSV_COLUMNS.map((column) => cells[column] ?? '');
  });
  return stringify(rows, { bom: true, header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
}
