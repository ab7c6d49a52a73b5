import { describe, expect, it } from 'vitest';
import {
  failRouting,
  MAX_ROUTING_SENDS,
  type OrderStatus,
  type ServiceOrder,
} from '../../../shared/domain/service-order.ts';

/**
 * docs/service-orders.md, "Orders no consumer can assign": the reconciler re-sends an order still
 * submitted; after 5 sends without an assignment it stops, and the order becomes routing-failed
 * (action fail-routing, by system, at the intake center) with routingFailure { reason, sends, at }.
 */

const AT = '2026-03-05T10:10:00.000Z';

function order(status: OrderStatus, extra: Partial<ServiceOrder> = {}): ServiceOrder {
  return {
    id: 'so-7',
    serviceCode: 'legal-aid',
    serviceName: 'Legal aid',
    handlingLevel: 'district',
    intakeCenterId: 'c-youyi-a',
    residentSub: 'r-1',
    attributes: {},
    status,
    dueAt: '2026-03-09T23:59:59+08:00',
    timeLimit: { unit: 'working-days', value: 3 },
    overdue: false,
    escalations: 0,
    createdAt: '2026-03-05T09:00:00.000Z',
    updatedAt: '2026-03-05T09:58:00.000Z',
    version: 1,
    history: [],
    ...extra,
  };
}

describe('giving up on an order no consumer assigns', () => {
  it('gives up after exactly 5 sends', () => {
    expect(MAX_ROUTING_SENDS).toBe(5);
  });

  it.each([1, 4])('keeps sending a submitted order after %i sends', (sends) => {
    expect(failRouting(order('submitted'), sends, AT)).toBeUndefined();
  });

  it.each([5, 6])('marks a submitted order routing-failed after %i sends', (sends) => {
    expect(failRouting(order('submitted'), sends, AT)?.status).toBe('routing-failed');
  });

  it('records the failure at the intake center, by the system, with the reason', () => {
    const failed = failRouting(order('submitted'), 5, AT);
    const reason = failed?.routingFailure?.reason ?? '';
    expect(reason).toContain('no center was assigned after 5 sends to the district queue');
    expect(failed).toMatchObject({
      status: 'routing-failed',
      assignedCenterId: 'c-youyi-a',
      routingFailure: { sends: 5, at: AT },
      updatedAt: AT,
      version: 2,
    });
    expect(failed?.history).toEqual([
      {
        at: AT,
        action: 'fail-routing',
        by: 'system',
        from: 'submitted',
        to: 'routing-failed',
        centerId: 'c-youyi-a',
        note: reason,
      },
    ]);
  });

  it.each(['assigned', 'accepted', 'cancelled', 'routing-failed'] as const)(
    'leaves alone an order that is %s, however often it was sent',
    (status) => {
      const stored = order(status, { assignedCenterId: 'c-youyi' });
      expect(failRouting(stored, 5, AT)).toBeUndefined();
      expect(failRouting(stored, 9, AT)).toBeUndefined();
    },
  );
});
