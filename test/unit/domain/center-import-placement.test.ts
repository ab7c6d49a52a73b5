import { describe, expect, it } from 'vitest';
import type { Center } from '../../../shared/domain/center.ts';
import {
  chunk,
  chunkWrites,
  type ImportRow,
  type ImportWrite,
  planImport,
  refOf,
  StartImportQuery,
  subtreeRowIndexes,
} from '../../../shared/domain/center-import.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';
import { row } from './center-import-fixtures.ts';

/** How an import places its rows (docs/api.md, the import), re-imports included, and how it is cut up. */

installOpeningHoursLibrary();

const NOW = '2026-03-01T00:00:00Z';
let counter = 0;
const ids = () => `c-new${++counter}`;

/** The centers a first import of `rows` stored, as a re-import finds them. */
function stored(rows: ImportRow[], existing = new Map<string, Center>()): Center[] {
  return planImport(rows, existing, ids, '2026-01-01T00:00:00Z').centers.map((center) => {
    const { compiledHours: _compiled, ...rest } = center;
    return { ...rest, version: 2 };
  });
}

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('the dryRun query of an import', () => {
  it('reads true and false, and leaves it out when not given', () => {
    expect(StartImportQuery.parse({ dryRun: 'true' }).dryRun).toBe(true);
    expect(StartImportQuery.parse({ dryRun: 'false' }).dryRun).toBe(false);
    expect(StartImportQuery.parse({}).dryRun).toBeUndefined();
    expect(StartImportQuery.safeParse({ dryRun: 'yes' }).success).toBe(false);
  });
});

describe('the part of a file one district imports', () => {
  it('picks the first row of the file and everything below it', () => {
    const rows = [
      { ref: 'd1' },
      { ref: 's1', parentRef: 'd1' },
      { ref: 'd2' },
      { ref: 'c1', parentRef: 's1' },
    ];
    expect(subtreeRowIndexes(rows, 'd1')).toEqual([0, 1, 3]);
  });

  it('ends on a file whose parent references go round in a circle, each row once', () => {
    const rows = [
      { ref: 'a', parentRef: 'b' },
      { ref: 'b', parentRef: 'a' },
    ];
    expect(subtreeRowIndexes(rows, 'a')).toEqual([0, 1]);
  });
});

describe('placing rows', () => {
  it('reports each row of a cycle once as forming a cycle, and nothing else', () => {
    const error = refusal(() =>
      planImport(
        [row('x', 'street', { parentRef: 'y' }), row('y', 'street', { parentRef: 'x' })],
        new Map(),
        ids,
        NOW,
      ),
    );
    expect(error.errors.map((p) => `${p.field}: ${p.message}`).sort()).toEqual([
      'centers.0.parentRef: forms a cycle',
      'centers.1.parentRef: forms a cycle',
    ]);
  });

  it('lists centers parents first, whatever the order of the file', () => {
    const rows = [
      row('c', 'community', { parentRef: 's' }),
      row('s', 'street', { parentRef: 'd' }),
      row('d', 'district'),
      row('c2', 'community', { parentRef: 's' }),
    ];
    const plan = planImport(rows, new Map(), ids, NOW);
    expect(plan.centers.map((c) => c.level)).toEqual(['district', 'street', 'community', 'community']);
    expect(plan.writes.map((w) => w.center.level)).toEqual(['district', 'street', 'community', 'community']);
  });
});

