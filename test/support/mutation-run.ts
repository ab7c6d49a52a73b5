/**
 * `npm run mutation`: StrykerJS over shared/domain/ and the pure parts of shared/runtime/ in two
 * passes: a whole first run takes about two and a quarter hours on two cores instead of more than six
 * (docs/mutation-testing.md).
 *
 * 1. Every mutant that the tests reach while they run ("per test" coverage) against the unit tests
 *    that cover it, static mutants left out (`ignoreStatic`).
 * 2. The static mutants, those in code that runs when a module loads (a schema, a table, a
 *    limit), and the survivors of pass 1 that are also static, one module at a time, against the unit tests that import that module and the tests
 *    of the OpenAPI document. Stryker would otherwise rerun for each of them every test that
 *    imports the module through any other, the whole unit tier for most of them: about 2,600
 *    static mutants at 20-40 s each. A mutant that only a farther test would catch counts as
 *    survived, so pass 2 can under-state a score, never over-state it.
 *
 * Both passes are incremental (Stryker's `--incremental`, files under reports/mutation/): a
 * second run retests only the mutants whose code or covering tests changed, and skips the static
 * pass of a module when neither it, its tests nor any shared source changed; a static pass that
 * runs again reuses only its kills. `--force` starts over.
 * The merged report is reports/mutation/mutation.json, in Stryker's format; the table in
 * docs/mutation-testing.md is written from it by test/support/mutation-summary.ts.
 *
 *   npx tsx test/support/mutation-run.ts [--only <path>,<path>] [--force]
 *     --only   measure these files to mutate alone (both passes), e.g. shared/domain/menus.ts
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, globSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Report } from './mutation-summary.ts';

const OUT = 'reports/mutation';
const CONFIGS = join(OUT, 'configs');
/** The tests of the OpenAPI document: they read every schema, and its words. */
const DOCUMENT_TESTS = 'test/unit/api/*.test.ts';
const UNIT_TESTS = 'test/unit/**/*.test.ts';
const STATIC_REASON = /static mutant/i;

type Mutant = Report['files'][string]['mutants'][number] & { statusReason?: string; static?: boolean };
type StrykerConfig = Record<string, unknown> & { mutate: string[] };

const base = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as StrykerConfig;

function option(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i < 0 ? undefined : process.argv[i + 1];
}

const toMutate = (): string[] =>
  option('--only')?.split(',') ?? [...new Set(base.mutate.flatMap((pattern) => globSync(pattern)))].sort();

/** Runs Stryker on `config`, written under reports/mutation/configs/<name>.json. */
function stryker(name: string, config: Record<string, unknown>, env: Record<string, string> = {}): boolean {
  mkdirSync(CONFIGS, { recursive: true });
  const file = join(CONFIGS, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...base, ...config }, null, 2));
  const args = ['stryker', 'run', file, ...(FORCE ? ['--force'] : [])];
  try {
    const sample = { MUTATION_SAMPLE: 'sparse' }; // see test/unit/domain/compiled-hours.test.ts
    execFileSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...sample, ...env } });
    return true;
  } catch (error) {
    process.stderr.write(`stryker ${name} failed: ${(error as Error).message}\n`);
    return false;
  }
}

const IMPORT = /\bfrom\s+'(\.[^']+\.ts)'/g;

/** The unit test files that import `module` themselves (not through another module). */
export function directImporters(module: string, testFiles: readonly string[], read = readFileSync): string[] {
  const target = resolve(module);
  return testFiles.filter((test) =>
    [...read(test, 'utf8').toString().matchAll(IMPORT)].some(
      ([, spec]) => resolve(dirname(test), spec as string) === target,
    ),
  );
}

/**
 * Stryker's range of one mutant (`file:line:column-line:column`): lines from 1, columns from 0
 * (the report's columns are from 1), both ends included.
 */
export function rangeOf(path: string, mutant: Pick<Mutant, 'location'>): string {
  const { start, end } = mutant.location;
  return `${path}:${start.line}:${start.column - 1}-${end.line}:${end.column}`;
}

export const isStaticLeftOut = (m: Mutant) =>
  m.status === 'Ignored' && STATIC_REASON.test(m.statusReason ?? '');

/**
 * A mutant pass 2 runs: a static one pass 1 left out, or one that is static and also reached by
 * tests ("hybrid": a helper called both when a module loads and from a test) that pass 1's
 * covering tests did not catch. Pass 1 runs only the covering tests of such a mutant, so a test
 * file whose fixtures are built while the file loads (in a `describe` body) never sees it.
 */
export const needsStaticPass = (m: Mutant) =>
  isStaticLeftOut(m) || (m.static === true && (m.status === 'Survived' || m.status === 'NoCoverage'));

const DETECTED = new Set(['Killed', 'Timeout']);

const sameMutant = (a: Mutant, b: Mutant) =>
  a.mutatorName === b.mutatorName &&
  a.replacement === b.replacement &&
  a.location.start.line === b.location.start.line &&
  a.location.start.column === b.location.start.column &&
  a.location.end.line === b.location.end.line &&
  a.location.end.column === b.location.end.column;

