import { describe, expect, inject, it } from 'vitest';
import { measureCityCost } from '../../bench/city-cost.ts';
import { measureCityImport } from '../../bench/city-import.ts';
import { costOf, districtMonth } from '../../bench/cost-model.ts';

/**
 * The city suite's smoke run (a few seconds a figure), so the bench cannot rot: the import of a
 * slice of Baoshan's division data in a child process with its own platform, and the capacity
 * tally and cost model against the test tier's DynamoDB Local.
 */

describe('the city bench, smoke size', () => {
  it('imports a slice of a district from CSV end to end, re-imports it unchanged, and times the naive way', async () => {
    const result = await measureCityImport({ code: '310113', runs: 1, naiveRows: 3, limitRows: 30 });
    expect(result).toMatchObject({ code: '310113', rows: 30, naiveRows: 3 });
    const [run] = result.runs;
    expect(run!.chunks).toBe(1);
    expect(run!.endToEndSeconds).toBeGreaterThan(0);
    expect(run!.reimportSeconds).toBeGreaterThan(0);
    expect(run!.naiveSeconds).toBeGreaterThan(0);
    expect(result.median.speedup).toBeGreaterThan(0);
  }, 90_000);

  it('tallies capacity units of an order, a read and every schedule, and prices them', async () => {
    const result = await measureCityCost({
      orders: 2,
      seedDistrict: false,
      endpoints: inject('localEndpoints'),
      prefix: `cost${Date.now().toString(36)}`,
    });
    const order = result.measured.find((m) => m.what.startsWith('service order'))!;
    // a stored order and its assignment write something; the idempotency record is modelled on top
    expect(order.perOperation.dynamodbWriteUnits).toBeGreaterThan(2);
    expect(order.perOperation.byOperation).toHaveProperty('PutItem');
    expect(
      result.measured.find((m) => m.what === 'GET /centers/{id}')!.perOperation.dynamodbReadUnits,
    ).toBeGreaterThan(0);
    expect(result.measured.some((m) => m.what.startsWith('schedule build-grid'))).toBe(true);
    // a booking is measured too: one transaction of several items (each counted double)
    const booking = result.measured.find((m) => m.what.startsWith('booking'))!;
    expect(booking.perOperation.byOperation).toHaveProperty('TransactWriteItems');
    expect(booking.perOperation.dynamodbWriteUnits).toBeGreaterThan(8);
    expect(result.booking.measured).toBe(true);
    expect(result.perMillion.serviceOrders.total).toBeGreaterThan(0);
    expect(result.districtMonth.total).toBeCloseTo(
      result.districtMonth.variableTotal + result.districtMonth.fixedTotal,
      3,
    );
  }, 180_000);
});

describe('costOf and districtMonth', () => {
  const prices = {
    lambdaGbSecondArm64: 0.00001,
    lambdaRequest: 0.0000002,
    dynamodbWriteRequestUnit: 0.000001,
    dynamodbReadRequestUnit: 0.0000001,
    dynamodbStorageGbMonth: 0.25,
    dynamodbPitrGbMonth: 0.2,
    sqsRequest: 0.0000004,
    httpApiRequest: 0.000001,
    eventbridgeScheduledInvocation: 0,
    cloudwatchAlarmMonth: 0.1,
    cloudwatchCustomMetricMonth: 0.3,
  };
  const use = {
    dynamodbWriteUnits: 4,
    dynamodbReadUnits: 2,
    lambdaInvocations: 1,
    lambdaGbSeconds: 0.05,
    httpRequests: 1,
    sqsRequests: 3,
  };

  it('prices each resource of a million operations', () => {
    const { lines, total } = costOf(use, 1_000_000, prices);
    expect(Object.fromEntries(lines.map((l) => [l.item, l.usd]))).toEqual({
      'DynamoDB write request units': 4,
      'DynamoDB read request units': 0.2,
      'Lambda requests': 0.2,
      'Lambda GB-seconds (arm64)': 0.5,
      'API Gateway HTTP API requests': 1,
      'SQS requests': 1.2,
    });
    expect(total).toBe(7.1);
  });

  it('adds what a district costs to exist, and names what dominates', () => {
    const month = districtMonth(
      {
        serviceOrdersPerMonth: 100,
        bookingsPerMonth: 1000,
        courseOrdersPerMonth: 0,
        readsPerWrite: 0,
        storageGb: 1,
        alarms: 20,
        customMetrics: 0,
        consumedQueues: 1,
      },
      { booking: use, serviceOrder: use, read: use, schedules: [] },
      prices,
      1_000_000,
    );
    expect(month.fixed.map((l) => l.usd)).toEqual([2, 0, 0.4, 0.45]);
    expect(month.dominant).toMatchObject({ item: 'CloudWatch alarm metrics (20)' });
    expect(month.total).toBeCloseTo(2.85 + 1100 * 7.1e-6, 4);
  });
});
