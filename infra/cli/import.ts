/**
 * `npm run import -- <file> [--district <code>] [--dry-run]`: onboards a CSV or JSON file of
 * centers into a local or deployed platform through `POST /centers/import`, with a progress bar
 * while it uploads and while the platform writes, then a summary.
 *
 * --district <code> imports only the row whose ref is <code> and everything below it (one
 * district of a city's file, for that district's stack); that row becomes a root.
 * --dry-run validates and counts what the import would do, and writes nothing.
 * The API is --url (or PMSC_API_URL, default http://127.0.0.1:3000); the token is --token (or
 * PMSC_TOKEN), and against a loopback URL an admin token of the local issuer is made if none is given.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { subtreeRowIndexes } from '../../shared/domain/center-import.ts';
import { adminTokenFor, apiBaseUrl } from './api-target.ts';

const USAGE = `Usage: npm run import -- <file.csv|file.json> [--district <code>] [--dry-run] [--url <api>] [--token <jwt>]`;

const fail = (message: string, code = 1): never => {
  console.error(message);
  process.exit(code);
};

const { values, positionals } = (() => {
  try {
    return parseArgs({
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        district: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [file] = positionals;
if (!file || positionals.length > 1) fail(USAGE, 2);

const baseUrl = apiBaseUrl(values.url);

async function tokenFor(url: string): Promise<string> {
  return (
    (await adminTokenFor(url, values.token)) ??
    fail('a deployed API needs --token or PMSC_TOKEN (an admin access token)', 2)
  );
}

interface Upload {
  readonly body: string;
  readonly type: string;
  readonly rows: number;
  /** The line (CSV) or row number (JSON) in the given file of row `index` of the upload. */
  readonly whereIs: (index: number) => string;
}

/** The file as it is uploaded: as is, or cut down to one district's subtree. */
function uploadOf(path: string, text: string, district: string | undefined): Upload {
  const csv = path.toLowerCase().endsWith('.csv') || !/^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));
  if (csv) {
    const records = parse(text, { bom: true, columns: true, info: true, skip_empty_lines: true }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    if (district === undefined) {
      return {
        body: text,
        type: 'text/csv',
        rows: records.length,
        whereIs: (i) => `line ${records[i]?.info.lines}`,
      };
    }
    const picked = subtreeRowIndexes(
      records.map(({ record }) => ({ ref: record.ref?.trim(), parentRef: record.parentRef?.trim() })),
      district,
    );
    if (picked.length === 0) fail(`${path}: no row has ref ${district}`, 2);
    const header = Object.keys(records[0]!.record);
    const rows = picked.map((index, at) => {
      const record = { ...records[index]!.record };
      if (at === 0) record.parentRef = '';
      return header.map((column) => record[column] ?? '');
    });
    return {
      body: stringify(rows, { bom: true, header: true, columns: header }),
      type: 'text/csv',
      rows: picked.length,
      whereIs: (i) => `line ${records[picked[i]!]?.info.lines}`,
    };
  }
  const parsed = JSON.parse(text) as { centers?: Record<string, unknown>[] } | Record<string, unknown>[];
  const all = Array.isArray(parsed) ? parsed : (parsed.centers ?? []);
  const picked =
    district === undefined
      ? all.map((_, index) => index)
      : subtreeRowIndexes(all as { ref?: string; parentRef?: string }[], district);
  if (picked.length === 0) fail(`${path}: no row has ref ${district}`, 2);
  const centers = picked.map((index, at) => {
    const { parentRef: _parentRef, ...top } = all[index]!;
    return at === 0 && district !== undefined ? top : all[index]!;
  });
  return {
    body: JSON.stringify({ centers }),
    type: 'application/json',
    rows: centers.length,
    whereIs: (i) => `row ${(picked[i] ?? 0) + 1}`,
  };
}

