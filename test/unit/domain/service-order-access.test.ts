import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/auth.ts';
import { ForbiddenError, PreconditionFailedError, ValidationError } from '../../../shared/domain/errors.ts';
import {
  assertCanCancelOrder,
  assertCanHandleOrder,
  assertCanRateOrder,
  assertCanReadOrder,
  assertCanSuperviseCenter,
  checkOptionalIfMatch,
} from '../../../shared/domain/service-order-access.ts';
import type { StoredOrder } from '../../../shared/domain/service-order-requests.ts';
import { serviceOrderIndexKeys } from '../../../shared/store/keys.ts';
import { indexState } from '../../../shared/store/service-orders.ts';

/** Who may do what with a service order, and which index entries an order has in each state. */

const order = {
  id: 'so-1',
  residentSub: 'r-wang',
  status: 'assigned',
  assignedCenterId: 'c-youyi-a',
  intakeCenterId: 'c-wusong-b',
  atPath: '/c-sh/c-bs/c-youyi/c-youyi-a/',
  intakePath: '/c-sh/c-bs/c-wusong/c-wusong-b/',
  version: 2,
  overdue: false,
  createdAt: '2026-03-04T10:00:00+08:00',
  updatedAt: '2026-03-04T10:00:00+08:00',
} as unknown as StoredOrder;

const resident = (sub: string): Principal => ({ kind: 'user', sub, role: 'resident' });
const staff = (centerId: string): Principal => ({
  kind: 'user',
  sub: `s-${centerId}`,
  role: 'staff',
  centerId,
});
const admin: Principal = { kind: 'user', sub: 'a-1', role: 'admin' };
const machine: Principal = { kind: 'machine', clientId: 'm-1', scopes: ['pmsc/menus:push'] };

describe('service order access', () => {
  it.each([
    ['the resident who placed it', resident('r-wang'), true],
    ['another resident', resident('r-li'), false],
    ['staff of the assigned center', staff('c-youyi-a'), true],
    ['staff of a center above it', staff('c-youyi'), true],
    ['staff where it was placed', staff('c-wusong-b'), true],
    ['staff of a sibling', staff('c-youyi-b'), false],
    ['an admin', admin, true],
    ['a machine client', machine, false],
  ])('reading: %s -> %s', (_who, principal, allowed) => {
    const check = () => assertCanReadOrder(principal, order);
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(ForbiddenError);
  });

  it.each([
    ['staff of the assigned center', staff('c-youyi-a'), true],
    ['staff of the street above', staff('c-youyi'), true],
    ['staff where it was placed (not where it is)', staff('c-wusong-b'), false],
    ['the resident', resident('r-wang'), false],
    ['an admin', admin, true],
  ])('handling: %s -> %s', (_who, principal, allowed) => {
    const check = () => assertCanHandleOrder(principal, order);
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(ForbiddenError);
  });

  it('lets the resident (or an admin) cancel, only the resident rate', () => {
    expect(() => assertCanCancelOrder(resident('r-wang'), order)).not.toThrow();
    expect(() => assertCanCancelOrder(admin, order)).not.toThrow();
    expect(() => assertCanCancelOrder(staff('c-youyi-a'), order)).toThrow(ForbiddenError);
    expect(() => assertCanRateOrder(resident('r-wang'), order)).not.toThrow();
    expect(() => assertCanRateOrder(admin, order)).toThrow(ForbiddenError);
  });

  it('lets staff list the orders of their own subtree only', () => {
    expect(() => assertCanSuperviseCenter(staff('c-youyi'), '/c-sh/c-bs/c-youyi/c-youyi-a/')).not.toThrow();
    expect(() => assertCanSuperviseCenter(staff('c-youyi-a'), '/c-sh/c-bs/c-youyi/')).toThrow(ForbiddenError);
    expect(() => assertCanSuperviseCenter(resident('r-wang'), '/c-sh/')).toThrow(ForbiddenError);
  });

  it('takes If-Match optionally: absent passes, stale is 412, garbage is 400', () => {
    expect(() => checkOptionalIfMatch(undefined, order)).not.toThrow();
    expect(() => checkOptionalIfMatch('"2"', order)).not.toThrow();
    expect(() => checkOptionalIfMatch('"1"', order)).toThrow(PreconditionFailedError);
    expect(() => checkOptionalIfMatch('yesterday', order)).toThrow(ValidationError);
  });
});

function refusal(check: () => void): string | undefined {
  try {
    check();
  } catch (e) {
    expect(e).toBeInstanceOf(ForbiddenError);
    return (e as Error).message;
  }
  return undefined;
}

