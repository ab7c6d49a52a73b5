import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Center } from '../../shared/domain/center.ts';
import { type CenterImport, MAX_IMPORT_ROWS } from '../../shared/domain/center-import.ts';
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
    expect(res.json).toMatchObject({ total: 45, chunks: 2, status: 'running' });

    const done = await pollUntil(
      async () => {
        const progress = await admin.get<CenterImport>(`/center-imports/${res.json.id}`);
        return progress.json.status === 'completed' ? progress.json : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(done.chunksDone).toBe(2);
    const districtId = done.centers!.find((c) => c.ref === 'pd')!.id;
    const subtree = await admin.get<{ items: Center[] }>(`/centers/${districtId}/subtree?limit=100`);
    expect(subtree.json.items).toHaveLength(45);
  });

  it('writes an import of the largest size allowed, far more chunks than Lambda lets a chain have, without a chain', async () => {
    const streets = 40;
    const rows = [row('big', 'district')];
    for (let s = 0; s < streets; s++) rows.push(row(`big-s${s}`, 'street', 'big'));
    for (let c = 0; rows.length < MAX_IMPORT_ROWS; c++)
      rows.push(row(`big-c${c}`, 'community', `big-s${c % streets}`));
    const res = await admin.post<CenterImport>('/centers/import', { centers: rows });
    expect(res.status, res.text).toBe(202);
    // 80 chunks: a consumer that queued each next chunk would be stopped at the 17th invocation
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
      { timeoutMs: 80_000, intervalMs: 1000, description: 'the 2,000-row import completed' },
    );
    expect(done).toMatchObject({ total: MAX_IMPORT_ROWS, chunksDone: res.json.chunks });
    const districtId = done.centers!.find((c) => c.ref === 'big')!.id;
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
  }, 120_000);

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