/** POSTs `body` in slices so the bar can follow what has been sent. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
  onSent: (bytes: number) => void,
): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const SLICE = 64 * 1024;
    let sent = 0;
    const next = (): void => {
      if (sent >= body.length) {
        req.end();
        return;
      }
      const slice = body.subarray(sent, sent + SLICE);
      sent += slice.length;
      req.write(slice, () => {
        onSent(sent);
        next();
      });
    };
    next();
  });
}

interface ImportState {
  id: string;
  status: 'running' | 'completed';
  total: number;
  chunks: number;
  chunksDone: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  failed?: number;
  failedRefs?: string[];
  missing?: number;
  missingRefs?: string[];
}

interface Problem {
  field: string;
  message: string;
  line?: number;
  column?: string;
}

const text = (() => {
  try {
    return readFileSync(file!, 'utf8');
  } catch (error) {
    return fail(`${file}: ${(error as Error).message}`, 2);
  }
})();
const upload = uploadOf(file!, text, values.district);
const token = await tokenFor(baseUrl);
const body = Buffer.from(upload.body, 'utf8');
const dryRun = values['dry-run'];
const started = Date.now();

const bars = new MultiBar(
  {
    format: ' {task} |{bar}| {percentage}% {value}/{total} {unit}',
    hideCursor: true,
    clearOnComplete: false,
  },
  Presets.shades_classic,
);
const uploading = bars.create(body.length, 0, { task: 'upload ', unit: 'bytes' });
const response = await post(
  new URL(`${baseUrl}/centers/import${dryRun ? '?dryRun=true' : ''}`),
  {
    authorization: `Bearer ${token}`,
    'content-type': `${upload.type}; charset=utf-8`,
    ...(dryRun ? {} : { 'idempotency-key': randomUUID() }),
  },
  body,
  (sent) => uploading.update(sent),
).catch((error: Error) => {
  bars.stop();
  return fail(`POST ${baseUrl}/centers/import: ${error.message}`);
});
const answer = (response.text ? JSON.parse(response.text) : {}) as Record<string, unknown>;

if (response.status === 400) {
  bars.stop();
  const problems = (answer.errors ?? []) as Problem[];
  const rowOf = (problem: Problem) => /^centers\.(\d+)/.exec(problem.field)?.[1];
  const where = (problem: Problem) => {
    const row = rowOf(problem);
    if (values.district === undefined && problem.line) return `line ${problem.line}`;
    return row === undefined ? (problem.line ? `line ${problem.line}` : 'file') : upload.whereIs(Number(row));
  };
  console.error(`\n${String(answer.detail ?? 'the import was refused')}`);
  for (const problem of problems.slice(0, 50)) {
    console.error(`  ${where(problem)}  ${problem.column ?? problem.field}: ${problem.message}`);
  }
  if (problems.length > 50) console.error(`  ... and ${problems.length - 50} more`);
  const failedRows = new Set(problems.map((p) => rowOf(p) ?? p.line ?? 'file')).size;
  console.error(`\ncreated 0  updated 0  unchanged 0  failed ${failedRows} (nothing was written)`);
  process.exit(1);
}
if (response.status !== 200 && response.status !== 202) {
  bars.stop();
  fail(
    `POST /centers/import: ${response.status} ${String(answer.title ?? '')}: ${String(answer.detail ?? response.text)}`,
  );
}

let state = answer as unknown as ImportState;
if (!dryRun) {
  const writing = bars.create(Math.max(state.chunks, 1), state.chunksDone, {
    task: 'writing',
    unit: 'chunks',
  });
  while (state.status !== 'completed') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const progress = await fetch(`${baseUrl}/center-imports/${state.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!progress.ok) {
      bars.stop();
      fail(`GET /center-imports/${state.id}: ${progress.status} ${await progress.text()}`);
    }
    state = (await progress.json()) as ImportState;
    writing.update(state.chunksDone);
  }
  writing.update(Math.max(state.chunks, 1));
}
bars.stop();

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const missing = state.missing ?? 0;
console.log(
  `\n${dryRun ? 'dry run, nothing written: would have ' : ''}created ${state.created ?? 0}  updated ${state.updated ?? 0}  unchanged ${state.unchanged ?? 0}  failed ${state.failed ?? 0}` +
    `  (${upload.rows} rows, ${seconds} s${dryRun ? '' : `, import ${state.id}`})`,
);
if ((state.failed ?? 0) > 0)
  console.log(`failed (edited while importing): ${(state.failedRefs ?? []).join(', ')}`);
if (missing > 0) {
  console.log(
    `missing from the file, kept: ${missing} (${(state.missingRefs ?? []).join(', ')}${missing > (state.missingRefs?.length ?? 0) ? ', ...' : ''})`,
  );
}
