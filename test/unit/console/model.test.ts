import { describe, expect, it } from 'vitest';
import { toDatum } from '../../../console/src/coords.ts';
import { messages, pickLang } from '../../../console/src/i18n.ts';
import {
  cellsOf,
  childRows,
  colourOf,
  gapsOf,
  insideRing,
  orderFigures,
  type Snapshot,
  type SnapshotCenter,
  STATUS_COLOURS,
  shareColour,
  statsFigures,
  subtreeOf,
  toCsv,
} from '../../../console/src/model.ts';
import { localOf, zonedInstant } from '../../../console/src/zone.ts';
import { districts } from '../../../infra/config/districts.ts';
import { consoleConfigFor } from '../../../infra/stacks/console-config.ts';
import type { DistrictIdentity } from '../../../infra/stacks/district-data-stack.ts';

const center = (
  id: string,
  parentId: string | null,
  extra: Partial<SnapshotCenter> = {},
): SnapshotCenter => ({
  id,
  name: id,
  level: 'community',
  parentId,
  streetId: null,
  location: { lat: 31.4, lon: 121.48 },
  status: 'open',
  nextChange: null,
  basis: 'hours',
  residential: true,
  load: { openServiceOrders: 0 },
  ...extra,
});

// a district, two streets, communities under each
const centers: SnapshotCenter[] = [
  center('d', null, { level: 'district' }),
  center('s1', 'd', { level: 'street', load: { openServiceOrders: 2 } }),
  center('s1-a', 's1', { status: 'closed', location: { lat: 31.41, lon: 121.49 } }),
  center('s1-b', 's1', { status: 'closing-soon', load: { openServiceOrders: 1 } }),
  center('s2', 'd', { level: 'street' }),
  center('s2-a', 's2', { status: 'temporarily-closed' }),
];

// a square "cell" around 31.41, 121.49 as a closed [lon, lat] ring
const ring: [number, number][] = [
  [121.485, 31.405],
  [121.495, 31.405],
  [121.495, 31.415],
  [121.485, 31.415],
  [121.485, 31.405],
];

const snapshot: Pick<Snapshot, 'centers' | 'cells' | 'circle'> = {
  centers,
  cells: [
    {
      cell: 'far',
      open: 1,
      total: 1,
      boundary: ring.map(([lon, lat]) => [lon + 1, lat] as [number, number]),
    },
    { cell: 'near', open: 5, total: 9, boundary: ring },
  ],
  circle: {
    walkMeters: 1000,
    gaps: [
      { id: 's1-a', name: 's1-a', streetId: 's1', location: { lat: 31.41, lon: 121.49 }, nearestOpen: null },
      { id: 's2-a', name: 's2-a', streetId: 's2', location: { lat: 31.4, lon: 121.48 }, nearestOpen: null },
    ],
  },
};

describe('subtreeOf', () => {
  it("holds the root and everything below it, nothing of a sibling's subtree", () => {
    expect(subtreeOf(centers, 's1').map((c) => c.id)).toEqual(['s1', 's1-a', 's1-b']);
    expect(subtreeOf(centers, 'd')).toHaveLength(6);
    expect(subtreeOf(centers, 's2-a').map((c) => c.id)).toEqual(['s2-a']);
  });

  it('is empty for a center the snapshot does not hold', () => {
    expect(subtreeOf(centers, 'nowhere')).toEqual([]);
  });
});

