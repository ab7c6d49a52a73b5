import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from './errors.ts';

/**
 * A resident registered at a window by staff ("one window accepts, one stop handles") who may
 * have no account yet. Only a hash of the mobile number or ID number is kept as the order's owner,
 * with the last four digits for the clerk; when the resident signs in with that mobile number
 * verified, their orders are theirs (claimed on their first look at /me/service-orders).
 */

export const OnBehalfOfSchema = z
  .strictObject({
    phone: z
      .string()
      .regex(/^(\+?86)?1\d{10}$/, 'must be a mainland mobile number, e.g. 13800138000')
      .optional()
      .meta({ description: 'Mobile number: the resident sees the order once signed in with it verified' }),
    idNumber: z
      .string()
      .regex(/^\d{17}[\dXx]$/, 'must be an 18-character resident ID number')
      .optional()
      .meta({ description: 'Resident ID number, when there is no mobile number (kept as a hash)' }),
  })
  .refine((v) => v.phone !== undefined || v.idNumber !== undefined, {
    message: 'give the resident’s mobile number or ID number',
  })
  .meta({
    id: 'OnBehalfOf',
    description: 'Staff only: the walk-in resident the order is for (stored as a hash and the last 4 digits)',
  });
export type OnBehalfOf = z.infer<typeof OnBehalfOfSchema>;

export const WalkInSchema = z
  .strictObject({
    registeredBy: z.string().meta({ description: 'The staff member who registered the order' }),
    phoneLast4: z.string().optional(),
    idNumberLast4: z.string().optional(),
    claimedAt: z.string().optional().meta({ description: 'When the resident signed in and took it over' }),
  })
  .meta({ id: 'WalkIn', description: 'The order was registered at a window for a walk-in resident' });
export type WalkIn = z.infer<typeof WalkInSchema>;

const digitsOfPhone = (phone: string): string => phone.replace(/^\+?86/, '');

const hashed = (district: string, kind: string, value: string) =>
  `walk-in:${createHash('sha256').update(`${district}|${kind}|${value}`).digest('hex').slice(0, 40)}`;

/** The owner id of a walk-in resident's orders: the mobile number's when given, else the ID number's. */
export function walkInOwner(
  who: OnBehalfOf,
  district: string,
): { owner: string; walkIn: Omit<WalkIn, 'registeredBy'> } {
  if (who.phone !== undefined) {
    const digits = digitsOfPhone(who.phone);
    return {
      owner: hashed(district, 'phone', digits),
      walkIn: {
        phoneLast4: digits.slice(-4),
        ...(who.idNumber ? { idNumberLast4: who.idNumber.slice(-4).toUpperCase() } : {}),
      },
    };
  }
  if (who.idNumber !== undefined) {
    const id = who.idNumber.toUpperCase();
    return { owner: hashed(district, 'id', id), walkIn: { idNumberLast4: id.slice(-4) } };
  }
  throw new ValidationError('give the resident’s mobile number or ID number', [
    { field: 'onBehalfOf', message: 'needs phone or idNumber', in: 'body' },
  ]);
}

/**
 * The walk-in owner id a signed-in resident's verified mobile number (the token's `phone_number`,
 * E.164 as Cognito keeps it) stands for, or undefined when it is not a mainland mobile number.
 */
export function walkInOwnerOfPhone(phone: string | undefined, district: string): string | undefined {
  if (phone === undefined) return undefined;
  const digits = digitsOfPhone(phone.replace(/[\s-]/g, ''));
  return /^1\d{10}$/.test(digits) ? hashed(district, 'phone', digits) : undefined;
}
