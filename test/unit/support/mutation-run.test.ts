import { describe, expect, it } from 'vitest';
import {
  directImporters,
  fingerprintOf,
  isStaticLeftOut,
  mergeStatic,
  needsStaticPass,
  rangeOf,
  withoutUndetected,
} from '../../support/mutation-run.ts';
import type { Report } from '../../support/mutation-summary.ts';

const SOURCE = 'export const LIMIT = 5;\nexport const f = (n: number) => n > LIMIT;\n';
const STATIC = 'Static mutant (and "ignoreStatic" was enabled)';

const mutant = (id: string, line: number, column: number, status: string, statusReason?: string) => ({
  id,
  mutatorName: 'ConditionalExpression',
  replacement: 'true',
  status,
  ...(statusReason ? { statusReason } : {}),
  location: { start: { line, column }, end: { line, column: column + 4 } },
});

type Mutants = ReturnType<typeof mutant>[];

/** A report of the files given, each with its mutants, all made on `source`. */
const reportOf = (files: Record<string, Mutants>, source = SOURCE): Report => ({
  files: Object.fromEntries(Object.entries(files).map(([path, mutants]) => [path, { source, mutants }])),
});

describe('the static pass of npm run mutation', () => {
  it('gives Stryker the range of a mutant with columns from 0, both ends included', () => {
    // the report's columns are from 1: `n > LIMIT` starting at column 33 is Stryker's column 32
    expect(rangeOf('shared/domain/a.ts', mutant('1', 2, 33, 'Ignored', STATIC))).toBe(
      'shared/domain/a.ts:2:32-2:37',
    );
  });

  it('keeps of a static pass’s earlier state only its kills, so a survivor is tested again', () => {
    const state = reportOf({
      'shared/domain/a.ts': [
        mutant('1', 1, 21, 'Killed'),
        mutant('2', 1, 21, 'Survived'),
        mutant('3', 2, 33, 'Timeout'),
        mutant('4', 2, 33, 'NoCoverage'),
      ],
    });
    const kept = withoutUndetected(state).files['shared/domain/a.ts'];
    expect(kept?.source).toBe(SOURCE);
    expect(kept?.mutants.map((m) => m.id)).toEqual(['1', '3']);
  });

  it('tells a mutant left out as static from one left out as a schema description', () => {
    expect(isStaticLeftOut(mutant('1', 1, 1, 'Ignored', STATIC))).toBe(true);
    expect(isStaticLeftOut(mutant('2', 1, 1, 'Ignored', 'schema description'))).toBe(false);
    expect(isStaticLeftOut(mutant('3', 1, 1, 'Survived'))).toBe(false);
  });

  it('takes the status of each static mutant from its module’s pass and keeps every other', () => {
    const first = reportOf({
      'shared/domain/a.ts': [
        mutant('1', 1, 21, 'Ignored', STATIC),
        mutant('2', 2, 33, 'Survived'),
        mutant('3', 1, 14, 'Ignored', STATIC),
      ],
      'shared/domain/b.ts': [mutant('1', 1, 21, 'Ignored', STATIC)],
    });
    // ids differ between runs: mutants are matched by place and replacement
    const second = reportOf({
      'shared/domain/a.ts': [
        mutant('40', 1, 21, 'Killed'),
        mutant('41', 2, 33, 'Killed'),
        mutant('42', 1, 14, 'Survived'),
      ],
    });

    const merged = mergeStatic(first, new Map([['shared/domain/a.ts', second]]));

    expect(merged.files['shared/domain/a.ts']?.mutants.map((m) => m.status)).toEqual([
      'Killed',
      'Survived',
      'Survived',
    ]);
    // a module without a second pass keeps its static mutants left out, so they are not scored
    expect(merged.files['shared/domain/b.ts']?.mutants.map((m) => m.status)).toEqual(['Ignored']);
  });

  it('does not take a second pass made on another version of the source', () => {
    const first = reportOf({ 'shared/domain/a.ts': [mutant('1', 1, 21, 'Ignored', STATIC)] });
    const second = reportOf(
      { 'shared/domain/a.ts': [mutant('9', 1, 21, 'Killed')] },
      `${SOURCE}// changed\n`,
    );
    expect(
      mergeStatic(first, new Map([['shared/domain/a.ts', second]])).files['shared/domain/a.ts']?.mutants[0]
        ?.status,
    ).toBe('Ignored');
  });

  it('names the test files that import a module themselves, not those that reach it through another', () => {
    const files: Record<string, string> = {
      'test/unit/domain/a.test.ts': "import { f } from '../../../shared/domain/a.ts';",
      'test/unit/domain/b.test.ts': "import { g } from '../../../shared/domain/b.ts';",
      'test/unit/api/doc.test.ts':
        "import { a } from '../../../shared/domain/a.ts';\nimport x from 'vitest';",
    };
    const read = ((path: string) => files[path] ?? '') as unknown as typeof import('node:fs').readFileSync;
    expect(directImporters('shared/domain/a.ts', Object.keys(files), read)).toEqual([
      'test/unit/domain/a.test.ts',
      'test/unit/api/doc.test.ts',
    ]);
  });

  it('tells a static pass whose module, tests or configs changed from one it can skip', () => {
    const tree: Record<string, string> = { 'a.ts': 'x', 'a.test.ts': 'y' };
    const read = (path: string) => tree[path] ?? '';
    const before = fingerprintOf(['a.ts', 'a.test.ts'], read);
    expect(fingerprintOf(['a.ts', 'a.test.ts'], read)).toBe(before);
    tree['a.test.ts'] = 'y2';
    expect(fingerprintOf(['a.ts', 'a.test.ts'], read)).not.toBe(before);
    // the same bytes under other names are other inputs
    tree['a.test.ts'] = 'y';
    expect(fingerprintOf(['b.ts', 'a.test.ts'], (p: string) => read(p === 'b.ts' ? 'a.ts' : p))).not.toBe(
      before,
    );
  });

  it('gives pass 2 the static survivors of pass 1 too, and takes their status from it only when it detected them', () => {
    const hybrid = (id: string, line: number, status: string) => ({
      ...mutant(id, line, 1, status),
      static: true,
    });
    expect(needsStaticPass(hybrid('1', 1, 'Survived'))).toBe(true);
    expect(needsStaticPass(hybrid('2', 1, 'Killed'))).toBe(false);
    expect(needsStaticPass(mutant('3', 1, 1, 'Survived'))).toBe(false);

    const first = reportOf({
      'shared/domain/a.ts': [hybrid('1', 1, 'Survived'), hybrid('2', 2, 'Survived')],
    });
    const second = reportOf({
      'shared/domain/a.ts': [mutant('7', 1, 1, 'Killed'), mutant('8', 2, 1, 'NoCoverage')],
    });
    expect(
      mergeStatic(first, new Map([['shared/domain/a.ts', second]])).files['shared/domain/a.ts']?.mutants.map(
        (m) => m.status,
      ),
    ).toEqual(['Killed', 'Survived']);
  });
});
