import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleSync } from '../../console/build.ts';
import { STATUS_COLOURS, type Status } from '../../console/src/model.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * The network console in headless Chromium against the local runtime: sign-in through the dev
 * login (code + PKCE), the street's centers and colours at a fixed instant, a center's card, the
 * Spring Festival, a gap opened by closures, the panel's CSV. Screenshots of each state go to
 * test/e2e/screenshots/ (git-ignored).
 */

const CHROMIUM = process.env.PMSC_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const STREET = 'c-youyi';
const STREET_CENTERS = ['c-youyi', 'c-youyi-a', 'c-youyi-b', 'c-youyi-c', 'c-youyi-mall', 'c-youyi-post'];

let platform: TestPlatform;
let browser: Browser;
let page: Page;

/** The centers drawn on the map, with their fill colour. */
async function markers(): Promise<Record<string, string>> {
  return page.$$eval('path.center-marker', (paths) =>
    Object.fromEntries(
      paths.map((p) => {
        const id = [...p.classList].find((c) => c.startsWith('center-id-'))?.slice('center-id-'.length) ?? '';
        return [id, p.getAttribute('fill') ?? ''];
      }),
    ),
  );
}

/** Sets the date-time field and waits for the map of that instant. */
async function showInstant(local: string): Promise<void> {
  await page.fill('#at', local);
  await page.click('#apply');
  await page.waitForSelector(`body[data-state="ready"][data-at="${local}"]`);
}

const figure = (id: string) => page.textContent(`[data-figure="${id}"] strong`);

