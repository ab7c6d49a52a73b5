import * as z from 'zod';
import { ValidationError } from './errors.ts';
import {
  CENTER_KINDS,
  CENTER_STATUSES,
  type CenterKind,
  OPENING_STATUSES,
  STATUS_BASES,
} from './vocabulary.ts';

export { childPath, isInSubtree, lineage } from './tree.ts';
export { CENTER_KINDS, CENTER_STATUSES, type CenterKind, RESIDENTIAL_KINDS } from './vocabulary.ts';

import type { CompiledHours } from './compiled-hours.ts';
import { MAX_NEAR_RADIUS_METERS } from './geo.ts';
import { childLevelOf, LEVELS, type Level } from './levels.ts';
import { openingHoursTools } from './opening-hours-port.ts';
import { Id, Instant, OptionalText, PageQuery, Text, Version } from './schema-kit.ts';
import { canonicalTimeZone, DEFAULT_TIME_ZONE, isTimeZone } from './time-zone.ts';
import { childPath } from './tree.ts';

export const LevelSchema = z
  .enum(LEVELS)
  .meta({ id: 'Level', description: 'Level of a center in the network' });

export const CenterKindSchema = z.enum(CENTER_KINDS).meta({
  id: 'CenterKind',
  description: 'Only for community-level centers: a community, a village, or a kind of field position',
});

export const CenterStatusSchema = z.enum(CENTER_STATUSES).meta({
  id: 'CenterStatus',
  description: 'Administrative status (not opening status): suspended and closed centers are not open',
});

export const LocationSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .meta({ id: 'Location', description: 'WGS 84 coordinates', example: { lat: 31.405, lon: 121.489 } });
export type Location = z.infer<typeof LocationSchema>;

/** `08:00-08:00` parses, but as an interval it is empty (or a whole day written ambiguously): refused. */
function emptyIntervalError(value: string): string | undefined {
  for (const match of value.matchAll(/\b(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\b/g)) {
    const [range, h1, m1, h2, m2] = match;
    if (Number(h1) * 60 + Number(m1) === Number(h2) * 60 + Number(m2)) {
      return `${range} is an empty interval (write 00:00-24:00 or 24/7 for a whole day)`;
    }
  }
  return undefined;
}

export const OpeningHoursSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((value, ctx) => {
    // the library is installed by write functions only (opening-hours-port.ts)
    const error = openingHoursTools().error(value) ?? emptyIntervalError(value);
    if (error) ctx.addIssue({ code: 'custom', message: `invalid opening_hours: ${error}` });
  })
  .meta({
    description: 'OSM opening_hours syntax, evaluated in the center time zone',
    example: 'Mo-Su 08:30-20:30; PH 09:00-17:00',
  });

export const TimeZoneSchema = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
  .transform(canonicalTimeZone)
  .meta({
    description: 'IANA time zone, stored under its canonical name (asia/shanghai is Asia/Shanghai)',
    example: DEFAULT_TIME_ZONE,
  });

export const ContactSchema = z
  .strictObject({
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9(][0-9\-() ]{2,31}$/, 'must be a phone number: digits, +, -, ( ), spaces')
      .optional(),
    email: z.email().optional(),
    person: OptionalText(100),
  })
  .meta({ id: 'Contact' });

/** Parts of a center that were generated (a seed, a demo), not surveyed or entered by its staff. */
export const SYNTHETIC_PARTS = [
  'location',
  'address',
  'openingHours',
  'serviceRadiusMeters',
  'rooms',
  'windows',
] as const;

export const SyntheticSchema = z.array(z.enum(SYNTHETIC_PARTS)).max(SYNTHETIC_PARTS.length).meta({
  description: 'Parts of the center that are generated, not surveyed (seeded data); absent when all are real',
});

const centerFields = {
  name: Text(100),
  kind: CenterKindSchema.optional(),
  divisionCode: z
    .string()
    .regex(/^\d{6,12}$/, 'must be an official division code of 6 to 12 digits')
    .optional(),
  address: Text(200),
  location: LocationSchema,
  serviceRadiusMeters: z.number().int().min(50).max(20_000).meta({ description: 'Walking reach, metres' }),
  timeZone: TimeZoneSchema,
  openingHours: OpeningHoursSchema,
  contact: ContactSchema,
  status: CenterStatusSchema,
  synthetic: SyntheticSchema.optional(),
};

export const CreateCenterSchema = z
  .strictObject({
    ...centerFields,
    parentId: Id.nullable()
      .optional()
      .meta({ description: 'Parent center; omit or null only for a root (city or district)' }),
    level: LevelSchema,
    serviceRadiusMeters: centerFields.serviceRadiusMeters.default(1000),
    timeZone: centerFields.timeZone.default(DEFAULT_TIME_ZONE),
    contact: centerFields.contact.default({}),
    status: centerFields.status.default('active'),
  })
  .meta({ id: 'CreateCenter' });
export type CreateCenter = z.infer<typeof CreateCenterSchema>;

