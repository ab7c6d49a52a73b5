import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  type ServiceDefinition,
  ServiceDefinitionSchema,
  TimeLimitSchema,
  validateAttributes,
} from '../../../shared/domain/services.ts';

/** The catalog as docs/service-orders.md ("The catalog") states it. */

const minimal = {
  code: 'red-agency',
  name: 'Red agency',
  category: 'help-and-agency',
  handlingLevel: 'community',
  timeLimit: { unit: 'working-days', value: 3 },
};

const define = (patch: Record<string, unknown>) =>
  ServiceDefinitionSchema.safeParse({ ...minimal, ...patch });

function problems(service: ServiceDefinition, attributes: unknown) {
  try {
    validateAttributes(service, attributes);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return { detail: (e as ValidationError).message, errors: (e as ValidationError).errors };
  }
  return undefined;
}

describe('a service definition', () => {
  it('defaults to no attributes, a free guide with nothing to bring, and active', () => {
    expect(ServiceDefinitionSchema.parse(minimal)).toEqual({
      ...minimal,
      attributes: [],
      guide: { bring: [], cost: '免费 free' },
      active: true,
    });
  });

  it('makes attributes required unless said otherwise, and strings at most 500 characters by default', () => {
    const parsed = ServiceDefinitionSchema.parse({
      ...minimal,
      attributes: [{ type: 'string', code: 'reason', label: 'Reason' }],
    });
    expect(parsed.attributes[0]).toEqual({
      type: 'string',
      code: 'reason',
      label: 'Reason',
      required: true,
      maxLength: 500,
    });
  });

  it('takes each documented category', () => {
    for (const category of [
      'party-affairs',
      'organisation-relationship-transfer',
      'civil-affairs',
      'social-security',
      'medical',
      'legal-consultation',
      'elderly-care',
      'employment',
      'consultation-and-complaints',
      'help-and-agency',
    ]) {
      expect(define({ category }).success, category).toBe(true);
    }
    expect(define({ category: 'sports' }).success).toBe(false);
  });

  it('takes codes of 3 to 64 lowercase letters, digits or -, starting with a letter', () => {
    expect(define({ code: 'abc' }).success).toBe(true);
    expect(define({ code: `a${'b'.repeat(63)}` }).success).toBe(true);
    for (const code of ['ab', `a${'b'.repeat(64)}`, '1abc', 'Abc', 'a_bc', 'xabc!']) {
      expect(define({ code }).error?.issues[0]?.message, code).toBe(
        'must be 3-64 lowercase letters, digits or -',
      );
    }
  });

  it('takes attribute codes that start with a letter, camelCase allowed, up to 40 characters', () => {
    const attr = (code: string) => define({ attributes: [{ type: 'date', code, label: 'x' }] }).success;
    expect(attr('startDate')).toBe(true);
    expect(attr('a')).toBe(true);
    expect(attr(`a${'b'.repeat(39)}`)).toBe(true);
    expect(attr(`a${'b'.repeat(40)}`)).toBe(false);
    expect(attr('1a')).toBe(false);
    expect(attr('a-b')).toBe(false);
    expect(attr('ab!')).toBe(false);
  });

  it('names max when a number attribute’s min is above it, and allows min equal to max', () => {
    const result = define({ attributes: [{ type: 'number', code: 'n', label: 'n', min: 5, max: 1 }] });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['attributes', 0, 'max'],
      message: 'must not be below min',
    });
    expect(define({ attributes: [{ type: 'number', code: 'n', label: 'n', min: 5, max: 5 }] }).success).toBe(
      true,
    );
    expect(define({ attributes: [{ type: 'number', code: 'n', label: 'n', min: 5 }] }).success).toBe(true);
    expect(define({ attributes: [{ type: 'number', code: 'n', label: 'n', max: 5 }] }).success).toBe(true);
    expect(define({ attributes: [{ type: 'number', code: 'n', label: 'n' }] }).success).toBe(true);
  });

  it('fills what a given guide leaves out: nothing to bring, free of charge', () => {
    expect(ServiceDefinitionSchema.parse({ ...minimal, guide: {} }).guide).toEqual({
      bring: [],
      cost: '免费 free',
    });
    expect(ServiceDefinitionSchema.parse({ ...minimal, guide: { duration: '1 hour' } }).guide).toEqual({
      bring: [],
      cost: '免费 free',
      duration: '1 hour',
    });
  });

  it('keeps the line breaks of an attribute’s description', () => {
    const attribute = {
      type: 'date',
      code: 'day',
      label: 'Day',
      required: true,
      description: '工作日\n上午',
    };
    expect(ServiceDefinitionSchema.parse({ ...minimal, attributes: [attribute] }).attributes).toEqual([
      attribute,
    ]);
  });

  it('keeps the line breaks of the guide’s notes', () => {
    const guide = { bring: ['户口簿'], cost: '免费', notes: '第一行\n第二行' };
    expect(ServiceDefinitionSchema.parse({ ...minimal, guide }).guide).toEqual(guide);
  });

  it('says which code is used twice', () => {
    const result = define({
      attributes: [
        { type: 'date', code: 'day', label: 'a' },
        { type: 'date', code: 'day', label: 'b' },
      ],
    });
    expect(result.error?.issues[0]?.message).toBe('code day is used twice');
  });

  it('says options must differ', () => {
    const result = define({ attributes: [{ type: 'single', code: 's', label: 's', options: ['a', 'a'] }] });
    expect(result.error?.issues[0]?.message).toBe('options must differ from each other');
  });

  it('limits time limits to 1-60 working days or hours', () => {
    expect(TimeLimitSchema.safeParse({ unit: 'hours', value: 1 }).success).toBe(true);
    expect(TimeLimitSchema.safeParse({ unit: 'working-days', value: 60 }).success).toBe(true);
    expect(TimeLimitSchema.safeParse({ unit: 'hours', value: 0 }).success).toBe(false);
    expect(TimeLimitSchema.safeParse({ unit: 'hours', value: 61 }).success).toBe(false);
    expect(TimeLimitSchema.safeParse({ unit: 'days', value: 3 }).success).toBe(false);
  });
});

