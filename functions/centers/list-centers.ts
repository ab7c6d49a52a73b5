import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import {
  type Center,
  ListCentersQuery,
  type NearbyCenter,
  publicCenter,
} from '../../shared/domain/center.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { cellsAround, distanceMeters } from '../../shared/domain/geo.ts';
import { childLevelOf } from '../../shared/domain/levels.ts';
import { isOpenStatus } from '../../shared/domain/vocabulary.ts';
import { httpHandler, type RequestFor, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import {
  listAll,
  listByLevel,
  listChildren,
  listInCells,
  requireCenter,
} from '../../shared/store/centers.ts';
import { openingContext } from '../../shared/store/opening-context.ts';
import { decodeCursor, encodeCursor } from '../../shared/store/pagination.ts';

const options = { query: ListCentersQuery } as const;
type Query = RequestFor<typeof options>['query'];

/**
 * Centers near a point, nearest first, through the geo index (nine geohash cells, no Scan);
 * optionally only those open now or at an instant. Pages by offset over the ranked result.
 */
async function near(query: Query & { near: { lat: number; lon: number } }) {
  const { near: point, radius, level, limit, cursor } = query;
  const scope = `near|${point.lat},${point.lon}|${radius}|${level ?? ''}|${query.openNow ?? ''}|${query.openAt ?? ''}`;
  const offset = Number(decodeCursor(cursor, scope)?.offset ?? 0);
  const at = query.openAt ? Date.parse(query.openAt) : Date.now();

  const found = (await listInCells(cellsAround(point)))
    .filter((stored) => !level || stored.level === level)
    .map((stored) => {
      const center: NearbyCenter = {
        ...publicCenter(stored),
        distanceMeters: Math.round(distanceMeters(point, stored.location)),
      };
      return { stored, center };
    })
    .filter(({ center }) => center.distanceMeters <= radius)
    .sort(
      (a, b) => a.center.distanceMeters - b.center.distanceMeters || a.center.id.localeCompare(b.center.id),
    );

  let ranked: NearbyCenter[] = found.map(({ center }) => center);
  if (query.openNow || query.openAt) {
    const context = await openingContext(at);
    ranked = found
      .map(({ stored, center }): NearbyCenter => {
        const { status, nextChange, reason } = context.evaluator.evaluate(
          stored,
          at,
          context.closuresOf(center.id),
        );
        return { ...center, opening: { status, nextChange, basis: reason.basis } };
      })
      .filter((center) => center.opening && isOpenStatus(center.opening.status));
  }
  const items = ranked.slice(offset, offset + limit);
  const more = offset + limit < ranked.length;
  return { items, nextCursor: more ? encodeCursor({ offset: String(offset + limit) }, scope) : null };
}

export const run: Run<typeof options> = async ({ query, principal }) => {
  assertCanReadRegistry(principal);
  const { parentId, level, limit, cursor } = query;
  if (query.near) return ok(await near({ ...query, near: query.near }));
  if (parentId) {
    const parent = await requireCenter(parentId);
    if (level && level !== childLevelOf(parent.level)) {
      throw ValidationError.field(
        'level',
        `children of a ${parent.level} center are never at level ${level}`,
      );
    }
    return ok(await listChildren(parentId, limit, cursor));
  }
  const page: { items: Center[]; nextCursor: string | null } = level
    ? await listByLevel(level, limit, cursor)
    : await listAll(limit, cursor);
  return ok(page);
};

export const handler = httpHandler(options, run);
