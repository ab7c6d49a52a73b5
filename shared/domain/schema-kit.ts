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

/** The instants the API accepts: the calendar, zone and grid rules are not defined outside them. */
export const EARLIEST_INSTANT = '1970-01-01T00:00:00Z';
export const LATEST_INSTANT = '2100-12-31T23:59:59.999Z';
const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
const LATEST_MS = Date.parse(LATEST_INSTANT);

export const Instant = z.iso
  .datetime({ offset: true })
  .refine(
    (value) => {
      const ms = Date.parse(value);
      return ms >= EARLIEST_MS && ms <= LATEST_MS;
    },
    { message: 'must be between 1970-01-01T00:00:00Z and 2100-12-31T23:59:59Z' },
  )
  .meta({
    description: 'ISO 8601 instant with offset, from 1970-01-01T00:00:00Z to 2100-12-31T23:59:59Z',
    example: '2026-02-16T09:00:00+08:00',
  });

/**
 * C0 and C1 control characters (tab, line feed and carriage return are allowed where `multiline`),
 * and the bidirectional embeddings, overrides and isolates that make text display other than it reads.
 */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
const CONTROL_SINGLE_LINE = /\p{Cc}/u;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
// with the u flag a surrogate range matches only a surrogate without its pair
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/**
 * Text a person typed: trimmed (Unicode white space, so whitespace-only is empty and refused),
 * at least one character, at most `max`, with no control characters, bidi controls or lone
 * surrogates (refused, not stripped: the caller should know what was stored).
 */
export function Text(max: number, { multiline = false }: { multiline?: boolean } = {}) {
  const control = multiline ? CONTROL : CONTROL_SINGLE_LINE;
  return z
    .string()
    .trim()
    .min(1, 'must not be empty or only white space')
    .max(max)
    .refine((value) => !control.test(value), 'must not contain control characters')
    .refine((value) => !BIDI.test(value), 'must not contain bidirectional control characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode (no lone surrogates)');
}

/** An optional Text. */
export const OptionalText = (max: number, options?: { multiline?: boolean }) => Text(max, options).optional();

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
