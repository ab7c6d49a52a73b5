import { cellArea, cellToBoundary, gridDiskDistances, latLngToCell, UNITS } from 'h3-js';
import { type Center, RESIDENTIAL_KINDS, type StoredCenter } from './center.ts';
import { distanceMeters, FIFTEEN_MINUTE_WALK_METERS, type LatLon } from './geo.ts';
import { streetIdOf } from './grid-history.ts';
import {
  CELL_RESOLUTION,
  GRID_STATUSES,
  type GridCell,
  type GridCenter,
  type GridGap,
  type GridSnapshot,
  type GridStatus,
  type GridStreet,
  isOpenStatus,
  type SnapshotKind,
  snapshotIdOf,
  tickOf,
} from './grid-schema.ts';
import type { ClosureSpan, Evaluation, Hours } from './opening-status.ts';

/**
 * The network grid, built for one instant from the whole registry: per center its opening
 * status, per H3 cell and per street the counts open / total, and the 15-minute circle. Pure: the
 * same centers, closures, calendar and instant give the same snapshot (only `builtAt` differs).
 */

/** How far the nearest open center of a gap is looked for. */
export const NEAREST_SEARCH_METERS = 5_000;

export interface Evaluates {
  evaluate(hours: Hours, at: number, closures?: readonly ClosureSpan[]): Evaluation;
}

export interface BuildSnapshotInput {
  /** Every center of the district, in tree order (parents before children), with its compiled hours. */
  readonly centers: readonly StoredCenter[];
  /** The temporary closures of a center that may matter at `at`. */
  readonly closuresOf: (centerId: string) => readonly ClosureSpan[];
  /** Open service orders per center id (absent: none). */
  readonly openOrders?: ReadonlyMap<string, number>;
  /** People booked in at `at` per center id (absent: none). */
  readonly bookedNow?: ReadonlyMap<string, number>;
  /** Places of the bookable rooms per center id (absent: the center has none). */
  readonly bookablePlaces?: ReadonlyMap<string, number>;
  readonly evaluator: Evaluates;
  /** The moment asked for: scheduled snapshots are evaluated at the start of its tick. */
  readonly at: number;
  readonly kind: SnapshotKind;
  readonly district: string;
  readonly builtAt: number;
}

export function isResidential(center: Pick<Center, 'level' | 'kind'>): boolean {
  return center.level === 'community' && RESIDENTIAL_KINDS.includes(center.kind ?? 'community');
}

/** The instant a snapshot of `kind` asked for `at` is evaluated at. */
export function evaluationInstant(kind: SnapshotKind, at: number): number {
  return kind === 'scheduled' ? tickOf(at) : Math.floor(at / 1000) * 1000;
}

