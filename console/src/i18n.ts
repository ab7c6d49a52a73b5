/** The console's UI text: Chinese by default, English on request (`?lang=en` or the toggle). */
import type { Status } from './model.ts';

export type Lang = 'zh' | 'en';

const zh = {
  title: '党群服务阵地一张图',
  signIn: '登录',
  signOut: '退出',
  signInPrompt: '请登录以查看您所辖范围内的阵地。',
  signInUnavailable: '本区未配置登录（见 docs/console.md）。',
  signedInAs: '当前用户',
  now: '现在',
  at: '时刻',
  apply: '查看',
  refresh: '刷新',
  whatIf: '推演',
  loading: '加载中…',
  openNow: '开放 / 总数',
  gaps: '15分钟生活圈缺口',
  gapsNone: '无缺口',
  nearestOpen: '最近开放阵地',
  serviceOrders: '服务工单',
  ordersOpen: '处理中',
  ordersOverdue: '超时',
  ordersEscalated: '已升级',
  satisfaction: '满意率',
  bookingsToday: '今日预约',
  coursesDelivered: '课程配送',
  peopleReached: '覆盖人次',
  servicesDone: '完成服务',
  peopleServed: '服务人次',
  statsUnavailable: '统计接口尚未上线：预约、课程与覆盖人次暂不显示。',
  children: '下级阵地',
  downloadCsv: '下载 CSV',
  up: '返回上级',
  name: '名称',
  level: '层级',
  open: '开放',
  total: '总数',
  openOrders: '处理中工单',
  hours: '开放时间',
  nextChange: '下次变化',
  why: '原因',
  rooms: '功能室',
  capacity: '容量',
  overdueOrders: '超时工单',
  close: '关闭',
  legend: '图例',
  cellShare: '网格开放率',
  gapArea: '生活圈缺口',
  errorPrefix: '出错了：',
  truncated: '（仅统计前若干页）',
  provisional: '该年节假日安排尚未公布：按法定节假日推算，不含调休，状态以灰色显示。',
  language: 'English',
  meters: '米',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  title: 'Party-Mass Service Centers — one map',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInPrompt: 'Sign in to see the centers you are responsible for.',
  signInUnavailable: 'Sign-in is not configured for this district (see docs/console.md).',
  signedInAs: 'Signed in as',
  now: 'Now',
  at: 'Time',
  apply: 'Show',
  refresh: 'Refresh',
  whatIf: 'What-if',
  loading: 'Loading…',
  openNow: 'Open / total',
  gaps: '15-minute circle gaps',
  gapsNone: 'No gaps',
  nearestOpen: 'Nearest open center',
  serviceOrders: 'Service orders',
  ordersOpen: 'Open',
  ordersOverdue: 'Overdue',
  ordersEscalated: 'Escalated',
  satisfaction: 'Satisfaction',
  bookingsToday: 'Bookings today',
  coursesDelivered: 'Courses delivered',
  peopleReached: 'People reached',
  servicesDone: 'Services done',
  peopleServed: 'People served',
  statsUnavailable: 'The stats endpoint is not live yet: bookings, courses and people reached are hidden.',
  children: 'Centers below',
  downloadCsv: 'Download CSV',
  up: 'Up one level',
  name: 'Name',
  level: 'Level',
  open: 'Open',
  total: 'Total',
  openOrders: 'Open orders',
  hours: 'Opening hours',
  nextChange: 'Next change',
  why: 'Why',
  rooms: 'Rooms',
  capacity: 'Capacity',
  overdueOrders: 'Overdue orders',
  close: 'Close',
  legend: 'Legend',
  cellShare: 'Open share per cell',
  gapArea: 'Circle gap',
  errorPrefix: 'Error: ',
  truncated: ' (first pages only)',
  provisional:
    "This year's holiday notice is not loaded yet: statuses follow the statutory holidays only, without adjusted working days, and are drawn grey.",
  language: '中文',
  meters: 'm',
};

const STATUS_TEXT: Record<Lang, Record<Status, string>> = {
  zh: {
    open: '开放',
    'closing-soon': '即将关闭',
    'opening-soon': '即将开放',
    closed: '关闭',
    'temporarily-closed': '临时关闭',
    unknown: '未知 / 待定',
  },
  en: {
    open: 'Open',
    'closing-soon': 'Closing soon',
    'opening-soon': 'Opening soon',
    closed: 'Closed',
    'temporarily-closed': 'Temporarily closed',
    unknown: 'Unknown / provisional',
  },
};

const BASIS_TEXT: Record<Lang, Record<string, string>> = {
  zh: {
    hours: '按开放时间',
    holiday: '法定节假日',
    'adjusted-working-day': '调休工作日',
    closure: '临时闭馆',
    'calendar-missing': '缺少节假日日历',
    'hours-not-compiled': '开放时间未编译',
    administrative: '行政状态',
  },
  en: {
    hours: 'opening hours',
    holiday: 'public holiday',
    'adjusted-working-day': 'adjusted working day',
    closure: 'temporary closure',
    'calendar-missing': 'calendar missing',
    'hours-not-compiled': 'hours not compiled',
    administrative: 'administrative status',
  },
};

const LEVEL_TEXT: Record<Lang, Record<string, string>> = {
  zh: { city: '市级', district: '区级', street: '街镇', community: '村居 / 阵地' },
  en: { city: 'City', district: 'District', street: 'Street / town', community: 'Community / position' },
};

export interface Messages {
  readonly lang: Lang;
  t(key: MessageKey): string;
  status(status: Status): string;
  basis(basis: string): string;
  level(level: string): string;
}

export function messages(lang: Lang): Messages {
  const table: Record<MessageKey, string> = lang === 'en' ? en : zh;
  return {
    lang,
    t: (key) => table[key],
    status: (status) => STATUS_TEXT[lang][status],
    basis: (basis) => BASIS_TEXT[lang][basis] ?? basis,
    level: (level) => LEVEL_TEXT[lang][level] ?? level,
  };
}

/** `?lang=en` wins, then the stored choice, then Chinese. */
export function pickLang(query: string | null, stored: string | null): Lang {
  if (query === 'en' || query === 'zh') return query;
  if (stored === 'en' || stored === 'zh') return stored;
  return 'zh';
}