describe('validateAttributes', () => {
  const service = ServiceDefinitionSchema.parse({
    ...minimal,
    attributes: [
      { type: 'number', code: 'atLeast', label: 'n', min: 1 },
      { type: 'number', code: 'atMost', label: 'n', max: 9 },
      { type: 'string', code: 'note', label: 'note', maxLength: 20 },
      { type: 'multiple', code: 'meals', label: 'meals', options: ['lunch', 'dinner'], required: false },
    ],
  }) as ServiceDefinition;
  const valid = { atLeast: 1, atMost: 9, note: 'line one\nline two' };

  it('takes numbers at their bounds, multi-line text, and leaves out an optional attribute', () => {
    expect(validateAttributes(service, valid)).toEqual(valid);
    expect(validateAttributes(service, { atLeast: 1e6, atMost: -1e6, note: 'x' })).toEqual({
      atLeast: 1e6,
      atMost: -1e6,
      note: 'x',
    });
  });

  it('refuses numbers past either bound, naming the attribute in the body', () => {
    expect(problems(service, { ...valid, atLeast: 0, atMost: 10 })?.errors).toEqual([
      expect.objectContaining({ field: 'attributes.atLeast', in: 'body' }),
      expect.objectContaining({ field: 'attributes.atMost', in: 'body' }),
    ]);
  });

  it('says which service the attributes do not fit, and that an unknown one is not its attribute', () => {
    expect(problems(service, { ...valid, colour: 'red' })).toEqual({
      detail: 'the attributes do not fit service red-agency',
      errors: [{ field: 'attributes.colour', message: 'is not an attribute of red-agency', in: 'body' }],
    });
  });

  it('refuses an empty choice of an optional multiple attribute', () => {
    expect(problems(service, { ...valid, meals: [] })?.errors.map((e) => e.field)).toEqual([
      'attributes.meals',
    ]);
  });
});
