import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  OnBehalfOfSchema,
  WalkInSchema,
  walkInOwner,
  walkInOwnerOfPhone,
} from '../../../shared/domain/walk-in.ts';

/** Walk-in residents as docs/service-orders.md states them: a hash as owner, four digits in the clear. */

const DISTRICT = '310113';

describe('OnBehalfOfSchema', () => {
  it('takes a mainland mobile number, with or without +86 or 86 before it', () => {
    for (const phone of ['13800138000', '+8613800138000', '8613800138000'])
      expect(OnBehalfOfSchema.safeParse({ phone }).success, phone).toBe(true);
  });

  it('refuses a number that is not a mainland mobile number', () => {
    for (const phone of ['23800138000', '1380013800', '138001380001', '+4413800138000', 'x13800138000'])
      expect(OnBehalfOfSchema.safeParse({ phone }).success, phone).toBe(false);
  });

  it('takes an 18-character resident ID number, its last character a digit or X', () => {
    expect(OnBehalfOfSchema.safeParse({ idNumber: '31011319800101123X' }).success).toBe(true);
    expect(OnBehalfOfSchema.safeParse({ idNumber: '310113198001011234' }).success).toBe(true);
    expect(OnBehalfOfSchema.safeParse({ idNumber: '31011319800101123x' }).success).toBe(true);
    expect(OnBehalfOfSchema.safeParse({ idNumber: '31011319800101123' }).success).toBe(false);
    expect(OnBehalfOfSchema.safeParse({ idNumber: '3101131980010112345' }).success).toBe(false);
    expect(OnBehalfOfSchema.safeParse({ idNumber: 'A10113198001011234' }).success).toBe(false);
  });

  it('says what a number must look like', () => {
    expect(OnBehalfOfSchema.safeParse({ phone: '123' }).error?.issues[0]?.message).toBe(
      'must be a mainland mobile number, e.g. 13800138000',
    );
    expect(OnBehalfOfSchema.safeParse({ idNumber: '123' }).error?.issues[0]?.message).toBe(
      'must be an 18-character resident ID number',
    );
  });

  it('needs one of the two', () => {
    const neither = OnBehalfOfSchema.safeParse({});
    expect(neither.success).toBe(false);
    expect(neither.error?.issues[0]?.message).toMatch(/mobile number or ID number/);
  });
});

describe('walkInOwner', () => {
  it('owns the order by a hash of the district and the mobile number, keeping only its last four digits', () => {
    const { owner, walkIn } = walkInOwner({ phone: '13800138000' }, DISTRICT);
    expect(owner).toMatch(/^walk-in:[0-9a-f]{40}$/);
    expect(owner).not.toContain('13800138000');
    expect(walkIn).toEqual({ phoneLast4: '8000' });
  });

  it('is the same owner whether the number was typed with +86, 86 or without', () => {
    const owners = ['13800138000', '+8613800138000', '8613800138000'].map(
      (phone) => walkInOwner({ phone }, DISTRICT).owner,
    );
    expect(new Set(owners).size).toBe(1);
  });

  it('differs between numbers and between districts', () => {
    const owner = walkInOwner({ phone: '13800138000' }, DISTRICT).owner;
    expect(walkInOwner({ phone: '13800138001' }, DISTRICT).owner).not.toBe(owner);
    expect(walkInOwner({ phone: '13800138000' }, '310115').owner).not.toBe(owner);
  });

  it('prefers the mobile number when both are given, keeping the ID number’s last four too', () => {
    const both = walkInOwner({ phone: '13800138000', idNumber: '31011319800101123x' }, DISTRICT);
    expect(both.owner).toBe(walkInOwner({ phone: '13800138000' }, DISTRICT).owner);
    expect(both.walkIn).toEqual({ phoneLast4: '8000', idNumberLast4: '123X' });
  });

  it('owns by the ID number when there is no mobile number, whatever the case of its X', () => {
    const lower = walkInOwner({ idNumber: '31011319800101123x' }, DISTRICT);
    const upper = walkInOwner({ idNumber: '31011319800101123X' }, DISTRICT);
    expect(lower.owner).toBe(upper.owner);
    expect(lower.owner).toMatch(/^walk-in:[0-9a-f]{40}$/);
    expect(lower.walkIn).toEqual({ idNumberLast4: '123X' });
  });

  it('keeps the owner ids already stored: SHA-256 of district, kind and number, 40 hex digits', () => {
    // orders registered before a release must still be found by the same number after it
    expect(walkInOwner({ phone: '13800138000' }, DISTRICT).owner).toBe(
      'walk-in:035813dd3567db2c7fe016d77fef511a0a32dfa2',
    );
    expect(walkInOwner({ idNumber: '31011319800101123X' }, DISTRICT).owner).toBe(
      'walk-in:81eae3ac1224b24978d599d7de3cec394a7e72f9',
    );
  });

  it('is a 400 on onBehalfOf with neither', () => {
    try {
      walkInOwner({}, DISTRICT);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toBe('give the resident’s mobile number or ID number');
      expect((error as ValidationError).errors).toEqual([
        { field: 'onBehalfOf', message: 'needs phone or idNumber', in: 'body' },
      ]);
    }
  });

  it('takes off only a leading 86, never one inside the number', () => {
    expect(walkInOwner({ phone: '13800138086' }, DISTRICT).walkIn).toEqual({ phoneLast4: '8086' });
  });
});

describe('walkInOwnerOfPhone', () => {
  it('links a verified E.164 mobile number to the orders registered for it at the window', () => {
    expect(walkInOwnerOfPhone('+8613800138000', DISTRICT)).toBe(
      walkInOwner({ phone: '13800138000' }, DISTRICT).owner,
    );
    expect(walkInOwnerOfPhone('+86 138-0013-8000', DISTRICT)).toBe(
      walkInOwner({ phone: '13800138000' }, DISTRICT).owner,
    );
  });

  it('stands for nobody without a number or with one that is not a mainland mobile number', () => {
    expect(walkInOwnerOfPhone(undefined, DISTRICT)).toBeUndefined();
    expect(walkInOwnerOfPhone('+442071838750', DISTRICT)).toBeUndefined();
    expect(walkInOwnerOfPhone('+86138001380001', DISTRICT)).toBeUndefined();
    expect(walkInOwnerOfPhone('+8623800138000', DISTRICT)).toBeUndefined();
    expect(walkInOwnerOfPhone('+86213800138000', DISTRICT)).toBeUndefined();
  });
});

describe('WalkInSchema', () => {
  it('shows who registered the order, the last digits kept and when the resident took it over', () => {
    const walkIn = {
      registeredBy: 'staff s-1',
      phoneLast4: '8000',
      idNumberLast4: '123X',
      claimedAt: '2026-03-05T10:00:00.000Z',
    };
    expect(WalkInSchema.parse(walkIn)).toEqual(walkIn);
    expect(WalkInSchema.safeParse({ ...walkIn, phone: '13800138000' }).success).toBe(false);
  });
});