const colours = (statuses: Record<string, Status>) =>
  Object.fromEntries(Object.entries(statuses).map(([id, status]) => [id, STATUS_COLOURS[status]]));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set PMSC_CHROMIUM`);
  }
  buildConsoleSync();
  mkdirSync(SCREENSHOTS, { recursive: true });
  // no pollers: the order below stays submitted at its intake center, counted open there
  platform = await startTestPlatform({ seed: true, pollers: false });
  const resident = platform.api(await platform.mintToken({ role: 'resident' }));
  const order = await resident.post(
    '/service-orders',
    {
      serviceCode: 'red-agency',
      centerId: 'c-youyi-a',
      attributes: { matter: '代领老年卡', pickup: '上门 at home' },
    },
    { headers: { 'idempotency-key': 'console-order-1' } },
  );
  if (order.status !== 201) throw new Error(`placing the order failed: ${order.text}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // the sandbox needs user namespaces, which containers running as root do not give
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    acceptDownloads: true,
  });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('the console in a browser', { timeout: 60_000 }, () => {
  it('signs staff in through the dev login and shows exactly their street, coloured by status at a fixed instant', async () => {
    // Wednesday 19:45: the communities close at 20:00, the street center at 20:30
    await page.goto(`${platform.baseUrl}/console?at=2026-03-04T19:45`);
    await page.click('#sign-in');
    await page.waitForURL(/\/local-issuer\/authorize/);
    await page.selectOption('#role', 'staff');
    await page.fill('#center', STREET);
    await page.fill('#name', '王芳');
    await page.click('#dev-login-submit');
    await page.waitForSelector('body[data-state="ready"][data-at="2026-03-04T19:45"]');

    expect(new URL(page.url()).search).toBe('?at=2026-03-04T19:45');
    expect(await page.textContent('#user-name')).toContain('王芳');
    expect(await markers()).toEqual(
      colours({
        'c-youyi': 'open',
        'c-youyi-a': 'closing-soon',
        'c-youyi-b': 'closing-soon',
        'c-youyi-c': 'closing-soon',
        'c-youyi-mall': 'open',
        'c-youyi-post': 'open',
      }),
    );
    expect(await page.textContent('#panel-title')).toBe('友谊路街道党群服务中心');
    expect(await figure('open')).toBe('6 / 6');
    expect(await figure('orders-open')).toBe('1');
    expect(await figure('orders-overdue')).toBe('0');
    expect(
      await page.$$eval('#children tbody tr', (rows) => rows.map((r) => r.getAttribute('data-child'))),
    ).toEqual(STREET_CENTERS.filter((id) => id !== STREET).sort());
    expect(await page.locator('path.cell').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'street-1080p.png') });
  });

  it("opens a center's card with its hours, next change, why and rooms", async () => {
    await page.locator('path.center-id-c-youyi-a').dispatchEvent('click');
    await page.waitForSelector('#card[data-center="c-youyi-a"] [data-field="hours"]');

    expect(await page.textContent('#card h3')).toBe('友谊路第一居民区党群服务站');
    expect(await page.textContent('#card .badge')).toBe('即将关闭');
    expect(await page.textContent('[data-field="hours"]')).toBe(
      'Mo-Fr 08:30-20:00; Sa,Su 09:00-17:00; PH 09:00-12:00',
    );
    expect(await page.textContent('[data-field="next-change"]')).toBe('2026-03-04 20:00');
    expect(await page.textContent('[data-field="why"]')).toContain('按开放时间');
    expect(await page.textContent('[data-field="rooms"]')).toContain('阅览室');
    expect(await page.textContent('[data-field="open-orders"]')).toBe('1');
    expect(await page.textContent('[data-field="overdue-orders"]')).toBe('0');
    await page.screenshot({ path: join(SCREENSHOTS, 'center-card.png') });
    await page.click('#card-close');
  });

  it('redraws for 2026-02-17 (Spring Festival): holiday hours at 10:00, the communities closed after noon', async () => {
    await showInstant('2026-02-17T10:00');
    await page.locator('path.center-id-c-youyi-b').dispatchEvent('click');
    await page.waitForSelector('#card[data-center="c-youyi-b"] [data-field="why"]');
    expect(await page.textContent('[data-field="why"]')).toMatch(/法定节假日.*春节/);
    expect(await page.textContent('[data-field="next-change"]')).toBe('2026-02-17 12:00');
    await page.click('#card-close');

    // the slider moves through the day of the field in half hours: 26 is 13:00
    await page.locator('#slider').fill('26');
    await page.waitForSelector('body[data-state="ready"][data-at="2026-02-17T13:00"]');
    expect(await markers()).toEqual(
      colours({
        // no PH rule: a holiday follows the Sunday hours (09:00-17:00)
        'c-youyi': 'open',
        // PH 09:00-12:00
        'c-youyi-a': 'closed',
        'c-youyi-b': 'closed',
        'c-youyi-c': 'closed',
        'c-youyi-mall': 'open',
        'c-youyi-post': 'open',
      }),
    );
    expect(await figure('open')).toBe('3 / 6');
    await page.screenshot({ path: join(SCREENSHOTS, 'spring-festival.png') });
  });

  it('draws the statuses of a provisional calendar year grey, and says why', async () => {
    // 2027: no State Council notice loaded, its holidays derived
    await showInstant('2027-03-03T10:00');
    const drawn = await markers();
    expect(Object.keys(drawn).sort()).toEqual(STREET_CENTERS);
    expect(new Set(Object.values(drawn))).toEqual(new Set([STATUS_COLOURS.unknown]));
    expect(await page.textContent('#provisional')).toContain('不含调休');
  });

  it('draws a gap of the 15-minute circle once closures leave a community without an open center nearby', async () => {
    await showInstant('2026-03-04T10:00');
    expect(await figure('gaps')).toBe('0');
    expect(await page.locator('path.gap-area').count()).toBe(0);

    // the community's own center, its street's and the district's (the only ones within 1 km)
    const admin = platform.api(await platform.mintToken({ role: 'admin' }));
    for (const id of ['c-youyi-b', 'c-youyi', 'c-baoshan']) {
      const closed = await admin.post(
        `/centers/${id}/closures`,
        { from: '2026-03-04T09:00:00+08:00', to: '2026-03-04T12:00:00+08:00', reason: '设备检修' },
        { headers: { 'idempotency-key': `console-closure-${id}` } },
      );
      expect(closed.status).toBe(201);
    }
    await page.click('#refresh');
    await page.waitForSelector('body[data-state="ready"] path.gap-area.gap-c-youyi-b');

    expect(await figure('gaps')).toBe('1');
    expect(await page.textContent('#gap-list [data-gap="c-youyi-b"]')).toContain(
      '友谊路第二居民区党群服务站',
    );
    expect((await markers())['c-youyi-b']).toBe(STATUS_COLOURS['temporarily-closed']);
    expect(await figure('open')).toBe('4 / 6');
    await page.screenshot({ path: join(SCREENSHOTS, 'gap.png') });
  });

  it("downloads the panel's CSV: the street's figures and a row per center below it", async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');

    expect(download.suggestedFilename()).toBe('pmsc-c-youyi-20260304-1000.csv');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('名称,id,层级,开放,总数,15分钟生活圈缺口,处理中工单');
    expect(lines[1]).toBe('友谊路街道党群服务中心,c-youyi,街镇,4,6,1,1');
    expect(lines).toContain('友谊路第一居民区党群服务站,c-youyi-a,村居 / 阵地,1,1,0,1');
    expect(lines).toContain('友谊路第二居民区党群服务站,c-youyi-b,村居 / 阵地,0,1,1,0');
    expect(lines).toHaveLength(1 + 1 + STREET_CENTERS.length - 1);
  });

  it('shows a name typed with markup as text, in the tooltip and the panel', async () => {
    const admin = platform.api(await platform.mintToken({ role: 'admin' }));
    const current = await admin.get('/centers/c-youyi-mall');
    const renamed = await admin.patch(
      '/centers/c-youyi-mall',
      { name: '<img id="injected" src="x">商圈' },
      { headers: { 'if-match': current.headers.get('etag') ?? '' } },
    );
    expect(renamed.status).toBe(200);
    await page.click('#refresh');
    await page.waitForSelector('body[data-state="ready"] [data-child="c-youyi-mall"]');
    await page.locator('path.center-id-c-youyi-mall').hover({ force: true });
    await page.waitForSelector('.leaflet-tooltip');

    expect(await page.textContent('.leaflet-tooltip')).toBe('<img id="injected" src="x">商圈');
    expect(await page.textContent('[data-child="c-youyi-mall"] button')).toBe(
      '<img id="injected" src="x">商圈',
    );
    expect(await page.locator('#injected').count()).toBe(0);
  });

  it('switches to English and reads on a phone', async () => {
    await page.click('#lang');
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.textContent('[data-figure="open"] .label')).toBe('Open / total');
    await page.setViewportSize({ width: 390, height: 844 });
    // refitted to the new size: every center of the street inside the map
    // (a string: this file is typed without the DOM library)
    await page.waitForFunction(`(() => {
      const map = document.getElementById('map').getBoundingClientRect();
      const points = [...document.querySelectorAll('path.center-marker')].map((p) => p.getBoundingClientRect());
      return points.length === 6 && points.every((p) =>
        p.left >= map.left && p.right <= map.right && p.top >= map.top && p.bottom <= map.bottom);
    })()`);
    const map = await page.locator('#map').boundingBox();
    const panel = await page.locator('#panel').boundingBox();
    // stacked: the panel under the map, both the width of the screen
    expect(panel!.y).toBeGreaterThanOrEqual(map!.y + map!.height - 1);
    expect(map!.width).toBeGreaterThan(380);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-en.png'), fullPage: true });
  });
});