export function buildSnapshot(input: BuildSnapshotInput): GridSnapshot {
  const at = evaluationInstant(input.kind, input.at);

  const byStatus = Object.fromEntries(GRID_STATUSES.map((s) => [s, 0])) as Record<GridStatus, number>;
  const cells = new Map<string, GridCell>();
  const streets = new Map<string, GridStreet>();
  const centers: GridCenter[] = [];
  // Thousands of centers share a few hours strings: without closures, the same hours, zone and
  // administrative status give the same answer at the same instant, so each is evaluated once.
  const shared = new Map<string, Evaluation>();
  const evaluate = (center: StoredCenter): Evaluation => {
    const hours = {
      openingHours: center.openingHours,
      timeZone: center.timeZone,
      status: center.status,
      ...(center.compiledHours ? { compiledHours: center.compiledHours } : {}),
    };
    const closures = input.closuresOf(center.id);
    if (closures.length > 0) return input.evaluator.evaluate(hours, at, closures);
    // centers compiled at different times may cover different ranges
    const compiled = center.compiledHours;
    const form = compiled ? `${compiled.v}\u0000${compiled.source}\u0000${compiled.range?.to ?? ''}` : '';
    const key = `${center.openingHours}\u0000${center.timeZone}\u0000${center.status}\u0000${form}`;
    let evaluation = shared.get(key);
    if (!evaluation) {
      evaluation = input.evaluator.evaluate(hours, at, []);
      shared.set(key, evaluation);
    }
    return evaluation;
  };

  for (const center of input.centers) {
    const evaluation = evaluate(center);
    const streetId = streetIdOf(center);
    const open = isOpenStatus(evaluation.status);
    byStatus[evaluation.status]++;

    const cellId = latLngToCell(center.location.lat, center.location.lon, CELL_RESOLUTION);
    const cell = cells.get(cellId) ?? { cell: cellId, open: 0, total: 0 };
    cell.total++;
    if (open) cell.open++;
    cells.set(cellId, cell);

    if (center.level === 'street')
      streets.set(center.id, { id: center.id, name: center.name, open: 0, total: 0 });
    const street = streetId ? streets.get(streetId) : undefined;
    if (street) {
      street.total++;
      if (open) street.open++;
    }

    centers.push({
      id: center.id,
      name: center.name,
      level: center.level,
      ...(center.kind ? { kind: center.kind } : {}),
      parentId: center.parentId,
      streetId,
      location: { lat: center.location.lat, lon: center.location.lon },
      status: evaluation.status,
      nextChange: evaluation.nextChange,
      basis: evaluation.reason.basis,
      residential: isResidential(center),
      load: liveLoad(input, center.id, open),
    });
  }

  const circle = fifteenMinuteCircle(centers);
  const total = centers.length;
  return {
    id: snapshotIdOf(input.kind, at),
    kind: input.kind,
    tick: new Date(tickOf(at)).toISOString(),
    at: new Date(at).toISOString(),
    builtAt: new Date(input.builtAt).toISOString(),
    district: input.district,
    cellResolution: CELL_RESOLUTION,
    counts: { total, open: byStatus.open + byStatus['closing-soon'], byStatus },
    centers,
    cells: [...cells.values()]
      .sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0))
      // the outline rides along so that readers (GeoJSON) need no h3-js
      .map((cell) => ({ ...cell, boundary: cellToBoundary(cell.cell, true) as [number, number][] })),
    streets: [...streets.values()],
    circle,
  };
}

/**
 * A center's load at the instant. Its rooms offer their places only while the center is open; a
 * center without a bookable room has no capacity to speak of (null), though a class it holds
 * elsewhere may still have people booked in.
 */
export function liveLoad(
  input: Pick<BuildSnapshotInput, 'openOrders' | 'bookedNow' | 'bookablePlaces'>,
  centerId: string,
  open: boolean,
): GridCenter['load'] {
  const places = input.bookablePlaces?.get(centerId);
  return {
    openServiceOrders: input.openOrders?.get(centerId) ?? 0,
    bookedNow: input.bookedNow?.get(centerId) ?? 0,
    capacityNow: places === undefined ? null : open ? places : 0,
  };
}

/**
 * Which residential communities have an open center (any level, their own included) within a
 * 15-minute walk, and the gaps with their nearest open center.
 */
export function fifteenMinuteCircle(centers: readonly GridCenter[]): GridSnapshot['circle'] {
  const index = new NearestIndex(
    centers.filter((c) => isOpenStatus(c.status)),
    NEAREST_SEARCH_METERS,
  );
  let residential = 0;
  const gaps: GridGap[] = [];
  for (const center of centers) {
    if (!center.residential) continue;
    residential++;
    const nearest = index.nearest(center.location, FIFTEEN_MINUTE_WALK_METERS);
    if (nearest && nearest.distanceMeters <= FIFTEEN_MINUTE_WALK_METERS) continue;
    gaps.push({
      id: center.id,
      name: center.name,
      streetId: center.streetId,
      location: center.location,
      nearestOpen: nearest ? { id: nearest.id, distanceMeters: Math.round(nearest.distanceMeters) } : null,
    });
  }
  return {
    walkMeters: FIFTEEN_MINUTE_WALK_METERS,
    residential,
    covered: residential - gaps.length,
    uncovered: gaps.length,
    gaps,
  };
}

interface Located {
  readonly id: string;
  readonly location: LatLon;
}

