import { describe, expect, it } from 'vitest';
import {
  assertAdmin,
  assertCanManage,
  assertCanReadRegistry,
  assertCanRebuildGrid,
  assertMayManageRegistry,
  describe as describePrincipal,
  type Principal,
  principalFromClaims,
} from '../../../shared/domain/auth.ts';
import { ForbiddenError, UnauthorizedError } from '../../../shared/domain/errors.ts';

describe('principalFromClaims', () => {
  it('reads groups as API Gateway passes them ("[a b]") and picks the strongest role', () => {
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': '[resident admin]' })).toEqual({
      kind: 'user',
      sub: 'u1',
      role: 'admin',
    });
  });

  it('reads a staff member with the center they work at', () => {
    expect(
      principalFromClaims({ sub: 'u2', 'cognito:groups': '[staff]', 'custom:center_id': 'c-youyi' }),
    ).toEqual({
      kind: 'user',
      sub: 'u2',
      role: 'staff',
      centerId: 'c-youyi',
    });
  });

  it('treats a user without groups as a resident', () => {
    expect(principalFromClaims({ sub: 'u3' })).toMatchObject({ role: 'resident' });
  });

  it('refuses a staff token without a center', () => {
    expect(() => principalFromClaims({ sub: 'u4', 'cognito:groups': '[staff]' })).toThrow(ForbiddenError);
  });

  it('reads a machine client from an access token scope', () => {
    expect(
      principalFromClaims({ sub: 'm1', client_id: 'm1', token_use: 'access', scope: 'pmsc/menus:push' }),
    ).toEqual({ kind: 'machine', clientId: 'm1', scopes: ['pmsc/menus:push'] });
  });

  it('refuses an access token without a scope instead of taking it for a resident', () => {
    expect(() => principalFromClaims({ sub: 'm1', client_id: 'm1', token_use: 'access' })).toThrow(
      /must carry a scope/,
    );
    expect(() => principalFromClaims({ sub: 'm1', token_use: 'access', scope: '' })).toThrow(
      UnauthorizedError,
    );
  });

  it("reads an external issuer's own group and center claims (AWS China districts)", () => {
    const names = { groups: 'roles', centerId: 'pmsc_center' };
    expect(principalFromClaims({ sub: 's1', roles: '[staff]', pmsc_center: 'c-youyi' }, names)).toEqual({
      kind: 'user',
      sub: 's1',
      role: 'staff',
      centerId: 'c-youyi',
    });
    // Cognito's names mean nothing there
    expect(principalFromClaims({ sub: 's1', 'cognito:groups': '[admin]' }, names)).toMatchObject({
      role: 'resident',
    });
  });

  it('needs claims with a subject', () => {
    expect(() => principalFromClaims(undefined)).toThrow(UnauthorizedError);
  });
});

describe('assertCanManage', () => {
  const staff = { kind: 'user', sub: 's', role: 'staff', centerId: 'c-youyi' } as const;
  const path = (...ids: string[]) => `/${ids.join('/')}/`;

  it('lets staff manage their own center and everything below it', () => {
    expect(() => assertCanManage(staff, path('c-sh', 'c-bs', 'c-youyi'))).not.toThrow();
    expect(() => assertCanManage(staff, path('c-sh', 'c-bs', 'c-youyi', 'c-youyi-a'))).not.toThrow();
  });

  it('refuses staff on a sibling subtree and on the parent', () => {
    expect(() => assertCanManage(staff, path('c-sh', 'c-bs', 'c-wusong', 'c-wusong-a'))).toThrow(
      ForbiddenError,
    );
    expect(() => assertCanManage(staff, path('c-sh', 'c-bs'))).toThrow(ForbiddenError);
  });

  it('lets admins manage anything and refuses residents and machines', () => {
    expect(() => assertCanManage({ kind: 'user', sub: 'a', role: 'admin' }, path('c-sh'))).not.toThrow();
    expect(() => assertCanManage({ kind: 'user', sub: 'r', role: 'resident' }, path('c-sh'))).toThrow(
      ForbiddenError,
    );
    expect(() => assertCanManage({ kind: 'machine', clientId: 'm', scopes: [] }, path('c-sh'))).toThrow(
      ForbiddenError,
    );
  });

  it('keeps the registry away from machine clients and root creation to admins', () => {
    expect(() =>
      assertCanReadRegistry({ kind: 'machine', clientId: 'm', scopes: ['pmsc/menus:push'] }),
    ).toThrow(ForbiddenError);
    expect(() => assertCanReadRegistry({ kind: 'user', sub: 'r', role: 'resident' })).not.toThrow();
    expect(() => assertAdmin(staff)).toThrow(ForbiddenError);
  });
});

const admin: Principal = { kind: 'user', sub: 'a1', role: 'admin' };
const staffMember: Principal = { kind: 'user', sub: 's1', role: 'staff', centerId: 'c-youyi' };
const resident: Principal = { kind: 'user', sub: 'r1', role: 'resident' };
const machine: Principal = { kind: 'machine', clientId: 'city-system', scopes: ['pmsc/menus:push'] };

function refusal(check: () => void): string | undefined {
  try {
    check();
  } catch (e) {
    expect(e).toBeInstanceOf(ForbiddenError);
    return (e as Error).message;
  }
  return undefined;
}

