import { describe, expect, inject, it } from 'vitest';
import { measureMenuFanOut, SMOKE_MENU_CENTERS } from '../../bench/menu-fan-out.ts';

/**
 * The menu push bench at smoke size, so that `npm run bench -- --only menus` cannot rot: one
 * push to every center of a small synthetic district against the test tier's DynamoDB Local and
 * fauxqs, next to the naive one message per send.
 */
describe('the menu push bench, smoke size', () => {
  it('queues a delivery for every center in batches, with fewer SQS requests than one send per center', async () => {
    const result = await measureMenuFanOut(SMOKE_MENU_CENTERS, undefined, inject('localEndpoints'));

    expect(result.queued).toBe(SMOKE_MENU_CENTERS);
    // the push's send, the coordinator's receive and delete, and one SendMessageBatch per ten centers
    expect(result.sqsRequests).toBe(3 + Math.ceil(SMOKE_MENU_CENTERS / 10));
    expect(result.sqsRequestsPerCenter).toBeLessThanOrEqual(result.targets.requestsPerCenter);
    expect(result.naive.sqsRequests).toBe(SMOKE_MENU_CENTERS);
    expect(result.coordinatorMs).toBeGreaterThan(0);
    expect(result.pushToQueuedSeconds).toBeGreaterThan(0);
  }, 90_000);
});
