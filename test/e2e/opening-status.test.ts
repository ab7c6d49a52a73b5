import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NearbyCenter } from '../../shared/domain/center.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** Opening status, the working-day calendar API and "open near me", through the local HTTP API on the demo network. */

let platform: TestPlatform;
let admin: ApiClient;
let resident: ApiClient;

type Page = { items: NearbyCenter[]; nextCursor: string | null };
type Status = { status: string; nextChange: string | null; reason: Record<string, unknown> };

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, pollers: false });
  admin = platform.api(await platform.mintToken({ role: 'admin' }));
  resident = platform.api(await platform.mintToken({ role: 'resident' }));
});
afterAll(async () => {
  await platform?.stop();
});

const YOUYI = '31.406,121.487';

/** `npm run calendar -- ...`, as an admin would run it (tsx from the project's node_modules). */
const runCli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      ['infra/cli/calendar.ts', ...args],
      { env: { ...process.env, PMSC_TOKEN: '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('GET /centers?near=', () => {
  it('returns the centers within the radius, nearest first, with their distance', async () => {
    const res = await resident.get<Page>(`/centers?near=${YOUYI}&radius=1000&limit=100`);
    expect(res.status, res.text).toBe(200);
    const ids = res.json.items.map((c) => c.id);
    expect(ids[0]).toBe('c-youyi');
    expect(ids).toEqual(expect.arrayContaining(['c-baoshan', 'c-youyi-post', 'c-youyi-a']));
    expect(ids).not.toContain('c-wusong');
    const distances = res.json.items.map((c) => c.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(1000);
  });

  it('pages the ranked result without repeats', async () => {
    const all = (await resident.get<Page>(`/centers?near=${YOUYI}&radius=3000&limit=100`)).json.items.map(
      (c) => c.id,
    );
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { json: Page } = await resident.get(
        `/centers?near=${YOUYI}&radius=3000&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...res.json.items.map((c) => c.id));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all.length).toBeGreaterThan(4);
  });

  it('keeps only the centers open at an instant: on a Spring Festival afternoon the communities (PH 09:00-12:00) are closed', async () => {
    const res = await resident.get<Page>(
      `/centers?near=${YOUYI}&radius=1500&limit=100&openAt=${encodeURIComponent('2026-02-17T13:00:00+08:00')}`,
    );
    expect(res.status, res.text).toBe(200);
    const ids = res.json.items.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['c-youyi-post', 'c-youyi', 'c-baoshan']));
    expect(ids).not.toContain('c-youyi-a');
    expect(
      res.json.items.every((c) => c.opening?.status === 'open' || c.opening?.status === 'closing-soon'),
    ).toBe(true);
  });

  it.each([
    ['near=abc', 'near'],
    [`near=${YOUYI}&radius=50000`, 'radius'],
    ['openNow=true', 'near'],
    [`near=${YOUYI}&openNow=true&openAt=2026-02-17T13:00:00%2B08:00`, 'openAt'],
    [`near=95,121`, 'near.lat'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await resident.get<{ errors: { field: string }[] }>(`/centers?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e) => e.field)).toContain(field);
  });
});

