import * as z from 'zod';
import { LEVELS } from './levels.ts';
import { Id, Instant } from './schema-kit.ts';
import { CENTER_KINDS, OPENING_STATUSES, STATUS_BASES } from './vocabulary.ts';

/**
 * The contract of the network grid: snapshot, header, history and their query parameters.
 * Deliberately free of h3-js and of the opening-hours parser (only types are imported from the
 * status rules), so the readers of the grid and the OpenAPI document stay small.
 */

/** The opening statuses, as the status rules define them. */
export const GRID_STATUSES = OPENING_STATUSES;
export type GridStatus = (typeof GRID_STATUSES)[number];

export const GRID_BASES = STATUS_BASES;

/** Kinds of community-level center, as in the registry. */
export const GRID_CENTER_KINDS = CENTER_KINDS;

/** Open means open or closing soon: a resident arriving now is served. */
export { isOpenStatus } from './vocabulary.ts';

/** The builder's period: one scheduled snapshot per 5-minute tick. */
export const TICK_MS = 5 * 60_000;
/** H3 resolution of the grid's cells (hexagons of about 0.74 km², edges of about 460 m). */
export const CELL_RESOLUTION = 8;

export function tickOf(at: number): number {
  return Math.floor(at / TICK_MS) * TICK_MS;
}

/** `2026-02-17T02:00:00.000Z` -> `20260217t020000z`. */
function compactUtc(at: number): string {
  return new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
    .toLowerCase();
}

/**
 * Snapshot ids come from the instant, so building the same tick again lands on the same id:
 * `grid-20260217t0200z` for the scheduled snapshot of a tick, `what-if-20260217t020000z` for a
 * what-if build at a given second.
 */
export function snapshotIdOf(kind: SnapshotKind, at: number): string {
  return kind === 'scheduled'
    ? `grid-${compactUtc(tickOf(at)).slice(0, 13)}z`
    : `what-if-${compactUtc(Math.floor(at / 1000) * 1000)}`;
}

export const SnapshotId = z
  .string()
  .regex(/^(grid-\d{8}t\d{4}z|what-if-\d{8}t\d{6}z)$/, 'must be a grid snapshot id')
  .meta({ description: 'Grid snapshot id', example: 'grid-20260217t0200z' });