describe('colours', () => {
  it('gives each status its own colour, and draws a provisional day as unknown', () => {
    expect(new Set(Object.values(STATUS_COLOURS)).size).toBe(6);
    expect(colourOf({ status: 'open', basis: 'hours' })).toBe('#1a9850');
    expect(colourOf({ status: 'closed', basis: 'holiday' })).toBe('#d73027');
    expect(colourOf({ status: 'open', basis: 'hours' }, true)).toBe(STATUS_COLOURS.unknown);
    // a closure is certain whatever the calendar
    expect(colourOf({ status: 'temporarily-closed', basis: 'closure' }, true)).toBe(
      STATUS_COLOURS['temporarily-closed'],
    );
  });

  it('shades cells from red (none open) to green (all open)', () => {
    expect(shareColour(0)).toBe(STATUS_COLOURS.closed);
    expect(shareColour(0.25)).toBe(STATUS_COLOURS['closing-soon']);
    expect(shareColour(0.5)).toBe('#a6d96a');
    expect(shareColour(1)).toBe(STATUS_COLOURS.open);
  });
});

describe('cellsOf', () => {
  it("lists only cells holding the subtree's centers, counted over those centers", () => {
    const cells = cellsOf(snapshot, subtreeOf(centers, 's1'));
    // s1-a is inside the ring; s1 and s1-b (121.48) are not
    expect(cells).toEqual([{ cell: 'near', boundary: ring, open: 0, total: 1, share: 0 }]);
  });

  it('tells points inside a ring from points outside', () => {
    expect(insideRing({ lat: 31.41, lon: 121.49 }, ring)).toBe(true);
    expect(insideRing({ lat: 31.42, lon: 121.49 }, ring)).toBe(false);
  });
});

describe('gapsOf and childRows', () => {
  it("keeps only the subtree's gaps", () => {
    expect(gapsOf(snapshot, subtreeOf(centers, 's1')).map((g) => g.id)).toEqual(['s1-a']);
  });

  it('gives each child the figures of its own subtree', () => {
    expect(childRows(snapshot, 'd')).toEqual([
      { id: 's1', name: 's1', level: 'street', open: 2, total: 3, gaps: 1, openServiceOrders: 3 },
      { id: 's2', name: 's2', level: 'street', open: 1, total: 2, gaps: 1, openServiceOrders: 0 },
    ]);
  });
});

describe('orderFigures', () => {
  it('counts open, overdue and escalated among open orders, and satisfaction among rated ones', () => {
    const figures = orderFigures([
      { status: 'submitted' },
      { status: 'assigned', overdue: true, escalations: 1 },
      { status: 'accepted', escalations: 2 },
      { status: 'completed', overdue: true },
      { status: 'rated', rating: { level: 'very-satisfied' } },
      { status: 'rated', rating: { level: 'satisfied' } },
      { status: 'rated', rating: { level: 'dissatisfied' } },
      { status: 'rated', rating: { level: 'neutral' } },
    ]);
    expect(figures).toEqual({ open: 3, overdue: 1, escalated: 2, satisfaction: 0.5, truncated: false });
  });

  it('has no satisfaction rate without a rating', () => {
    expect(orderFigures([{ status: 'submitted' }], true)).toMatchObject({
      satisfaction: null,
      truncated: true,
    });
  });
});

describe('statsFigures', () => {
  it('reads the known figures, flat or under figures, and ignores anything else', () => {
    expect(statsFigures({ bookings: 12, peopleReached: 'many', other: 3 })).toEqual({ bookings: 12 });
    expect(statsFigures({ figures: { coursesDistributed: 4, satisfactionRate: 0.9 } })).toEqual({
      coursesDistributed: 4,
      satisfactionRate: 0.9,
    });
    expect(statsFigures(null)).toEqual({});
  });

  it('reads the figures of GET /centers/{id}/stats where the API nests them', () => {
    expect(
      statsFigures({
        center: { id: 'c-youyi' },
        figures: {
          courses: { distributed: 3, peopleReached: 80, byOrigin: {} },
          services: { completed: 5, peopleServed: 9 },
          bookings: { confirmed: 12, checkIns: 4, noShows: 1 },
          satisfaction: { rated: 0, rate: null },
        },
      }),
    ).toEqual({ coursesDistributed: 3, peopleReached: 80, servicesDone: 5, peopleServed: 9, bookings: 12 });
  });
});

