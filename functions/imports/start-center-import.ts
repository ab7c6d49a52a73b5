import { assertAdmin, describe } from '../../shared/domain/auth.ts';
import type { Center } from '../../shared/domain/center.ts';
import { CSV_MEDIA_TYPE, decodeImportCsv } from '../../shared/domain/center-csv.ts';
import {
  type CenterImport,
  chunkWrites,
  type ImportRow,
  LISTED_REFS_UP_TO,
  LISTED_ROWS_UP_TO,
  planImport,
  refOf,
  StartImportQuery,
  StartImportSchema,
} from '../../shared/domain/center-import.ts';
import { newId } from '../../shared/domain/ids.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { accepted, ok } from '../../shared/runtime/responses.ts';
import { createImport, getImport } from '../../shared/store/center-imports.ts';
import { getCenters, listWholeSubtree } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { sendMessages } from '../../shared/store/queue.ts';

// the rows' opening hours are checked, and compiled by newCenter, with the library
installOpeningHoursLibrary();

const options = {
  body: StartImportSchema,
  query: StartImportQuery,
  decoders: { [CSV_MEDIA_TYPE]: decodeImportCsv },
  idempotent: runIdempotent,
  maxBodyBytes: 5 * 1024 * 1024,
} as const;

/**
 * Validates every row against the file and the centers it covers, records the import's writes in
 * chunks, then queues its first chunk (a dry run stops before recording and answers the counts). A re-import writes only what changed; an import with
 * nothing to write is recorded as completed. If the queue is unreachable the import is still
 * recorded and the reconciler starts it later.
 */
export const run: Run<typeof options> = async ({ body, query, principal, idempotencyKey }) => {
  assertAdmin(principal);
  const rows = body.centers;
  const existingParents = await getCenters(rows.flatMap((row) => (row.parentId ? [row.parentId] : [])));
  const inScope = await centersCoveredBy(rows, [...existingParents.values()]);
  const now = new Date().toISOString();
  const plan = planImport(rows, existingParents, () => newId('c'), now, inScope);
  const chunks = chunkWrites(plan.writes);
  const created = plan.writes.filter((write) => write.op === 'create').length;
  const counts = {
    total: rows.length,
    created,
    updated: plan.writes.length - created,
    unchanged: plan.unchanged,
    missing: plan.missing.length,
    missingRefs: plan.missing.slice(0, LISTED_REFS_UP_TO).map(refOf),
  };
  if (query?.dryRun) return ok({ dryRun: true, ...counts, chunks: chunks.length });

  const fresh: CenterImport = {
    id: newId('imp'),
    status: chunks.length > 0 ? 'running' : 'completed',
    ...counts,
    chunks: chunks.length,
    chunksDone: 0,
    failed: 0,
    createdBy: describe(principal),
    createdAt: now,
    lastProgressAt: now,
    ...(chunks.length > 0 ? {} : { completedAt: now }),
    ...(rows.length <= LISTED_ROWS_UP_TO
      ? { centers: rows.map((row, index) => ({ ref: row.ref, id: plan.ids[index]! })) }
      : {}),
  };
  const job = await createOnce(
    idempotencyKey,
    fresh,
    (item, guard) => createImport(item, chunks, guard),
    getImport,
  );
  if (job !== fresh || job.status === 'completed') return accepted(job, `/center-imports/${job.id}`);
  try {
    await sendMessages('centerImport', [{ importId: job.id, chunk: 0 }]);
  } catch (error) {
    logger.warn('import recorded but not queued; the reconciler will start it', {
      importId: job.id,
      error: error as Error,
    });
  }
  return accepted(job, `/center-imports/${job.id}`);
};

/**
 * The existing centers a re-import of `rows` may name: the whole district when a row is a root,
 * else the subtrees under the existing parents the rows attach to.
 */
async function centersCoveredBy(rows: readonly ImportRow[], parents: readonly Center[]): Promise<Center[]> {
  if (rows.some((row) => !row.parentRef && !row.parentId)) return listWholeSubtree();
  const below = await Promise.all(parents.map((parent) => listWholeSubtree(parent.path)));
  const byId = new Map(below.flat().map((center) => [center.id, center]));
  for (const parent of parents) byId.delete(parent.id);
  return [...byId.values()];
}

export const handler = httpHandler(options, run);
