import * as z from 'zod';

/** Asks the coordinator to fan one revision of a menu out to its scope. */
export const FanOutMessage = z.strictObject({
  menuId: z.string().min(1).max(64),
  revision: z.number().int().min(1),
});
export type FanOutMessage = z.infer<typeof FanOutMessage>;

/** One revision of a menu for one center. */
export const DeliveryMessage = z.strictObject({
  menuId: z.string().min(1).max(64),
  revision: z.number().int().min(1),
  centerId: z.string().min(1).max(64),
});
export type DeliveryMessage = z.infer<typeof DeliveryMessage>;

/**
 * Whom a delivery that does not parse was meant for, when enough of it reads: a malformed
 * message is then a failure of that center, shown with the menu, not silently lost.
 */
export function addresseeOf(json: unknown): DeliveryMessage | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { menuId, centerId, revision } = json as Record<string, unknown>;
  const rev = typeof revision === 'string' ? Number(revision) : revision;
  if (typeof menuId !== 'string' || typeof centerId !== 'string') return undefined;
  if (typeof rev !== 'number' || !Number.isInteger(rev) || rev < 1) return undefined;
  if (menuId.length > 64 || centerId.length > 64) return undefined;
  return { menuId, centerId, revision: rev };
}

/** One revision of a city menu for one registered district stack. */
export const DistrictSendMessage = z.strictObject({
  menuId: z.string().min(1).max(64),
  revision: z.number().int().min(1),
  district: z.string().regex(/^\d{6}$/),
});
export type DistrictSendMessage = z.infer<typeof DistrictSendMessage>;
