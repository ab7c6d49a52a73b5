import { CSV_MEDIA_TYPE } from '../../shared/domain/center-csv-columns.ts';
import { CenterParams } from '../../shared/domain/params.ts';
import {
  assertCanReadStats,
  resolveRange,
  StatsQuery,
  statsAnswer,
  statsToCsv,
} from '../../shared/domain/stats.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { requireCenter } from '../../shared/store/centers.ts';
import { centerStats } from '../../shared/store/stats.ts';

const options = { params: CenterParams, query: StatsQuery } as const;

/**
 * The figures of the center's whole subtree over a range of days (default the last 30), read
 * from the counters the events wrote; with groupBy=child, each child's too. JSON or CSV.
 */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  const center = await requireCenter(params.id);
  assertCanReadStats(principal, center.path);
  const range = resolveRange(query, Date.now());
  const answer = statsAnswer(await centerStats(center, range, query.groupBy));
  if (query.format === 'json') return ok(answer);
  return {
    status: 200,
    headers: {
      'content-type': `${CSV_MEDIA_TYPE}; charset=utf-8`,
      'content-disposition': `attachment; filename="${center.id}-stats-${range.from}-${range.to}.csv"`,
    },
    raw: { body: statsToCsv(answer) },
  };
};

export const handler = httpHandler(options, run);
