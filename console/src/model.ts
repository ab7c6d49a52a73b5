/**
 * What the console shows, computed from the API's answers: no DOM and no Leaflet here, so the
 * rules (which centers a subtree holds, its colours, cells, gaps, panel figures, the CSV) are unit
 * tested in Node.
 */

export type Status = 'open' | 'closing-soon' | 'closed' | 'opening-soon' | 'temporarily-closed' | 'unknown';

export interface Point {
  readonly lat: number;
  readonly lon: number;
}

/** A center of a grid snapshot (GET /grid/snapshots/{id}), as far as the console reads it. */
export interface SnapshotCenter {
  readonly id: string;
  readonly name: string;
  readonly level: string;
  readonly kind?: string;
  readonly parentId: string | null;
  readonly streetId: string | null;
  readonly location: Point;
  readonly status: Status;
  readonly nextChange: string | null;
  readonly basis: string;
  readonly residential: boolean;
  readonly load: { readonly openServiceOrders: number };
}

export interface SnapshotCell {
  readonly cell: string;
  readonly open: number;
  readonly total: number;
  readonly boundary?: readonly (readonly [number, number])[];
}

export interface SnapshotGap {
  readonly id: string;
  readonly name: string;
  readonly streetId: string | null;
  readonly location: Point;
  readonly nearestOpen: { readonly id: string; readonly distanceMeters: number } | null;
}

export interface Snapshot {
  readonly id: string;
  readonly kind: 'scheduled' | 'what-if';
  readonly at: string;
  readonly centers: readonly SnapshotCenter[];
  readonly cells: readonly SnapshotCell[];
  readonly circle: { readonly walkMeters: number; readonly gaps: readonly SnapshotGap[] };
}

/** Open means open or closing soon: a resident arriving now is served (as the grid counts it). */
export const isOpen = (status: Status): boolean => status === 'open' || status === 'closing-soon';

/**
 * Marker colours: green open, amber closing or opening soon, red closed, purple temporarily closed,
 * grey unknown or provisional. Distinct in hue and lightness, so they read on a plain background
 * and on a basemap.
 */
export const STATUS_COLOURS: Readonly<Record<Status, string>> = {
  open: '#1a9850',
  'closing-soon': '#f39c12',
  'opening-soon': '#f1c40f',
  closed: '#d73027',
  'temporarily-closed': '#8e44ad',
  unknown: '#9e9e9e',
};

export const STATUS_ORDER: readonly Status[] = [
  'open',
  'closing-soon',
  'opening-soon',
  'closed',
  'temporarily-closed',
  'unknown',
];

/** Bases that rest on the calendar: on a provisional calendar day, their status is provisional too. */
const CALENDAR_BASES = new Set(['hours', 'holiday', 'adjusted-working-day']);

/**
 * The colour a center is drawn in. On a day of a provisional calendar year (statutory holidays
 * only, no adjusted working days yet) a status read off the calendar is drawn as unknown; a
 * closure or an administrative status is certain all the same.
 */
export function colourOf(center: Pick<SnapshotCenter, 'status' | 'basis'>, provisional = false): string {
  return provisional && CALENDAR_BASES.has(center.basis)
    ? STATUS_COLOURS.unknown
    : STATUS_COLOURS[center.status];
}

