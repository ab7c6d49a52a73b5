import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../shared/domain/auth.ts';

/**
 * What a person's ID token says beside their role (docs/service-orders.md, walk-in residents;
 * docs/bookings.md, Party members): a resident's mobile number counts only when the token says it
 * is verified, and only for a resident; the Party-member group rides along with any role.
 * API Gateway passes every claim as a string, arrays as "[a b]".
 */

const resident = { sub: 'u-1', 'cognito:groups': '[resident]' };

describe('a resident’s verified mobile number', () => {
  it('is the principal’s phone when the token says it is verified', () => {
    expect(
      principalFromClaims({ ...resident, phone_number: '+8613800138000', phone_number_verified: 'true' }),
    ).toEqual({ kind: 'user', sub: 'u-1', role: 'resident', phone: '+8613800138000' });
    // a token decoded by another path may carry the flag as a boolean
    expect(
      principalFromClaims({ ...resident, phone_number: '+8613800138000', phone_number_verified: true }),
    ).toMatchObject({ phone: '+8613800138000' });
  });

  it('is not taken when it is not verified, or when there is no number', () => {
    for (const claims of [
      { ...resident, phone_number: '+8613800138000', phone_number_verified: 'false' },
      { ...resident, phone_number: '+8613800138000' },
      { ...resident, phone_number_verified: 'true' },
    ]) {
      expect(principalFromClaims(claims)).toEqual({ kind: 'user', sub: 'u-1', role: 'resident' });
    }
  });

  it('is not taken for an admin, whose orders are never a resident’s own', () => {
    expect(
      principalFromClaims({
        sub: 'a-1',
        'cognito:groups': '[admin]',
        phone_number: '+8613800138000',
        phone_number_verified: 'true',
      }),
    ).toEqual({ kind: 'user', sub: 'a-1', role: 'admin' });
  });
});

describe('the Party-member group', () => {
  it('marks a resident or an admin in it, beside the role, and nobody else', () => {
    expect(principalFromClaims({ sub: 'u-2', 'cognito:groups': '[resident party-member]' })).toEqual({
      kind: 'user',
      sub: 'u-2',
      role: 'resident',
      partyMember: true,
    });
    expect(principalFromClaims({ sub: 'a-2', 'cognito:groups': ['admin', 'party-member'] })).toEqual({
      kind: 'user',
      sub: 'a-2',
      role: 'admin',
      partyMember: true,
    });
    expect(principalFromClaims({ sub: 'u-3', 'cognito:groups': '[resident]' })).not.toHaveProperty(
      'partyMember',
    );
  });

  it('keeps the phone and the group together for a verified Party member', () => {
    expect(
      principalFromClaims({
        sub: 'u-4',
        'cognito:groups': 'resident,party-member',
        phone_number: '+8613900139000',
        phone_number_verified: 'true',
      }),
    ).toEqual({ kind: 'user', sub: 'u-4', role: 'resident', phone: '+8613900139000', partyMember: true });
  });
});
