import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Center } from '../../shared/domain/center.ts';
import type { CenterImport } from '../../shared/domain/center-import.ts';
import { type ApiClient, pollUntil, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/** Bulk onboarding through the local HTTP API, the SQS emulator and the import consumer. */

let platform: TestPlatform;
let admin: ApiClient;
let sqs: SQSClient;

const row = (ref: string, level: string, parentRef?: string, extra: Record<string, unknown> = {}) => ({
  ref,
  level,
  ...(parentRef ? { parentRef } : {}),
  name: `${ref} 党群服务中心`,
  address: '上海市',
  location: { lat: 31.3, lon: 121.5 },
  openingHours: 'Mo-Fr 09:00-18:00',
  ...extra,
});

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = platform.api(await platform.mintToken({ role: 'admin' }));
  sqs = new SQSClient({});
});
afterAll(async () => {
  sqs?.destroy();
  await platform?.stop();
});

const CSV_HEADER = 'ref,parentRef,level,name,address,lat,lon,openingHours,divisionCode';
const csvOf = (...lines: string[]) => `\uFEFF${[CSV_HEADER, ...lines].join('\r\n')}\r\n`;
const postCsv = (text: string) =>
  admin.post<
    CenterImport & { errors?: { field: string; line?: number; column?: string; message: string }[] }
  >('/centers/import', text, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
const completed = (id: string) =>
  pollUntil(
    async () => {
      const progress = await admin.get<CenterImport>(`/center-imports/${id}`);
      return progress.json.status === 'completed' ? progress.json : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, description: `import ${id} completed` },
  );

describe('POST /centers/import as CSV', () => {
  const file = csvOf(
    '310113,,district,宝山区,上海市宝山区,31.405,121.489,Mo-Fr 09:00-17:00,310113',
    '310113103,310113,street,友谊路街道,上海市宝山区友谊路,31.41,121.48,Mo-Fr 09:00-17:00,310113103',
    '310113103001,310113103,community,"友谊一村居委会, 一",上海市宝山区,31.411,121.481,Mo-Su 09:00-20:00,310113103001',
    '310113103002,310113103,community,友谊二村居委会,上海市宝山区,31.412,121.482,Mo-Su 09:00-20:00,310113103002',
  );

  it('refuses a file with bad rows, naming every problem by line and column, and writes nothing', async () => {
    const before = await admin.get<{ items: Center[] }>('/centers?level=community&limit=100');
    const res = await postCsv(
      csvOf(
        'x-d,,district,X,addr,31.4,121.4,24/7,',
        'x-s,x-d,street,S,addr,north,121.4,24/7,',
        'x-c1,x-s,community,C1,addr,31.4,121.4,whenever,12',
        'x-c2,x-s,community,C2,addr,31.4,121.4,24/7,',
      ),
    );
    expect(res.status, res.text).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json.errors?.map((e) => `line ${e.line} ${e.column}`)).toEqual([
      'line 3 lat',
      'line 4 divisionCode',
      'line 4 openingHours',
    ]);
    const after = await admin.get<{ items: Center[] }>('/centers?level=community&limit=100');
    expect(after.json.items).toHaveLength(before.json.items.length);
  });

  it('imports a spreadsheet export, and a re-import of the same file changes nothing', async () => {
    const first = await postCsv(file);
    expect(first.status, first.text).toBe(202);
    expect(first.json).toMatchObject({ total: 4, created: 4 });
    const done = await completed(first.json.id);
    const districtId = done.centers!.find((c) => c.ref === '310113')!.id;
    const stored = await admin.get<{ items: Center[] }>(`/centers/${districtId}/subtree?limit=100`);
    expect(stored.json.items.map((c) => c.externalCode)).toEqual([
      '310113',
      '310113103',
      '310113103001',
      '310113103002',
    ]);

    const again = await postCsv(file);
    expect(again.json).toMatchObject({
      status: 'completed',
      chunks: 0,
      unchanged: 4,
      created: 0,
      updated: 0,
    });
    const after = await admin.get<{ items: Center[] }>(`/centers/${districtId}/subtree?limit=100`);
    expect(after.json.items).toEqual(stored.json.items);
  });

  it('exports a subtree as CSV that re-imports unchanged, and an edited export updates exactly the edited center', async () => {
    const district = await admin.get<{ items: Center[] }>('/centers?level=district&limit=100');
    const districtId = district.json.items.find((c) => c.externalCode === '310113')!.id;
    const exported = await admin.get(`/centers/${districtId}/subtree?format=csv`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.text.split('\r\n')).toHaveLength(6); // header, 4 rows, final line break

    const roundTrip = await postCsv(exported.text);
    expect(roundTrip.json).toMatchObject({
      status: 'completed',
      unchanged: 4,
      created: 0,
      updated: 0,
      missing: 0,
    });

    const edited = exported.text.replace('友谊二村居委会', '友谊二村');
    const update = await postCsv(edited);
    expect(update.json).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    await completed(update.json.id);
    const centers = await admin.get<{ items: Center[] }>(`/centers/${districtId}/subtree?limit=100`);
    const renamed = centers.json.items.find((c) => c.externalCode === '310113103002')!;
    expect(renamed).toMatchObject({ name: '友谊二村', version: 2 });
    expect(centers.json.items.filter((c) => c.version !== 1).map((c) => c.externalCode)).toEqual([
      '310113103002',
    ]);

    const leftOut = await postCsv(
      edited
        .split('\r\n')
        .filter((line) => !line.includes('310113103001,'))
        .join('\r\n'),
    );
    expect(leftOut.json).toMatchObject({ status: 'completed', missing: 1, missingRefs: ['310113103001'] });
    expect((await admin.get(`/centers/${renamed.parentId}/children`)).json).toMatchObject({
      items: [{}, {}],
    });
  });

  it('says which media types it takes', async () => {
    const res = await admin.post('/centers/import', 'a;b', { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
  });
});

describe('POST /centers/import', () => {
  it('accepts a network, writes it through the queue and reports progress until completed', async () => {
    const rows = [row('pd', 'district')];
    for (let s = 0; s < 4; s++) {
      rows.push(row(`s${s}`, 'street', 'pd'));
      for (let c = 0; c < 10; c++) rows.push(row(`s${s}c${c}`, 'community', `s${s}`));
    }
    const res = await admin.post<CenterImport>('/centers/import', { centers: rows });
    expect(res.status, res.text).toBe(202);
    expect(res.headers.get('location')).toBe(`/center-imports/${res.json.id}`);
    expect(res.json).toMatchObject({ total: 45, chunks: 1, status: 'running', created: 45 });

    const done = await pollUntil(
      async () => {
        const progress = await admin.get<CenterImport>(`/center-imports/${res.json.id}`);
        return progress.json.status === 'completed' ? progress.json : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(done.chunksDone).toBe(1);
    const districtId = done.centers!.find((c) => c.ref === 'pd')!.id;
    const subtree = await admin.get<{ items: Center[] }>(`/centers/${districtId}/subtree?limit=100`);
    expect(subtree.json.items).toHaveLength(45);
  });

  it('writes an import larger than one transaction could hold, far more chunks than Lambda lets a chain have, without a chain', async () => {
    const streets = 40;
    const size = 2500;
    const rows = [row('big', 'district')];
    for (let s = 0; s < streets; s++) rows.push(row(`big-s${s}`, 'street', 'big'));
    for (let c = 0; rows.length < size; c++) rows.push(row(`big-c${c}`, 'community', `big-s${c % streets}`));
    const res = await admin.post<CenterImport>('/centers/import', { centers: rows });
    expect(res.status, res.text).toBe(202);
    // 26 chunks: a consumer that queued each next chunk would be stopped at the 17th invocation
    expect(res.json.chunks).toBeGreaterThan(16);

    // The consumer writes chunk after chunk in one invocation; if DynamoDB Local is too slow for
    // its 30 s it hands the rest to the reconciler, which the test runs as its schedule would.
    const done = await pollUntil(
      async () => {
        const progress = await admin.get<CenterImport>(`/center-imports/${res.json.id}`);
        if (progress.json.status === 'completed') return progress.json;
        await platform.runSchedule('reconcile-center-imports');
        return undefined;
      },
      { timeoutMs: 100_000, intervalMs: 1000, description: 'the 2,500-row import completed' },
    );
    expect(done).toMatchObject({ total: size, created: size, chunksDone: res.json.chunks });
    expect(done.centers).toBeUndefined(); // above LISTED_ROWS_UP_TO: counted, not listed
    const district = await admin.get<{ items: Center[] }>('/centers?level=district&limit=100');
    const districtId = district.json.items.find((c) => c.externalCode === 'big')!.id;
    const streetsOf = await admin.get<{ items: Center[] }>(`/centers/${districtId}/children?limit=100`);
    expect(streetsOf.json.items).toHaveLength(streets);
    // nothing was stopped by the hop limit
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: platform.resources.queues.centerImport!.dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    expect(Messages).toEqual([]);
  }, 150_000);

  it('refuses the whole import when any row is wrong, naming each row, and writes nothing', async () => {
    const before = await admin.get<{ items: Center[] }>('/centers?level=district&limit=100');
    // schema problems are found first, for every row
    const invalid = await admin.post<{ errors: { field: string }[] }>('/centers/import', {
      centers: [
        row('ok', 'district'),
        row('bad-hours', 'street', 'ok', { openingHours: 'sometimes' }),
        row('x', 'mayor'),
      ],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((e) => e.field)).toEqual(['centers.1.openingHours', 'centers.2.level']);
    // then placement problems, for every row
    const unplaceable = await admin.post<{ errors: { field: string }[] }>('/centers/import', {
      centers: [row('ok', 'district'), row('skip', 'community', 'ok'), row('orphan', 'community', 'missing')],
    });
    expect(unplaceable.status).toBe(400);
    expect(unplaceable.json.errors.map((e) => e.field)).toEqual(['centers.1.level', 'centers.2.parentRef']);
    const after = await admin.get<{ items: Center[] }>('/centers?level=district&limit=100');
    expect(after.json.items).toHaveLength(before.json.items.length);
  });

  it('is for administrators only', async () => {
    const staff = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-any' }));
    expect((await staff.post('/centers/import', { centers: [row('x', 'district')] })).status).toBe(403);
  });
});