/** The centers of `rootId`'s subtree (the root included), in snapshot order. */
export function subtreeOf(centers: readonly SnapshotCenter[], rootId: string): SnapshotCenter[] {
  const byId = new Map(centers.map((c) => [c.id, c]));
  const inside = new Map<string, boolean>();
  const isInside = (id: string): boolean => {
    const known = inside.get(id);
    if (known !== undefined) return known;
    // a walk up the parents; the tree is shallow (four levels)
    const chain: string[] = [];
    let current: SnapshotCenter | undefined = byId.get(id);
    let result = false;
    while (current !== undefined) {
      if (current.id === rootId) {
        result = true;
        break;
      }
      const cached = inside.get(current.id);
      if (cached !== undefined) {
        result = cached;
        break;
      }
      chain.push(current.id);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    for (const visited of chain) inside.set(visited, result);
    inside.set(id, result);
    return result;
  };
  return centers.filter((c) => isInside(c.id));
}

/** The direct children of `id` among `centers`. */
export const childrenOf = (centers: readonly SnapshotCenter[], id: string): SnapshotCenter[] =>
  centers.filter((c) => c.parentId === id);

/** Ray casting on [lon, lat] rings: enough for hexagons of a few hundred metres. */
export function insideRing(point: Point, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

export interface SubtreeCell {
  readonly cell: string;
  readonly boundary: readonly (readonly [number, number])[];
  readonly open: number;
  readonly total: number;
  /** open / total of the subtree's centers in the cell, 0..1. */
  readonly share: number;
}

/**
 * The snapshot's cells that hold centers of the subtree, counted over those centers only (a cell
 * on a street border also holds the neighbour's centers, which are not the viewer's).
 */
export function cellsOf(
  snapshot: Pick<Snapshot, 'cells'>,
  centers: readonly SnapshotCenter[],
): SubtreeCell[] {
  const out: SubtreeCell[] = [];
  for (const cell of snapshot.cells) {
    if (cell.boundary === undefined || cell.boundary.length < 4) continue;
    const boundary = cell.boundary;
    const mine = centers.filter((c) => insideRing(c.location, boundary));
    if (mine.length === 0) continue;
    const open = mine.filter((c) => isOpen(c.status)).length;
    out.push({ cell: cell.cell, boundary, open, total: mine.length, share: open / mine.length });
  }
  return out;
}

/** Fill of a cell by its open share: red (none open) through amber to green (all open). */
export function shareColour(share: number): string {
  if (share >= 0.999) return STATUS_COLOURS.open;
  if (share >= 0.5) return '#a6d96a';
  if (share > 0) return STATUS_COLOURS['closing-soon'];
  return STATUS_COLOURS.closed;
}

/** The gaps of the 15-minute circle among the subtree's residential centers. */
export function gapsOf(
  snapshot: Pick<Snapshot, 'circle'>,
  centers: readonly SnapshotCenter[],
): SnapshotGap[] {
  const ids = new Set(centers.map((c) => c.id));
  return snapshot.circle.gaps.filter((g) => ids.has(g.id));
}

/** Service-order figures of a subtree, from GET /centers/{id}/service-orders. */
export interface OrderFigures {
  readonly open: number;
  readonly overdue: number;
  readonly escalated: number;
  /** Satisfied or better among rated orders, 0..1; null when none is rated. */
  readonly satisfaction: number | null;
  /** True when a list was longer than the pages read: the figures are lower bounds. */
  readonly truncated: boolean;
}

export interface OrderLike {
  readonly status: string;
  readonly overdue?: boolean;
  readonly escalations?: number;
  readonly rating?: { readonly level: string };
}

// as the platform counts them (OPEN_STATUSES in shared/domain/service-order.ts)
const OPEN_ORDER_STATUSES = new Set(['submitted', 'assigned', 'accepted']);
const SATISFIED = new Set(['very-satisfied', 'satisfied']);

export function orderFigures(orders: readonly OrderLike[], truncated = false): OrderFigures {
  const open = orders.filter((o) => OPEN_ORDER_STATUSES.has(o.status));
  const rated = orders.filter((o) => o.rating !== undefined);
  return {
    open: open.length,
    overdue: open.filter((o) => o.overdue === true).length,
    escalated: open.filter((o) => (o.escalations ?? 0) > 0).length,
    satisfaction:
      rated.length === 0
        ? null
        : rated.filter((o) => SATISFIED.has(o.rating?.level ?? '')).length / rated.length,
    truncated,
  };
}

/**
 * Figures of GET /centers/{id}/stats that the panel shows when that endpoint answers; each is
 * shown only if the answer carries it as a number.
 */
export const STATS_FIELDS = [
  'satisfactionRate',
  'bookings',
  'coursesDistributed',
  'peopleReached',
  'servicesDone',
  'peopleServed',
] as const;
export type StatsField = (typeof STATS_FIELDS)[number];

/** Where `GET /centers/{id}/stats` keeps each figure under `figures` (docs/api.md). */
const STATS_PATHS: Readonly<Record<StatsField, readonly [string, string]>> = {
  satisfactionRate: ['satisfaction', 'rate'],
  bookings: ['bookings', 'confirmed'],
  coursesDistributed: ['courses', 'distributed'],
  peopleReached: ['courses', 'peopleReached'],
  servicesDone: ['services', 'completed'],
  peopleServed: ['services', 'peopleServed'],
};

/** The known numeric figures of a stats answer (the API's nested `figures`, or flat, or under `totals`). */
export function statsFigures(answer: unknown): Partial<Record<StatsField, number>> {
  if (answer === null || typeof answer !== 'object') return {};
  const source = answer as Record<string, unknown>;
  const nested = source.figures as Record<string, Record<string, unknown> | undefined> | undefined;
  const flattened: Record<string, unknown> = {};
  if (nested !== null && typeof nested === 'object') {
    for (const field of STATS_FIELDS) {
      const [group, name] = STATS_PATHS[field];
      const value = nested[group];
      if (value !== null && typeof value === 'object') flattened[field] = value[name];
    }
  }
  const pools = [flattened, source, source.figures, source.totals].filter(
    (p): p is Record<string, unknown> => p !== null && typeof p === 'object',
  );
  const out: Partial<Record<StatsField, number>> = {};
  for (const field of STATS_FIELDS) {
    for (const pool of pools) {
      const value = pool[field];
      if (typeof value === 'number' && Number.isFinite(value)) {
        out[field] = value;
        break;
      }
    }
  }
  return out;
}

/** One row of the panel: a center of the subtree (or a child with its own subtree). */
export interface PanelRow {
  readonly id: string;
  readonly name: string;
  readonly level: string;
  readonly open: number;
  readonly total: number;
  readonly gaps: number;
  readonly openServiceOrders: number;
}

/** The selected center's children, each with the figures of its own subtree. */
export function childRows(snapshot: Pick<Snapshot, 'centers' | 'circle'>, parentId: string): PanelRow[] {
  return childrenOf(snapshot.centers, parentId).map((child) => {
    const centers = subtreeOf(snapshot.centers, child.id);
    return {
      id: child.id,
      name: child.name,
      level: child.level,
      open: centers.filter((c) => isOpen(c.status)).length,
      total: centers.length,
      gaps: gapsOf(snapshot, centers).length,
      openServiceOrders: centers.reduce((sum, c) => sum + c.load.openServiceOrders, 0),
    };
  });
}

const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  // a leading = + - @ would be read as a formula by spreadsheet programs
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/**
 * CSV as spreadsheet programs in China open it: UTF-8 with a byte order mark (Excel reads Chinese
 * names right only with it), CRLF line ends, RFC 4180 quoting.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
