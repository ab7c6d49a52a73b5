/**
 * Scores of Stryker's JSON reports, written into docs/mutation-testing.md between its two markers.
 *
 * Every report is kept as a run (reports/mutation/runs/<name>.json: Stryker's report with a
 * `measured` member, { name, commit, uncommitted, at }), and the page shows the runs combined:
 * each file's row comes from the latest kept run that mutated it. A file's score does not depend
 * on the other files of its run (Stryker runs every unit test that covers a mutant, whichever
 * files it mutates), so targeted runs of a few files each add up to the table of a full run; a
 * row measured before tests were added since can only under-state that file.
 *
 * Two scores per file: all mutants, and without the mutants of schema descriptions (the text of
 * `.describe(...)` and of `description`, `example`, `summary` or `title` members, which only a
 * reader of the OpenAPI document sees): a test pinning those would pin wording, not a rule. A run
 * made with MUTATION_DESCRIPTIONS=skip has no description mutants to count.
 *
 *   npx tsx test/support/mutation-summary.ts   keep the last report as a run (once), write the combined table
 *     --save <name>     keep it under that name (default `run-<its time>`), write nothing else
 *     --commit <sha>    the commit the run measured (default HEAD; pass the commit it started at)
 *     --print           print the last report's table, keep and write nothing
 *     --combined        print the combined table of the kept runs, keep and write nothing
 */
import { execFileSync } from 'node:child_process';
import { existsSync, globSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Position {
  line: number;
  column: number;
}
interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  statusReason?: string;
  location: { start: Position; end: Position };
}
export interface Measured {
  name: string;
  commit: string;
  /** shared/ or test/ had changes not committed when the run was kept */
  uncommitted: boolean;
  /** ISO time the run ended */
  at: string;
}
export interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
  measured?: Measured;
}

const REPORT = 'reports/mutation/mutation.json';
const RUNS = 'reports/mutation/runs';
const PAGE = 'docs/mutation-testing.md';
const BEGIN = '<!-- mutation-summary:begin -->';
const END = '<!-- mutation-summary:end -->';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/**
 * Text a caller reads but no rule depends on: descriptions and examples of the OpenAPI document.
 * The same rules as test/support/stryker-schema-descriptions.js, read off the source text: a
 * mutant right after `.describe(` or a `description:` (`example:`, ...) member, or a mutant that
 * empties an object of such members only (`.meta({ description: '...' })`).
 */
const DOC_MEMBER = String.raw`\b(description|example|summary|title)\s*:`;
const DESCRIPTION_BEFORE = new RegExp(String.raw`(\.describe\(\s*|${DOC_MEMBER}\s*)$`);
const DOC_ONLY_OBJECT = new RegExp(String.raw`^\{\s*${DOC_MEMBER}`);

function offsetOf(source: string, { line, column }: Position): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = source.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

export function isDescription(source: string, mutant: Mutant): boolean {
  if (mutant.status === 'Ignored') return true;
  const start = offsetOf(source, mutant.location.start);
  if (DESCRIPTION_BEFORE.test(source.slice(Math.max(0, start - 60), start))) return true;
  if (mutant.mutatorName !== 'ObjectLiteral') return false;
  const text = source
    .slice(start, offsetOf(source, mutant.location.end))
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
  // an object with an id (a component name) or any other member is more than documentation
  return DOC_ONLY_OBJECT.test(text) && !/\b[a-zA-Z]+\s*:/.test(text.replace(new RegExp(DOC_MEMBER, 'g'), ''));
}

interface Tally {
  detected: number;
  undetected: number;
  detectedRules: number;
  undetectedRules: number;
  /** description mutants the run skipped (MUTATION_DESCRIPTIONS=skip) */
  skipped: number;
  /** static mutants no pass ran (left out of the scores) */
  staticNotRun: number;
}

const zero: Tally = {
  detected: 0,
  undetected: 0,
  detectedRules: 0,
  undetectedRules: 0,
  skipped: 0,
  staticNotRun: 0,
};

