import { describe, expect, it } from 'vitest';
import type { CalendarLookup, YearCalendar } from '../../../shared/domain/calendar.ts';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import {
  annotate,
  applyChange,
  CANCELLABLE,
  deadline,
  isOpen,
  needsFollowUp,
  ORDER_STATUSES,
  type OrderStatus,
  RATINGS,
  type ServiceOrder,
  ServiceOrderSchema,
  type TransitionAction,
  utcOf,
} from '../../../shared/domain/service-order.ts';

/**
 * The order lifecycle as docs/service-orders.md states it (the table under "Lifecycle"), written
 * out here on its own so that a change to the code's table is caught rather than mirrored.
 */
const LIFECYCLE: Record<TransitionAction, { from: OrderStatus[]; to: OrderStatus }> = {
  assign: { from: ['submitted'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'accepted' },
  complete: { from: ['accepted'], to: 'completed' },
  reject: { from: ['assigned', 'accepted'], to: 'rejected' },
  transfer: { from: ['assigned', 'accepted'], to: 'assigned' },
  cancel: { from: ['submitted', 'assigned', 'accepted', 'routing-failed'], to: 'cancelled' },
  rate: { from: ['completed'], to: 'rated' },
  escalate: { from: ['assigned', 'accepted'], to: 'assigned' },
  // docs/service-orders.md, "Orders no consumer can assign": the system gives up after 5 sends
  'fail-routing': { from: ['submitted'], to: 'routing-failed' },
};

const AT = '2026-03-05T09:00:00+08:00';

function order(status: OrderStatus, extra: Partial<ServiceOrder> = {}): ServiceOrder {
  return {
    id: 'so-1',
    serviceCode: 'red-agency',
    serviceName: 'Red agency',
    handlingLevel: 'community',
    intakeCenterId: 'c-youyi-a',
    residentSub: 'r-1',
    attributes: {},
    status,
    ...(status === 'submitted' ? {} : { assignedCenterId: 'c-youyi-a' }),
    dueAt: '2026-03-09T23:59:59+08:00',
    timeLimit: { unit: 'working-days', value: 3 },
    overdue: false,
    escalations: 0,
    createdAt: '2026-03-04T10:00:00+08:00',
    updatedAt: '2026-03-04T10:00:00+08:00',
    version: 3,
    history: [],
    ...extra,
  };
}

const cases = (Object.keys(LIFECYCLE) as TransitionAction[]).flatMap((action) =>
  ORDER_STATUSES.map((from) => ({
    action,
    from,
    to: LIFECYCLE[action].from.includes(from) ? LIFECYCLE[action].to : undefined,
  })),
);

describe('the order lifecycle', () => {
  it('knows exactly the documented statuses', () => {
    expect([...ORDER_STATUSES].sort()).toEqual(
      [
        'accepted',
        'assigned',
        'cancelled',
        'completed',
        'rated',
        'rejected',
        'routing-failed',
        'submitted',
      ].sort(),
    );
  });

  it.each(cases.filter((c) => c.to))(
    '$action moves an order that is $from to $to',
    ({ action, from, to }) => {
      const next = applyChange(order(from), { action, by: 'staff s-1', at: AT });
      expect(next.status).toBe(to);
      expect(next.history).toEqual([
        {
          at: AT,
          action,
          by: 'staff s-1',
          from,
          to,
          ...(from === 'submitted' ? {} : { centerId: 'c-youyi-a' }),
        },
      ]);
    },
  );

  it.each(cases.filter((c) => !c.to))(
    '$action refuses an order that is $from with 409',
    ({ action, from }) => {
      const stored = order(from);
      const error = (() => {
        try {
          applyChange(stored, { action, by: 'staff s-1', at: AT });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).message).toBe(`cannot ${action} an order that is ${from}`);
      expect((error as ConflictError).extensions).toEqual({
        orderStatus: from,
        allowedFrom: LIFECYCLE[action].from,
      });
    },
  );

  it('lets a resident cancel while the order is submitted, assigned or accepted, or routing failed', () => {
    expect([...CANCELLABLE].sort()).toEqual(['accepted', 'assigned', 'routing-failed', 'submitted']);
  });

  it('counts submitted, assigned and accepted orders as open, and no other', () => {
    const open = ORDER_STATUSES.filter(isOpen);
    expect(open.sort()).toEqual(['accepted', 'assigned', 'submitted']);
  });

  it('opens a follow-up on a dissatisfied or very dissatisfied rating only', () => {
    expect(RATINGS.filter(needsFollowUp).sort()).toEqual(['dissatisfied', 'very-dissatisfied']);
  });
});

describe('applyChange', () => {
  it('bumps the version, stamps the change time and keeps the earlier history', () => {
    const earlier = {
      at: '2026-03-04T10:00:00+08:00',
      action: 'assign' as const,
      by: 'system',
      from: 'submitted' as const,
      to: 'assigned' as const,
    };
    const next = applyChange(order('assigned', { history: [earlier] }), {
      action: 'accept',
      by: 'staff s-1',
      at: AT,
    });
    expect(next).toMatchObject({ version: 4, updatedAt: AT, assignedCenterId: 'c-youyi-a' });
    expect(next.history).toHaveLength(2);
    expect(next.history[0]).toEqual(earlier);
  });

  it('records the note when there is one, and no note member otherwise', () => {
    const withNote = applyChange(order('accepted'), { action: 'complete', by: 's', at: AT, note: 'done' });
    expect(withNote.history.at(-1)?.note).toBe('done');
    const without = applyChange(order('accepted'), { action: 'complete', by: 's', at: AT });
    expect(without.history.at(-1)).not.toHaveProperty('note');
  });

  it('leaves an order that was never assigned without a center', () => {
    const next = applyChange(order('submitted'), { action: 'cancel', by: 'resident r-1', at: AT });
    expect(next).not.toHaveProperty('assignedCenterId');
    expect(next.history.at(-1)).not.toHaveProperty('centerId');
  });

  it('assigns the center of the change and applies the patch, the status still being the rule’s', () => {
    const next = applyChange(
      order('submitted'),
      { action: 'assign', by: 'system', at: AT, centerId: 'c-youyi' },
      { assignedAt: AT, status: 'rated' },
    );
    expect(next).toMatchObject({ status: 'assigned', assignedCenterId: 'c-youyi', assignedAt: AT });
    expect(next.history.at(-1)?.centerId).toBe('c-youyi');
  });

  it('does not change the order it was given', () => {
    const stored = order('assigned');
    applyChange(stored, { action: 'accept', by: 's', at: AT });
    expect(stored).toMatchObject({ status: 'assigned', version: 3, history: [] });
  });
});

describe('annotate', () => {
  it('records a change without moving the status: version + 1, the center and the note in history', () => {
    const next = annotate(
      order('accepted'),
      { action: 'mark-overdue', by: 'system', at: AT, note: 'no level above' },
      { overdue: true },
    );
    expect(next).toMatchObject({ status: 'accepted', version: 4, updatedAt: AT, overdue: true });
    expect(next.history).toEqual([
      {
        at: AT,
        action: 'mark-overdue',
        by: 'system',
        from: 'accepted',
        to: 'accepted',
        centerId: 'c-youyi-a',
        note: 'no level above',
      },
    ]);
  });

  it('leaves out the center of an unassigned order and an absent note', () => {
    const next = annotate(order('submitted'), { action: 'mark-overdue', by: 'system', at: AT });
    expect(next.history).toEqual([
      { at: AT, action: 'mark-overdue', by: 'system', from: 'submitted', to: 'submitted' },
    ]);
  });
});

describe('deadline', () => {
  const provisional2027: YearCalendar = {
    year: 2027,
    holidays: { '2027-01-01': "New Year's Day" },
    workdays: {},
    source: 'provisional',
    version: 0,
  };
  const lookup: CalendarLookup = (year) => (year === 2027 ? provisional2027 : packagedCalendar(year));
  const days = (value: number) => ({ unit: 'working-days', value }) as const;

  it('says provisional when only the last year counted through is provisional', () => {
    expect(deadline(Date.parse('2026-12-30T10:00:00+08:00'), days(2), 'Asia/Shanghai', lookup)).toEqual({
      dueAt: '2027-01-04T23:59:59+08:00',
      provisional: true,
    });
  });

  it('says provisional when the count starts in a provisional year', () => {
    expect(deadline(Date.parse('2027-03-01T10:00:00+08:00'), days(1), 'Asia/Shanghai', lookup)).toEqual({
      dueAt: '2027-03-02T23:59:59+08:00',
      provisional: true,
    });
  });

  it('is given in the time zone of the center', () => {
    expect(
      deadline(Date.parse('2026-03-04T10:00:00Z'), { unit: 'hours', value: 2 }, 'Europe/London', lookup),
    ).toEqual({
      dueAt: '2026-03-04T12:00:00+00:00',
    });
  });

  it('passes on an error that is not a missing calendar instead of turning it into a null deadline', () => {
    const broken: CalendarLookup = () => {
      throw new TypeError('calendar store unreadable');
    };
    expect(() => deadline(Date.parse('2026-03-04T10:00:00+08:00'), days(1), 'Asia/Shanghai', broken)).toThrow(
      'calendar store unreadable',
    );
  });
});

describe('deadline across the new year', () => {
  it('counts from a start day whose year has no calendar when the count runs in the next year only', () => {
    const only2027: CalendarLookup = (year) => (year === 2027 ? provisional2027Only : undefined);
    expect(
      deadline(
        Date.parse('2026-12-31T10:00:00+08:00'),
        { unit: 'working-days', value: 1 },
        'Asia/Shanghai',
        only2027,
      ),
    ).toEqual({ dueAt: '2027-01-04T23:59:59+08:00', provisional: true });
  });
});

const provisional2027Only: YearCalendar = {
  year: 2027,
  holidays: { '2027-01-01': "New Year's Day" },
  workdays: {},
  source: 'provisional',
  version: 0,
};

describe('ServiceOrderSchema (the public form of an order)', () => {
  const full: ServiceOrder = {
    ...order('rated'),
    location: { lat: 31.4, lon: 121.4 },
    description: 'help with the forms',
    acceptedBy: 'volunteer 张党员',
    result: 'forms filed',
    rejection: { reason: 'not here', goTo: 'the street center' },
    rating: { level: 'dissatisfied', comment: 'slow', at: AT },
    followUp: {
      status: 'closed',
      dueAt: '2026-03-26T23:59:59+08:00',
      centerId: 'c-youyi-a',
      openedAt: AT,
      closedAt: AT,
      note: 'called back',
      overdue: false,
      escalations: 1,
    },
    dueAtProvisional: true,
    escalations: 2,
    routing: { kind: 'covering', distanceMeters: 120, reason: 'nearest' },
    volunteer: { name: '张党员', partyMember: true },
    assignedAt: AT,
    acceptedAt: AT,
    completedAt: AT,
    history: [
      {
        at: AT,
        action: 'escalate',
        by: 'system',
        from: 'accepted',
        to: 'assigned',
        centerId: 'c-youyi',
        note: 'late',
      },
    ],
  };

  it('keeps every member of a fully populated order', () => {
    expect(ServiceOrderSchema.parse(full)).toEqual(full);
  });

  it('takes open and closed follow-ups, and each routing rule', () => {
    expect(
      ServiceOrderSchema.parse({ ...full, followUp: { ...full.followUp, status: 'open' } }).followUp?.status,
    ).toBe('open');
    for (const kind of ['ancestor', 'covering', 'unroutable'] as const) {
      expect(ServiceOrderSchema.parse({ ...full, routing: { kind } }).routing).toEqual({ kind });
    }
  });

  it('keeps why the platform stopped sending an order that routing failed', () => {
    const failed = {
      ...order('routing-failed'),
      routingFailure: { reason: 'no consumer assigned it', sends: 5, at: AT },
    };
    expect(ServiceOrderSchema.parse(failed)).toEqual(failed);
  });

  it('refuses a negative escalation count and a provisional flag other than true', () => {
    expect(ServiceOrderSchema.safeParse({ ...full, escalations: 0 }).success).toBe(true);
    expect(ServiceOrderSchema.safeParse({ ...full, escalations: -1 }).success).toBe(false);
    expect(ServiceOrderSchema.safeParse({ ...full, dueAtProvisional: false }).success).toBe(false);
    expect(
      ServiceOrderSchema.safeParse({ ...full, followUp: { ...full.followUp, status: 'pending' } }).success,
    ).toBe(false);
  });
});

describe('utcOf', () => {
  it('gives the UTC form of an instant with an offset', () => {
    expect(utcOf('2026-03-05T09:00:00+08:00')).toBe('2026-03-05T01:00:00.000Z');
  });
});
