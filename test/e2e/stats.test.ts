import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_COURSE } from '../../shared/domain/menus.ts';
import { STATS_CSV_COLUMNS } from '../../shared/domain/stats.ts';
import { type ApiClient, pollUntil, startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The figures through the local HTTP API on the seeded demo network: a menu pushed from a street
 * (fanned out and delivered by the queue consumers) counts as received at each center below it,
 * an adoption counts at its center, and GET /centers/{id}/stats answers them by child and as CSV,
 * to the staff of that subtree only. Every JSON answer is checked against the OpenAPI document.
 */

let platform: TestPlatform;
let streetStaff: ApiClient;
let otherStreet: ApiClient;
let communityStaff: ApiClient;
let admin: ApiClient;

interface Figures {
  menus: { received: number; adopted: number };
}
interface Stats {
  center: { id: string };
  from: string;
  to: string;
  figures: Figures;
  children?: { center: { id: string }; figures: Figures; share: Record<string, number | null> }[];
  own?: { figures: Figures };
}

beforeAll(async () => {
  platform = await startTestPlatform({ seed: true, queueVisibilityTimeoutSeconds: 1 });
  streetStaff = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-youyi' }));
  otherStreet = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-gucun' }));
  communityStaff = platform.api(await platform.mintToken({ role: 'staff', centerId: 'c-youyi-a' }));
  admin = platform.api(await platform.mintToken({ role: 'admin' }));
});
afterAll(async () => {
  await platform?.stop();
});

describe('GET /centers/{id}/stats', () => {
  let below: string[];

  beforeAll(async () => {
    const { json } = await admin.get<{ items: { id: string }[] }>('/centers/c-youyi/subtree?limit=100');
    below = json.items.map((c) => c.id).filter((id) => id !== 'c-youyi');
    const pushed = await streetStaff.post<{ menuId: string }>('/centers/c-youyi/menus', {
      content: EXAMPLE_COURSE,
    });
    expect(pushed.status).toBe(202);
    await pollUntil(
      async () => {
        const { json: stats } = await streetStaff.get<Stats>('/centers/c-youyi/stats');
        return stats.figures.menus.received === below.length ? stats : undefined;
      },
      { timeoutMs: 30_000, description: 'every copy counted as received' },
    );
    const path = `/centers/c-youyi-a/menus/${pushed.json.menuId}`;
    const adopted = await communityStaff.patch(
      path,
      { state: 'adopted' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(adopted.status).toBe(200);
  });

  it('counts each center below the street once as having received the menu, and the adoption where it happened', async () => {
    const { status, json } = await streetStaff.get<Stats>('/centers/c-youyi/stats');
    expect(status).toBe(200);
    expect(json.figures.menus).toEqual({ received: below.length, adopted: 1 });
    expect((await admin.get<Stats>('/centers/c-baoshan/stats')).json.figures.menus.received).toBe(
      below.length,
    );
    expect((await communityStaff.get<Stats>('/centers/c-youyi-a/stats')).json.figures.menus).toEqual({
      received: 1,
      adopted: 1,
    });
  });

  it('breaks the figures down by child with groupBy=child, each with its share', async () => {
    const { json } = await streetStaff.get<Stats>('/centers/c-youyi/stats?groupBy=child');
    const children = json.children ?? [];
    expect(children.length).toBeGreaterThan(1);
    const a = children.find((c) => c.center.id === 'c-youyi-a');
    expect(a?.figures.menus).toEqual({ received: 1, adopted: 1 });
    expect(children.reduce((sum, c) => sum + c.figures.menus.received, 0)).toBe(below.length);
    expect(json.own?.figures.menus.received).toBe(0);
  });

  it('answers CSV with a BOM for spreadsheets, one row per child, own and total', async () => {
    const res = await streetStaff.get('/centers/c-youyi/stats?groupBy=child&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    // fetch's text() drops a BOM: read the bytes
    const raw = await fetch(new URL('/centers/c-youyi/stats?groupBy=child&format=csv', platform.baseUrl), {
      headers: {
        authorization: `Bearer ${await platform.mintToken({ role: 'staff', centerId: 'c-youyi' })}`,
      },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(STATS_CSV_COLUMNS.join(','));
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[2]).at(-1)).toBe('total');
    expect(rows.filter((r) => r[2] === 'child').map((r) => r[3])).toContain('c-youyi-a');
    const received = STATS_CSV_COLUMNS.indexOf('menusReceived');
    expect(Number(rows.at(-1)?.[received])).toBe(below.length);
  });

  it('refuses staff of another street (403), residents (403) and a range over a year (400) as problems', async () => {
    const other = await otherStreet.get('/centers/c-youyi/stats');
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const resident = platform.api(await platform.mintToken({ role: 'resident' }));
    expect((await resident.get('/centers/c-youyi/stats')).status).toBe(403);
    const long = await streetStaff.get('/centers/c-youyi/stats?from=2025-01-01&to=2026-06-30');
    expect(long.status).toBe(400);
    expect(long.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await streetStaff.get('/centers/c-youyi/stats?from=2026-02-30')).status).toBe(400);
  });
});
