import type { StoredCenter } from '../domain/center.ts';
import { buildSnapshot, evaluationInstant, historyGroups } from '../domain/grid.ts';
import {
  type BuildStats,
  headerOf,
  type SnapshotHeader,
  type SnapshotKind,
  tickOf,
} from '../domain/grid-schema.ts';
import { newId } from '../domain/ids.ts';
import { DEFAULT_TIME_ZONE } from '../domain/time-zone.ts';
import { districtCode } from '../runtime/env.ts';
import { listAllStored } from './centers.ts';
import { saveHistory, saveSnapshot } from './grid.ts';
import { bookablePlacesByCenter, bookedNowByCenter, openOrdersByCenter } from './grid-load.ts';
import { openingContext } from './opening-context.ts';
import { countingRequests } from './request-count.ts';

/**
 * The grid builder: reads the whole registry with a few large Queries (the centers in tree order
 * from the subtree index, the closures from their index by end, the calendars in one BatchGet),
 * builds the snapshot and stores it; scheduled builds also keep the history. No Scan.
 */

/** DynamoDB stops a Query page at 1 MB anyway; this only keeps Limit from cutting it shorter. */
const CENTERS_PER_QUERY = 10_000;

export interface GridBuild {
  readonly header: SnapshotHeader;
  readonly created: boolean;
  readonly latestMoved: boolean;
  readonly build: BuildStats;
  /** History items written (scheduled builds only). */
  readonly history?: { readonly tickItems: number; readonly dayUpdates: number };
}

async function allCenters(): Promise<StoredCenter[]> {
  const centers: StoredCenter[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAllStored(CENTERS_PER_QUERY, cursor);
    centers.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return centers;
}

/**
 * Builds and stores the snapshot of `kind` for `at`. Scheduled: the tick of `at`, moving the
 * latest pointer forward and writing the history. What-if: exactly `at`, under its own id, with
 * a short expiry, touching neither the pointer nor the history.
 */
export async function buildGrid(options: {
  readonly at: number;
  readonly kind: SnapshotKind;
  readonly now?: number;
}): Promise<GridBuild> {
  const clock = Date.now();
  const started = options.now ?? clock;
  const { result, requests } = await countingRequests(async () => {
    const at = evaluationInstant(options.kind, options.at);
    // the calendars around `at` (one BatchGet), every closure that may matter (one Query) and
    // the open service orders (one Query per open status), the bookings under way (one Query per
    // start day, at most two) and the bookable rooms (one Query)
    const [centers, context, openOrders, bookedNow, bookablePlaces] = await Promise.all([
      allCenters(),
      openingContext(at),
      openOrdersByCenter(),
      bookedNowByCenter(at),
      bookablePlacesByCenter(),
    ]);
    const snapshot = buildSnapshot({
      centers,
      closuresOf: context.closuresOf,
      openOrders,
      bookedNow,
      bookablePlaces,
      evaluator: context.evaluator,
      at,
      kind: options.kind,
      district: districtCode(),
      builtAt: started,
    });
    const saved = await saveSnapshot(snapshot, {
      now: started,
      moveLatest: options.kind === 'scheduled',
      build: newId('b', started),
    });
    let history: GridBuild['history'];
    if (options.kind === 'scheduled') {
      const zones = new Map(centers.map((c) => [c.id, c.timeZone]));
      history = await saveHistory(
        historyGroups(snapshot, (id) => zones.get(id) ?? DEFAULT_TIME_ZONE),
        tickOf(at),
        started,
      );
    }
    return { snapshot, saved, history };
  });
  const { snapshot, saved, history } = result;
  return {
    header: headerOf(snapshot),
    created: saved.created,
    latestMoved: saved.latestMoved,
    build: {
      durationMs: Date.now() - clock,
      dynamodbRequests: requests.total,
      byOperation: requests.byOperation,
      parts: saved.parts,
      bytes: saved.bytes,
      compressedBytes: saved.compressedBytes,
    },
    ...(history ? { history } : {}),
  };
}
