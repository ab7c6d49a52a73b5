import { describe, expect, it } from 'vitest';
import { escalate } from '../../../functions/service-orders/sweep-service-orders.ts';
import { packagedCalendar } from '../../../shared/domain/calendar.ts';
import type { Center } from '../../../shared/domain/center.ts';
import { ConflictError, ValidationError } from '../../../shared/domain/errors.ts';
import { route } from '../../../shared/domain/routing.ts';
import {
  annotate,
  applyChange,
  deadline,
  escalationLimit,
  ORDER_STATUSES,
  type OrderStatus,
  TRANSITIONS,
  type TransitionAction,
} from '../../../shared/domain/service-order.ts';
import type { StoredOrder } from '../../../shared/domain/service-order-requests.ts';
import { publicOrder } from '../../../shared/domain/service-order-requests.ts';
import {
  type ServiceDefinition,
  ServiceDefinitionSchema,
  validateAttributes,
} from '../../../shared/domain/services.ts';

/** Routing, lifecycle, attribute validation and time limits of service orders: pure rules. */

type Candidate = Pick<Center, 'id' | 'path' | 'level' | 'location' | 'serviceRadiusMeters' | 'status'>;

const candidate = (
  id: string,
  path: string,
  level: Center['level'],
  lat: number,
  lon: number,
  extra: Partial<Candidate> = {},
): Candidate => ({
  id,
  path,
  level,
  location: { lat, lon },
  serviceRadiusMeters: 1000,
  status: 'active',
  ...extra,
});

const youyiA = {
  id: 'c-youyi-a',
  path: '/c-sh/c-bs/c-youyi/c-youyi-a/',
  level: 'community' as const,
  depth: 3,
};
const district = { id: 'c-bs', path: '/c-sh/c-bs/', level: 'district' as const, depth: 1 };
const communities = [
  candidate('c-a', '/c-sh/c-bs/c-s1/c-a/', 'community', 31.4, 121.4),
  candidate('c-b', '/c-sh/c-bs/c-s1/c-b/', 'community', 31.405, 121.4), // ~556 m north of c-a
  candidate('c-far', '/c-sh/c-bs/c-s2/c-far/', 'community', 31.5, 121.5),
  candidate('c-other', '/c-sh/c-pd/c-s9/c-other/', 'community', 31.4, 121.4), // another district
  candidate('c-shut', '/c-sh/c-bs/c-s1/c-shut/', 'community', 31.4001, 121.4, { status: 'suspended' }),
];

describe('route', () => {
  it('keeps an order at the intake center when it handles the level itself', () => {
    expect(route(youyiA, 'community', undefined, [])).toEqual({ kind: 'ancestor', centerId: 'c-youyi-a' });
  });

  it.each([
    ['street', 'c-youyi'],
    ['district', 'c-bs'],
    ['city', 'c-sh'],
  ] as const)(
    'sends an order placed below the %s level up to the ancestor at that level (%s)',
    (level, id) => {
      expect(route(youyiA, level, undefined, [])).toEqual({ kind: 'ancestor', centerId: id });
    },
  );

  it('finds no city ancestor for a network whose root is a district', () => {
    const root = { id: 'c-pd', path: '/c-pd/', level: 'district' as const, depth: 0 };
    expect(route(root, 'city', undefined, [])).toMatchObject({ kind: 'unroutable' });
  });

  it('needs a location when the order was placed above the handling level', () => {
    expect(route(district, 'community', undefined, communities)).toMatchObject({
      kind: 'unroutable',
      reason: 'the order was placed above the community level without a location',
    });
  });

  it('picks the nearest active center of the level, under the intake center, whose radius covers the location', () => {
    // 100 m from c-a, 456 m from c-b; c-other is as close but in another district; c-shut is suspended
    expect(route(district, 'community', { lat: 31.4009, lon: 121.4 }, communities)).toEqual({
      kind: 'covering',
      centerId: 'c-a',
      distanceMeters: 100,
    });
    expect(route(district, 'community', { lat: 31.4045, lon: 121.4 }, communities)).toMatchObject({
      centerId: 'c-b',
    });
  });

  it('breaks a tie in distance by id', () => {
    const twins = [
      candidate('c-z', '/c-sh/c-bs/c-s1/c-z/', 'community', 31.4, 121.4),
      candidate('c-y', '/c-sh/c-bs/c-s1/c-y/', 'community', 31.4, 121.4),
    ];
    expect(route(district, 'community', { lat: 31.4, lon: 121.4 }, twins)).toMatchObject({ centerId: 'c-y' });
  });

  it('is unroutable when no radius covers the location, and ignores centers of other levels', () => {
    expect(route(district, 'community', { lat: 31.45, lon: 121.45 }, communities)).toMatchObject({
      kind: 'unroutable',
    });
    const streets = [candidate('c-s1', '/c-sh/c-bs/c-s1/', 'street', 31.4, 121.4)];
    expect(route(district, 'community', { lat: 31.4, lon: 121.4 }, streets)).toMatchObject({
      kind: 'unroutable',
    });
  });
});

