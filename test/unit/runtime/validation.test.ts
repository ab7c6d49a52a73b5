import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { fieldProblems, parseOrThrow } from '../../../shared/runtime/validation.ts';

/**
 * A refused request names every bad field (docs/api.md: `errors[]` of a 400, each with `field`,
 * `message` and `in`), nested fields by their dotted path, and says it in one detail line.
 */

const schema = z.strictObject({
  name: z.string().min(2),
  contact: z.strictObject({ phone: z.string() }),
});

function refusal(input: unknown, where: 'body' | 'query' = 'body'): ValidationError {
  try {
    parseOrThrow(schema, input, where);
  } catch (error) {
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('parseOrThrow', () => {
  it('gives back the parsed value when it is valid', () => {
    expect(parseOrThrow(schema, { name: 'ab', contact: { phone: '1' } }, 'body')).toEqual({
      name: 'ab',
      contact: { phone: '1' },
    });
  });

  it('names each bad field by its dotted path, with where it was', () => {
    const error = refusal({ name: 'a', contact: { phone: 5 } }, 'query');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors.map(({ field, in: where }) => [field, where])).toEqual([
      ['name', 'query'],
      ['contact.phone', 'query'],
    ]);
  });

  it('names each unknown member on its own, nested ones by their path', () => {
    const error = refusal({ name: 'ab', contact: { phone: '1', fax: '2' }, extra: 1, other: 2 });
    expect(error.errors).toEqual([
      { field: 'contact.fax', message: 'is not a known field', in: 'body' },
      { field: 'extra', message: 'is not a known field', in: 'body' },
      { field: 'other', message: 'is not a known field', in: 'body' },
    ]);
  });

  it('says every problem in one detail, field first, and a problem of the whole body without a field', () => {
    const error = refusal({ name: 'ab', contact: { phone: '1' }, extra: 1 });
    expect(error.message).toBe('invalid body: extra: is not a known field');
    const whole = refusal('not an object');
    expect(whole.errors).toHaveLength(1);
    expect(whole.errors[0]?.field).toBe('');
    expect(whole.message).toBe(`invalid body: ${whole.errors[0]?.message}`);
    const two = refusal({ name: 'a', contact: { phone: 5 } });
    expect(two.message).toMatch(/^invalid body: name: .+; contact\.phone: .+$/);
  });
});

describe('fieldProblems', () => {
  it('keeps the message zod gave for each field', () => {
    const result = z.strictObject({ n: z.number().max(3, 'at most 3') }).safeParse({ n: 4 });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(fieldProblems(result.error, 'body')).toEqual([{ field: 'n', message: 'at most 3', in: 'body' }]);
  });
});
