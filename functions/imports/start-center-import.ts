import { assertAdmin, describe } from '../../shared/domain/auth.ts';
import {
  type CenterImport,
  chunk,
  IMPORT_CHUNK_SIZE,
  planImport,
  StartImportSchema,
} from '../../shared/domain/center-import.ts';
import { newId } from '../../shared/domain/ids.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { runIdempotent } from '../../shared/runtime/idempotency.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { accepted } from '../../shared/runtime/responses.ts';
import { createImport, getImport } from '../../shared/store/center-imports.ts';
import { getCenters } from '../../shared/store/centers.ts';
import { createOnce } from '../../shared/store/create-guard.ts';
import { sendMessages } from '../../shared/store/queue.ts';

// the rows' opening hours are checked, and compiled by newCenter, with the library
installOpeningHoursLibrary();

const options = {
  body: StartImportSchema,
  idempotent: runIdempotent,
  maxBodyBytes: 5 * 1024 * 1024,
} as const;

/**
 * Validates every row, records the whole import at once, then queues its first chunk. If the
 * queue is unreachable the import is still recorded and the reconciler starts it later.
 */
export const run: Run<typeof options> = async ({ body, principal, idempotencyKey }) => {
  assertAdmin(principal);
  const parentIds = body.centers.flatMap((row) => (row.parentId ? [row.parentId] : []));
  const existing = await getCenters(parentIds);
  const now = new Date().toISOString();
  const { centers, ids } = planImport(body.centers, existing, () => newId('c'), now);
  const chunks = chunk(centers, IMPORT_CHUNK_SIZE);

  const fresh: CenterImport = {
    id: newId('imp'),
    status: 'running',
    total: centers.length,
    chunks: chunks.length,
    chunksDone: 0,
    createdBy: describe(principal),
    createdAt: now,
    lastProgressAt: now,
    centers: body.centers.map((row, index) => ({ ref: row.ref, id: ids[index]! })),
  };
  const job = await createOnce(
    idempotencyKey,
    fresh,
    (item, guard) => createImport(item, chunks, guard),
    getImport,
  );
  if (job !== fresh) return accepted(job, `/center-imports/${job.id}`);
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

export const handler = httpHandler(options, run);
