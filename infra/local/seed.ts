import { type Center, newCenter } from '../../shared/domain/center.ts';
import { PreconditionFailedError } from '../../shared/domain/errors.ts';
import { installOpeningHoursLibrary } from '../../shared/domain/opening-hours.ts';
import type { Room, ServiceWindow } from '../../shared/domain/rooms.ts';
import { ServiceDefinitionSchema } from '../../shared/domain/services.ts';
import { DEFAULT_TIME_ZONE } from '../../shared/domain/time-zone.ts';
import { getCenter, putCenter } from '../../shared/store/centers.ts';
import { putRoom, putWindow } from '../../shared/store/rooms.ts';
import { putService } from '../../shared/store/services.ts';
import { DEMO_BOOKING_RULES, seedDemoActivities } from './demo-activities.ts';
import { DEMO_NETWORK, DEMO_ROOMS, DEMO_STAFF_CENTER, DEMO_WINDOWS } from './demo-network.ts';
import { DEMO_SERVICES } from './demo-services.ts';

export interface SeedResult {
  readonly seeded: boolean;
  readonly centers: number;
  readonly staffCenterId: string;
}

/**
 * Seeds the demo network when the store is empty (no root center yet). Centers are built by the
 * API's own `newCenter` (hours compiled) and written through the same stores, so the seeded
 * items are exactly what the API would have stored.
 */
export async function seedDemoNetwork(): Promise<SeedResult> {
  installOpeningHoursLibrary();
  await seedServiceCatalog();
  const root = DEMO_NETWORK[0]!;
  if (await getCenter(root.id)) return { seeded: false, centers: 0, staffCenterId: DEMO_STAFF_CENTER };

  const now = new Date().toISOString();
  const byId = new Map<string, Center>();
  for (const demo of DEMO_NETWORK) {
    const parent = demo.parent ? byId.get(demo.parent) : undefined;
    const center = newCenter(
      {
        level: demo.level,
        ...(demo.kind ? { kind: demo.kind } : {}),
        name: demo.name,
        ...(demo.divisionCode ? { divisionCode: demo.divisionCode } : {}),
        address: `上海市宝山区 ${demo.name}`,
        location: { lat: demo.lat, lon: demo.lon },
        serviceRadiusMeters: demo.level === 'community' ? 1000 : 3000,
        timeZone: DEFAULT_TIME_ZONE,
        openingHours: demo.openingHours ?? 'Mo-Su 09:00-17:00',
        contact: { phone: '021-00000000' },
        status: 'active',
      },
      parent,
      demo.id,
      now,
    );
    await putCenter(center);
    byId.set(center.id, center);
  }

  // rooms and windows at the district, street and residential community centers
  const staffed = [...byId.values()].filter(
    (c) => c.level !== 'city' && (c.kind === undefined || c.kind === 'community'),
  );
  // one center at a time: a few writes in flight, not hundreds queueing for sockets
  for (const center of staffed) {
    await Promise.all([
      ...DEMO_ROOMS.map((room, index) => {
        const value: Room = {
          id: `r-${center.id.slice(2)}-${index + 1}`,
          centerId: center.id,
          name: room.name,
          kind: room.kind,
          capacity: center.level === 'community' ? Math.ceil(room.capacity / 2) : room.capacity,
          bookable: room.kind !== 'heart-to-heart-room',
          ...(room.kind in DEMO_BOOKING_RULES
            ? { bookingRules: DEMO_BOOKING_RULES[room.kind as keyof typeof DEMO_BOOKING_RULES] }
            : {}),
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        return putRoom(value);
      }),
      ...DEMO_WINDOWS.map((window, index) => {
        const value: ServiceWindow = {
          id: `w-${center.id.slice(2)}-${index + 1}`,
          centerId: center.id,
          name: window.name,
          kind: window.kind,
          createdAt: now,
        };
        return putWindow(value);
      }),
    ]);
  }

  await seedDemoActivities(byId, Date.parse(now));

  return { seeded: true, centers: byId.size, staffCenterId: DEMO_STAFF_CENTER };
}

/** Adds the demo services that are not in the catalog yet (an admin's edits are kept). */
export async function seedServiceCatalog(): Promise<number> {
  const now = new Date().toISOString();
  let added = 0;
  for (const demo of DEMO_SERVICES) {
    const definition = ServiceDefinitionSchema.parse(demo);
    try {
      await putService({ ...definition, version: 1, createdAt: now, updatedAt: now }, 0);
      added++;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
  return added;
}