export const UpdateCenterSchema = z
  .strictObject({
    name: centerFields.name,
    kind: centerFields.kind,
    divisionCode: centerFields.divisionCode.nullable(),
    address: centerFields.address,
    location: centerFields.location,
    serviceRadiusMeters: centerFields.serviceRadiusMeters,
    timeZone: centerFields.timeZone,
    openingHours: centerFields.openingHours,
    contact: centerFields.contact,
    status: centerFields.status,
    synthetic: SyntheticSchema.nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'the patch must change at least one field')
  .meta({ id: 'UpdateCenter', description: 'Fields to change; parent and level cannot change' });
export type UpdateCenter = z.infer<typeof UpdateCenterSchema>;

export const CenterSchema = z
  .object({
    id: Id,
    parentId: Id.nullable(),
    level: LevelSchema,
    kind: CenterKindSchema.optional(),
    name: z.string(),
    divisionCode: z.string().optional(),
    externalCode: z.string().optional().meta({
      description: 'Code the center was imported under (POST /centers/import matches re-imports on it)',
    }),
    address: z.string(),
    location: LocationSchema,
    serviceRadiusMeters: z.number().int(),
    timeZone: z.string(),
    openingHours: z.string(),
    contact: ContactSchema,
    status: CenterStatusSchema,
    synthetic: SyntheticSchema.optional(),
    path: z.string().meta({ description: 'Materialized path of ids from the root, e.g. /c-sh/c-bs/' }),
    depth: z.number().int().min(0),
    version: Version,
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Center' });
export type Center = z.infer<typeof CenterSchema>;

/**
 * A center as stored: with its opening hours compiled for the read path. The compiled form is
 * internal: stores hand out `Center`s without it, and `publicCenter` drops it.
 */
export type StoredCenter = Center & { readonly compiledHours?: CompiledHours };

/** The center as the API shows it, without internal attributes. */
export function publicCenter(center: StoredCenter): Center {
  const { compiledHours: _compiled, ...rest } = center;
  return rest;
}

/**
 * A new center from validated fields, placed under `parent` (or as a root): its id, path,
 * depth, first version and timestamps, and its hours compiled. Community-level centers default
 * to kind `community`. Only write functions call it: they install the opening-hours library.
 */
export function newCenter(
  fields: Omit<CreateCenter, 'parentId'>,
  parent: Pick<Center, 'id' | 'path' | 'depth'> | undefined,
  id: string,
  now: string,
  externalCode?: string,
): StoredCenter {
  return {
    ...fields,
    ...(externalCode === undefined ? {} : { externalCode }),
    compiledHours: openingHoursTools().compile(fields.openingHours, Date.parse(now)),
    ...(fields.level === 'community' ? { kind: fields.kind ?? 'community' } : {}),
    id,
    parentId: parent?.id ?? null,
    path: childPath(parent, id),
    depth: parent ? parent.depth + 1 : 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** Levels that may be roots of a district stack's tree. */
export const ROOT_LEVELS: readonly Level[] = ['city', 'district'];

/**
 * The rules for placing a new center in the tree. `parent` is the stored parent, or undefined for
 * a root. Throws a ValidationError naming the field.
 */
export function assertPlacement(
  input: Pick<CreateCenter, 'level' | 'kind'>,
  parent: Center | undefined,
): void {
  if (!parent) {
    if (!ROOT_LEVELS.includes(input.level)) {
      throw ValidationError.field('parentId', `a ${input.level} center needs a parent`);
    }
  } else {
    const expected = childLevelOf(parent.level);
    if (!expected) {
      throw ValidationError.field('parentId', `a ${parent.level} center cannot have children`);
    }
    if (input.level !== expected) {
      throw ValidationError.field(
        'level',
        `a child of the ${parent.level} center ${parent.id} must be at level ${expected}, not ${input.level}`,
      );
    }
  }
  assertKindFitsLevel(input.level, input.kind);
}

export function assertKindFitsLevel(level: Level, kind: CenterKind | undefined): void {
  if (kind !== undefined && level !== 'community') {
    throw ValidationError.field('kind', `only community-level centers have a kind; this one is ${level}`);
  }
}

export const NearSchema = z
  .string()
  .regex(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'must be lat,lon in decimal degrees, e.g. 31.405,121.489')
  .transform((value) => {
    const [lat, lon] = value.split(',').map(Number) as [number, number];
    return { lat, lon };
  })
  .pipe(LocationSchema)
  .meta({ description: 'Search around this point: lat,lon', example: '31.405,121.489' });

export const ListCentersQuery = PageQuery.extend({
  parentId: Id.optional().meta({ description: 'Only the children of this center' }),
  level: LevelSchema.optional().meta({ description: 'Only centers of this level' }),
  near: NearSchema.optional(),
  radius: z.coerce
    .number()
    .int()
    .min(50)
    .max(MAX_NEAR_RADIUS_METERS)
    .default(1000)
    .meta({ description: `Metres around near (50-${MAX_NEAR_RADIUS_METERS}, default 1000)` }),
  openNow: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'With near: only centers open (or closing soon) now' }),
  openAt: Instant.optional().meta({ description: 'With near: only centers open at this instant' }),
})
  .refine((q) => !(q.openNow && q.openAt), { message: 'give openNow or openAt, not both', path: ['openAt'] })
  .refine((q) => q.near || (!q.openNow && !q.openAt), {
    message: 'openNow and openAt filter a near search; add near=lat,lon',
    path: ['near'],
  })
  .refine((q) => !(q.near && q.parentId), {
    message: 'near and parentId do not combine',
    path: ['parentId'],
  });

export const NearbyCenterSchema = CenterSchema.extend({
  distanceMeters: z.number().int().meta({ description: 'Straight-line distance from near' }),
  opening: z
    .object({
      status: z.enum(OPENING_STATUSES),
      nextChange: z.string().nullable(),
      basis: z.enum(STATUS_BASES),
    })
    .optional()
    .meta({ description: 'Opening status at the asked instant (with openNow or openAt)' }),
}).meta({ id: 'NearbyCenter' });
export type NearbyCenter = z.infer<typeof NearbyCenterSchema>;
