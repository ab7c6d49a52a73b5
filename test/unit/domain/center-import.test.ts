import { describe, expect, it } from 'vitest';
import type { Center } from '../../../shared/domain/center.ts';
import {
  CenterImportSchema,
  chunk,
  hasTimeForChunk,
  IMPORT_RESERVE_MS,
  type ImportRow,
  MAX_IMPORT_ROWS,
  planImport,
  StartImportSchema,
} from '../../../shared/domain/center-import.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';

// as the import function does: newCenter compiles the rows' hours with the library
installOpeningHoursLibrary();

const row = (ref: string, level: ImportRow['level'], extra: Partial<ImportRow> = {}): ImportRow => ({
  ref,
  level,
  name: ref,
  address: 'addr',
  location: { lat: 31.4, lon: 121.4 },
  serviceRadiusMeters: 1000,
  timeZone: 'Asia/Shanghai',
  openingHours: '24/7',
  contact: {},
  status: 'active',
  ...extra,
});

const existingStreet = {
  id: 'c-street',
  level: 'street',
  path: '/c-sh/c-bs/c-street/',
  depth: 2,
} as Center;

let counter = 0;
const ids = () => `c-new${++counter}`;

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors.map((e) => `${e.field}: ${e.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('planImport', () => {
  it('places rows whatever their order, parents first, with paths through the file and existing centers', () => {
    const rows = [
      row('comm', 'community', { parentRef: 'street' }),
      row('street', 'street', { parentRef: 'district' }),
      row('district', 'district'),
      row('post', 'community', { parentId: 'c-street', kind: 'post-station' }),
    ];
    const { centers, ids: rowIds } = planImport(
      rows,
      new Map([['c-street', existingStreet]]),
      ids,
      '2026-01-01T00:00:00Z',
    );
    expect(centers.map((c) => c.level)).toEqual(['district', 'street', 'community', 'community']);
    const byId = new Map(centers.map((c) => [c.id, c]));
    const comm = byId.get(rowIds[0]!)!;
    expect(comm.path).toBe(`/${rowIds[2]}/${rowIds[1]}/${rowIds[0]}/`);
    expect(comm.kind).toBe('community');
    expect(byId.get(rowIds[3]!)!.path).toBe(`/c-sh/c-bs/c-street/${rowIds[3]}/`);
  });

  it('lists every problem of every row and writes nothing', () => {
    const found = problems(() =>
      planImport(
        [
          row('a', 'district'),
          row('a', 'street', { parentRef: 'a' }),
          row('b', 'community', { parentRef: 'a' }),
          row('c', 'community', { parentRef: 'nope' }),
          row('d', 'community', { parentId: 'c-missing' }),
          row('e', 'street'),
          row('f', 'street', { parentRef: 'a', kind: 'park' }),
        ],
        new Map(),
        ids,
        '2026-01-01T00:00:00Z',
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'centers.1.ref: duplicates the ref of row 0',
        'centers.2.level: a child of a district center must be at level street',
        'centers.3.parentRef: no row has ref nope',
        'centers.4.parentId: center c-missing does not exist',
        'centers.5.parentRef: a street center needs parentRef or parentId',
        expect.stringMatching(/^centers\.6\.kind: only community-level/),
      ]),
    );
  });

  it('detects a cycle of parent references', () => {
    const found = problems(() =>
      planImport(
        [row('x', 'street', { parentRef: 'y' }), row('y', 'district', { parentRef: 'x' })],
        new Map(),
        ids,
        '2026-01-01T00:00:00Z',
      ),
    );
    expect(found.some((p) => p.includes('forms a cycle'))).toBe(true);
  });
});

describe('planImport, the rules one by one', () => {
  const plan = (rows: ImportRow[], existing = new Map<string, Center>()) =>
    planImport(rows, existing, ids, '2026-01-01T00:00:00Z');
  const refusal = (rows: ImportRow[], existing = new Map<string, Center>()) => {
    try {
      plan(rows, existing);
    } catch (error) {
      return error as ValidationError;
    }
    throw new Error('expected a ValidationError');
  };

  it('takes a parent from the file or an existing center, not both', () => {
    const error = refusal([
      row('d', 'district'),
      row('s', 'street', { parentRef: 'd', parentId: 'c-street' }),
    ]);
    expect(error.errors).toContainEqual({
      field: 'centers.1.parentRef',
      message: 'give parentRef or parentId, not both',
      in: 'body',
    });
  });

  it('says a community center cannot have children', () => {
    const community = {
      ...existingStreet,
      id: 'c-comm',
      level: 'community',
      path: '/c-sh/c-bs/c-street/c-comm/',
      depth: 3,
    } as Center;
    const error = refusal([row('x', 'community', { parentId: 'c-comm' })], new Map([['c-comm', community]]));
    expect(error.errors).toEqual([
      {
        field: 'centers.0.level',
        message: 'a child of a community center must be at level (none)',
        in: 'body',
      },
    ]);
  });

  it('counts the problems in its detail, each named once', () => {
    const error = refusal([row('s', 'street'), row('t', 'street')]);
    expect(error.message).toBe('2 problem(s) in the import; nothing was written');
    expect(error.errors.map((e) => e.field)).toEqual(['centers.0.parentRef', 'centers.1.parentRef']);
    const cycle = refusal([row('x', 'street', { parentRef: 'x' })]);
    expect(cycle.errors).toEqual([{ field: 'centers.0.parentRef', message: 'forms a cycle', in: 'body' }]);
  });

  it('makes roots of city and district rows without a parent, each once', () => {
    const { centers, ids: rowIds } = plan([row('city', 'city'), row('d', 'district', { parentRef: 'city' })]);
    expect(centers).toHaveLength(2);
    expect(centers[0]).toMatchObject({
      level: 'city',
      parentId: null,
      depth: 0,
      createdAt: '2026-01-01T00:00:00Z',
    });
    expect(centers[1]).toMatchObject({ level: 'district', parentId: rowIds[0], depth: 1 });
    expect(centers[1]).not.toHaveProperty('ref');
    expect(centers[1]).not.toHaveProperty('parentRef');
  });
});

describe('import schemas', () => {
  const one = {
    ref: 'd',
    level: 'district',
    name: 'D',
    address: 'a',
    location: { lat: 31, lon: 121 },
    openingHours: '24/7',
  };

  it(`takes 1 to ${MAX_IMPORT_ROWS} rows`, () => {
    expect(StartImportSchema.safeParse({ centers: [] }).success).toBe(false);
    expect(StartImportSchema.safeParse({ centers: [one] }).success).toBe(true);
    expect(StartImportSchema.safeParse({ centers: Array(MAX_IMPORT_ROWS).fill(one) }).success).toBe(true);
    expect(StartImportSchema.safeParse({ centers: Array(MAX_IMPORT_ROWS + 1).fill(one) }).success).toBe(
      false,
    );
  });

  it('describes an import with its progress and the id of each row', () => {
    const started = {
      id: 'imp-abc',
      status: 'completed',
      total: 3,
      chunks: 1,
      chunksDone: 1,
      createdBy: 'admin a1',
      createdAt: '2026-01-01T00:00:00Z',
      lastProgressAt: '2026-01-01T00:00:01Z',
      completedAt: '2026-01-01T00:00:02Z',
      centers: [{ ref: 'd', id: 'c-abc' }],
    };
    expect(CenterImportSchema.parse(started)).toEqual(started);
    expect(CenterImportSchema.parse({ ...started, status: 'running' }).status).toBe('running');
  });
});

describe('chunk', () => {
  it('splits into pieces of at most the given size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('hasTimeForChunk', () => {
  it('starts a chunk while the reserve and twice the slowest chunk so far still fit', () => {
    expect(hasTimeForChunk(IMPORT_RESERVE_MS, 0)).toBe(true);
    expect(hasTimeForChunk(IMPORT_RESERVE_MS + 1000, 500)).toBe(true);
  });

  it('stops before a chunk the timeout could cut off', () => {
    expect(hasTimeForChunk(IMPORT_RESERVE_MS - 1, 0)).toBe(false);
    expect(hasTimeForChunk(IMPORT_RESERVE_MS + 999, 500)).toBe(false);
  });
});
