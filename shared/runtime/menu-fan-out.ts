import { fanOutId, type Menu } from '../domain/menus.ts';
import { queueFanOut } from '../store/menus.ts';
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