describe('GET /centers/{id}/status', () => {
  it('explains a holiday: closed after the PH hours, next opening the next morning', async () => {
    const res = await resident.get<Status>(
      `/centers/c-youyi-a/status?at=${encodeURIComponent('2026-02-17T13:00:00+08:00')}`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'closed', nextChange: '2026-02-18T09:00:00+08:00' });
    expect(res.json.reason).toMatchObject({ basis: 'holiday', dayKind: 'holiday' });
    expect(String(res.json.reason.dayName)).toContain('春节');
  });

  it('opens on the adjusted working Saturday', async () => {
    const res = await resident.get<Status>(
      `/centers/c-youyi-a/status?at=${encodeURIComponent('2026-02-14T10:00:00+08:00')}`,
    );
    expect(res.json).toMatchObject({ status: 'open', reason: { basis: 'adjusted-working-day' } });
  });

  it('shows a temporary closure with its reason', async () => {
    const created = await admin.post('/centers/c-youyi-b/closures', {
      from: '2026-03-04T09:00:00+08:00',
      to: '2026-03-04T11:00:00+08:00',
      reason: '消防演练',
    });
    expect(created.status).toBe(201);
    const res = await resident.get<Status>(
      `/centers/c-youyi-b/status?at=${encodeURIComponent('2026-03-04T10:00:00+08:00')}`,
    );
    expect(res.json).toMatchObject({
      status: 'temporarily-closed',
      nextChange: '2026-03-04T11:00:00+08:00',
      reason: { basis: 'closure', closure: { reason: '消防演练' } },
    });
  });

  it('follows new hours as soon as they are saved (compiled on the edit), keeping the compiled form internal', async () => {
    const threeAm = encodeURIComponent('2026-03-04T03:00:00+08:00');
    expect((await resident.get<Status>(`/centers/c-youyi-c/status?at=${threeAm}`)).json.status).toBe(
      'closed',
    );
    const current = await admin.get<Record<string, unknown>>('/centers/c-youyi-c');
    const patched = await admin.request<Record<string, unknown>>('PATCH', '/centers/c-youyi-c', {
      body: { openingHours: '24/7' },
      headers: { 'if-match': current.headers.get('etag') ?? '' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).not.toHaveProperty('compiledHours');
    expect((await resident.get<Status>(`/centers/c-youyi-c/status?at=${threeAm}`)).json).toMatchObject({
      status: 'open',
      reason: { basis: 'hours' },
    });
    expect((await resident.get('/centers/c-youyi-c')).json).not.toHaveProperty('compiledHours');
    const near = await resident.get<Page>(`/centers?near=${YOUYI}&radius=1500&limit=100&openNow=true`);
    expect(near.json.items.some((c) => 'compiledHours' in c)).toBe(false);
  });

  it('refuses a malformed instant and answers 404 for an unknown center', async () => {
    expect((await resident.get('/centers/c-youyi-a/status?at=tomorrow')).status).toBe(400);
    expect((await resident.get('/centers/c-nowhere/status')).status).toBe(404);
  });
});

describe('/calendars/{year}', () => {
  it('serves the packaged 2026 calendar with its adjusted working days', async () => {
    const res = await resident.get<{
      source: string;
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    }>('/calendars/2026');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"0"');
    expect(res.json.source).toBe('chinese-days');
    expect(Object.keys(res.json.holidays)).toContain('2026-02-17');
    expect(Object.keys(res.json.workdays)).toEqual(expect.arrayContaining(['2026-02-14', '2026-02-28']));
  });

  it('derives 2027 provisionally from the statutory holidays until an admin loads the notice', async () => {
    const calendar = await resident.get<{
      source: string;
      holidays: Record<string, string>;
      workdays: object;
    }>('/calendars/2027');
    expect(calendar.status, calendar.text).toBe(200);
    expect(calendar.headers.get('etag')).toBe('"0"');
    expect(calendar.json.source).toBe('provisional');
    expect(Object.keys(calendar.json.holidays)).toEqual(
      expect.arrayContaining(['2027-01-01', '2027-02-05', '2027-02-06', '2027-04-05', '2027-10-03']),
    );
    expect(calendar.json.workdays).toEqual({});

    const list = await resident.get<{ items: { year: number; source: string; provisional: boolean }[] }>(
      '/calendars?from=2026&to=2027',
    );
    expect(list.status, list.text).toBe(200);
    expect(list.json.items).toEqual([
      expect.objectContaining({ year: 2026, source: 'chinese-days', provisional: false }),
      expect.objectContaining({ year: 2027, source: 'provisional', provisional: true }),
    ]);
    expect((await resident.get('/calendars?from=2027&to=2020')).status).toBe(400);

    const newYear = await resident.get<Status>(
      `/centers/c-youyi-a/status?at=${encodeURIComponent('2027-01-01T10:00:00+08:00')}`,
    );
    expect(newYear.json).toMatchObject({ reason: { basis: 'holiday', provisional: true } });
    expect(newYear.json.reason.calendarNote).toMatch(/statutory public holidays/);
    const tuesday = await resident.get<Status>(
      `/centers/c-youyi-a/status?at=${encodeURIComponent('2027-01-05T10:00:00+08:00')}`,
    );
    expect(tuesday.json).toMatchObject({ reason: { basis: 'hours', provisional: true } });
    expect(tuesday.json.status).not.toBe('unknown');
  });

  it('loads the official year with npm run calendar from the notice, and then it is no longer provisional', async () => {
    const days = { holidays: { '2027-01-01': "New Year's Day,元旦,1" }, workdays: {} };
    const staff = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-youyi' }));
    expect(
      (await staff.request('PUT', '/calendars/2027', { body: days, headers: { 'if-match': '"0"' } })).status,
    ).toBe(403);
    expect((await admin.request('PUT', '/calendars/2027', { body: days })).status).toBe(428);

    const dir = mkdtempSync(join(tmpdir(), 'pmsc-notice-'));
    const file = join(dir, 'notice-2027.json');
    const notice = {
      year: 2027,
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
        { name: '春节', from: '2027-02-05', to: '2027-02-12', workdays: ['2027-02-20'] },
      ],
    };
    writeFileSync(file, JSON.stringify(notice));
    const token = await platform.mintToken({ role: 'admin' });
    const cli = await runCli(['put', '2027', file, '--url', platform.baseUrl, '--token', token]);
    rmSync(dir, { recursive: true, force: true });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/loaded 2027: 11 holidays, 1 adjusted working days \(version 1\)/);

    const stored = await resident.get<{ source: string; version: number; workdays: Record<string, string> }>(
      '/calendars/2027',
    );
    expect(stored.json).toMatchObject({
      source: 'admin',
      version: 1,
      workdays: { '2027-02-20': '春节 (调休)' },
    });
    expect(
      (await admin.request('PUT', '/calendars/2027', { body: days, headers: { 'if-match': '"0"' } })).status,
    ).toBe(412);
    const workingSaturday = await resident.get<Status>(
      `/centers/c-youyi-a/status?at=${encodeURIComponent('2027-02-20T10:00:00+08:00')}`,
    );
    expect(workingSaturday.json.reason).toMatchObject({ basis: 'adjusted-working-day' });
    expect(workingSaturday.json.reason.provisional).toBeUndefined();
  });

  it('says the calendar is missing for a year before the packaged data and the regulation', async () => {
    const res = await resident.get<Status>(
      `/centers/c-youyi-a/status?at=${encodeURIComponent('2001-05-08T10:00:00+08:00')}`,
    );
    expect(res.json).toMatchObject({
      status: 'unknown',
      reason: { basis: 'calendar-missing', missingYear: 2001 },
    });
  });

  it('refuses days outside the year, a working day that is not a weekend, and a day in both lists', async () => {
    const res = await admin.request<{ errors: { field: string }[] }>('PUT', '/calendars/2028', {
      body: {
        holidays: { '2027-12-31': 'x', '2028-01-01': 'y' },
        workdays: { '2028-01-05': 'a Wednesday', '2028-01-01': 'y' },
      },
      headers: { 'if-match': '"0"' },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e) => e.field).sort()).toEqual(
      ['holidays.2027-12-31', 'workdays.2028-01-01', 'workdays.2028-01-05'].sort(),
    );
  });
});
