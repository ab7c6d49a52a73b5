/**
 * Reads Stryker's JSON report (reports/mutation/mutation.json) and writes the score table into
 * docs/mutation-testing.md between its two markers, so the page always shows the last full run.
 *
 * Two scores per file: all mutants, and without the mutants of schema descriptions (the text of
 * `.describe(...)` and of `description`, `example`, `summary` or `title` members, which only a
 * reader of the OpenAPI document sees): a test pinning those would pin wording, not a rule.
 *
 * `npx tsx test/support/mutation-summary.ts --print` prints the table instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Position {
  line: number;
  column: number;
}
interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: Position; end: Position };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const REPORT = 'reports/mutation/mutation.json';
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
}

const pct = (detected: number, undetected: number) =>
  detected + undetected === 0 ? 'n/a' : `${((100 * detected) / (detected + undetected)).toFixed(1)} %`;

function tally(source: string, mutants: Mutant[]): Tally {
  const t: Tally = { detected: 0, undetected: 0, detectedRules: 0, undetectedRules: 0 };
  for (const m of mutants) {
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
  };
}

const zero: Tally = { detected: 0, undetected: 0, detectedRules: 0, undetectedRules: 0 };
const row = (name: string, t: Tally) =>
  `| ${name} | ${t.detected + t.undetected} | ${t.detected} | ${pct(t.detected, t.undetected)} | ${pct(t.detectedRules, t.undetectedRules)} |`;

export function summarize(report: Report): string {
  const lines = ['| file | mutants | detected | score | without descriptions |', '|---|---:|---:|---:|---:|'];
  const totals = new Map<string, Tally>();
  const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
  for (const [path, file] of files) {
    const t = tally(file.source, file.mutants);
    const group = path.includes('shared/domain/') ? 'shared/domain' : 'shared/runtime';
    totals.set(group, add(totals.get(group) ?? zero, t));
    if (t.detected + t.undetected > 0) lines.push(row(`\`${path.replace(/^.*shared\//, '')}\``, t));
  }
  for (const [group, t] of [...totals].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(row(`**${group}**`, t));
  return lines.join('\n');
}

const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;
const skipped = Object.values(report.files).reduce(
  (n, file) => n + file.mutants.filter((m) => m.status === 'Ignored').length,
  0,
);
const table =
  summarize(report) +
  (skipped
    ? `\n\n${skipped} description mutants were not run (MUTATION_DESCRIPTIONS=skip): "score" leaves them out too.`
    : '');
if (process.argv.includes('--print')) {
  process.stdout.write(`${table}\n`);
} else {
  const page = readFileSync(PAGE, 'utf8');
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${PAGE} has no ${BEGIN} ... ${END} section`);
  const stamp = `Last full run: ${new Date().toISOString().slice(0, 10)}.`;
  writeFileSync(PAGE, `${page.slice(0, begin + BEGIN.length)}\n${stamp}\n\n${table}\n${page.slice(end)}`);
  process.stdout.write(`${table}\n\nwritten to ${PAGE}\n`);
}
