import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Center } from '../../shared/domain/center.ts';
import { type ApiClient, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** `npm run import` against the local runtime, as an administrator runs it. */

let platform: TestPlatform;
let admin: ApiClient;
let token: string;
const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));

beforeAll(async () => {
  platform = await startTestPlatform();
  token = await platform.mintToken({ role: 'admin' });
  admin = platform.api(token);
});
afterAll(async () => {
  await platform?.stop();
});

const runCli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      ['infra/cli/import.ts', ...args, '--url', platform.baseUrl],
      { env: { ...process.env, PMSC_TOKEN: token } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

/** A city of two districts, each with 2 streets of 3 communities: 15 rows. */
function cityCsv(): string {
  const lines = ['ref,parentRef,level,name,address,lat,lon,openingHours'];
  lines.push('9901,,city,市,市,31.2,121.4,Mo-Fr 09:00-17:00');
  for (const d of ['990101', '990102']) {
    lines.push(`${d},9901,district,区${d},区,31.2,121.4,Mo-Fr 09:00-17:00`);
    for (const s of ['001', '002']) {
      lines.push(`${d}${s},${d},street,街道${s},街道,31.2,121.4,Mo-Fr 09:00-17:00`);
      for (const c of ['001', '002', '003']) {
        lines.push(`${d}${s}${c},${d}${s},community,居委会${c},社区,31.2,121.4,Mo-Su 09:00-20:00`);
      }
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

describe('npm run import', () => {
  const file = join(dir, 'city.csv');
  writeFileSync(file, cityCsv());

  it('with --dry-run counts what one district would create, and writes nothing', async () => {
    const run = await runCli([file, '--district', '990101', '--dry-run']);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /dry run, nothing written: would have created 9 {2}updated 0 {2}unchanged 0 {2}failed 0/,
    );
    expect((await admin.get<{ items: Center[] }>('/centers?level=district')).json.items).toEqual([]);
  });

  it('imports one district of a city file as a root, waits for the platform to write it, then a re-run changes nothing', async () => {
    const run = await runCli([file, '--district', '990101']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/created 9 {2}updated 0 {2}unchanged 0 {2}failed 0 {2}\(9 rows/);
    const districts = (await admin.get<{ items: Center[] }>('/centers?level=district')).json.items;
    const district = districts.find((c) => c.externalCode === '990101')!;
    expect(district.parentId).toBeNull();
    const subtree = await admin.get<{ items: Center[] }>(`/centers/${district.id}/subtree?limit=100`);
    expect(subtree.json.items).toHaveLength(9);

    const again = await runCli([file, '--district', '990101']);
    expect(again.stdout).toMatch(/created 0 {2}updated 0 {2}unchanged 9 {2}failed 0/);
  });

  it('shows every problem of a bad file by line and column, exits 1 and writes nothing', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [
        'ref,parentRef,level,name,address,lat,lon,openingHours',
        '8801,,district,区,区,31.2,121.4,24/7',
        '8801001,8801,street,街道,街道,north,121.4,24/7',
        '8801002,8801,street,街道,街道,31.2,121.4,whenever',
        '',
      ].join('\n'),
    );
    const run = await runCli([bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 3  lat:');
    expect(run.stderr).toContain('line 4  openingHours:');
    expect(run.stderr).toMatch(/failed 2 \(nothing was written\)/);
    const districts = (await admin.get<{ items: Center[] }>('/centers?level=district')).json.items;
    expect(districts.some((c) => c.externalCode === '8801')).toBe(false);
  });
});
