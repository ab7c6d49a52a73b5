/**
 * `npm run calendar -- put <year> <file>`: loads a year's working-day calendar into a local or
 * deployed platform (PUT /calendars/{year} with the If-Match of the version in force).
 * `npm run calendar -- list` shows the years and which are provisional.
 *
 * The file is either the State Council notice as simple JSON (docs/grid.md#calendar-files):
 *   { "year": 2027, "holidays": [{ "name": "春节", "from": "2027-02-05", "to": "2027-02-12",
 *     "workdays": ["2027-02-20"] }] }
 * or the stored form { "holidays": { "2027-01-01": "元旦" }, "workdays": {} }.
 * The API is --url (or PMSC_API_URL, default http://127.0.0.1:3000); the token is --token (or
 * PMSC_TOKEN), and against a loopback URL an admin token of the local issuer is made if none is given.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { calendarDaysOf } from '../../shared/domain/calendar-notice.ts';
import { adminTokenFor, apiBaseUrl } from './api-target.ts';

const USAGE = `Usage:
  npm run calendar -- put <year> <file> [--url <api>] [--token <jwt>]
  npm run calendar -- list [--url <api>] [--token <jwt>]`;

const fail = (message: string, code = 1): never => {
  console.error(message);
  process.exit(code);
};

const { values, positionals } = (() => {
  try {
    return parseArgs({
      options: { url: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean' } },
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

const baseUrl = apiBaseUrl(values.url);

async function tokenFor(url: string): Promise<string> {
  return (
    (await adminTokenFor(url, values.token)) ??
    fail('a deployed API needs --token or PMSC_TOKEN (an admin access token)', 2)
  );
}

async function call(method: string, path: string, token: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    method,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    fail(`${method} ${path}: ${response.status} ${String(body.title ?? '')}: ${String(body.detail ?? text)}`);
  }
  return { response, body };
}

const [command, ...rest] = positionals;
const token = await tokenFor(baseUrl);
if (command === 'list') {
  const { body } = await call('GET', '/calendars', token);
  for (const item of body.items as Array<Record<string, unknown>>) {
    console.log(
      `${item.year}  ${String(item.source ?? 'missing').padEnd(12)} version ${item.version ?? '-'}  ${item.holidays} holidays, ${item.workdays} adjusted working days${item.provisional ? '  (provisional)' : ''}`,
    );
  }
} else if (command === 'put') {
  const [yearText, file] = rest;
  const year = Number(yearText);
  if (!Number.isInteger(year) || !file) fail(USAGE, 2);
  let parsed: ReturnType<typeof calendarDaysOf>;
  try {
    parsed = calendarDaysOf(JSON.parse(readFileSync(file!, 'utf8')));
  } catch (error) {
    parsed = fail(`${file}: ${(error as Error).message}`, 2);
  }
  if (parsed.year !== undefined && parsed.year !== year)
    fail(`${file} is the notice for ${parsed.year}, not ${year}`, 2);
  // The version in force is the ETag to send (0 for a packaged, provisional or missing year).
  const current = await fetch(`${baseUrl}/calendars/${year}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const etag = current.status === 404 ? '"0"' : (current.headers.get('etag') ?? '"0"');
  const { body } = await call('PUT', `/calendars/${year}`, token, {
    headers: { 'content-type': 'application/json', 'if-match': etag },
    body: JSON.stringify(parsed.days),
  });
  console.log(
    `loaded ${year}: ${Object.keys(parsed.days.holidays).length} holidays, ${Object.keys(parsed.days.workdays).length} adjusted working days (version ${String(body.version)})`,
  );
} else {
  fail(USAGE, 2);
}