const NOW = '2026-03-04T10:00:00+08:00';

function storedOrder(status: OrderStatus, extra: Partial<StoredOrder> = {}): StoredOrder {
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
    createdAt: NOW,
    updatedAt: NOW,
    version: 3,
    history: [],
    atPath: '/c-sh/c-bs/c-youyi/c-youyi-a/',
    intakePath: '/c-sh/c-bs/c-youyi/c-youyi-a/',
    intakeLevel: 'community',
    timeZone: 'Asia/Shanghai',
    escalateAt: '2026-03-09T15:59:59.000Z',
    ...extra,
  };
}

const transitionCases = (Object.keys(TRANSITIONS) as TransitionAction[]).flatMap((action) =>
  ORDER_STATUSES.map((from) => ({ action, from, allowed: TRANSITIONS[action].from.includes(from) })),
);

describe('applyChange', () => {
  it.each(transitionCases)('$action from $from: allowed $allowed', ({ action, from, allowed }) => {
    const order = storedOrder(from);
    const change = { action, by: 'staff s-1', at: '2026-03-05T09:00:00+08:00' };
    if (!allowed) {
      expect(() => applyChange(order, change)).toThrow(ConflictError);
      expect(() => applyChange(order, change)).toThrow(`cannot ${action} an order that is ${from}`);
      return;
    }
    const next = applyChange(order, change);
    expect(next.status).toBe(TRANSITIONS[action].to);
    expect(next.version).toBe(4);
    expect(next.updatedAt).toBe(change.at);
    expect(next.history.at(-1)).toMatchObject({ action, by: 'staff s-1', from, to: TRANSITIONS[action].to });
  });

  it('lets residents cancel until the order is completed, never after, and a routing-failed one', () => {
    expect(TRANSITIONS.cancel.from).toEqual(['submitted', 'assigned', 'accepted', 'routing-failed']);
  });

  it('moves the order to the center of the change and records it, keeping what the stored order carries', () => {
    const next = applyChange(
      storedOrder('assigned'),
      { action: 'transfer', by: 'staff s-1', at: NOW, centerId: 'c-youyi-b', note: 'wrong community' },
      { atPath: '/c-sh/c-bs/c-youyi/c-youyi-b/' },
    );
    expect(next).toMatchObject({ assignedCenterId: 'c-youyi-b', atPath: '/c-sh/c-bs/c-youyi/c-youyi-b/' });
    expect(next.history.at(-1)).toMatchObject({ centerId: 'c-youyi-b', note: 'wrong community' });
    expect(publicOrder(next)).not.toHaveProperty('atPath');
    expect(publicOrder(next)).not.toHaveProperty('intakePath');
  });

  it('shows an open follow-up as overdue once its limit has passed, and a closed one never', () => {
    const followUp = {
      status: 'open' as const,
      dueAt: '2026-03-20T23:59:59+08:00',
      centerId: 'c-youyi',
      openedAt: '2026-02-27T10:00:00+08:00',
    };
    const rated = storedOrder('rated', { followUp });
    expect(publicOrder(rated, Date.parse('2026-03-20T12:00:00+08:00')).followUp?.overdue).toBe(false);
    expect(publicOrder(rated, Date.parse('2026-03-21T09:00:00+08:00')).followUp?.overdue).toBe(true);
    const closed = storedOrder('rated', { followUp: { ...followUp, status: 'closed' } });
    expect(publicOrder(closed, Date.parse('2026-04-01T09:00:00+08:00')).followUp?.overdue).toBe(false);
  });

  it('records a note-only change without moving the status (annotate)', () => {
    const next = annotate(storedOrder('rated'), {
      action: 'close-follow-up',
      by: 'staff s-1',
      at: NOW,
      note: 'called back',
    });
    expect(next).toMatchObject({ status: 'rated', version: 4 });
    expect(next.history.at(-1)).toMatchObject({ action: 'close-follow-up', from: 'rated', to: 'rated' });
  });
});

const service = ServiceDefinitionSchema.parse({
  code: 'elderly-meal-help',
  name: 'Meals',
  category: 'elderly-care',
  handlingLevel: 'community',
  timeLimit: { unit: 'hours', value: 24 },
  attributes: [
    { type: 'number', code: 'age', label: 'Age', min: 60, max: 120 },
    { type: 'multiple', code: 'meals', label: 'Meals', options: ['breakfast', 'lunch', 'dinner'] },
    { type: 'single', code: 'pickup', label: 'Pickup', options: ['home', 'canteen'] },
    { type: 'date', code: 'startDate', label: 'From' },
    { type: 'string', code: 'diet', label: 'Diet', required: false, maxLength: 10 },
  ],
}) as ServiceDefinition;

function fieldsOf(attributes: unknown): string[] {
  try {
    validateAttributes(service, attributes);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors.map((e) => e.field).sort();
  }
}