describe('the console over HTTP', () => {
  it('serves the page without a token, the hashed assets cacheable for good and gzipped on request', async () => {
    const html = await fetch(`${platform.baseUrl}/console`);
    const body = await html.text();
    expect(html.status).toBe(200);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('referrer-policy')).toBe('no-referrer');
    const script = /src="\/console\/(app-[A-Z0-9]{8}\.js)"/.exec(body)?.[1];
    expect(script).toBeDefined();

    const asset = await fetch(`${platform.baseUrl}/console/${script}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset.text()).length).toBeGreaterThan(10_000);
  });

  it('answers 404 for a file the build did not write, and for a way out of its folder', async () => {
    for (const path of ['/console/app.js', '/console/..%2Fpackage.json', '/console/a%2Fb.js']) {
      const answer = await fetch(`${platform.baseUrl}${path}`);
      expect(answer.status, path).toBe(404);
    }
  });

  it('describes the local sign-in in its configuration', async () => {
    const answer = await platform
      .api()
      .get<{ auth: { authorizeUrl: string; clientId: string }; basemap: null }>('/console/config.json');
    expect(answer.status).toBe(200);
    expect(answer.json.auth).toMatchObject({
      authorizeUrl: '/local-issuer/authorize',
      clientId: 'local-web-client',
    });
    expect(answer.json.basemap).toBeNull();
  });

  it('refuses a code exchanged without the PKCE verifier it was issued for, and a second exchange', async () => {
    const verifier = 'v'.repeat(43);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = `${platform.baseUrl}/console`;
    const authorized = await fetch(`${platform.baseUrl}/local-issuer/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        client_id: 'local-web-client',
        redirect_uri: redirect,
        state: 's1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        role: 'admin',
      }),
    });
    expect(authorized.status).toBe(302);
    const code = new URL(authorized.headers.get('location')!).searchParams.get('code')!;
    const exchange = (codeVerifier: string) =>
      fetch(`${platform.baseUrl}/local-issuer/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'local-web-client',
          code,
          redirect_uri: redirect,
          code_verifier: codeVerifier,
        }),
      });

    const wrong = await exchange('w'.repeat(43));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant' });
    // the failed attempt used the code up
    expect((await exchange(verifier)).status).toBe(400);
  });

  it('refuses to send a code to a page on another origin', async () => {
    const answer = await fetch(
      `${platform.baseUrl}/local-issuer/authorize?${new URLSearchParams({
        client_id: 'local-web-client',
        redirect_uri: 'https://evil.example/console',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      })}`,
    );
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('redirect_uri must be on this server');
  });
});
