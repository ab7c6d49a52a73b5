import { assertCanReadRegistry } from '../../shared/domain/auth.ts';
import { CSV_MEDIA_TYPE } from '../../shared/domain/center-csv-columns.ts';
import { subtreeToCsv } from '../../shared/domain/center-csv-export.ts';
import { CenterParams, SubtreeQuery } from '../../shared/domain/params.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { listSubtree, listWholeSubtree, requireCenter } from '../../shared/store/centers.ts';

const options = { params: CenterParams, query: SubtreeQuery } as const;

/** The center itself first, then every descendant in path order (a parent before its children). */
export const run: Run<typeof options> = async ({ params, query, principal }) => {
  assertCanReadRegistry(principal);
  const center = await requireCenter(params.id);
  if (query.format === 'json') return ok(await listSubtree(center.path, query.limit, query.cursor));
  return {
    status: 200,
    headers: {
      'content-type': `${CSV_MEDIA_TYPE}; charset=utf-8`,
      'content-disposition': `attachment; filename="${center.id}-subtree.csv"`,
    },
    raw: { body: subtreeToCsv(await listWholeSubtree(center.path)) },
  };
};

export const handler = httpHandler(options, run);