describe('toCsv', () => {
  it('writes UTF-8 with a byte order mark, CRLF lines and RFC 4180 quoting', () => {
    expect(
      toCsv(
        ['名称', 'n'],
        [
          ['友谊路, "一"', 3],
          ['line\nbreak', null],
        ],
      ),
    ).toBe('\uFEFF名称,n\r\n"友谊路, ""一""",3\r\n"line\nbreak",\r\n');
  });

  it('keeps a spreadsheet from reading a name as a formula', () => {
    expect(toCsv(['name'], [['=HYPERLINK("x")'], ['-1']])).toBe(
      '\uFEFFname\r\n"\'=HYPERLINK(""x"")"\r\n\'-1\r\n',
    );
  });
});

describe('the date-time field', () => {
  it("reads a wall-clock time in the district's zone as an instant with its offset", () => {
    expect(zonedInstant('2026-02-17T10:00', 'Asia/Shanghai')).toBe('2026-02-17T10:00:00+08:00');
    // across a daylight-saving change
    expect(zonedInstant('2026-07-01T09:30', 'Europe/Berlin')).toBe('2026-07-01T09:30:00+02:00');
    expect(zonedInstant('2026-01-01T09:30', 'Europe/Berlin')).toBe('2026-01-01T09:30:00+01:00');
  });

  it('shows an instant as wall-clock time of the zone', () => {
    expect(localOf('2026-02-17T02:00:00.000Z', 'Asia/Shanghai')).toBe('2026-02-17T10:00');
  });
});

describe('UI text', () => {
  it('is Chinese unless English is asked for, by the address first', () => {
    expect(pickLang(null, null)).toBe('zh');
    expect(pickLang('en', 'zh')).toBe('en');
    expect(pickLang(null, 'en')).toBe('en');
    expect(pickLang('fr', null)).toBe('zh');
    expect(messages('zh').status('temporarily-closed')).toBe('临时关闭');
    expect(messages('en').basis('holiday')).toBe('public holiday');
  });
});

describe('consoleConfigFor', () => {
  const pool = {
    userPool: { webClient: { userPoolClientId: 'web-client-id' } },
  } as unknown as DistrictIdentity;

  it("signs a Cognito district in at its user pool's hosted UI, on a plain background", () => {
    expect(consoleConfigFor(districts['310113'], pool, 'ap-southeast-1')).toEqual({
      district: { code: '310113', name: { zh: '宝山区', en: 'Baoshan District' } },
      timeZone: 'Asia/Shanghai',
      auth: {
        authorizeUrl: 'https://pmsc-310113-baoshan.auth.ap-southeast-1.amazoncognito.com/oauth2/authorize',
        tokenUrl: 'https://pmsc-310113-baoshan.auth.ap-southeast-1.amazoncognito.com/oauth2/token',
        clientId: 'web-client-id',
        scope: 'openid email profile',
        claims: { groups: 'cognito:groups', centerId: 'custom:center_id' },
      },
      basemap: null,
    });
  });

  it('leaves an OIDC district without a console client unable to sign in, not guessing endpoints', () => {
    expect(consoleConfigFor(districts['310112'], {} as DistrictIdentity, 'cn-northwest-1').auth).toBeNull();
  });
});

describe('toDatum', () => {
  const youyi = { lat: 31.406, lon: 121.487 };

  it('leaves WGS-84 points as stored', () => {
    expect(toDatum(youyi, 'wgs84')).toEqual([31.406, 121.487]);
  });

  it('shifts points onto a GCJ-02 basemap by the few hundred metres that datum is off in Shanghai', () => {
    const [lat, lon] = toDatum(youyi, 'gcj02');
    // about -0.002 degrees of latitude and +0.0045 of longitude here
    expect(lat - youyi.lat).toBeCloseTo(-0.0021, 3);
    expect(lon - youyi.lon).toBeCloseTo(0.0045, 3);
  });
});
