import * as z from 'zod';
import {
  assertKindFitsLevel,
  type Center,
  CreateCenterSchema,
  newCenter,
  ROOT_LEVELS,
  type StoredCenter,
} from './center.ts';
import { type FieldProblem, ValidationError } from './errors.ts';
import { childLevelOf } from './levels.ts';
import { Id, Instant, OptionalText, Text } from './schema-kit.ts';

/**
 * Most rows one import accepts. The import is stored in chunks (items of their own, not one
 * transaction), so the bound is the request body: a whole city (Shanghai, about 6,800 rows) is
 * about 1.5 MB as CSV.
 */
export const MAX_IMPORT_ROWS = 20_000;
/** Writes per chunk: written with the import's progress in one transaction (at most 100 items). */
export const IMPORT_CHUNK_SIZE = 99;
/** Largest JSON of one chunk's writes: the chunk is one DynamoDB item (at most 400 KB). */
export const IMPORT_CHUNK_MAX_BYTES = 300_000;
/** Imports up to this size list the id of every row on the import itself; larger ones only count. */
export const LISTED_ROWS_UP_TO = 2000;
/** Refs of missing or refused centers an import lists (it counts them all). */
export const LISTED_REFS_UP_TO = 100;
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
    ref: Text(64).meta({
      description:
        "The center's external code (e.g. its official division code), unique in the import. A re-import matches rows to centers on it; a center without one is matched on its id",
    }),
    parentRef: OptionalText(64).meta({ description: 'ref of a parent row in the same import' }),
    parentId: Id.optional().meta({ description: 'An existing center to attach this row to' }),
    line: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Line of the row in an uploaded CSV file, so problems can name it' }),
  })
  .meta({ id: 'CenterImportRow' });
export type ImportRow = z.infer<typeof ImportRowSchema>;

export const StartImportSchema = z
  .strictObject({ centers: z.array(ImportRowSchema).min(1).max(MAX_IMPORT_ROWS) })
  .meta({ id: 'StartCenterImport' });
export type StartImport = z.infer<typeof StartImportSchema>;

export const StartImportQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: validate and count what the import would do; write nothing' }),
});

export const ImportDryRunSchema = z
  .object({
    dryRun: z.literal(true),
    total: z.number().int(),
    chunks: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    missing: z.number().int(),
    missingRefs: z.array(z.string()),
  })
  .meta({ id: 'CenterImportDryRun' });

/**
 * Indexes of the row whose ref is `ref` and of every row below it through `parentRef`, in file
 * order: the part of a city's file that one district's stack imports.
 */
export function subtreeRowIndexes(
  rows: readonly { readonly ref?: string; readonly parentRef?: string }[],
  ref: string,
): number[] {
  const children = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (row.parentRef) children.set(row.parentRef, [...(children.get(row.parentRef) ?? []), index]);
  });
  const top = rows.findIndex((row) => row.ref === ref);
  if (top < 0) return [];
  const picked = new Set<number>();
  const queue = [top];
  while (queue.length > 0) {
    const index = queue.pop()!;
    if (picked.has(index)) continue;
    picked.add(index);
    queue.push(...(children.get(rows[index]!.ref ?? '') ?? []));
  }
  return [...picked].sort((a, b) => a - b);
}

export const IMPORT_STATUSES = ['running', 'completed'] as const;
export const CenterImportSchema = z
  .object({
    id: Id,
    status: z.enum(IMPORT_STATUSES),
    total: z.number().int(),
    chunks: z.number().int(),
    chunksDone: z.number().int(),
    created: z.number().int().optional().meta({ description: 'Rows that create a center' }),
    updated: z.number().int().optional().meta({ description: 'Rows that change an existing center' }),
    unchanged: z.number().int().optional().meta({ description: 'Rows equal to their center: not written' }),
    failed: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Writes refused when they landed (the center was edited in between)' }),
    failedRefs: z.array(z.string()).optional().meta({ description: 'Refs of the refused writes' }),
    missing: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Centers under the imported ones that no row names: reported, not deleted' }),
    missingRefs: z
      .array(z.string())
      .optional()
      .meta({ description: `The first ${LISTED_REFS_UP_TO} missing centers' refs (external code, else id)` }),
    createdBy: z.string(),
    createdAt: Instant,
    lastProgressAt: Instant,
    completedAt: Instant.optional(),
    centers: z
      .array(z.object({ ref: z.string(), id: Id }))
      .optional()
      .meta({ description: `The id of each row (imports of up to ${LISTED_ROWS_UP_TO} rows)` }),
  })
  .meta({ id: 'CenterImport' });
export type CenterImport = z.infer<typeof CenterImportSchema>;

/** One write an import makes: a new center, or the changed fields of an existing one. */
export type ImportWrite =
  | { readonly op: 'create'; readonly ref: string; readonly center: StoredCenter }
  | {
      readonly op: 'update';
      readonly ref: string;
      /** The center as it will be; only `changed` fields (and its index keys) are written. */
      readonly center: StoredCenter;
      readonly changed: readonly ImportedField[];
      readonly expectedVersion: number;
    };

export interface ImportPlan {
  /** Every row's center as it will be after the import, parents first. */
  readonly centers: StoredCenter[];
  /** The id of each row, in row order. */
  readonly ids: string[];
  /** What the import writes, parents first: rows equal to their center are left out. */
  readonly writes: ImportWrite[];
  readonly unchanged: number;
  /** Existing centers below the rows' top-level centers that no row names. */
  readonly missing: Center[];
}

