import { describe, expect, it } from 'vitest';
import type { Center } from '../../../shared/domain/center.ts';
import {
  changedFields,
  chunkWrites,
  type ImportWrite,
  planImport,
  refOf,
  subtreeRowIndexes,
} from '../../../shared/domain/center-import.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../../shared/domain/opening-hours.ts';
import { row } from './center-import-fixtures.ts';

installOpeningHoursLibrary();

const NOW = '2026-03-01T00:00:00Z';
let counter = 0;
const ids = () => `c-new${++counter}`;

const FILE = [
  row('d', 'district'),
  row('s1', 'street', { parentRef: 'd' }),
  row('s1c1', 'community', { parentRef: 's1' }),
  row('s1c2', 'community', { parentRef: 's1' }),
];

/** The centers a first import of FILE stored, as a re-import finds them. */
function stored(): Center[] {
  return planImport(FILE, new Map(), ids, '2026-01-01T00:00:00Z').centers.map((center) => {
    const { compiledHours: _compiled, ...rest } = center;
    return { ...rest, version: 2 };
  });
}

describe('planImport on a re-import', () => {
  it('writes nothing for the same file: every row is its existing center, unchanged', () => {
    const existing = stored();
    const plan = planImport(FILE, new Map(), ids, NOW, existing);
    expect(plan.writes).toEqual([]);
    expect(plan.unchanged).toBe(4);
    expect(plan.missing).toEqual([]);
    expect(plan.ids).toEqual(FILE.map((r) => existing.find((c) => c.externalCode === r.ref)!.id));
  });

  it('updates exactly the changed row, only its changed fields, at its stored version', () => {
    const existing = stored();
    const rows = FILE.map((r) =>
      r.ref === 's1c2' ? { ...r, name: 'renamed', openingHours: 'Mo-Fr 08:00-12:00' } : r,
    );
    const plan = planImport(rows, new Map(), ids, NOW, existing);
    expect(plan.unchanged).toBe(3);
    expect(plan.writes).toHaveLength(1);
    const write = plan.writes[0] as Extract<ImportWrite, { op: 'update' }>;
    const before = existing.find((c) => c.externalCode === 's1c2')!;
    expect(write).toMatchObject({
      op: 'update',
      ref: 's1c2',
      changed: ['name', 'openingHours'],
      expectedVersion: 2,
    });
    expect(write.center).toMatchObject({
      id: before.id,
      path: before.path,
      name: 'renamed',
      version: 3,
      updatedAt: NOW,
      createdAt: before.createdAt,
    });
    expect(write.center.compiledHours?.source).toBe('Mo-Fr 08:00-12:00');
  });

  it('creates a new row under an existing parent and reports a row left out, without deleting it', () => {
    const existing = stored();
    const rows = [...FILE.filter((r) => r.ref !== 's1c1'), row('s1c3', 'community', { parentRef: 's1' })];
    const plan = planImport(rows, new Map(), ids, NOW, existing);
    expect(plan.writes.map((w) => `${w.op} ${w.ref}`)).toEqual(['create s1c3']);
    const street = existing.find((c) => c.externalCode === 's1')!;
    expect(plan.writes[0]!.center.path.startsWith(street.path)).toBe(true);
    expect(plan.missing.map(refOf)).toEqual(['s1c1']);
  });

  it('reports as missing only centers below the rows it re-imports, not their siblings elsewhere', () => {
    const existing = [
      ...stored(),
      { ...stored()[0]!, id: 'c-other', externalCode: 'other', path: '/c-other/', parentId: null },
    ];
    const plan = planImport(FILE, new Map(), ids, NOW, existing);
    expect(plan.missing).toEqual([]);
  });

  it('matches a center without an external code on its id, as the export writes it', () => {
    const existing = stored().map((c) => (c.externalCode === 'd' ? { ...c, externalCode: undefined } : c));
    const district = existing.find((c) => c.level === 'district')!;
    const rows = FILE.map((r) =>
      r.ref === 'd' ? { ...r, ref: district.id } : r.parentRef === 'd' ? { ...r, parentRef: district.id } : r,
    );
    const plan = planImport(rows, new Map(), ids, NOW, existing);
    expect(plan.writes).toEqual([]);
  });

  it('refuses to move a center to another parent or change its level, naming the row', () => {
    const existing = stored();
    const rows = [
      ...FILE.filter((r) => r.ref !== 's1c2'),
      row('s2', 'street', { parentRef: 'd' }),
      row('s1c2', 'community', { parentRef: 's2' }),
    ];
    const moved = () => planImport(rows, new Map(), ids, NOW, existing);
    expect(moved).toThrow(ValidationError);
    try {
      moved();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        expect.objectContaining({
          field: 'centers.4.parentRef',
          message: expect.stringMatching(/cannot move/),
        }),
      ]);
    }
  });

  it('gives CSV rows their line and column in each problem', () => {
    try {
      planImport([row('s', 'street', { line: 9 })], new Map(), ids, NOW);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        {
          field: 'centers.0.parentRef',
          message: 'a street center needs parentRef or parentId',
          in: 'body',
          line: 9,
          column: 'parentRef',
        },
      ]);
    }
  });
});

describe('changedFields', () => {
  it('compares values, not key order, and treats a community without kind as kind community', () => {
    const [center] = stored().filter((c) => c.level === 'community');
    const same = { ...center!, contact: { person: 'a', phone: '1' } };
    const reordered = { ...center!, contact: { phone: '1', person: 'a' } };
    expect(changedFields(same, reordered)).toEqual([]);
    expect(changedFields(same, { ...reordered, location: { lat: 31.4, lon: 121.41 } })).toEqual(['location']);
  });
});

describe('chunkWrites', () => {
  const write = (ref: string, bytes: number): ImportWrite => ({
    op: 'create',
    ref,
    center: { id: ref, name: 'x'.repeat(bytes), depth: 0 } as never,
  });

  it('cuts by count and by size, in order', () => {
    const writes = [write('a', 10), write('b', 10), write('c', 10), write('d', 500), write('e', 10)];
    expect(chunkWrites(writes, 2, 10_000).map((c) => c.map((w) => w.ref))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    expect(chunkWrites(writes, 99, 400).map((c) => c.map((w) => w.ref))).toEqual([
      ['a', 'b', 'c'],
      ['d'],
      ['e'],
    ]);
  });
});

describe('subtreeRowIndexes', () => {
  it("picks a row and everything below it, in file order, whatever the file's order", () => {
    const rows = [
      { ref: 'c1', parentRef: 's1' },
      { ref: 'city' },
      { ref: 'd1', parentRef: 'city' },
      { ref: 's1', parentRef: 'd1' },
      { ref: 'd2', parentRef: 'city' },
      { ref: 's2', parentRef: 'd2' },
      { ref: 'c2', parentRef: 's1' },
    ];
    expect(subtreeRowIndexes(rows, 'd1')).toEqual([0, 2, 3, 6]);
    expect(subtreeRowIndexes(rows, 'd2')).toEqual([4, 5]);
    expect(subtreeRowIndexes(rows, 'nowhere')).toEqual([]);
  });
});
