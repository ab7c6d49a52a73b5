import { fanOutId, type Menu } from '../domain/menus.ts';
import { listDistrictSends, putDistrictSend, queueDistrictSends, queueFanOut } from '../store/menus.ts';
import type { HttpResult } from './http.ts';
import { logger } from './powertools.ts';

/**
 * Hands the menu's current revision to the coordinator. If the queue is unreachable the fan-out
 * is still recorded as running, and the reconciler starts it later.
 */
export async function startFanOut(menu: Menu): Promise<void> {
  try {
    await queueFanOut(menu.id, menu.revision);
  } catch (error) {
    logger.warn('menu revision recorded but not queued; the reconciler will fan it out', {
      menuId: menu.id,
      revision: menu.revision,
      error: error as Error,
    });
  }
}

/**
 * In a city stack: asks the sender to bring each of `districts` to the menu's current revision.
 * A failed send leaves them pending, and the reconciler sends them again.
 */
export async function startDistrictSends(menu: Menu, districts: readonly string[]): Promise<void> {
  if (districts.length === 0) return;
  try {
    await queueDistrictSends(menu, districts);
  } catch (error) {
    logger.warn('district sends recorded but not queued; the reconciler will send them', {
      menuId: menu.id,
      error: error as Error,
    });
  }
}

/** After a new version or a withdrawal in a city stack: every district the menu went to is owed it. */
export async function resendToDistricts(menu: Menu, now: string): Promise<void> {
  const sends = await listDistrictSends(menu.id);
  if (sends.length === 0) return;
  await Promise.all(
    sends.map((send) =>
      putDistrictSend({ ...send, status: 'pending', revision: menu.revision, attempts: 0, updatedAt: now }),
    ),
  );
  await startDistrictSends(
    menu,
    sends.map((send) => send.district),
  );
}

/** 202 with the fan-out of the menu's current revision, and where to follow it. */
export function menuAccepted(menu: Menu, expected: number): HttpResult {
  return {
    status: 202,
    body: {
      menuId: menu.id,
      revision: menu.revision,
      fanOutId: fanOutId(menu.id, menu.revision),
      expected,
      status: menu.status,
    },
    headers: { location: `/menus/${menu.id}` },
    etag: menu.revision,
  };
}
