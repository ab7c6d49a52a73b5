/**
 * A synthetic but plausible district network for the grid-at-scale measure: one district root,
 * streets of about 30 communities each, spread over a Baoshan-sized area around 31.40, 121.45,
 * with a realistic mix of opening hours (PH rules included), a few suspended or closed centers
 * and temporary closures around the measured day. Deterministic: a fixed seed.
 *
 * The items are the store's own: `keys.center` + `centerIndexKeys` + `entity: 'center'` (as
 * `toItem` in shared/store/centers.ts), `keys.closure` + `closureIndexKeys` + `entity: 'closure'`
 * (as `putClosure` in shared/store/rooms.ts). Written with BatchWriteItem, 25 items a request.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Center, CenterKind } from '../shared/domain/center.ts';
import type { Closure } from '../shared/domain/closures.ts';
import type { CompiledHours } from '../shared/domain/compiled-hours.ts';
import { compileOpeningHours } from '../shared/domain/opening-hours.ts';
import { childPath } from '../shared/domain/tree.ts';
import { centerIndexKeys, closureIndexKeys, keys } from '../shared/store/keys.ts';

export const COMMUNITIES_PER_STREET = 30;

/** Weighted opening hours: the common case first, PH rules and odd ones in the mix. */
const HOURS: readonly (readonly [weight: number, hours: string])[] = [
  [30, 'Mo-Fr 08:30-20:00; Sa,Su 09:00-17:00; PH 09:00-12:00'],
  [15, 'Mo-Su 09:00-17:00'],
  [12, 'Mo-Fr 08:30-12:00,13:30-17:30; PH off'],
  [8, 'Mo-Sa 08:00-20:00; Su off; PH off'],
  [8, 'Mo-Fr 09:00-21:00; Sa 09:00-12:00; PH 10:00-16:00'],
  [6, 'Tu-Su 10:00-18:00; Mo off'],
  [5, 'Mo-Su 06:00-18:00'],
  [5, 'Mo-Su 07:00-22:00'],
  [4, '24/7'],
  [4, 'Mo-Fr 08:30-11:30,13:30-16:30; We 08:30-11:30; PH off'],
  [3, 'Mo-Su 10:00-21:00; PH 10:00-18:00'],
];
const FIELD_KINDS: readonly CenterKind[] = [
  'village',
  'office-building',
  'park',
  'business-district',
  'market',
  'enterprise',
  'talent-apartment',
  'post-station',
];

/** mulberry32: small, fast, deterministic. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export interface SyntheticNetwork {
  readonly centers: readonly Center[];
  readonly closures: readonly Closure[];
  readonly streets: number;
  readonly hoursMix: Readonly<Record<string, number>>;
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * `total` centers (root included). `day` is the measured local day (00:00 Asia/Shanghai, epoch
 * ms): closures are placed around it, some covering the first tick, some later in the day.
 */