describe('a re-import', () => {
  const FILE = [
    row('d', 'district'),
    row('s1', 'street', { parentRef: 'd' }),
    row('s2', 'street', { parentRef: 'd' }),
    row('s1c1', 'community', { parentRef: 's1' }),
  ];

  it('refuses to give a root center a parent, saying it is under no parent', () => {
    const existing = stored(FILE);
    const rows = [row('city', 'city'), ...FILE.map((r) => (r.ref === 'd' ? { ...r, parentRef: 'city' } : r))];
    const error = refusal(() => planImport(rows, new Map(), ids, NOW, existing));
    expect(error.errors).toContainEqual(
      expect.objectContaining({
        field: 'centers.1.parentRef',
        message: expect.stringMatching(/\(ref d\) is under no parent; a center cannot move/),
      }),
    );
  });

  it('names parentId when a row moves its center to another existing parent', () => {
    const streetA = { id: 'c-sa', level: 'street', path: '/c-d/c-sa/', depth: 1 } as Center;
    const streetB = { id: 'c-sb', level: 'street', path: '/c-d/c-sb/', depth: 1 } as Center;
    const parents = new Map([
      ['c-sa', streetA],
      ['c-sb', streetB],
    ]);
    const existing = stored([row('c1', 'community', { parentId: 'c-sa' })], parents);
    const error = refusal(() =>
      planImport([row('c1', 'community', { parentId: 'c-sb' })], parents, ids, NOW, existing),
    );
    expect(error.errors).toEqual([
      expect.objectContaining({ field: 'centers.0.parentId', message: expect.stringMatching(/cannot move/) }),
    ]);
  });

  it('refuses to change the level of a center, naming the level', () => {
    const existing = stored([row('d', 'district')]);
    const error = refusal(() => planImport([row('d', 'city')], new Map(), ids, NOW, existing));
    expect(error.errors).toEqual([
      {
        field: 'centers.0.level',
        message: `center ${existing[0]!.id} (ref d) is a district center; a level cannot change`,
        in: 'body',
      },
    ]);
  });

  it('rewrites no compiled hours when the opening hours stay the same', () => {
    const existing = stored(FILE);
    const rows = FILE.map((r) => (r.ref === 's2' ? { ...r, name: 'renamed' } : r));
    const [write] = planImport(rows, new Map(), ids, NOW, existing).writes as Extract<
      ImportWrite,
      { op: 'update' }
    >[];
    expect(write?.changed).toEqual(['name']);
    expect(write?.center.compiledHours).toBeUndefined();
  });

  it('reports a street left out of the file as missing, below the district it re-imports', () => {
    const existing = stored(FILE);
    const plan = planImport(
      FILE.filter((r) => r.ref !== 's2'),
      new Map(),
      ids,
      NOW,
      existing,
    );
    expect(plan.missing.map(refOf)).toEqual(['s2']);
  });

  it('reports what is missing under each of two districts it re-imports', () => {
    const other = [row('e', 'district'), row('e1', 'street', { parentRef: 'e' })];
    const existing = [...stored(FILE), ...stored(other)];
    const rows = [...FILE.filter((r) => r.ref !== 's1c1'), other[0]!];
    expect(planImport(rows, new Map(), ids, NOW, existing).missing.map(refOf).sort()).toEqual(['e1', 's1c1']);
  });

  it('reports nothing missing for a file of new centers only', () => {
    const existing = stored(FILE);
    const plan = planImport([row('n', 'district')], new Map(), ids, NOW, existing);
    expect(plan.missing).toEqual([]);
  });
});

describe('cutting an import into chunks', () => {
  const write = (ref: string): ImportWrite => ({
    op: 'create',
    ref,
    center: { id: ref, name: 'x', depth: 0 } as never,
  });
  const size = (w: ImportWrite) => new TextEncoder().encode(JSON.stringify(w)).length;

  it('keeps writes that fit together in one chunk, and makes no chunk of nothing', () => {
    const writes = [write('a'), write('b'), write('c')];
    expect(chunkWrites(writes, 99, 10_000).map((c) => c.map((w) => w.ref))).toEqual([['a', 'b', 'c']]);
    expect(chunkWrites([], 99, 10_000)).toEqual([]);
  });

  it('fills a chunk up to exactly its byte limit', () => {
    const writes = [write('a'), write('b'), write('c')];
    const limit = size(writes[0]!) + size(writes[1]!);
    expect(chunkWrites(writes, 99, limit).map((c) => c.map((w) => w.ref))).toEqual([['a', 'b'], ['c']]);
  });

  it('splits items into whole pieces, with no empty piece at the end', () => {
    expect(chunk([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(chunk([], 3)).toEqual([]);
  });
});
