import { describe, expect, it } from 'vitest';
import { combine, type Report, summarizeCombined } from '../../support/mutation-summary.ts';

const at = (line: number, column = 1) => ({ start: { line, column }, end: { line, column: column + 1 } });
const mutant = (id: string, status: string, line = 1) => ({
  id,
  mutatorName: 'BooleanLiteral',
  status,
  location: at(line),
});

function run(name: string, when: string, files: Report['files'], commit = 'a'.repeat(40)): Report {
  return { files, measured: { name, commit, uncommitted: false, at: when } };
}

const SOURCE = 'export const x = true;\n';

describe('combine', () => {
  it('takes each file from the latest run that mutated it, whatever order the runs are read in', () => {
    const early = run('early', '2026-12-01T10:00:00Z', {
      'shared/domain/a.ts': { source: SOURCE, mutants: [mutant('1', 'Survived'), mutant('2', 'Killed')] },
      'shared/domain/b.ts': { source: SOURCE, mutants: [mutant('3', 'Survived')] },
    });
    const late = run('late', '2026-12-01T12:00:00Z', {
      'shared/domain/a.ts': { source: SOURCE, mutants: [mutant('1', 'Killed'), mutant('2', 'Killed')] },
    });

    const rows = combine([late, early], () => SOURCE);

    expect(rows.map((r) => [r.path, r.run.name, r.tally.detected, r.tally.undetected])).toEqual([
      ['shared/domain/a.ts', 'late', 2, 0],
      ['shared/domain/b.ts', 'early', 0, 1],
    ]);
  });

  it('marks a file whose source changed after its run', () => {
    const only = run('only', '2026-12-01T10:00:00Z', {
      'shared/domain/a.ts': { source: SOURCE, mutants: [mutant('1', 'Killed')] },
    });

    const [row] = combine([only], () => 'export const x = false;\n');

    expect(row?.changedSince).toBe(true);
  });

  it('leaves out a file whose mutants were all skipped or invalid', () => {
    const skipped = run('skipped', '2026-12-01T10:00:00Z', {
      'shared/domain/a.ts': {
        source: SOURCE,
        mutants: [mutant('1', 'Ignored'), mutant('2', 'CompileError')],
      },
    });

    expect(combine([skipped], () => SOURCE)).toEqual([]);
  });
});

describe('summarizeCombined', () => {
  it('adds the files of several runs into one total per group, each row naming its run and commit', () => {
    const one = run(
      'one',
      '2026-12-01T10:00:00Z',
      { 'shared/domain/a.ts': { source: SOURCE, mutants: [mutant('1', 'Killed'), mutant('2', 'Survived')] } },
      `1234567${'0'.repeat(33)}`,
    );
    const two = run(
      'two',
      '2026-12-01T11:00:00Z',
      { 'shared/domain/b.ts': { source: SOURCE, mutants: [mutant('3', 'Killed'), mutant('4', 'Timeout')] } },
      `abcdef0${'0'.repeat(33)}`,
    );

    const table = summarizeCombined(combine([one, two], () => SOURCE));

    expect(table).toContain('| `domain/a.ts` | 2 | 1 | 50.0 % | 50.0 % | one | `1234567` |');
    expect(table).toContain('| `domain/b.ts` | 2 | 2 | 100.0 % | 100.0 % | two | `abcdef0` |');
    expect(table).toContain('| **shared/domain** | 4 | 3 | 75.0 % | 75.0 % |');
  });
});

describe('summarizeCombined with files no run measured', () => {
  it('names them and leaves them out of the totals', () => {
    const one = run('one', '2026-12-01T10:00:00Z', {
      'shared/domain/a.ts': { source: SOURCE, mutants: [mutant('1', 'Killed')] },
    });

    const table = summarizeCombined(
      combine([one], () => SOURCE),
      ['shared/domain/b.ts'],
    );

    expect(table).toContain('| **shared/domain** | 1 | 1 | 100.0 % | 100.0 % |');
    expect(table).toContain('Not measured by any kept run (1, left out of the totals): `domain/b.ts`.');
  });
});
