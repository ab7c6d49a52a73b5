import * as z from 'zod';
import { ValidationError } from './errors.ts';

/**
 * The district stacks a city stack pushes menus to: each district's API, the center at the root
 * of its tree, and the machine client the district registered for the city (OAuth client
 * credentials with the `menus:push` scope). The secret is named, never written here: `env:NAME`
 * (the local runtime) or `secretsmanager:<name or ARN>` (AWS).
 */
export const ChildDistrictSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  apiUrl: z.url(),
  rootCenterId: z.string().min(1).max(64),
  tokenUrl: z.url(),
  clientId: z.string().min(1).max(128),
  clientSecret: z.string().regex(/^(env|secretsmanager):.+$/, 'must be env:NAME or secretsmanager:<id>'),
  /** The scope to ask for; the district's resource server prefix included. */
  scope: z.string().default('pmsc/menus:push'),
});
export type ChildDistrict = z.infer<typeof ChildDistrictSchema>;

export const ChildDistrictsSchema = z.array(ChildDistrictSchema).max(50);

/** The registered districts named by `codes`, in that order; a code not registered is the caller's 400. */
export function targetsOf(registered: readonly ChildDistrict[], codes: readonly string[]): ChildDistrict[] {
  const unknown = codes.filter((code) => !registered.some((child) => child.code === code));
  if (unknown.length > 0) {
    throw ValidationError.field(
      'targetDistricts',
      registered.length === 0
        ? 'this stack has no registered districts (only a city stack pushes to districts)'
        : `not registered with this stack: ${unknown.join(', ')}`,
    );
  }
  return [...new Set(codes)].map((code) => registered.find((child) => child.code === code)!);
}