/**
 * Nearest point lookups over H3 cells instead of comparing every pair: points are bucketed by
 * cell, and a query walks the rings of cells around its own, nearest first, stopping when no
 * point of a farther ring can beat the best found (or lie within `maxMeters`).
 *
 * The stopping rule: on a hexagon grid of edge e, the centers of cells k rings away are at least
 * 1.5·k·e apart from the origin cell's center, and any point is within e of its cell's center, so
 * every point k rings away is at least 1.5·k·e − 2e away. H3 cells are not perfectly regular, so
 * e is taken from the origin cell's area with a margin both ways (0.8e for spacing, 1.25e for the
 * reach inside a cell). Rings are computed as far as a query needs them, and kept per cell.
 */
export class NearestIndex {
  private readonly buckets = new Map<string, Located[]>();
  private readonly around = new Map<
    string,
    { rings: string[][]; lowerBound: (ring: number) => number; maxRing: number }
  >();

  constructor(
    points: readonly Located[],
    private readonly maxMeters: number,
    private readonly resolution = CELL_RESOLUTION,
  ) {
    for (const point of points) {
      const cell = latLngToCell(point.location.lat, point.location.lon, resolution);
      const bucket = this.buckets.get(cell);
      if (bucket) bucket.push(point);
      else this.buckets.set(cell, [point]);
    }
  }

  private geometry(cell: string) {
    let cached = this.around.get(cell);
    if (!cached) {
      // edge of a regular hexagon with this cell's area: A = (3√3/2)·e²
      const edge = Math.sqrt((2 * cellArea(cell, UNITS.m2)) / (3 * Math.sqrt(3)));
      const spacing = 1.5 * 0.8 * edge;
      const reach = 2 * 1.25 * edge;
      cached = {
        rings: gridDiskDistances(cell, 2),
        lowerBound: (ring: number) => ring * spacing - reach,
        maxRing: Math.max(1, Math.ceil((this.maxMeters + reach) / spacing)),
      };
      this.around.set(cell, cached);
    }
    return cached;
  }

  private ring(cell: string, geometry: ReturnType<NearestIndex['geometry']>, index: number): string[] {
    if (index >= geometry.rings.length) {
      const k = Math.min(geometry.maxRing, Math.max(index, 2 * (geometry.rings.length - 1)));
      geometry.rings = gridDiskDistances(cell, k);
    }
    return geometry.rings[index] ?? [];
  }

  /**
   * The nearest point within maxMeters of `at`, or null. With `enough`, the first point found
   * within that distance is answer enough (it is not necessarily the nearest); when there is none,
   * the answer is the nearest. Ties go to the smaller id.
   */
  nearest(at: LatLon, enough = 0): { id: string; distanceMeters: number } | null {
    if (this.buckets.size === 0) return null;
    const cell = latLngToCell(at.lat, at.lon, this.resolution);
    const geometry = this.geometry(cell);
    let best: { id: string; distanceMeters: number } | null = null;
    for (let ring = 0; ring <= geometry.maxRing; ring++) {
      const bound = geometry.lowerBound(ring);
      if (bound > this.maxMeters || (best && bound > best.distanceMeters)) break;
      for (const c of this.ring(cell, geometry, ring)) {
        for (const point of this.buckets.get(c) ?? []) {
          const d = distanceMeters(at, point.location);
          if (d > this.maxMeters) continue;
          if (d <= enough) return { id: point.id, distanceMeters: d };
          if (!best || d < best.distanceMeters || (d === best.distanceMeters && point.id < best.id)) {
            best = { id: point.id, distanceMeters: d };
          }
        }
      }
    }
    return best;
  }
}

/** A center's compact line in the tick history of its group. */
export interface HistoryGroup {
  readonly groupId: string;
  /** Time zone of the group's head center: the day roll-ups follow its local days. */
  readonly timeZone: string;
  readonly statuses: Record<string, GridStatus>;
}

/** The snapshot's centers grouped for the history: per street (with its subtree), or alone above. */
export function historyGroups(snapshot: GridSnapshot, zoneOf: (centerId: string) => string): HistoryGroup[] {
  const groups = new Map<string, HistoryGroup>();
  for (const center of snapshot.centers) {
    const groupId = center.streetId ?? center.id;
    let group = groups.get(groupId);
    if (!group) {
      group = { groupId, timeZone: zoneOf(groupId), statuses: {} };
      groups.set(groupId, group);
    }
    group.statuses[center.id] = center.status;
  }
  return [...groups.values()];
}
