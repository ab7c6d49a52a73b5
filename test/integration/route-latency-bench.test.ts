import { describe, expect, inject, it } from 'vitest';
import { measureRouteLatency, SMOKE_ROUTES } from '../../bench/route-latency.ts';

/**
 * Figure 3 at smoke size, so that `npm run bench -- --only routes` cannot rot: the platform in a
 * child process of its own (on the test tier's DynamoDB Local), each route and its bare DynamoDB call under one short fixed-rate window.
 */
describe('the route latency bench (figure 3), smoke size', () => {
  it('serves every call of each route and of its bare call without an error, and compares them', async () => {
    const result = await measureRouteLatency(SMOKE_ROUTES, undefined, inject('localEndpoints'));

    expect(result.routes.map((r) => r.route)).toEqual([
      'GET /centers/{id}',
      'GET /centers?near=&openNow=',
      'POST /bookings',
    ]);
    const perWindow = Math.round(SMOKE_ROUTES.rate * SMOKE_ROUTES.seconds);
    for (const route of result.routes) {
      for (const variant of [route.handler, route.bareCall]) {
        expect(variant).toMatchObject({ sent: perWindow * SMOKE_ROUTES.rounds, errors: 0, errorKinds: {} });
        expect(variant.latency.count).toBe(perWindow * SMOKE_ROUTES.rounds);
        expect(variant.closedLoopPerSecond).toBeGreaterThan(0);
      }
      expect(route.ratio.p50).toBeCloseTo(route.handler.latency.p50 / route.bareCall.latency.p50, 1);
    }
  }, 180_000);
});
