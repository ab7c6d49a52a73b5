import type { ImportRow } from '../../../shared/domain/center-import.ts';

/** A row of an import: an active center at Shanghai's latitude with weekly hours. */
export const row = (ref: string, level: ImportRow['level'], extra: Partial<ImportRow> = {}): ImportRow => ({
  ref,
  level,
  name: ref,
  address: 'addr',
  location: { lat: 31.4, lon: 121.4 },
  serviceRadiusMeters: 1000,
  timeZone: 'Asia/Shanghai',
  openingHours: 'Mo-Su 09:00-17:00',
  contact: {},
  status: 'active',
  ...extra,
});
