import * as z from 'zod';
import { Id, Instant, Text } from './schema-kit.ts';

/** Temporary closures of a center: they override its opening hours (kept apart from rooms so closures do not load the hours parser). */

export const CreateClosureSchema = z
  .strictObject({
    from: Instant,
    to: Instant,
    reason: Text(200),
  })
  .refine((c) => Date.parse(c.to) > Date.parse(c.from), { message: 'must be after from', path: ['to'] })
  .refine((c) => Date.parse(c.to) - Date.parse(c.from) <= 366 * 24 * 3600 * 1000, {
    message: 'a temporary closure lasts at most a year',
    path: ['to'],
  })
  .meta({ id: 'CreateClosure' });
export type CreateClosure = z.infer<typeof CreateClosureSchema>;

export const ClosureSchema = z
  .object({
    id: Id,
    centerId: Id,
    from: Instant,
    to: Instant,
    reason: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'Closure' });
export type Closure = z.infer<typeof ClosureSchema>;
