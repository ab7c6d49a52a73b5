import * as z from 'zod';

/**
 * What a district's console is configured with (GET /console/config.json): sign-in with
 * authorization code + PKCE at the district's issuer, and an optional basemap. The stack sets it
 * from the district config (infra/config/districts.ts), the local runtime from its dev issuer.
 */
export const ConsoleConfigSchema = z
  .object({
    district: z.object({ code: z.string(), name: z.object({ zh: z.string(), en: z.string() }) }),
    timeZone: z.string().meta({ description: 'IANA zone the date-time field is read in' }),
    auth: z
      .object({
        authorizeUrl: z
          .string()
          .meta({ description: 'OAuth 2.0 authorization endpoint (absolute, or a path on this API)' }),
        tokenUrl: z.string(),
        clientId: z.string(),
        scope: z.string(),
        claims: z.object({ groups: z.string(), centerId: z.string() }),
      })
      .nullable()
      .meta({ description: 'null: no web client is configured for the console in this district' }),
    basemap: z
      .object({
        url: z.string().meta({ description: 'Raster tile URL template with {z}/{x}/{y}' }),
        attribution: z.string(),
        coordinates: z.enum(['wgs84', 'gcj02']).meta({
          description:
            'The basemap datum; gcj02 (Chinese mapping services) makes the console convert every point',
        }),
      })
      .nullable(),
  })
  .meta({ id: 'ConsoleConfig' });
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