describe('validateAttributes', () => {
  const valid = { age: 75, meals: ['lunch'], pickup: 'home', startDate: '2026-03-09' };

  it('accepts attributes of the right types, optional ones left out, and trims strings', () => {
    expect(validateAttributes(service, valid)).toEqual(valid);
    expect(validateAttributes(service, { ...valid, diet: '  no salt ' })).toMatchObject({ diet: 'no salt' });
  });

  it('names every missing required attribute', () => {
    expect(fieldsOf({})).toEqual([
      'attributes.age',
      'attributes.meals',
      'attributes.pickup',
      'attributes.startDate',
    ]);
    expect(fieldsOf(undefined)).toHaveLength(4);
  });

  it.each([
    ['a number out of range', { age: 59 }, 'attributes.age'],
    ['a number given as text', { age: '75' }, 'attributes.age'],
    ['an empty multiple choice', { meals: [] }, 'attributes.meals'],
    ['an unknown option of a multiple choice', { meals: ['supper'] }, 'attributes.meals.0'],
    ['an unknown single option', { pickup: 'drone' }, 'attributes.pickup'],
    ['a date that is not YYYY-MM-DD', { startDate: '9 March' }, 'attributes.startDate'],
    ['a string over its maximum', { diet: 'x'.repeat(11) }, 'attributes.diet'],
    ['an attribute the service does not have', { colour: 'red' }, 'attributes.colour'],
  ])('refuses %s', (_what, patch, field) => {
    expect(fieldsOf({ ...valid, ...patch })).toEqual([field]);
  });
});

describe('deadline', () => {
  const lookup = packagedCalendar;

  it('counts clock hours for hour limits', () => {
    expect(deadline(Date.parse(NOW), { unit: 'hours', value: 24 }, 'Asia/Shanghai', lookup)).toEqual({
      dueAt: '2026-03-05T10:00:00+08:00',
    });
  });

  it('skips the Spring Festival and counts the adjusted working Saturday', () => {
    // Thu 12 Feb + 3 working days: Fri 13, Sat 14 (adjusted working day), then after the holiday Tue 24
    expect(
      deadline(
        Date.parse('2026-02-12T10:00:00+08:00'),
        { unit: 'working-days', value: 3 },
        'Asia/Shanghai',
        lookup,
      ),
    ).toEqual({ dueAt: '2026-02-24T23:59:59+08:00' });
  });

  it('gives the 15-working-day follow-up limit three weeks over a plain month', () => {
    expect(
      deadline(
        Date.parse('2026-03-02T10:00:00+08:00'),
        { unit: 'working-days', value: 15 },
        'Asia/Shanghai',
        lookup,
      ),
    ).toEqual({ dueAt: '2026-03-23T23:59:59+08:00' });
  });

  it('says which year is missing instead of guessing', () => {
    const only2026 = (year: number) => (year === 2026 ? packagedCalendar(2026) : undefined);
    expect(
      deadline(
        Date.parse('2026-12-29T10:00:00+08:00'),
        { unit: 'working-days', value: 5 },
        'Asia/Shanghai',
        only2026,
      ),
    ).toEqual({ dueAt: null, missingYear: 2027 });
  });
});

describe('escalation', () => {
  it('gives the level above the service limit again, at most 3 working days; hour limits as they are', () => {
    expect(escalationLimit({ unit: 'working-days', value: 15 })).toEqual({ unit: 'working-days', value: 3 });
    expect(escalationLimit({ unit: 'working-days', value: 2 })).toEqual({ unit: 'working-days', value: 2 });
    expect(escalationLimit({ unit: 'hours', value: 24 })).toEqual({ unit: 'hours', value: 24 });
  });

  it('assigns an overdue order to the parent of its center, untaken, with a new deadline', () => {
    const order = storedOrder('accepted', { acceptedBy: 'staff s-1', acceptedAt: NOW });
    const now = Date.parse('2026-03-10T09:00:00+08:00');
    const next = escalate(order, now, packagedCalendar);
    expect(next).toMatchObject({
      status: 'assigned',
      assignedCenterId: 'c-youyi',
      atPath: '/c-sh/c-bs/c-youyi/',
      overdue: true,
      escalations: 1,
      dueAt: '2026-03-13T23:59:59+08:00',
      escalateAt: '2026-03-13T15:59:59.000Z',
      version: 4,
    });
    expect(next.acceptedBy).toBeUndefined();
    expect(next.history.at(-1)).toMatchObject({
      action: 'escalate',
      by: 'system',
      from: 'accepted',
      to: 'assigned',
      centerId: 'c-youyi',
    });
  });

  it('only marks an order at the top of the network, and stops sweeping it', () => {
    const order = storedOrder('assigned', { assignedCenterId: 'c-sh', atPath: '/c-sh/' });
    const next = escalate(order, Date.parse('2026-03-10T09:00:00+08:00'), packagedCalendar);
    expect(next).toMatchObject({
      status: 'assigned',
      assignedCenterId: 'c-sh',
      overdue: true,
      escalations: 0,
    });
    expect(next.escalateAt).toBeUndefined();
    expect(next.history.at(-1)).toMatchObject({
      action: 'mark-overdue',
      note: expect.stringContaining('no level above c-sh'),
    });
  });
});
