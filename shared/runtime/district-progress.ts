import type { DistrictSend } from '../domain/menus.ts';
import { publicDistrictSend } from '../domain/menus.ts';
import { callDistrict } from './district-client.ts';
import { childDistricts } from './env.ts';

/** A city answer waits this long for a district, then says it could not read it. */
const PROGRESS_TIMEOUT_MS = 3_000;

interface RemoteMenu {
  readonly progress: { expected: number; delivered: number; failed: number; done: boolean };
}

/**
 * A city menu's districts as the city answers them: what the sender recorded, and each
 * district's own delivery progress read from its API now (in parallel, a few seconds at most).
 * A district that cannot be read is shown with why, not left out.
 */
export async function withDistrictProgress(sends: readonly DistrictSend[]) {
  const registered = sends.length > 0 ? childDistricts() : [];
  return Promise.all(
    sends.map(async (send) => {
      const shown = publicDistrictSend(send);
      const child = registered.find((c) => c.code === send.district);
      if (!send.remoteMenuId || !child) return shown;
      try {
        const { body } = await callDistrict<RemoteMenu>(child, 'GET', `/menus/${send.remoteMenuId}`, {
          timeoutMs: PROGRESS_TIMEOUT_MS,
        });
        const { expected, delivered, failed, done } = body.progress;
        return { ...shown, progress: { expected, delivered, failed, done } };
      } catch (error) {
        return { ...shown, progressError: (error as Error).message.slice(0, 300) };
      }
    }),
  );
}
