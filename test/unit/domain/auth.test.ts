import { describe, expect, it } from 'vitest';
import {
  assertAdmin,
  assertCanManage,
  assertCanReadRegistry,
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