describe('reading the role from the token', () => {
  it('ranks staff above resident whatever the order of the groups', () => {
    expect(
      principalFromClaims({ sub: 'u', 'cognito:groups': '[staff resident]', 'custom:center_id': 'c-a' }),
    ).toMatchObject({ role: 'staff' });
    expect(
      principalFromClaims({ sub: 'u', 'cognito:groups': '[resident staff]', 'custom:center_id': 'c-a' }),
    ).toMatchObject({ role: 'staff' });
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': ['staff', 'admin'] })).toEqual({
      kind: 'user',
      sub: 'u',
      role: 'admin',
    });
  });

  it('reads groups given as a plain list, with commas or spaces', () => {
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': 'resident,admin' })).toMatchObject({
      role: 'admin',
    });
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': ' [ admin ] ' })).toMatchObject({
      role: 'admin',
    });
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': '[volunteer]' })).toMatchObject({
      role: 'resident',
    });
  });

  it('does not take a group that merely contains a role name', () => {
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': '[administrators]' })).toMatchObject({
      role: 'resident',
    });
  });

  it('keeps the center of a staff member only, and says why a staff token without one is refused', () => {
    expect(principalFromClaims({ sub: 'u', 'custom:center_id': 'c-a' })).toEqual({
      kind: 'user',
      sub: 'u',
      role: 'resident',
    });
    expect(refusal(() => principalFromClaims({ sub: 'u', 'cognito:groups': '[staff]' }))).toBe(
      'a staff token must carry custom:center_id',
    );
  });

  it('reads an access token with groups as a person, not a machine', () => {
    expect(principalFromClaims({ sub: 'u', token_use: 'access', 'cognito:groups': '[admin]' })).toEqual({
      kind: 'user',
      sub: 'u',
      role: 'admin',
    });
  });

  it('reads every scope of a machine client, naming it by sub when there is no client_id', () => {
    expect(
      principalFromClaims({ sub: 'm9', token_use: 'access', scope: 'pmsc/menus:push pmsc/read' }),
    ).toEqual({
      kind: 'machine',
      clientId: 'm9',
      scopes: ['pmsc/menus:push', 'pmsc/read'],
    });
  });

  it('asks for a bearer token when the claims have no subject', () => {
    expect(() => principalFromClaims({ sub: '' })).toThrow('a bearer token is required');
  });
});

describe('who may do what', () => {
  it('names the caller in history and refusals', () => {
    expect(describePrincipal(resident)).toBe('resident r1');
    expect(describePrincipal(staffMember)).toBe('staff s1');
    expect(describePrincipal(machine)).toBe('client city-system');
  });

  it('lets admins and staff change the registry, and tells residents and machines 403', () => {
    expect(refusal(() => assertMayManageRegistry(admin))).toBeUndefined();
    expect(refusal(() => assertMayManageRegistry(staffMember))).toBeUndefined();
    expect(refusal(() => assertMayManageRegistry(resident))).toBe('resident r1 may not change the registry');
    expect(refusal(() => assertMayManageRegistry(machine))).toBe(
      'client city-system may not change the registry',
    );
  });

  it('tells staff outside their subtree which center they belong to', () => {
    expect(refusal(() => assertCanManage(staffMember, '/c-sh/c-bs/'))).toBe(
      'staff of center c-youyi may only manage its subtree',
    );
    expect(refusal(() => assertCanManage(resident, '/c-sh/'))).toBe(
      'resident r1 may not change the registry',
    );
  });

  it('gives a resident no subtree even if a center id came with the token', () => {
    const local: Principal = { kind: 'user', sub: 'r2', role: 'resident', centerId: 'c-youyi' };
    expect(refusal(() => assertCanManage(local, '/c-sh/c-bs/c-youyi/'))).toBe(
      'resident r2 may not change the registry',
    );
  });

  it('reads the scopes of an access token as API Gateway passes them', () => {
    expect(
      principalFromClaims({ sub: 'm', token_use: 'access', scope: ' [pmsc/menus:push pmsc/read] ' }),
    ).toMatchObject({
      scopes: ['pmsc/menus:push', 'pmsc/read'],
    });
  });

  it('refuses a staff principal without a center everywhere', () => {
    const adrift: Principal = { kind: 'user', sub: 's2', role: 'staff' };
    expect(refusal(() => assertCanManage(adrift, '/c-sh/'))).toBe('staff s2 may not change the registry');
  });

  it('keeps admin-only actions to admins', () => {
    expect(refusal(() => assertAdmin(admin))).toBeUndefined();
    expect(refusal(() => assertAdmin(resident))).toBe('only administrators may do this');
    expect(refusal(() => assertAdmin(machine))).toBe('only administrators may do this');
  });

  it('lets admins and staff of any center rebuild the grid, and no one else', () => {
    expect(refusal(() => assertCanRebuildGrid(admin))).toBeUndefined();
    expect(refusal(() => assertCanRebuildGrid(staffMember))).toBeUndefined();
    expect(refusal(() => assertCanRebuildGrid(resident))).toBe(
      'resident r1 may not rebuild the grid; admins and staff may',
    );
    expect(refusal(() => assertCanRebuildGrid(machine))).toMatch(/^client city-system may not rebuild/);
  });

  it('lets machine clients read nothing of the registry, and says so', () => {
    expect(refusal(() => assertCanReadRegistry(machine))).toBe(
      'machine clients may only use the endpoints of their scopes',
    );
    expect(refusal(() => assertCanReadRegistry(staffMember))).toBeUndefined();
  });
});
