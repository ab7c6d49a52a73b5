import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import {
  centersByDay,
  dayPoint,
  GridHistoryQuery,
  type HistoryPoint,
  historyGroupOf,
  summarize,
  tickPoint,
} from '../../shared/domain/grid-history.ts';
import { wallClock } from '../../shared/domain/zoned-time.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { getCenter } from '../../shared/store/centers.ts';
import { queryDays, queryTicks } from '../../shared/store/grid.ts';

const options = { query: GridHistoryQuery } as const;

const DEFAULT_LIMIT = { tick: 288, day: 366 } as const;

const present = (point: HistoryPoint | undefined): point is HistoryPoint => point !== undefined;

/**
 * How a center, or a street with its subtree, was open between `from` and `to`: every 5-minute
 * sample, or one point per local day. One Query on the group's history partition per page.
 */
export const run: Run<typeof options> = async ({ query, principal }) => {
  assertCanReadRegistry(principal);
  const asStreet = query.streetId !== undefined;
  const id = (query.streetId ?? query.centerId) as string;
  const center = await getCenter(id);
  if (!center) throw NotFoundError.of(asStreet ? 'street' : 'center', id);
  if (asStreet && center.level !== 'street') {
    throw new ValidationError(`streetId: center ${id} is a ${center.level} center, not a street`, [
      { field: 'streetId', message: `is a ${center.level} center, not a street`, in: 'query' },
    ]);
  }
  const groupId = historyGroupOf(center);
  const only = asStreet ? undefined : center.id;
  const limit = query.limit ?? DEFAULT_LIMIT[query.resolution];

  let points: HistoryPoint[];
  let summary: ReturnType<typeof summarize>;
  let nextCursor: string | null;
  if (query.resolution === 'tick') {
    const page = await queryTicks(groupId, query.from, query.to, limit, query.cursor);
    points = page.items.map((sample) => tickPoint(sample, only)).filter(present);
    summary = summarize(points, centersByDay(page.items, only));
    nextCursor = page.nextCursor;
  } else {
    const zone = center.timeZone;
    const page = await queryDays(
      groupId,
      wallClock(Date.parse(query.from), zone).date,
      wallClock(Date.parse(query.to), zone).date,
      limit,
      query.cursor,
    );
    points = page.items.map((sample) => dayPoint(sample, only)).filter(present);
    summary = summarize(points);
    nextCursor = page.nextCursor;
  }
  return ok({
    subject: { type: asStreet ? 'street' : 'center', id: center.id, name: center.name },
    from: query.from,
    to: query.to,
    resolution: query.resolution,
    points,
    summary,
    nextCursor,
  });
};

export const handler = httpHandler(options, run);
