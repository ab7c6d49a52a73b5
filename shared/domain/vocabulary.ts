/**
 * The fixed vocabularies of centers and opening status, with no dependencies, so that light
 * modules (the grid contract, readers, the OpenAPI document) can use them without loading the
 * center and status schemas.
 */

/** Community-level centers are communities or villages; field positions carry what kind of place they are. */
export const CENTER_KINDS = [
  'community',
  'village',
  'office-building',
  'park',
  'business-district',
  'market',
  'enterprise',
  'scenic-spot',
  'talent-apartment',
  'post-station',
  'other-field-position',
] as const;
export type CenterKind = (typeof CENTER_KINDS)[number];

/** Kinds that are residential: where residents live, used by the 15-minute circle. */
export const RESIDENTIAL_KINDS: readonly CenterKind[] = ['community', 'village'];

export const CENTER_STATUSES = ['active', 'suspended', 'closed'] as const;

export const OPENING_STATUSES = [
  'open',
  'closing-soon',
  'closed',
  'opening-soon',
  'temporarily-closed',
  'unknown',
] as const;
export type OpeningStatus = (typeof OPENING_STATUSES)[number];

/** Open means open or closing soon: a resident arriving now is served. */
export function isOpenStatus(status: OpeningStatus): boolean {
  return status === 'open' || status === 'closing-soon';
}

export const STATUS_BASES = [
  'hours',
  'holiday',
  'adjusted-working-day',
  'closure',
  'calendar-missing',
  'hours-not-compiled',
  'administrative',
] as const;
