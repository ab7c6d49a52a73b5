import { describe, expect, inject, it } from 'vitest';
import { measureSubtreeStats } from '../../bench/subtree-stats.ts';

/**
 * The stats bench at smoke size, so it cannot rot: a small synthetic district seeded with a month
 * of counted events, read through the HTTP API and the naive way; the bench itself refuses
 * figures that do not add up to the events it seeded.
 */
describe('the stats bench, smoke size', () => {
  it('reads a district, a year and its children, and the naive sum agrees with the roll-up', async () => {
    const result = await measureSubtreeStats({
      centers: 60,
      requests: 3,
      naiveRequests: 1,
      endpoints: inject('localEndpoints'),
    });
    expect(result.centers).toBe(60);
    expect(result.events).toBeGreaterThan(0);
    expect(result.districtBuckets.year).toBeGreaterThan(result.districtBuckets.month);
    expect(result.deployed.month.count).toBe(3);
    expect(result.naive.queries).toBeGreaterThan(result.streets);
  }, 120_000);
});