/** Pass 1's report with each static mutant's status taken from the pass 2 report of its file. */
export function mergeStatic(first: Report, statics: ReadonlyMap<string, Report>): Report {
  const files = Object.fromEntries(
    Object.entries(first.files).map(([path, file]) => {
      const second = statics.get(path)?.files[path];
      const mutants = (file.mutants as Mutant[]).map((m) => {
        if (!needsStaticPass(m) || second?.source !== file.source) return m;
        const measured = (second.mutants as Mutant[]).find((s) => sameMutant(s, m));
        // a hybrid mutant keeps pass 1's status unless pass 2 detected it
        if (!measured || (!isStaticLeftOut(m) && !DETECTED.has(measured.status))) return m;
        return { ...m, status: measured.status, statusReason: measured.statusReason };
      });
      return [path, { ...file, mutants }];
    }),
  );
  return { ...first, files };
}

/**
 * Stryker's incremental state for a static pass, without the mutants no test detected. A static
 * mutant has no per-test coverage, so Stryker's `--incremental` would take its earlier survival
 * for good even when a test that catches it was added since: only its kills (each with the test
 * that made it) are safe to reuse.
 */
export function withoutUndetected(state: Report): Report {
  const files = Object.fromEntries(
    Object.entries(state.files).map(([path, file]) => [
      path,
      { ...file, mutants: file.mutants.filter((m) => DETECTED.has(m.status)) },
    ]),
  );
  return { ...state, files };
}

const FORCE = process.argv.includes('--force');

/**
 * What a static pass depends on besides its module and its tests: every source the OpenAPI
 * document's tests load, and the configs. A pass is skipped when none of it changed.
 */
const SHARED_INPUTS = () => [
  ...globSync('shared/**/*.ts').sort(),
  'stryker.config.json',
  'vitest.unit.config.ts',
  'test/support/mutation-run.ts',
];

/** A digest of the files' paths and contents. */
export function fingerprintOf(
  files: readonly string[],
  read: (path: string) => string | Buffer = (path) => readFileSync(path),
): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(read(file)).update('\0');
  return hash.digest('hex');
}

const slug = (path: string) => path.replace(/^shared\//, '').replace(/[/.]/g, '-');

function main() {
  const files = toMutate();
  const firstReport = join(OUT, 'pass1.json');
  const firstRan = stryker('pass1', {
    mutate: files,
    ignoreStatic: true,
    incremental: true,
    incrementalFile: join(OUT, 'incremental', 'pass1.json'),
    reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
    jsonReporter: { fileName: firstReport },
    htmlReporter: { fileName: join(OUT, 'pass1.html') },
  });
  if (!firstRan) process.exit(1);
  const first = JSON.parse(readFileSync(firstReport, 'utf8')) as Report;

  const testFiles = globSync(UNIT_TESTS).sort();
  const statics = new Map<string, Report>();
  for (const [path, file] of Object.entries(first.files)) {
    const left = (file.mutants as Mutant[]).filter(needsStaticPass);
    if (left.length === 0) continue;
    const tests = [...directImporters(path, testFiles), DOCUMENT_TESTS];
    const report = join(OUT, 'static', `${slug(path)}.json`);
    const stamp = join(OUT, 'static', `${slug(path)}.fingerprint`);
    const fingerprint = fingerprintOf([
      path,
      ...tests.flatMap((t) => globSync(t)).sort(),
      ...SHARED_INPUTS(),
    ]);
    if (!FORCE && existsSync(report) && existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) {
      process.stdout.write(`\n${path}: ${left.length} static mutants, unchanged since ${report}\n`);
      statics.set(path, JSON.parse(readFileSync(report, 'utf8')) as Report);
      continue;
    }
    process.stdout.write(`\n${path}: ${left.length} static mutants against ${tests.join(', ')}\n`);
    const state = join(OUT, 'incremental', `static-${slug(path)}.json`);
    if (existsSync(state)) {
      const kept = withoutUndetected(JSON.parse(readFileSync(state, 'utf8')) as Report);
      writeFileSync(state, JSON.stringify(kept));
    }
    const ran = stryker(
      `static-${slug(path)}`,
      {
        mutate: left.map((m) => rangeOf(path, m)),
        incremental: true,
        incrementalFile: state,
        reporters: ['progress-append-only', 'json'],
        jsonReporter: { fileName: report },
      },
      { MUTATION_TESTS: tests.join(',') },
    );
    // a module whose pass failed keeps its static mutants left out: the table counts them as not run
    if (!ran) continue;
    statics.set(path, JSON.parse(readFileSync(report, 'utf8')) as Report);
    writeFileSync(stamp, fingerprint);
  }

  const merged = mergeStatic(first, statics);
  writeFileSync(join(OUT, 'mutation.json'), JSON.stringify(merged));
  process.stdout.write(`\nmerged report: ${relative('.', join(OUT, 'mutation.json'))}\n`);
}

if (import.meta.url === `file://${process.argv[1]}` && existsSync('stryker.config.json')) main();
