import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { GridHistoryQuery, GridHistorySchema } from '../domain/grid-history.ts';
import {
  GeoJsonSchema,
  GridQuery,
  GridSnapshotSchema,
  RebuildQuery,
  RebuildResultSchema,
  SnapshotParams,
} from '../domain/grid-schema.ts';

/** The helpers of the document being built (see openapi.ts). */
export interface PathHelpers {
  readonly json: (
    schema: ZodType,
    description: string,
    headers?: { readonly etag?: boolean; readonly location?: string },
  ) => object;
  readonly problemResponses: (...statuses: number[]) => Record<string, object>;
  readonly secured: Record<string, string[]>[];
}

const Location = {
  Location: {
    description: 'The snapshot: /grid/snapshots/{id}',
    required: true,
    schema: { type: 'string' as const },
  },
};

/** The network grid: the latest snapshot, one snapshot, its history, and rebuilding it. */
export function registerGridPaths(
  registry: OpenAPIRegistry,
  { json, problemResponses, secured }: PathHelpers,
) {
  const snapshotBody = (description: string) => ({
    description: `${description}. Sent gzip-encoded when Accept-Encoding allows it (required above 4 MiB)`,
    content: {
      'application/json': { schema: GridSnapshotSchema },
      'application/geo+json': { schema: GeoJsonSchema },
    },
  });
  const read = problemResponses(400, 401, 403, 404, 406);

  registry.registerPath({
    method: 'get',
    path: '/grid',
    operationId: 'getGrid',
    tags: ['grid'],
    summary:
      'The latest grid snapshot: opening status of every center, open/total per H3 cell and per street, and the 15-minute circle with its gaps; ?format=geojson for maps',
    security: secured,
    request: { query: GridQuery },
    responses: { 200: snapshotBody('The latest scheduled snapshot'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/grid/snapshots/{id}',
    operationId: 'getGridSnapshot',
    tags: ['grid'],
    summary: 'One snapshot: scheduled (kept 30 days) or what-if (kept 1 day)',
    security: secured,
    request: { params: SnapshotParams, query: GridQuery },
    responses: { 200: snapshotBody('The snapshot'), ...read },
  });
  registry.registerPath({
    method: 'get',
    path: '/grid/history',
    operationId: 'getGridHistory',
    tags: ['grid'],
    summary:
      'How a center (centerId) or a street with its subtree (streetId) was open between from and to: 5-minute samples or one point per day, with a summary of the page',
    security: secured,
    request: { query: GridHistoryQuery },
    responses: {
      200: json(GridHistorySchema, 'A page of the history, oldest first'),
      ...problemResponses(400, 401, 403, 404),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/grid/rebuild',
    operationId: 'rebuildGrid',
    tags: ['grid'],
    summary:
      'Build the grid now (admins and staff): the current tick, as the schedule does, or with ?at= a what-if snapshot for another moment that never replaces the latest',
    security: secured,
    request: { query: RebuildQuery },
    responses: {
      201: { ...json(RebuildResultSchema, 'Built a new snapshot'), headers: Location },
      200: {
        ...json(RebuildResultSchema, 'Built the same snapshot again (same tick or same what-if instant)'),
        headers: Location,
      },
      ...problemResponses(400, 401, 403),
    },
  });
}