export function syntheticNetwork(total: number, day: number, seed = 20260217): SyntheticNetwork {
  const rnd = random(seed + total);
  const now = new Date(day - 30 * 86_400_000).toISOString();
  const streets = Math.max(1, Math.round((total - 1) / (COMMUNITIES_PER_STREET + 1)));
  const communities = total - 1 - streets;
  const hoursWeight = HOURS.reduce((sum, [w]) => sum + w, 0);
  const pickHours = () => {
    let r = rnd() * hoursWeight;
    for (const [w, hours] of HOURS) {
      r -= w;
      if (r < 0) return hours;
    }
    return HOURS[0]![1];
  };
  const hoursMix: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  // Baoshan: about 0.2 degrees of latitude by 0.25 of longitude around 31.40, 121.45
  const base = (
    id: string,
    parent: Center | undefined,
    level: Center['level'],
    lat: number,
    lon: number,
    name: string,
  ): Center => {
    const openingHours =
      level === 'community' ? pickHours() : 'Mo-Fr 08:30-20:30; Sa,Su 09:00-17:00; PH 09:00-17:00';
    const r = rnd();
    const status: Center['status'] =
      level !== 'community' ? 'active' : r < 0.02 ? 'suspended' : r < 0.025 ? 'closed' : 'active';
    hoursMix[openingHours] = (hoursMix[openingHours] ?? 0) + 1;
    statuses[status] = (statuses[status] ?? 0) + 1;
    return {
      id,
      parentId: parent?.id ?? null,
      level,
      name,
      address: `上海市宝山区 ${name}`,
      location: { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 },
      serviceRadiusMeters: level === 'community' ? 1000 : 3000,
      timeZone: 'Asia/Shanghai',
      openingHours,
      contact: { phone: '021-00000000' },
      status,
      path: childPath(parent, id),
      depth: parent ? parent.depth + 1 : 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  };
  const root = base('c-baoshan', undefined, 'district', 31.405, 121.489, '宝山区党群服务中心');
  const centers: Center[] = [root];
  const closures: Closure[] = [];
  for (let s = 0; s < streets; s++) {
    const lat = 31.3 + rnd() * 0.2;
    const lon = 121.325 + rnd() * 0.25;
    const streetId = `c-s${String(s).padStart(5, '0')}`;
    const street = base(streetId, root, 'street', lat, lon, `街道 ${s + 1} 党群服务中心`);
    centers.push(street);
    const own = Math.floor(communities / streets) + (s < communities % streets ? 1 : 0);
    for (let c = 0; c < own; c++) {
      const id = `${streetId}-${String(c).padStart(3, '0')}`;
      const center = base(
        id,
        street,
        'community',
        lat + (rnd() - 0.5) * 0.03,
        lon + (rnd() - 0.5) * 0.035,
        `街道 ${s + 1} 第 ${c + 1} 党群服务站`,
      );
      const field = rnd() < 0.15;
      const withKind: Center = {
        ...center,
        kind: field ? FIELD_KINDS[Math.floor(rnd() * FIELD_KINDS.length)]! : 'community',
      };
      centers.push(withKind);
      // about 3 % have a temporary closure: a whole day around the measured day, or a few hours in it
      const r = rnd();
      if (r < 0.03) {
        const wholeDay = r < 0.015;
        const from = wholeDay
          ? day - 86_400_000 * Math.floor(rnd() * 3)
          : day + 3_600_000 * (8 + Math.floor(rnd() * 6));
        const to = wholeDay ? day + 86_400_000 : from + 3_600_000 * (1 + Math.floor(rnd() * 4));
        closures.push({
          id: `cl-${id.slice(2)}`,
          centerId: id,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          reason: wholeDay ? '场地维修 maintenance' : '活动 event',
          createdAt: now,
        });
      }
    }
  }
  return { centers, closures, streets, hoursMix, statuses };
}

/**
 * The items exactly as the store writes them, hours compiled as a write compiles them (each
 * distinct string once: a network has a handful).
 */
export function networkItems(network: SyntheticNetwork): Record<string, unknown>[] {
  const compiled = new Map<string, CompiledHours>();
  const compiledOf = (hours: string) => {
    let form = compiled.get(hours);
    if (!form) {
      form = compileOpeningHours(hours);
      compiled.set(hours, form);
    }
    return form;
  };
  return [
    ...network.centers.map((center) => ({
      ...keys.center(center.id),
      ...centerIndexKeys(center),
      entity: 'center',
      ...center,
      compiledHours: compiledOf(center.openingHours),
    })),
    ...network.closures.map((closure) => ({
      ...keys.closure(closure.centerId, closure.id),
      entity: 'closure',
      ...closure,
      ...closureIndexKeys(closure),
    })),
  ];
}

/** BatchWriteItem, 25 items a request, `concurrency` requests in flight; retries unprocessed items. */
export async function batchWrite(
  options: { endpoint: string; table: string; concurrency?: number },
  items: readonly Record<string, unknown>[],
): Promise<{ requests: number }> {
  const raw = new DynamoDBClient({
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 8,
  });
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  let requests = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency ?? 16, batches.length) }, async () => {
        while (next < batches.length) {
          let pending = batches[next++]!.map((item) => ({
            PutRequest: { Item: item },
          }));
          for (let attempt = 0; pending.length > 0; attempt++) {
            if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
            requests++;
            const result = await client.send(
              new BatchWriteCommand({ RequestItems: { [options.table]: pending } }),
            );
            pending = (result.UnprocessedItems?.[options.table] ?? []) as typeof pending;
          }
        }
      }),
    );
  } finally {
    raw.destroy();
  }
  return { requests };
}
