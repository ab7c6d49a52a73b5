import type { CenterKind } from '../../shared/domain/center.ts';
import type { Level } from '../../shared/domain/levels.ts';

/**
 * The demo network seeded by `npm start` on an empty store: Shanghai -> Baoshan district -> its
 * real streets and towns -> communities and field positions. Names are real places; the
 * coordinates are SYNTHETIC (near the real places, not surveyed) and the communities under each
 * street are illustrative, not an official list.
 */
export interface DemoCenter {
  readonly id: string;
  readonly parent?: string;
  readonly level: Level;
  readonly kind?: CenterKind;
  readonly name: string;
  readonly divisionCode?: string;
  readonly lat: number;
  readonly lon: number;
  readonly openingHours?: string;
}

const STREETS: readonly (readonly [id: string, name: string, code: string, lat: number, lon: number])[] = [
  ['c-youyi', '友谊路街道党群服务中心', '310113003', 31.406, 121.487],
  ['c-wusong', '吴淞街道党群服务中心', '310113002', 31.378, 121.498],
  ['c-zhangmiao', '张庙街道党群服务中心', '310113004', 31.339, 121.441],
  ['c-luodian', '罗店镇党群服务中心', '310113101', 31.418, 121.338],
  ['c-dachang', '大场镇党群服务中心', '310113102', 31.3, 121.415],
  ['c-yanghang', '杨行镇党群服务中心', '310113103', 31.385, 121.437],
  ['c-yuepu', '月浦镇党群服务中心', '310113104', 31.428, 121.43],
  ['c-luojing', '罗泾镇党群服务中心', '310113106', 31.48, 121.371],
  ['c-gucun', '顾村镇党群服务中心', '310113109', 31.353, 121.38],
  ['c-gaojing', '高境镇党群服务中心', '310113111', 31.322, 121.473],
  ['c-miaohang', '庙行镇党群服务中心', '310113112', 31.327, 121.433],
  ['c-songnan', '淞南镇党群服务中心', '310113113', 31.346, 121.49],
];

const COMMUNITY_HOURS = 'Mo-Fr 08:30-20:00; Sa,Su 09:00-17:00; PH 09:00-12:00';

function communities(): DemoCenter[] {
  const out: DemoCenter[] = [];
  for (const [streetId, streetName, , lat, lon] of STREETS) {
    const base = streetName.replace(/(街道|镇)党群服务中心$/, '');
    const offsets: readonly (readonly [string, string, number, number])[] = [
      ['a', '第一居民区', 0.006, 0.004],
      ['b', '第二居民区', -0.005, 0.006],
      ['c', '第三居民区', 0.003, -0.007],
    ];
    for (const [suffix, label, dLat, dLon] of offsets) {
      out.push({
        id: `${streetId}-${suffix}`,
        parent: streetId,
        level: 'community',
        kind: streetName.includes('镇') && suffix === 'c' ? 'village' : 'community',
        name: `${base}${label}党群服务站`,
        lat: Number((lat + dLat).toFixed(5)),
        lon: Number((lon + dLon).toFixed(5)),
        openingHours: COMMUNITY_HOURS,
      });
    }
  }
  return out;
}

export const DEMO_NETWORK: readonly DemoCenter[] = [
  {
    id: 'c-shanghai',
    level: 'city',
    name: '上海市党群服务中心',
    divisionCode: '310000',
    lat: 31.2304,
    lon: 121.4737,
    openingHours: 'Mo-Su 09:00-17:00',
  },
  {
    id: 'c-baoshan',
    parent: 'c-shanghai',
    level: 'district',
    name: '宝山区党群服务中心',
    divisionCode: '310113',
    lat: 31.405,
    lon: 121.489,
    openingHours: 'Mo-Su 08:30-20:30',
  },
  ...STREETS.map(
    ([id, name, code, lat, lon]): DemoCenter => ({
      id,
      parent: 'c-baoshan',
      level: 'street',
      name,
      divisionCode: code,
      lat,
      lon,
      openingHours: 'Mo-Fr 08:30-12:00,12:00-20:30; Sa,Su 09:00-17:00',
    }),
  ),
  ...communities(),
  // field positions: post stations for delivery riders and drivers, a business district, a park
  {
    id: 'c-youyi-post',
    parent: 'c-youyi',
    level: 'community',
    kind: 'post-station',
    name: '友谊路畅享驿站',
    lat: 31.4085,
    lon: 121.4832,
    openingHours: '24/7',
  },
  {
    id: 'c-gucun-post',
    parent: 'c-gucun',
    level: 'community',
    kind: 'post-station',
    name: '顾村畅享驿站',
    lat: 31.3561,
    lon: 121.3842,
    openingHours: 'Mo-Su 07:00-22:00',
  },
  {
    id: 'c-dachang-post',
    parent: 'c-dachang',
    level: 'community',
    kind: 'post-station',
    name: '大场畅享驿站',
    lat: 31.3027,
    lon: 121.4195,
    openingHours: 'Mo-Su 07:00-22:00',
  },
  {
    id: 'c-youyi-mall',
    parent: 'c-youyi',
    level: 'community',
    kind: 'business-district',
    name: '宝山万达商圈党群服务站',
    lat: 31.4012,
    lon: 121.4551,
    openingHours: 'Mo-Su 10:00-21:00',
  },
  {
    id: 'c-gucun-park',
    parent: 'c-gucun',
    level: 'community',
    kind: 'park',
    name: '顾村公园党群服务点',
    lat: 31.3505,
    lon: 121.3722,
    openingHours: 'Mo-Su 06:00-18:00',
  },
];

export const DEMO_STAFF_CENTER = 'c-youyi';

export const DEMO_ROOMS = [
  { kind: 'education-training-hall', name: '教育培训厅', capacity: 80 },
  { kind: 'reading-room', name: '阅览室', capacity: 30 },
  { kind: 'meeting-room', name: '会议室', capacity: 20 },
  { kind: 'heart-to-heart-room', name: '谈心室', capacity: 4 },
] as const;

export const DEMO_WINDOWS = [
  { kind: 'party-member-services', name: '党员服务窗口' },
  { kind: 'comprehensive-business', name: '综合业务窗口' },
  { kind: 'help-and-agency', name: '帮办代办窗口' },
  { kind: 'consultation-and-complaints', name: '咨询投诉窗口' },
] as const;
