/**
 * The network console: sign in, draw the signed-in subtree's centers on the map for an instant,
 * and show the selected center's figures with a drill-down to its children.
 */
import { type Api, ApiError, type ConsoleConfig, createApi, listAll, loadConfig, snapshotAt } from './api.ts';
import { completeSignIn, currentSession, type Session, signOut, startSignIn } from './auth.ts';
import { type Lang, type MessageKey, type Messages, messages, pickLang } from './i18n.ts';
import { type ConsoleMap, createMap } from './map.ts';
import {
  cellsOf,
  childRows,
  gapsOf,
  isOpen,
  type OrderLike,
  orderFigures,
  type Snapshot,
  type SnapshotCenter,
  STATUS_COLOURS,
  STATUS_ORDER,
  statsFigures,
  subtreeOf,
  toCsv,
} from './model.ts';
import { localOf, zonedInstant } from './zone.ts';

type Child = Node | string | null | undefined | false;

/** A small element builder: enough for a console of a few panels, without a framework. */
function h(
  tag: string,
  attrs: Record<string, string | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name, value);
    else element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** The present children of a list that leaves some out. */
const present = (...children: Child[]): (Node | string)[] =>
  children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false);

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing from index.html`);
  return element;
};

interface State {
  config: ConsoleConfig;
  session: Session | undefined;
  api: Api | undefined;
  m: Messages;
  /** Wall-clock time in the district's zone, or null for now. */
  at: string | null;
  snapshot: Snapshot | undefined;
  rootId: string | undefined;
  selectedId: string | undefined;
  map: ConsoleMap | undefined;
  /** The snapshot's instant falls in a provisional calendar year (GET /calendars). */
  provisional: boolean;
}

const state: State = {
  config: undefined as unknown as ConsoleConfig,
  session: undefined,
  api: undefined,
  m: messages(
    pickLang(new URLSearchParams(location.search).get('lang'), localStorage.getItem('pmsc.console.lang')),
  ),
  at: null,
  snapshot: undefined,
  rootId: undefined,
  selectedId: undefined,
  map: undefined,
  provisional: false,
};

const t = (key: MessageKey): string => state.m.t(key);

/** What the status line says once loaded: which snapshot is shown, in the language of the moment. */
function shownText(): string {
  const snapshot = state.snapshot;
  if (snapshot === undefined) return '';
  const when = localOf(snapshot.at, state.config.timeZone).replace('T', ' ');
  return `${snapshot.kind === 'what-if' ? t('whatIf') : t('now')} · ${when}`;
}

function setBusy(busy: boolean): void {
  document.body.dataset.state = busy ? 'loading' : 'ready';
  byId('status-line').textContent = busy ? t('loading') : shownText();
}

function showError(error: unknown): void {
  // an expired or revoked token: sign in again rather than show the error
  if (error instanceof ApiError && error.status === 401) {
    signOut();
    location.reload();
    return;
  }
  document.body.dataset.state = 'error';
  byId('status-line').textContent =
    `${t('errorPrefix')}${error instanceof Error ? error.message : String(error)}`;
}

/** Where the signed-in user looks from: their center for staff, the district center for admins. */
function rootOf(snapshot: Snapshot, session: Session, config: ConsoleConfig): string | undefined {
  // the district's claim name, then Cognito's (which OIDC issuers emit too, docs/deployment.md)
  for (const claim of [config.auth?.claims.centerId, 'custom:center_id']) {
    const centerId = claim === undefined ? undefined : session.claims[claim];
    if (typeof centerId === 'string' && snapshot.centers.some((c) => c.id === centerId)) return centerId;
  }
  return (snapshot.centers.find((c) => c.level === 'district') ?? snapshot.centers[0])?.id;
}

function nameOfUser(session: Session): string {
  const name = session.claims.name ?? session.claims.email ?? session.claims.sub;
  return typeof name === 'string' ? name : '';
}

function renderHeader(): void {
  const header = byId('header');
  const { config, session, m } = state;
  const zone = config.timeZone;
  const local = state.at ?? localOf(Date.now(), zone);
  const field = h('input', {
    id: 'at',
    type: 'datetime-local',
    value: local,
    step: '60',
    'aria-label': t('at'),
  }) as HTMLInputElement;
  const [hours = '0', minutes = '0'] = (local.split('T')[1] ?? '00:00').split(':');
  const slider = h('input', {
    id: 'slider',
    type: 'range',
    min: '0',
    max: '47',
    step: '1',
    value: String(Number(hours) * 2 + (Number(minutes) >= 30 ? 1 : 0)),
    'aria-label': t('whatIf'),
  }) as HTMLInputElement;
  const go = (value: string | null) => {
    state.at = value;
    void refresh();
  };
  slider.addEventListener('change', () => {
    const half = Number(slider.value);
    const date = (field.value || local).split('T')[0];
    const time = `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 === 1 ? '30' : '00'}`;
    go(`${date}T${time}`);
  });
  const form = h(
    'form',
    {
      class: 'time',
      submit: (event) => {
        event.preventDefault();
        if (field.value) go(field.value.slice(0, 16));
      },
    },
    h('label', { for: 'at' }, t('at')),
    field,
    h('button', { type: 'submit', id: 'apply' }, t('apply')),
    slider,
    h('button', { type: 'button', id: 'now', click: () => go(null) }, t('now')),
    h('button', { type: 'button', id: 'refresh', click: () => void refresh() }, t('refresh')),
  );
  const other: Lang = m.lang === 'zh' ? 'en' : 'zh';
  header.replaceChildren(
    ...present(
      h(
        'h1',
        {},
        t('title'),
        h('small', {}, m.lang === 'zh' ? config.district.name.zh : config.district.name.en),
      ),
      session === undefined ? null : form,
      h(
        'div',
        { class: 'user' },
        h(
          'button',
          { type: 'button', id: 'lang', lang: other, click: () => switchLang(other) },
          t('language'),
        ),
        session === undefined
          ? null
          : h('span', { id: 'user-name' }, `${t('signedInAs')} ${nameOfUser(session)}`),
        session === undefined
          ? null
          : h(
              'button',
              {
                type: 'button',
                id: 'sign-out',
                click: () => {
                  signOut();
                  location.reload();
                },
              },
              t('signOut'),
            ),
      ),
    ),
  );
}

function switchLang(lang: Lang): void {
  localStorage.setItem('pmsc.console.lang', lang);
  state.m = messages(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  renderHeader();
  renderLegend();
  if (state.selectedId !== undefined) select(state.selectedId);
}

function renderLegend(): void {
  byId('legend').replaceChildren(
    h('strong', {}, t('legend')),
    ...STATUS_ORDER.map((status) =>
      h(
        'span',
        { class: 'legend-item' },
        h('i', { style: `background:${STATUS_COLOURS[status]}` }),
        state.m.status(status),
      ),
    ),
    h('span', { class: 'legend-item' }, h('i', { class: 'cell-swatch' }), t('cellShare')),
    h('span', { class: 'legend-item' }, h('i', { class: 'gap-swatch' }), t('gapArea')),
  );
}

function drawMap(): void {
  const { snapshot, rootId } = state;
  if (snapshot === undefined || rootId === undefined || state.map === undefined) return;
  const centers = subtreeOf(snapshot.centers, rootId);
  state.map.draw({
    centers,
    cells: cellsOf(snapshot, centers),
    gaps: gapsOf(snapshot, centers),
    walkMeters: snapshot.circle.walkMeters,
    selectedId: state.selectedId ?? null,
    provisional: state.provisional,
  });
}

const provisionalYears = new Map<string, boolean>();

/** Whether `year` is provisional (derived holidays, no State Council notice loaded yet). */
async function provisionalYear(api: Api, year: string): Promise<boolean> {
  const known = provisionalYears.get(year);
  if (known !== undefined) return known;
  const answer = await api
    .get<{ items: { year: number; provisional: boolean }[] }>(`/calendars?from=${year}&to=${year}`)
    .catch(() => ({ items: [] }));
  const provisional = answer.items.some((item) => String(item.year) === year && item.provisional);
  provisionalYears.set(year, provisional);
  return provisional;
}

async function refresh(): Promise<void> {
  const api = state.api;
  if (api === undefined) return;
  setBusy(true);
  renderHeader();
  try {
    const instant = state.at === null ? null : zonedInstant(state.at, state.config.timeZone);
    const snapshot = await snapshotAt(api, instant);
    state.snapshot = snapshot;
    state.provisional = await provisionalYear(api, localOf(snapshot.at, state.config.timeZone).slice(0, 4));
    state.rootId ??= rootOf(snapshot, state.session!, state.config);
    state.selectedId ??= state.rootId;
    document.body.dataset.snapshot = snapshot.id;
    document.body.dataset.at = localOf(snapshot.at, state.config.timeZone);
    drawMap();
    await renderPanel();
    setBusy(false);
  } catch (error) {
    showError(error);
  }
}

/** GET /centers/{id}/stats when that endpoint answers; undefined (figures hidden) otherwise. */
async function statsOf(
  api: Api,
  centerId: string,
  instant: string,
): Promise<Record<string, number> | undefined> {
  // the figures are counted per local day: the day of the instant shown
  const day = instant.slice(0, 10);
  try {
    const answer = await api.get<unknown>(
      `/centers/${encodeURIComponent(centerId)}/stats?from=${day}&to=${day}`,
    );
    const figures = statsFigures(answer);
    return Object.keys(figures).length > 0 ? figures : undefined;
  } catch {
    return undefined;
  }
}

async function ordersOf(api: Api, centerId: string) {
  const base = `/centers/${encodeURIComponent(centerId)}/service-orders`;
  const lists = await Promise.all(
    ['submitted', 'assigned', 'accepted', 'rated'].map((status) =>
      listAll<OrderLike>(api, `${base}?status=${status}`),
    ),
  );
  return orderFigures(
    lists.flatMap((l) => l.items),
    lists.some((l) => l.truncated),
  );
}

const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;

function figure(id: string, label: string, value: string): HTMLElement {
  return h(
    'div',
    { class: 'figure', 'data-figure': id },
    h('span', { class: 'label' }, label),
    h('strong', {}, value),
  );
}

let panelRun = 0;

async function renderPanel(): Promise<void> {
  const { snapshot, selectedId, rootId, api } = state;
  if (snapshot === undefined || selectedId === undefined || api === undefined) return;
  const run = ++panelRun;
  const selected = snapshot.centers.find((c) => c.id === selectedId);
  if (selected === undefined) return;
  const centers = subtreeOf(snapshot.centers, selectedId);
  const open = centers.filter((c) => isOpen(c.status)).length;
  const gaps = gapsOf(snapshot, centers);
  const rows = childRows(snapshot, selectedId);
  const instant = zonedInstant(localOf(snapshot.at, state.config.timeZone), state.config.timeZone);
  const [orders, stats] = await Promise.all([
    ordersOf(api, selectedId).catch(() => undefined),
    statsOf(api, selectedId, instant),
  ]);
  if (run !== panelRun) return;
  const m = state.m;

  const csv = () => {
    const header = [t('name'), 'id', t('level'), t('open'), t('total'), t('gaps'), t('openOrders')];
    const body = [
      [
        selected.name,
        selected.id,
        m.level(selected.level),
        open,
        centers.length,
        gaps.length,
        centers.reduce((s, c) => s + c.load.openServiceOrders, 0),
      ],
      ...rows.map((r) => [r.name, r.id, m.level(r.level), r.open, r.total, r.gaps, r.openServiceOrders]),
    ];
    const blob = new Blob([toCsv(header, body)], { type: 'text/csv;charset=utf-8' });
    const link = h('a', {
      href: URL.createObjectURL(blob),
      download: `pmsc-${selected.id}-${localOf(snapshot.at, state.config.timeZone).replace(/[-:]/g, '').replace('T', '-')}.csv`,
    });
    document.body.append(link);
    link.click();
    link.remove();
  };

  const statsSection =
    stats === undefined
      ? h('p', { class: 'note', id: 'stats-unavailable' }, t('statsUnavailable'))
      : h(
          'div',
          { class: 'figures', id: 'stats' },
          stats.bookings === undefined
            ? null
            : figure('bookings', t('bookingsToday'), String(stats.bookings)),
          stats.coursesDistributed === undefined
            ? null
            : figure('courses', t('coursesDelivered'), String(stats.coursesDistributed)),
          stats.peopleReached === undefined
            ? null
            : figure('reached', t('peopleReached'), String(stats.peopleReached)),
          stats.servicesDone === undefined
            ? null
            : figure('services-done', t('servicesDone'), String(stats.servicesDone)),
          stats.peopleServed === undefined
            ? null
            : figure('people-served', t('peopleServed'), String(stats.peopleServed)),
        );

  byId('panel').replaceChildren(
    ...present(
      h(
        'div',
        { class: 'panel-head' },
        h('h2', { id: 'panel-title' }, selected.name),
        h('span', { class: 'level' }, m.level(selected.level)),
        selectedId !== rootId && selected.parentId !== null
          ? h('button', { type: 'button', id: 'up', click: () => select(selected.parentId!) }, t('up'))
          : null,
      ),
      h(
        'div',
        { class: 'figures' },
        figure('open', t('openNow'), `${open} / ${centers.length}`),
        figure('gaps', t('gaps'), String(gaps.length)),
        figure(
          'orders-open',
          `${t('serviceOrders')} · ${t('ordersOpen')}`,
          orders ? String(orders.open) : '—',
        ),
        figure('orders-overdue', t('ordersOverdue'), orders ? String(orders.overdue) : '—'),
        figure('orders-escalated', t('ordersEscalated'), orders ? String(orders.escalated) : '—'),
        figure('satisfaction', t('satisfaction'), percent(stats?.satisfactionRate ?? orders?.satisfaction)),
      ),
      orders?.truncated ? h('p', { class: 'note' }, t('truncated')) : null,
      state.provisional ? h('p', { class: 'note', id: 'provisional' }, t('provisional')) : null,
      statsSection,
      gaps.length === 0
        ? h('p', { class: 'note', id: 'gaps-none' }, t('gapsNone'))
        : h(
            'ul',
            { id: 'gap-list' },
            ...gaps.map((g) =>
              h(
                'li',
                { 'data-gap': g.id },
                g.name,
                g.nearestOpen
                  ? h(
                      'small',
                      {},
                      ` ${t('nearestOpen')} ${Math.round(g.nearestOpen.distanceMeters)} ${t('meters')}`,
                    )
                  : null,
              ),
            ),
          ),
      rows.length === 0
        ? null
        : h(
            'table',
            { id: 'children' },
            h('caption', {}, t('children')),
            h(
              'thead',
              {},
              h('tr', {}, ...[t('name'), t('open'), t('gaps'), t('openOrders')].map((c) => h('th', {}, c))),
            ),
            h(
              'tbody',
              {},
              ...rows.map((r) =>
                h(
                  'tr',
                  { 'data-child': r.id },
                  h(
                    'td',
                    {},
                    h('button', { type: 'button', class: 'link', click: () => select(r.id) }, r.name),
                  ),
                  h('td', {}, `${r.open} / ${r.total}`),
                  h('td', {}, String(r.gaps)),
                  h('td', {}, String(r.openServiceOrders)),
                ),
              ),
            ),
          ),
      h('button', { type: 'button', id: 'download-csv', click: csv }, t('downloadCsv')),
    ),
  );
}

function select(centerId: string): void {
  state.selectedId = centerId;
  drawMap();
  setBusy(true);
  renderPanel().then(
    () => setBusy(false),
    (error: unknown) => showError(error),
  );
}

interface CenterDetail {
  readonly openingHours: string;
}
interface StatusDetail {
  readonly status: SnapshotCenter['status'];
  readonly nextChange: string | null;
  readonly reason: { basis: string; dayName?: string; rule?: string; closure?: { reason: string } };
}

async function openCard(center: SnapshotCenter): Promise<void> {
  const api = state.api;
  const snapshot = state.snapshot;
  if (api === undefined || snapshot === undefined) return;
  const card = byId('card');
  const id = encodeURIComponent(center.id);
  const m = state.m;
  card.hidden = false;
  card.dataset.center = center.id;
  card.replaceChildren(h('p', {}, t('loading')));
  const instant = encodeURIComponent(snapshot.at);
  const [detail, status, rooms, overdue] = await Promise.all([
    api.get<CenterDetail>(`/centers/${id}`),
    api.get<StatusDetail>(`/centers/${id}/status?at=${instant}`),
    api
      .get<{ items: { name: string; capacity: number }[] }>(`/centers/${id}/rooms`)
      .catch(() => ({ items: [] })),
    listAll<OrderLike>(api, `/centers/${id}/service-orders?overdue=true`, 1).catch(() => undefined),
  ]);
  if (card.dataset.center !== center.id) return;
  const reason = status.reason;
  const why = [m.basis(reason.basis), reason.dayName, reason.closure?.reason, reason.rule]
    .filter(Boolean)
    .join(' · ');
  card.replaceChildren(
    h(
      'button',
      {
        type: 'button',
        class: 'close',
        id: 'card-close',
        'aria-label': t('close'),
        click: () => (card.hidden = true),
      },
      '×',
    ),
    h('h3', {}, center.name),
    h(
      'p',
      { class: `badge status-${status.status}`, style: `background:${STATUS_COLOURS[status.status]}` },
      m.status(status.status),
    ),
    h(
      'dl',
      {},
      h('dt', {}, t('hours')),
      h('dd', { 'data-field': 'hours' }, detail.openingHours),
      h('dt', {}, t('nextChange')),
      h('dd', { 'data-field': 'next-change' }, status.nextChange?.replace('T', ' ').slice(0, 16) ?? '—'),
      h('dt', {}, t('why')),
      h('dd', { 'data-field': 'why' }, why),
      h('dt', {}, t('rooms')),
      h(
        'dd',
        { 'data-field': 'rooms' },
        rooms.items.map((r) => `${r.name} (${r.capacity})`).join('、') || '—',
      ),
      h('dt', {}, t('openOrders')),
      h('dd', { 'data-field': 'open-orders' }, String(center.load.openServiceOrders)),
      h('dt', {}, t('overdueOrders')),
      h('dd', { 'data-field': 'overdue-orders' }, overdue === undefined ? '—' : String(overdue.items.length)),
    ),
  );
}

async function start(): Promise<void> {
  document.documentElement.lang = state.m.lang === 'zh' ? 'zh-CN' : 'en';
  try {
    state.config = await loadConfig();
    const auth = state.config.auth;
    state.session = auth === null ? undefined : ((await completeSignIn(auth)) ?? currentSession());
    // back from the issuer, the address is the one sign-in started from again
    const restored = new URLSearchParams(location.search);
    state.at = restored.get('at');
    state.rootId = restored.get('center') ?? undefined;
    state.m = messages(pickLang(restored.get('lang'), localStorage.getItem('pmsc.console.lang')));
    renderHeader();
    renderLegend();
    if (state.session === undefined) {
      byId('panel').replaceChildren(
        ...present(
          h('p', {}, auth === null ? t('signInUnavailable') : t('signInPrompt')),
          auth === null
            ? null
            : h(
                'button',
                { type: 'button', id: 'sign-in', click: () => void startSignIn(auth) },
                t('signIn'),
              ),
        ),
      );
      setBusy(false);
      return;
    }
    state.api = createApi(state.session.token);
    state.map = createMap(byId('map'), state.config.basemap, (center) => {
      openCard(center).catch(showError);
    });
    await refresh();
  } catch (error) {
    showError(error);
  }
}

window.addEventListener('resize', () => state.map?.invalidate());
void start();
