import * as z from 'zod';

/** Small reusable zod pieces shared by the contract schemas. */

export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{2,63}$/, 'must be 3-64 lowercase letters, digits, - or _')
  .meta({ description: 'Identifier', example: 'c-7f3a9b2c' });

export const Version = z
  .number()
  .int()
  .min(1)
  .meta({ description: 'Optimistic-lock version; echoed as ETag' });

export const Instant = z.iso.datetime({ offset: true }).meta({
  description: 'ISO 8601 instant with offset',
  example: '2026-02-16T09:00:00+08:00',
});

export const Timestamps = {
  createdAt: Instant,
  updatedAt: Instant,
};

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Page size, 1-100' }),
  cursor: z.string().max(2048).optional().meta({ description: 'Opaque cursor from the previous page' }),
});

export function page<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .meta({ description: 'Pass as `cursor` for the next page; null at the end' }),
    })
    .meta({ id });
}