export const SNAPSHOT_KINDS = ['scheduled', 'what-if'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

const Point = z.object({ lat: z.number(), lon: z.number() });

export const GridCountsSchema = z
  .object({
    total: z.number().int(),
    open: z.number().int().meta({ description: 'Open or closing soon' }),
    byStatus: z.record(z.enum(GRID_STATUSES), z.number().int()),
  })
  .meta({ id: 'GridCounts' });

export const CircleSummarySchema = z
  .object({
    walkMeters: z.number().meta({ description: 'A 15-minute walk, as straight-line distance' }),
    residential: z.number().int().meta({ description: 'Residential communities and villages' }),
    covered: z.number().int().meta({ description: 'Those with an open center within walkMeters' }),
    uncovered: z.number().int(),
  })
  .meta({ id: 'GridCircleSummary' });

export const SnapshotHeaderSchema = z
  .object({
    id: SnapshotId,
    kind: z.enum(SNAPSHOT_KINDS).meta({
      description: 'scheduled: the picture of a 5-minute tick; what-if: built for another moment on request',
    }),
    tick: Instant.meta({ description: 'Start of the 5-minute tick (UTC)' }),
    at: Instant.meta({ description: 'The instant the statuses are evaluated at (the tick for scheduled)' }),
    builtAt: Instant,
    district: z.string(),
    cellResolution: z.number().int(),
    counts: GridCountsSchema,
    circle: CircleSummarySchema,
  })
  .meta({ id: 'GridSnapshotHeader' });
export type SnapshotHeader = z.infer<typeof SnapshotHeaderSchema>;

export const LiveLoadSchema = z
  .object({
    openServiceOrders: z.number().int().meta({
      description: 'Service orders at this center still being worked on (submitted, assigned, accepted)',
    }),
    bookedNow: z.number().int().nullable().meta({
      description:
        'People whose booking (pending, confirmed or checked in; a room or a class) covers the instant',
    }),
    capacityNow: z.number().int().nullable().meta({
      description:
        'Places of the bookable rooms while the center is open (0 while closed); null when it has no bookable room',
    }),
  })
  .meta({ id: 'GridLiveLoad', description: 'Live load of a center at the snapshot instant' });
export type LiveLoad = z.infer<typeof LiveLoadSchema>;

export const GridCenterSchema = z
  .object({
    id: Id,
    name: z.string(),
    level: z.enum(LEVELS),
    kind: z.enum(GRID_CENTER_KINDS).optional(),
    parentId: Id.nullable(),
    streetId: Id.nullable().meta({
      description: 'The street/town above (or this street); null above street level',
    }),
    location: Point,
    status: z.enum(GRID_STATUSES),
    nextChange: z.string().nullable().meta({ description: 'When the status next changes (center zone)' }),
    basis: z.enum(GRID_BASES).meta({ description: 'What decided the status' }),
    residential: z
      .boolean()
      .meta({ description: 'A residential community or village (the 15-minute circle)' }),
    load: LiveLoadSchema,
  })
  .meta({ id: 'GridCenter' });
export type GridCenter = z.infer<typeof GridCenterSchema>;

export const GridCellSchema = z
  .object({
    cell: z.string().meta({ description: 'H3 cell index', example: '8831aa5a1dfffff' }),
    open: z.number().int(),
    total: z.number().int(),
    boundary: z
      .array(z.tuple([z.number(), z.number()]))
      .optional()
      .meta({
        description:
          'The cell outline as one closed ring of [lon, lat]; absent in snapshots built before outlines were stored',
      }),
  })
  .meta({ id: 'GridCell' });
export type GridCell = z.infer<typeof GridCellSchema>;

export const GridStreetSchema = z
  .object({
    id: Id,
    name: z.string(),
    open: z.number().int(),
    total: z.number().int().meta({ description: 'The street center and everything below it' }),
  })
  .meta({ id: 'GridStreet' });
export type GridStreet = z.infer<typeof GridStreetSchema>;

export const GridGapSchema = z
  .object({
    id: Id,
    name: z.string(),
    streetId: Id.nullable(),
    location: Point,
    nearestOpen: z
      .object({ id: Id, distanceMeters: z.number().int() })
      .nullable()
      .meta({ description: 'The nearest open center within 5 km, null if none' }),
  })
  .meta({ id: 'GridGap' });
export type GridGap = z.infer<typeof GridGapSchema>;

export const GridSnapshotSchema = SnapshotHeaderSchema.extend({
  centers: z.array(GridCenterSchema).meta({ description: 'Every center, in tree order' }),
  cells: z.array(GridCellSchema).meta({ description: 'H3 cells holding at least one center, by index' }),
  streets: z.array(GridStreetSchema),
  circle: CircleSummarySchema.extend({
    gaps: z.array(GridGapSchema).meta({
      description: 'Residential communities with no open center within walkMeters right now',
    }),
  }),
}).meta({ id: 'GridSnapshot' });
export type GridSnapshot = z.infer<typeof GridSnapshotSchema>;

/** The snapshot without its lists: what the header item, the pointer and the rebuild answer hold. */
export function headerOf(snapshot: GridSnapshot): SnapshotHeader {
  const { centers: _c, cells: _cells, streets: _s, circle, ...header } = snapshot;
  const { gaps: _g, ...summary } = circle;
  return { ...header, circle: summary };
}

export const BuildStatsSchema = z
  .object({
    durationMs: z.number().int(),
    dynamodbRequests: z
      .number()
      .int()
      .meta({ description: 'API calls to DynamoDB (SDK retries not counted)' }),
    byOperation: z.record(z.string(), z.number().int()),
    parts: z.number().int().meta({ description: 'Stored parts of the compressed snapshot' }),
    bytes: z.number().int().meta({ description: 'Size of the snapshot JSON' }),
    compressedBytes: z.number().int(),
  })
  .meta({ id: 'GridBuildStats' });
export type BuildStats = z.infer<typeof BuildStatsSchema>;

export const RebuildResultSchema = SnapshotHeaderSchema.extend({
  latestMoved: z.boolean().meta({
    description: 'Whether GET /grid now returns this snapshot (never for what-if, never backwards)',
  }),
  build: BuildStatsSchema,
}).meta({ id: 'GridRebuildResult' });

export const GridQuery = z.strictObject({
  format: z
    .enum(['json', 'geojson'])
    .default('json')
    .meta({ description: 'json: the snapshot; geojson: a FeatureCollection for maps' }),
});

export const SnapshotParams = z.strictObject({ id: SnapshotId });

export const RebuildQuery = z.strictObject({
  at: Instant.optional().meta({
    description: 'Build a what-if snapshot for this instant; it never replaces the latest one',
    example: '2026-02-17T10:00:00+08:00',
  }),
});

export const GeoJsonSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    snapshot: SnapshotHeaderSchema,
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z
          .object({
            type: z.enum(['Point', 'Polygon']),
            coordinates: z
              .array(z.unknown())
              .meta({ description: '[lon, lat]; polygons as one closed ring' }),
          })
          .nullable()
          .meta({ description: 'null for a cell of a snapshot built before cell outlines were stored' }),
        properties: z.record(z.string(), z.unknown()).meta({
          description:
            'feature "cell": cell, open, total; feature "center": id, name, level, kind, status, open, nextChange, basis, streetId, residential, covered, load',
        }),
      }),
    ),
  })
  .meta({
    id: 'GridGeoJson',
    description: 'RFC 7946 FeatureCollection: cells as polygons, then centers as points',
  });
