import { queues } from '../../infra/resources.ts';
import type { ChildDistrict } from '../../shared/domain/child-districts.ts';
import { DistrictSendMessage } from '../../shared/domain/menu-messages.ts';
import type { DistrictSend, Menu } from '../../shared/domain/menus.ts';
import { callDistrict, DistrictCallError } from '../../shared/runtime/district-client.ts';
import { childDistricts } from '../../shared/runtime/env.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { sqsHandler } from '../../shared/runtime/sqs.ts';
import { getDistrictSend, getMenu, putDistrictSend } from '../../shared/store/menus.ts';

const LAST_RECEIVE = queues.menuDistrictSends.maxReceiveCount;

interface Accepted {
  readonly menuId: string;
  readonly expected: number;
}

/**
 * Brings one district stack up to a city menu's current revision through that district's API,
 * as the machine client the district registered for the city: the first revision is pushed at
 * the district's root center (Idempotency-Key: the city's menu, so a retry after a lost answer
 * is the same push), a later version replaces the content (If-Match), a withdrawal withdraws it.
 * Never a shared table. A district that is down or failing is retried through the queue; its
 * last attempt, or an answer no retry would change (4xx), marks the district failed with why.
 */
export async function run({ menuId, district }: DistrictSendMessage, receiveCount: number): Promise<void> {
  const [menu, send] = await Promise.all([getMenu(menuId), getDistrictSend(menuId, district)]);
  if (!menu || !send) {
    logger.warn('district send of an unknown menu or district; dropped', { menuId, district });
    return;
  }
  if (send.sentRevision >= menu.revision) return;
  const now = () => new Date().toISOString();
  const child = childDistricts().find((registered) => registered.code === district);
  if (!child) {
    await putDistrictSend({
      ...send,
      status: 'failed',
      lastError: `district ${district} is no longer registered`,
      updatedAt: now(),
    });
    return;
  }
  try {
    const done = await bringUpToDate(child, menu, send);
    await putDistrictSend({
      ...send,
      ...done,
      status: 'accepted',
      revision: menu.revision,
      sentRevision: menu.revision,
      attempts: send.attempts + 1,
      updatedAt: now(),
    });
  } catch (error) {
    const permanent = error instanceof DistrictCallError && !error.transient;
    const last = permanent || receiveCount >= LAST_RECEIVE;
    await putDistrictSend({
      ...send,
      status: last ? 'failed' : 'pending',
      attempts: send.attempts + 1,
      lastError: (error as Error).message.slice(0, 500),
      updatedAt: now(),
    });
    if (!permanent) throw error;
  }
}

async function bringUpToDate(
  child: ChildDistrict,
  menu: Menu,
  send: DistrictSend,
): Promise<Pick<DistrictSend, 'remoteMenuId' | 'expected'>> {
  if (!send.remoteMenuId) {
    if (menu.status === 'withdrawn') return {};
    const pushed = await callDistrict<Accepted>(child, 'POST', `/centers/${child.rootCenterId}/menus`, {
      body: { content: menu.content, scope: menu.scope },
      headers: { 'idempotency-key': `city-menu-${menu.id}` },
    });
    return { remoteMenuId: pushed.body.menuId, expected: pushed.body.expected };
  }
  const path = `/menus/${send.remoteMenuId}`;
  if (menu.status === 'withdrawn') {
    const current = await callDistrict<{ status: string }>(child, 'GET', path);
    if (current.body.status === 'withdrawn') return {};
    const withdrawn = await callDistrict<Accepted>(child, 'POST', `${path}/withdraw`, {
      body: { reason: menu.withdrawal?.reason ?? 'withdrawn by the city' },
    });
    return { expected: withdrawn.body.expected };
  }
  const current = await callDistrict<{ content: unknown }>(child, 'GET', path);
  if (JSON.stringify(current.body.content) === JSON.stringify(menu.content)) return {};
  const updated = await callDistrict<Accepted>(child, 'PUT', path, {
    body: { content: menu.content },
    headers: { 'if-match': current.etag ?? '' },
  });
  return { expected: updated.body.expected };
}

export const handler = sqsHandler(DistrictSendMessage, (message, record) =>
  run(message, Number(record.attributes.ApproximateReceiveCount) || 1),
);
