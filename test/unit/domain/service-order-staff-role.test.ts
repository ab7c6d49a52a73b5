import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/auth.ts';
import { ForbiddenError } from '../../../shared/domain/errors.ts';
import {
  assertCanHandleOrder,
  assertCanReadOrder,
  assertCanSuperviseCenter,
  type Person,
  who,
} from '../../../shared/domain/service-order-access.ts';
import type { StoredOrder } from '../../../shared/domain/service-order-requests.ts';

/**
 * Staff rights over a subtree come from the staff role, not from a center named on the caller:
 * a resident whose principal names a center is still a resident. And the history names people as
 * `resident <sub>`, `staff <sub>`, `admin <sub>` (docs/service-orders.md, "Lifecycle").
 */

const order = {
  id: 'so-3',
  residentSub: 'r-wang',
  status: 'assigned',
  assignedCenterId: 'c-youyi-a',
  intakeCenterId: 'c-youyi-a',
  atPath: '/c-sh/c-bs/c-youyi/c-youyi-a/',
  intakePath: '/c-sh/c-bs/c-youyi/c-youyi-a/',
  version: 2,
} as unknown as StoredOrder;

const residentNamingACenter: Principal = { kind: 'user', sub: 'r-li', role: 'resident', centerId: 'c-youyi' };

describe('the staff role, not a center on the caller, covers a subtree', () => {
  it('does not let a resident naming a center read, handle or list its orders', () => {
    expect(() => assertCanReadOrder(residentNamingACenter, order)).toThrow(ForbiddenError);
    expect(() => assertCanHandleOrder(residentNamingACenter, order)).toThrow(
      'resident r-li may not handle service orders; staff of the center may',
    );
    expect(() => assertCanSuperviseCenter(residentNamingACenter, order.atPath)).toThrow(ForbiddenError);
  });
});

describe('how a person is named in the history', () => {
  it.each([
    [{ kind: 'user', sub: 'r-wang', role: 'resident' }, 'resident r-wang'],
    [{ kind: 'user', sub: 's-7', role: 'staff', centerId: 'c-youyi' }, 'staff s-7'],
    [{ kind: 'user', sub: 'a-1', role: 'admin' }, 'admin a-1'],
  ] as [Person, string][])('%o is %s', (person, name) => {
    expect(who(person)).toBe(name);
  });
});