describe('what a refused caller is told', () => {
  it('names the order a caller may not read', () => {
    expect(refusal(() => assertCanReadOrder(resident('r-li'), order))).toBe(
      'resident r-li may not read service order so-1',
    );
    expect(refusal(() => assertCanReadOrder(machine, order))).toBe(
      'machine clients may only use the endpoints of their scopes',
    );
  });

  it('tells staff where the order is, and others that staff of the center may handle it', () => {
    expect(refusal(() => assertCanHandleOrder(staff('c-wusong-b'), order))).toBe(
      'staff of center c-wusong-b may only handle orders at a center of its subtree; this one is at c-youyi-a',
    );
    const unassigned = { ...order, assignedCenterId: undefined, atPath: order.intakePath } as StoredOrder;
    expect(refusal(() => assertCanHandleOrder(staff('c-youyi'), unassigned))).toMatch(
      /this one is at c-wusong-b$/,
    );
    expect(refusal(() => assertCanHandleOrder(resident('r-wang'), order))).toBe(
      'resident r-wang may not handle service orders; staff of the center may',
    );
    expect(refusal(() => assertCanHandleOrder(machine, order))).toMatch(/^machine clients/);
  });

  it('keeps cancelling to the resident or an admin, and rating to the resident, saying so', () => {
    expect(refusal(() => assertCanCancelOrder(resident('r-li'), order))).toBe(
      'only the resident who placed the order (or an admin) may cancel it',
    );
    expect(refusal(() => assertCanCancelOrder(machine, order))).toMatch(/^machine clients/);
    expect(refusal(() => assertCanRateOrder(resident('r-li'), order))).toBe(
      'only the resident who placed the order may rate it',
    );
    expect(refusal(() => assertCanRateOrder(machine, order))).toMatch(/^machine clients/);
  });

  it('tells staff and others why they may not list a center’s orders', () => {
    expect(refusal(() => assertCanSuperviseCenter(staff('c-youyi-a'), '/c-sh/c-bs/c-youyi/'))).toBe(
      'staff of center c-youyi-a may only list the orders of its subtree',
    );
    expect(refusal(() => assertCanSuperviseCenter(resident('r-wang'), '/c-sh/'))).toBe(
      "resident r-wang may not list a center's orders; staff of the center may",
    );
    expect(refusal(() => assertCanSuperviseCenter(admin, '/c-sh/'))).toBeUndefined();
    expect(refusal(() => assertCanSuperviseCenter(machine, '/c-sh/'))).toMatch(/^machine clients/);
  });

  it('gives staff without a center no orders to read or handle', () => {
    const adrift: Principal = { kind: 'user', sub: 's-x', role: 'staff' };
    expect(refusal(() => assertCanReadOrder(adrift, order))).toBe(
      'staff s-x may not read service order so-1',
    );
    expect(refusal(() => assertCanHandleOrder(adrift, order))).toBeDefined();
  });

  it('says which version the order is at when If-Match is stale, and which header is malformed', () => {
    const stale = (() => {
      try {
        checkOptionalIfMatch('"1"', order);
      } catch (e) {
        return e as PreconditionFailedError;
      }
    })();
    expect(stale?.message).toBe('the order is at version 2, not 1');
    expect(stale?.extensions).toEqual({ currentVersion: 2, orderStatus: 'assigned' });
    const malformed = (() => {
      try {
        checkOptionalIfMatch('yesterday', order);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(malformed?.message).toBe('If-Match must be an ETag this API issued, e.g. "3"');
    expect(malformed?.errors).toEqual([
      { field: 'If-Match', message: 'is not an ETag of this API', in: 'header' },
    ]);
  });
});

describe('service order index entries', () => {
  const keysOf = (patch: Partial<StoredOrder>) => {
    const o = { ...order, ...patch } as StoredOrder;
    return serviceOrderIndexKeys({ ...o, state: indexState(o) });
  };

  it('puts every order under its resident, its status and the path of the center it is at', () => {
    expect(keysOf({})).toMatchObject({
      gsi1pk: 'RESIDENT#r-wang',
      gsi1sk: '2026-03-04T02:00:00.000Z#so-1',
      gsi2pk: 'ORDERS#assigned',
      gsi2sk: '/c-sh/c-bs/c-youyi/c-youyi-a/2026-03-04T02:00:00.000Z#so-1',
      gsi3pk: 'ORDERS#ALL',
    });
  });

  it.each([
    ['submitted', { status: 'submitted' }, 'ORDERS#UNROUTED', '2026-03-04T02:00:00.000Z#so-1'],
    [
      'open with a deadline',
      { escalateAt: '2026-03-09T15:59:59.000Z' },
      'ORDERS#DUE',
      '2026-03-09T15:59:59.000Z#so-1',
    ],
    ['open without a deadline', {}, 'ORDERS#DUE', 'UNKNOWN#2026-03-04T02:00:00.000Z#so-1'],
    [
      'open and overdue',
      { status: 'accepted', overdue: true },
      'ORDERS#OVERDUE',
      '/c-sh/c-bs/c-youyi/c-youyi-a/2026-03-04T02:00:00.000Z#so-1',
    ],
    [
      'rated with an open follow-up',
      {
        status: 'rated',
        followUp: { status: 'open', centerId: 'c-youyi-a', dueAt: '2026-03-25T23:59:59+08:00', openedAt: '' },
      },
      'ORDERS#FOLLOWUP',
      '/c-sh/c-bs/c-youyi/c-youyi-a/2026-03-25T15:59:59.000Z#so-1',
    ],
    ['completed', { status: 'completed', overdue: true }, undefined, undefined],
    ['cancelled', { status: 'cancelled' }, undefined, undefined],
  ] as const)('gsi4 for an order %s', (_state, patch, pk, sk) => {
    const index = keysOf(patch as Partial<StoredOrder>);
    expect(index.gsi4pk).toBe(pk);
    expect(index.gsi4sk).toBe(sk);
  });
});
