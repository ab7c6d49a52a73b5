/**
 * The CSV form of an import, as spreadsheets (Excel, WPS) export it: UTF-8 with or without a BOM,
 * one header line, a row per center. The columns are the JSON row's fields, `location` and
 * `contact` flattened; a subtree export writes the same columns, so export -> edit -> import
 * round-trips.
 */
export const CSV_COLUMNS = [
  'ref',
  'parentRef',
  'parentId',
  'level',
  'kind',
  'name',
  'divisionCode',
  'address',
  'lat',
  'lon',
  'serviceRadiusMeters',
  'timeZone',
  'openingHours',
  'phone',
  'email',
  'contactPerson',
  'status',
  'synthetic',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_MEDIA_TYPE = 'text/csv';