const pct = (detected: number, undetected: number) =>
  detected + undetected === 0 ? 'n/a' : `${((100 * detected) / (detected + undetected)).toFixed(1)} %`;

export function tally(source: string, mutants: Mutant[]): Tally {
  const t = { ...zero };
  for (const m of mutants) {
    if (m.status === 'Ignored') {
      if (/static mutant/i.test(m.statusReason ?? '')) t.staticNotRun++;
      else t.skipped++;
    }
    const detected = DETECTED.has(m.status);
    if (!detected && !UNDETECTED.has(m.status)) continue;
    if (detected) t.detected++;
    else t.undetected++;
    if (isDescription(source, m)) continue;
    if (detected) t.detectedRules++;
    else t.undetectedRules++;
  }
  return t;
}

function add(a: Tally, b: Tally): Tally {
  return {
    detected: a.detected + b.detected,
    undetected: a.undetected + b.undetected,
    detectedRules: a.detectedRules + b.detectedRules,
    undetectedRules: a.undetectedRules + b.undetectedRules,
    skipped: a.skipped + b.skipped,
    staticNotRun: a.staticNotRun + b.staticNotRun,
  };
}

const cells = (t: Tally) =>
  `${t.detected + t.undetected} | ${t.detected} | ${pct(t.detected, t.undetected)} | ${pct(t.detectedRules, t.undetectedRules)}`;
const fileName = (path: string) => `\`${path.replace(/^.*shared\//, '')}\``;
const groupOf = (path: string) => (path.includes('shared/domain/') ? 'shared/domain' : 'shared/runtime');

function totalRows(totals: Map<string, Tally>, extra: string): string[] {
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, t]) => `| **${group}** | ${cells(t)} |${extra}`);
}

/** The table of one report. */
export function summarize(report: Report): string {
  const lines = ['| file | mutants | detected | score | without descriptions |', '|---|---:|---:|---:|---:|'];
  const totals = new Map<string, Tally>();
  for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const t = tally(file.source, file.mutants);
    totals.set(groupOf(path), add(totals.get(groupOf(path)) ?? zero, t));
    if (t.detected + t.undetected > 0) lines.push(`| ${fileName(path)} | ${cells(t)} |`);
  }
  return [...lines, ...totalRows(totals, '')].join('\n');
}

export interface FileRow {
  path: string;
  tally: Tally;
  run: Measured;
  /** the file's source today differs from the source the run mutated */
  changedSince: boolean;
}

/**
 * Each file from the latest run that mutated it (by `measured.at`). `current` reads a file's
 * source today, to tell a row measured on an older version of it.
 */
export function combine(runs: Report[], current: (path: string) => string | undefined): FileRow[] {
  const latest = new Map<string, FileRow>();
  const ordered = runs
    .filter((r): r is Report & { measured: Measured } => r.measured !== undefined)
    .sort((a, b) => a.measured.at.localeCompare(b.measured.at));
  for (const run of ordered) {
    for (const [path, file] of Object.entries(run.files)) {
      const t = tally(file.source, file.mutants);
      if (t.detected + t.undetected === 0) continue;
      latest.set(path, { path, tally: t, run: run.measured, changedSince: current(path) !== file.source });
    }
  }
  return [...latest.values()].sort((a, b) => a.path.localeCompare(b.path));
}

const shortCommit = (run: Measured) => `${run.commit.slice(0, 7)}${run.uncommitted ? '+' : ''}`;

/**
 * The combined table, one row per file with the run and commit it was measured at; `unmeasured`
 * names the files to mutate that no kept run measured.
 */
