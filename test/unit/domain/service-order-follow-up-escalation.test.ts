import { describe, expect, it } from 'vitest';
import { type CalendarLookup, packagedCalendar } from '../../../shared/domain/calendar.ts';
import { escalateFollowUp, type ServiceOrder } from '../../../shared/domain/service-order.ts';

/**
 * docs/service-orders.md, "Follow-ups past their limit": an open follow-up past its 15 working
 * days goes one level up like an overdue order: followUp.centerId becomes the parent of the
 * center it was at, with the escalation limit (at most 3 working days) restarted there,
 * followUp.escalations counts it and the history records escalate-follow-up by system. At the top
 * of the network it is recorded once and stays.
 */

type SweptOrder = ServiceOrder & { atPath: string; timeZone: string };

const LIMIT = '2026-03-25T23:59:59+08:00';
/** Monday 30 March 2026, 10:00 in Shanghai: three working days run to Thursday 2 April. */
const NOW = Date.parse('2026-03-30T10:00:00+08:00');
const THREE_WORKING_DAYS_LATER = '2026-04-02T23:59:59+08:00';

const lookup: CalendarLookup = packagedCalendar;

function rated(
  atPath: string,
  followUp: Partial<NonNullable<ServiceOrder['followUp']>> | null = {},
): SweptOrder {
  const centerId = atPath.split('/').filter(Boolean).at(-1)!;
  return {
    id: 'so-9',
    serviceCode: 'red-agency',
    serviceName: 'Red agency',
    handlingLevel: 'community',
    intakeCenterId: 'c-youyi-a',
    residentSub: 'r-1',
    attributes: {},
    status: 'rated',
    assignedCenterId: centerId,
    rating: { level: 'very-dissatisfied', at: '2026-03-04T10:00:00+08:00' },
    ...(followUp === null
      ? {}
      : {
          followUp: {
            status: 'open' as const,
            dueAt: LIMIT,
            centerId,
            openedAt: '2026-03-04T10:00:00+08:00',
            ...followUp,
          },
        }),
    dueAt: '2026-03-03T23:59:59+08:00',
    timeLimit: { unit: 'working-days', value: 3 },
    overdue: false,
    escalations: 0,
    createdAt: '2026-03-02T10:00:00+08:00',
    updatedAt: '2026-03-04T10:00:00+08:00',
    version: 6,
    history: [],
    atPath,
    timeZone: 'Asia/Shanghai',
  };
}

const COMMUNITY = '/c-sh/c-bs/c-youyi/c-youyi-a/';

describe('a follow-up past its limit', () => {
  it('goes to the parent of the center it is at, with a new limit of three working days', () => {
    const next = escalateFollowUp(rated(COMMUNITY), NOW, lookup);
    expect(next?.atPath).toBe('/c-sh/c-bs/c-youyi/');
    expect(next?.followUp).toEqual({
      status: 'open',
      centerId: 'c-youyi',
      dueAt: THREE_WORKING_DAYS_LATER,
      openedAt: '2026-03-04T10:00:00+08:00',
      escalations: 1,
    });
  });

  it('records the missed limit and where it went in the history, leaving the status alone', () => {
    const next = escalateFollowUp(rated(COMMUNITY), NOW, lookup);
    expect(next).toMatchObject({ status: 'rated', version: 7, updatedAt: '2026-03-30T02:00:00.000Z' });
    expect(next?.history).toEqual([
      {
        at: '2026-03-30T02:00:00.000Z',
        action: 'escalate-follow-up',
        by: 'system',
        from: 'rated',
        to: 'rated',
        centerId: 'c-youyi-a',
        note: `follow-up limit ${LIMIT} passed at c-youyi-a; escalated to c-youyi, due ${THREE_WORKING_DAYS_LATER}`,
      },
    ]);
  });

  it('goes level by level, counting each escalation', () => {
    const atStreet = rated('/c-sh/c-bs/c-youyi/', { escalations: 1 });
    const next = escalateFollowUp(atStreet, NOW, lookup);
    expect(next?.atPath).toBe('/c-sh/c-bs/');
    expect(next?.followUp).toMatchObject({ centerId: 'c-bs', escalations: 2 });
  });

  it('goes from a district to the city at the top', () => {
    const next = escalateFollowUp(rated('/c-sh/c-bs/'), NOW, lookup);
    expect(next?.atPath).toBe('/c-sh/');
    expect(next?.followUp).toMatchObject({ centerId: 'c-sh', dueAt: THREE_WORKING_DAYS_LATER });
  });

  it('still goes up while the calendar of the new limit is missing, without a due date', () => {
    const next = escalateFollowUp(rated(COMMUNITY), NOW, () => undefined);
    expect(next?.followUp).toMatchObject({ centerId: 'c-youyi', dueAt: null, escalations: 1 });
    expect(next?.history.at(-1)?.note).toBe(
      `follow-up limit ${LIMIT} passed at c-youyi-a; escalated to c-youyi`,
    );
  });

  it('stays at the top of the network and is recorded once', () => {
    const top = rated('/c-sh/');
    const next = escalateFollowUp(top, NOW, lookup);
    expect(next?.atPath).toBe('/c-sh/');
    expect(next?.followUp).toEqual({ ...top.followUp, dueAt: null, escalations: 1 });
    expect(next?.history).toEqual([
      {
        at: '2026-03-30T02:00:00.000Z',
        action: 'escalate-follow-up',
        by: 'system',
        from: 'rated',
        to: 'rated',
        centerId: 'c-sh',
        note: `follow-up limit ${LIMIT} passed at c-sh; no level above`,
      },
    ]);
    expect(escalateFollowUp(next!, NOW + 86_400_000, lookup)).toBeUndefined();
  });
});

describe('a follow-up with nothing due', () => {
  it('is left alone before its limit', () => {
    expect(escalateFollowUp(rated(COMMUNITY), Date.parse(LIMIT) - 1, lookup)).toBeUndefined();
    expect(escalateFollowUp(rated(COMMUNITY), Date.parse(LIMIT) + 1000, lookup)).toBeDefined();
  });

  it('is left alone once closed, even past its limit', () => {
    expect(escalateFollowUp(rated(COMMUNITY, { status: 'closed' }), NOW, lookup)).toBeUndefined();
  });

  it('is left alone without a limit', () => {
    expect(escalateFollowUp(rated(COMMUNITY, { dueAt: null }), NOW, lookup)).toBeUndefined();
  });

  it('leaves alone an order without a follow-up', () => {
    expect(escalateFollowUp(rated(COMMUNITY, null), NOW, lookup)).toBeUndefined();
  });
});
