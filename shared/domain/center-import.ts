import * as z from 'zod';
import { assertKindFitsLevel, type Center, CreateCenterSchema, newCenter, ROOT_LEVELS } from './center.ts';
import { type FieldProblem, ValidationError } from './errors.ts';
import { childLevelOf } from './levels.ts';
import { Id, Instant, OptionalText, Text } from './schema-kit.ts';

/** Most rows one import accepts: the whole import is recorded in one transaction (at most 100 items, 4 MB). A larger network is onboarded in several imports, later ones attaching to existing centers with parentId. */
export const MAX_IMPORT_ROWS = 2000;
/** Rows per chunk: one DynamoDB item, written with its centers in one transaction (at most 100 items). */
export const IMPORT_CHUNK_SIZE = 25;
/** Time an import run keeps back at the end of its invocation, on top of twice its slowest chunk. */
export const IMPORT_RESERVE_MS = 3000;

/**
 * Whether an import run may start another chunk with `remainingMs` left in its invocation: a
 * chunk must never be cut off by the timeout, so the run stops while twice the slowest chunk so far
 * (and the reserve for handing the import back) still fits.
 */
export function hasTimeForChunk(remainingMs: number, slowestChunkMs: number): boolean {
  return remainingMs >= IMPORT_RESERVE_MS + 2 * slowestChunkMs;
}

export const ImportRowSchema = CreateCenterSchema.omit({ parentId: true })
  .extend({
    ref: Text(64).meta({ description: 'Row reference, unique in the import, used by parentRef' }),
    parentRef: OptionalText(64).meta({ description: 'ref of a parent row in the same import' }),
    parentId: Id.optional().meta({ description: 'An existing center to attach this row to' }),
  })
  .meta({ id: 'CenterImportRow' });
export type ImportRow = z.infer<typeof ImportRowSchema>;

export const StartImportSchema = z
  .strictObject({ centers: z.array(ImportRowSchema).min(1).max(MAX_IMPORT_ROWS) })
  .meta({ id: 'StartCenterImport' });
export type StartImport = z.infer<typeof StartImportSchema>;

export const IMPORT_STATUSES = ['running', 'completed'] as const;
export const CenterImportSchema = z
  .object({
    id: Id,
    status: z.enum(IMPORT_STATUSES),
    total: z.number().int(),
    chunks: z.number().int(),
    chunksDone: z.number().int(),
    createdBy: z.string(),
    createdAt: Instant,
    lastProgressAt: Instant,
    completedAt: Instant.optional(),
    centers: z
      .array(z.object({ ref: z.string(), id: Id }))
      .optional()
      .meta({ description: 'The id given to each row' }),
  })
  .meta({ id: 'CenterImport' });
export type CenterImport = z.infer<typeof CenterImportSchema>;

/**
 * Turns validated rows into centers: gives each an id, resolves parents (rows of the same
 * import or existing centers), checks levels and computes paths. Every problem of every row is
 * collected so one answer lists them all; nothing is written unless all rows are placeable.
 * Centers come back parents first; `ids` gives the id of each row, in row order.
 */
export function planImport(
  rows: readonly ImportRow[],
  existingParents: ReadonlyMap<string, Center>,
  newId: () => string,
  now: string,
): { centers: Center[]; ids: string[] } {
  const problems: FieldProblem[] = [];
  const at = (index: number, field: string, message: string) =>
    problems.push({ field: `centers.${index}.${field}`, message, in: 'body' });

  const byRef = new Map<string, number>();
  rows.forEach((row, index) => {
    if (byRef.has(row.ref)) at(index, 'ref', `duplicates the ref of row ${byRef.get(row.ref)}`);
    else byRef.set(row.ref, index);
    if (row.parentRef && row.parentId) at(index, 'parentRef', 'give parentRef or parentId, not both');
    try {
      assertKindFitsLevel(row.level, row.kind);
    } catch (error) {
      at(index, 'kind', (error as ValidationError).errors[0]?.message ?? 'does not fit the level');
    }
  });

  const planned = new Map<number, Center>();
  const visiting = new Set<number>();
  const place = (index: number): Center | undefined => {
    const done = planned.get(index);
    if (done) return done;
    const row = rows[index]!;
    if (visiting.has(index)) {
      at(index, 'parentRef', 'forms a cycle');
      return undefined;
    }
    visiting.add(index);
    let parent: Center | undefined;
    if (row.parentRef) {
      const parentIndex = byRef.get(row.parentRef);
      if (parentIndex === undefined) at(index, 'parentRef', `no row has ref ${row.parentRef}`);
      else parent = place(parentIndex);
      if (!parent) return undefined;
    } else if (row.parentId) {
      parent = existingParents.get(row.parentId);
      if (!parent) {
        at(index, 'parentId', `center ${row.parentId} does not exist`);
        return undefined;
      }
    } else if (!ROOT_LEVELS.includes(row.level)) {
      at(index, 'parentRef', `a ${row.level} center needs parentRef or parentId`);
      return undefined;
    }
    if (parent && childLevelOf(parent.level) !== row.level) {
      at(
        index,
        'level',
        `a child of a ${parent.level} center must be at level ${childLevelOf(parent.level) ?? '(none)'}`,
      );
      return undefined;
    }
    const { ref: _ref, parentRef: _parentRef, parentId: _parentId, ...fields } = row;
    const center = newCenter(fields, parent, newId(), now);
    planned.set(index, center);
    return center;
  };
  for (let index = 0; index < rows.length; index++) place(index);

  if (problems.length > 0) {
    const unique = [...new Map(problems.map((p) => [`${p.field}|${p.message}`, p])).values()];
    throw new ValidationError(`${unique.length} problem(s) in the import; nothing was written`, unique);
  }
  return {
    centers: [...planned.values()].sort((a, b) => a.depth - b.depth),
    ids: rows.map((_, index) => planned.get(index)!.id),
  };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
