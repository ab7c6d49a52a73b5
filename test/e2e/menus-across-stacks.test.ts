import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXAMPLE_COURSE } from '../../shared/domain/menus.ts';
import {
  type ApiClient,
  createApiClient,
  pollUntil,
  startTestPlatform,
  type TestPlatform,
} from '../support/platform.ts';

/**
 * A city stack pushing to a district stack: two runtimes on two ports, the district in a child
 * process (seeded with the demo network), the city in this one (its tree holds only the city
 * center). The city reaches the district only through the district's API, with a token it gets
 * by client credentials from the district's token endpoint.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SECRET = `s-${randomBytes(8).toString('hex')}`;

let district: { process: ChildProcess; baseUrl: string; admin: ApiClient };
let city: TestPlatform;
let cityStaff: ApiClient;
let cityCenterId: string;

interface CityMenu {
  id: string;
  status: string;
  progress: { expected: number; done: boolean };
  districts?: {
    district: string;
    status: string;
    revision: number;
    remoteMenuId?: string;
    expected?: number;
    lastError?: string;
    progress?: { expected: number; delivered: number; failed: number; done: boolean };
  }[];
}
interface DistrictMenu {
  id: string;
  version: number;
  status: string;
  content: { lecturer?: string };
  progress: { revision: number; expected: number; delivered: number; failed: number; done: boolean };
}

async function startDistrict(): Promise<typeof district> {
  const endpoints = inject('localEndpoints');
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['test/support/child-platform.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PMSC_DYNAMODB_ENDPOINT: endpoints.dynamodb,
      PMSC_SQS_ENDPOINT: endpoints.sqs,
      PMSC_PREFIX: `d${randomBytes(5).toString('hex')}`,
      LOCAL_MACHINE_CLIENT_SECRET: SECRET,
      DISTRICT_CODE: '310113',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ baseUrl: string; adminToken: string }>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve(JSON.parse(line.slice('READY '.length)));
    });
    child.once('exit', (code) =>
      reject(new Error(`the district runtime exited (${code}) before it was ready`)),
    );
  });
  return { process: child, baseUrl: ready.baseUrl, admin: createApiClient(ready.baseUrl, ready.adminToken) };
}

const registered = (code: string, secretEnv: string) => ({
  code,
  apiUrl: district.baseUrl,
  rootCenterId: 'c-baoshan',
  tokenUrl: `${district.baseUrl}/oauth2/token`,
  clientId: 'local-machine-client',
  clientSecret: `env:${secretEnv}`,
});

beforeAll(async () => {
  district = await startDistrict();
  process.env.MENU_CHILD_DISTRICTS = JSON.stringify([
    registered('310113', 'PMSC_TEST_SECRET_310113'),
    registered('310104', 'PMSC_TEST_SECRET_310104'),
  ]);
  process.env.PMSC_TEST_SECRET_310113 = SECRET;
  process.env.PMSC_TEST_SECRET_310104 = 'not-the-secret';
  city = await startTestPlatform({ districtCode: '310000', queueVisibilityTimeoutSeconds: 1 });
  const admin = city.api(await city.mintToken({ role: 'admin' }));
  const created = await admin.post<{ id: string }>('/centers', {
    level: 'city',
    name: '上海市党群服务中心',
    address: '上海市',
    location: { lat: 31.2304, lon: 121.4737 },
    openingHours: 'Mo-Su 09:00-17:00',
  });
  expect(created.status).toBe(201);
  cityCenterId = created.json.id;
  cityStaff = city.api(await city.mintToken({ role: 'staff', centerId: cityCenterId }));
}, 120_000);

afterAll(async () => {
  await city?.stop();
  if (district?.process.exitCode === null) {
    const exited = new Promise((resolve) => district.process.once('exit', resolve));
    district.process.kill('SIGTERM');
    await exited;
  }
});

const cityMenu = async (id: string) => (await cityStaff.get<CityMenu>(`/menus/${id}`)).json;
const districtMenu = async (id: string) => (await district.admin.get<DistrictMenu>(`/menus/${id}`)).json;

const accepted = (id: string, revision: number) =>
  pollUntil(
    async () => {
      const menu = await cityMenu(id);
      const at = menu.districts?.find((d) => d.district === '310113');
      return at?.status === 'accepted' && at.revision === revision ? at : undefined;
    },
    { timeoutMs: 20_000, description: `city menu ${id} revision ${revision} accepted by 310113` },
  );

describe('a city menu pushed to a district stack', () => {
  let menuId: string;
  let remoteId: string;

  it('reaches every center below the district root through the district API', async () => {
    const res = await cityStaff.post<{ menuId: string; expected: number }>(`/centers/${cityCenterId}/menus`, {
      content: EXAMPLE_COURSE,
      targetDistricts: ['310113'],
    });
    expect(res.status).toBe(202);
    expect(res.json.expected).toBe(0); // the city's own tree holds only the city center
    menuId = res.json.menuId;

    const at = await accepted(menuId, 1);
    remoteId = at.remoteMenuId!;
    expect(at.expected).toBeGreaterThan(50);
    const there = await pollUntil(
      async () => {
        const menu = await districtMenu(remoteId);
        return menu.progress.done && menu.progress.delivered === at.expected ? menu : undefined;
      },
      { timeoutMs: 20_000, description: 'the district delivered it' },
    );
    expect(there.progress).toMatchObject({ failed: 0, expected: at.expected });

    // the city shows the district's own progress, read from the district's API
    const shown = (await cityMenu(menuId)).districts!.find((d) => d.district === '310113')!;
    expect(shown.progress).toEqual({ expected: at.expected, delivered: at.expected, failed: 0, done: true });
    const copies = await district.admin.get<{ items: { menuId: string }[] }>('/centers/c-youyi-a/menus');
    expect(copies.json.items.filter((copy) => copy.menuId === remoteId)).toHaveLength(1);
  });

  it('carries a new version and then the withdrawal to the district', async () => {
    const update = await cityStaff.request('PUT', `/menus/${menuId}`, {
      body: { content: { ...EXAMPLE_COURSE, lecturer: 'Zhao Min' } },
      headers: { 'if-match': '"1"' },
    });
    expect(update.status).toBe(202);
    await accepted(menuId, 2);
    expect(await districtMenu(remoteId)).toMatchObject({ version: 2, content: { lecturer: 'Zhao Min' } });

    expect(
      (await cityStaff.post(`/menus/${menuId}/withdraw`, { reason: 'replaced by the spring menu' })).status,
    ).toBe(202);
    await accepted(menuId, 3);
    const withdrawn = await pollUntil(
      async () => {
        const menu = await districtMenu(remoteId);
        return menu.status === 'withdrawn' && menu.progress.done ? menu : undefined;
      },
      { timeoutMs: 20_000, description: 'the district withdrew it' },
    );
    expect(withdrawn.progress.failed).toBe(0);
  });

  it('shows a district whose credentials are refused as failed, with why, while the others go on', async () => {
    const res = await cityStaff.post<{ menuId: string }>(`/centers/${cityCenterId}/menus`, {
      content: EXAMPLE_COURSE,
      targetDistricts: ['310113', '310104'],
    });
    await accepted(res.json.menuId, 1);
    const failed = await pollUntil(
      async () =>
        (await cityMenu(res.json.menuId)).districts?.find(
          (d) => d.district === '310104' && d.status === 'failed',
        ),
      { timeoutMs: 20_000, description: '310104 failed' },
    );
    expect(failed.lastError).toMatch(/token endpoint of 310104 answered 401/);
  });

  it('refuses a target district the city has not registered (400, nothing stored)', async () => {
    const res = await cityStaff.post<{ errors: { field: string }[] }>(`/centers/${cityCenterId}/menus`, {
      content: EXAMPLE_COURSE,
      targetDistricts: ['320102'],
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]?.field).toBe('targetDistricts');
  });
});
