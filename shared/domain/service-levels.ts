import * as z from 'zod';
import { LEVELS } from './levels.ts';

/**
 * The level and location schemas the service catalog and orders need, kept apart from
 * center.ts so that order functions do not load the opening-hours parser (about 750 KB of every
 * bundle). Same rules as center.ts's LevelSchema and LocationSchema.
 */

export const HandlingLevelSchema = z
  .enum(LEVELS)
  .meta({ description: 'A level of the network: city, district, street or community' });

export const ResidentLocationSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .meta({ description: 'WGS 84 coordinates', example: { lat: 31.405, lon: 121.489 } });