export function summarizeCombined(rows: FileRow[], unmeasured: readonly string[] = []): string {
  const lines = [
    '| file | mutants | detected | score | without descriptions | run | commit |',
    '|---|---:|---:|---:|---:|---|---|',
  ];
  const totals = new Map<string, Tally>();
  for (const row of rows) {
    totals.set(groupOf(row.path), add(totals.get(groupOf(row.path)) ?? zero, row.tally));
    const commit = `\`${shortCommit(row.run)}\`${row.changedSince ? ' (source changed since)' : ''}`;
    lines.push(`| ${fileName(row.path)} | ${cells(row.tally)} | ${row.run.name} | ${commit} |`);
  }
  const notes: string[] = [];
  const skipped = rows.reduce((n, r) => n + r.tally.skipped, 0);
  if (skipped > 0)
    notes.push(
      `${skipped} description mutants were skipped (MUTATION_DESCRIPTIONS=skip): "score" leaves them out too, so for the files of such runs it is the score without descriptions.`,
    );
  const notRun = rows.reduce((n, r) => n + r.tally.staticNotRun, 0);
  if (notRun > 0)
    notes.push(
      `${notRun} static mutants were not run (no static pass of their module): left out of the scores.`,
    );
  const changed = rows.filter((r) => r.changedSince).length;
  if (changed > 0) notes.push(`${changed} files changed after their run: their rows are of the source then.`);
  if (rows.some((r) => r.run.uncommitted))
    notes.push('A commit marked `+` had uncommitted changes in the tree the run measured.');
  if (unmeasured.length > 0)
    notes.push(
      `Not measured by any kept run (${unmeasured.length}, left out of the totals): ${unmeasured.map(fileName).join(', ')}.`,
    );
  return [...lines, ...totalRows(totals, ' |  |'), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

function readRuns(): Report[] {
  if (!existsSync(RUNS)) return [];
  return readdirSync(RUNS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(RUNS, f), 'utf8')) as Report);
}

/** The files stryker.config.json mutates, as paths from the project root. */
function filesToMutate(): string[] {
  const { mutate } = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as { mutate: string[] };
  return [...new Set(mutate.flatMap((pattern) => globSync(pattern)))].sort();
}

const currentSource = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();

function keep(report: Report, name: string | undefined, commit: string | undefined): Measured {
  const at = statSync(REPORT).mtime.toISOString().slice(0, 19);
  const measured: Measured = {
    name: name ?? `run-${at.replace(/[-:]/g, '').slice(0, 13)}`,
    commit: git('rev-parse', commit ?? 'HEAD'),
    uncommitted:
      commit === undefined &&
      git('status', '--porcelain', '--', 'shared', 'test', 'stryker.config.json', 'vitest.unit.config.ts') !==
        '',
    at: `${at}Z`,
  };
  mkdirSync(RUNS, { recursive: true });
  writeFileSync(join(RUNS, `${measured.name}.json`), JSON.stringify({ ...report, measured }));
  return measured;
}

function combinedTable(): string {
  const rows = combine(readRuns(), currentSource);
  const measured = new Set(rows.map((r) => r.path));
  return summarizeCombined(
    rows,
    filesToMutate().filter((path) => !measured.has(path)),
  );
}

function option(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i < 0 ? undefined : process.argv[i + 1];
}

function main() {
  if (process.argv.includes('--combined')) {
    process.stdout.write(`${combinedTable()}\n`);
    return;
  }
  const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;
  if (process.argv.includes('--print')) {
    process.stdout.write(`${summarize(report)}\n`);
    return;
  }
  const files = JSON.stringify(report.files);
  const kept = readRuns().find((run) => JSON.stringify(run.files) === files);
  if (kept?.measured && option('--save') === undefined) {
    process.stdout.write(`already kept as ${RUNS}/${kept.measured.name}.json\n`);
  } else {
    const measured = keep(report, option('--save'), option('--commit'));
    process.stdout.write(`kept as ${RUNS}/${measured.name}.json (${shortCommit(measured)})\n`);
    if (option('--save') !== undefined) return;
  }
  const table = combinedTable();
  const page = readFileSync(PAGE, 'utf8');
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${PAGE} has no ${BEGIN} ... ${END} section`);
  const stamp = `Runs combined: ${new Date().toISOString().slice(0, 10)}, each file from the latest run that measured it.`;
  writeFileSync(PAGE, `${page.slice(0, begin + BEGIN.length)}\n${stamp}\n\n${table}\n${page.slice(end)}`);
  process.stdout.write(`${table}\n\nwritten to ${PAGE}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
