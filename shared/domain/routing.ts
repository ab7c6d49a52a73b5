import type { Center } from './center.ts';
import { distanceMeters, type LatLon } from './geo.ts';
import { type Level, levelIndex } from './levels.ts';
import { lineage } from './tree.ts';

/**
 * Which center handles an order of a service handled at `level`, placed at `intake`:
 * - placed at or below that level: the intake center's ancestor at that level (or itself);
 * - placed above it: the center of that level, under the intake center, whose service radius
 *   covers the resident's location, the nearest one if several do.
 * Undefined when no center qualifies (no location given, or none covers it): the caller keeps
 * the order at the intake center for staff to transfer, and says so in its history.
 */
export type Routing =
  | { readonly kind: 'ancestor'; readonly centerId: string }
  | { readonly kind: 'covering'; readonly centerId: string; readonly distanceMeters: number }
  | { readonly kind: 'unroutable'; readonly reason: string };

export function ancestorIdAtLevel(
  intake: Pick<Center, 'path' | 'level' | 'depth'>,
  level: Level,
): string | undefined {
  const ids = lineage(intake.path);
  const offset = levelIndex(intake.level) - intake.depth; // level index of the root
  return ids[levelIndex(level) - offset];
}

export function route(
  intake: Pick<Center, 'id' | 'path' | 'level' | 'depth'>,
  level: Level,
  location: LatLon | undefined,
  candidates: readonly Pick<
    Center,
    'id' | 'path' | 'level' | 'location' | 'serviceRadiusMeters' | 'status'
  >[],
): Routing {
  if (levelIndex(intake.level) >= levelIndex(level)) {
    const id = ancestorIdAtLevel(intake, level);
    return id
      ? { kind: 'ancestor', centerId: id }
      : { kind: 'unroutable', reason: `center ${intake.id} has no ${level} ancestor` };
  }
  if (!location) {
    return { kind: 'unroutable', reason: `the order was placed above the ${level} level without a location` };
  }
  const covering = candidates
    .filter((c) => c.level === level && c.status === 'active' && c.path.startsWith(intake.path))
    .map((c) => ({ c, d: distanceMeters(location, c.location) }))
    .filter(({ c, d }) => d <= c.serviceRadiusMeters)
    .sort((a, b) => a.d - b.d || a.c.id.localeCompare(b.c.id));
  const best = covering[0];
  if (!best)
    return { kind: 'unroutable', reason: `no ${level} center under ${intake.id} covers the location` };
  return { kind: 'covering', centerId: best.c.id, distanceMeters: Math.round(best.d) };
}