/** The ref an existing center answers to: its external code, else its id. */
export function refOf(center: Pick<Center, 'id' | 'externalCode'>): string {
  return center.externalCode ?? center.id;
}

/** Fields a row sets on its center, compared one by one on a re-import. */
export const IMPORTED_FIELDS = [
  'name',
  'kind',
  'divisionCode',
  'address',
  'location',
  'serviceRadiusMeters',
  'timeZone',
  'openingHours',
  'contact',
  'status',
  'synthetic',
] as const;

/** JSON with sorted keys: two values that mean the same compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** The imported fields of `desired` that differ from `current`. */
export type ImportedField = (typeof IMPORTED_FIELDS)[number];

export function changedFields(current: Center, desired: Pick<Center, ImportedField>): ImportedField[] {
  return IMPORTED_FIELDS.filter((field) => canonical(current[field]) !== canonical(desired[field]));
}

/**
 * Turns validated rows into the writes of an import: gives each new row an id, resolves parents
 * (rows of the same import or existing centers), checks levels and computes paths. A row whose
 * ref names a center in `inScope` (the existing centers the import covers) is that center: it
 * must sit under the same parent at the same level, and only the fields that differ are written.
 * Every problem of every row is collected so one answer lists them all; nothing is written unless
 * all rows are placeable.
 */
export function planImport(
  rows: readonly ImportRow[],
  existingParents: ReadonlyMap<string, Center>,
  newId: () => string,
  now: string,
  inScope: readonly Center[] = [],
): ImportPlan {
  const problems: FieldProblem[] = [];
  const at = (index: number, field: string, message: string) => {
    const line = rows[index]?.line;
    problems.push({
      field: `centers.${index}.${field}`,
      message,
      in: 'body',
      ...(line ? { line, column: field } : {}),
    });
  };

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
  const existingByRef = new Map(inScope.map((center) => [refOf(center), center]));

  const planned = new Map<number, StoredCenter>();
  const writes = new Map<number, ImportWrite>();
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
    const { ref, parentRef: _parentRef, parentId: _parentId, line: _line, ...fields } = row;
    const existing = existingByRef.get(ref);
    if (existing) {
      if (existing.parentId !== (parent?.id ?? null)) {
        at(
          index,
          row.parentId ? 'parentId' : 'parentRef',
          `center ${existing.id} (ref ${ref}) is under ${existing.parentId ?? 'no parent'}; a center cannot move`,
        );
        return undefined;
      }
      if (existing.level !== row.level) {
        at(
          index,
          'level',
          `center ${existing.id} (ref ${ref}) is a ${existing.level} center; a level cannot change`,
        );
        return undefined;
      }
    }
    const fresh = newCenter(fields, parent, existing?.id ?? newId(), now, existing ? undefined : ref);
    if (!existing) {
      planned.set(index, fresh);
      writes.set(index, { op: 'create', ref, center: fresh });
      return fresh;
    }
    const changed = changedFields(existing, fresh);
    if (changed.length === 0) {
      planned.set(index, existing);
      return existing;
    }
    const desired: Record<string, unknown> = { ...existing, version: existing.version + 1, updatedAt: now };
    for (const field of changed) desired[field] = fresh[field];
    if (changed.includes('openingHours')) desired.compiledHours = fresh.compiledHours;
    const center = desired as StoredCenter;
    planned.set(index, center);
    writes.set(index, { op: 'update', ref, center, changed, expectedVersion: existing.version });
    return center;
  };
  for (let index = 0; index < rows.length; index++) place(index);

  if (problems.length > 0) {
    const unique = [...new Map(problems.map((p) => [`${p.field}|${p.message}`, p])).values()];
    throw new ValidationError(`${unique.length} problem(s) in the import; nothing was written`, unique);
  }
  const byDepth = (a: { depth: number }, b: { depth: number }) => a.depth - b.depth;
  const ids = rows.map((_, index) => planned.get(index)!.id);
  const named = new Set(ids);
  const topPaths = rows.flatMap((row, index) => {
    const center = planned.get(index)!;
    return !row.parentRef && existingByRef.get(row.ref)?.id === center.id ? [center.path] : [];
  });
  return {
    centers: [...planned.values()].sort(byDepth),
    ids,
    writes: [...writes.values()].sort((a, b) => byDepth(a.center, b.center)),
    unchanged: rows.length - writes.size,
    missing: inScope.filter(
      (center) => !named.has(center.id) && topPaths.some((path) => center.path.startsWith(path)),
    ),
  };
}

const utf8 = new TextEncoder();

/**
 * Splits an import's writes into chunks of at most `maxCount` writes and `maxBytes` of JSON,
 * keeping their order (parents before children).
 */
export function chunkWrites(
  writes: readonly ImportWrite[],
  maxCount = IMPORT_CHUNK_SIZE,
  maxBytes = IMPORT_CHUNK_MAX_BYTES,
): ImportWrite[][] {
  const chunks: ImportWrite[][] = [];
  let current: ImportWrite[] = [];
  let bytes = 0;
  for (const write of writes) {
    const size = utf8.encode(JSON.stringify(write)).length;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(write);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
