import * as z from 'zod';
import { ValidationError } from './errors.ts';
import { OptionalText, Text } from './schema-kit.ts';
import { HandlingLevelSchema as LevelSchema } from './service-levels.ts';

/**
 * The service catalog: what residents can order, which level handles it, its time limit, the
 * attributes an order must carry (typed, as in Open311 service definitions) and a short guide.
 */

export const SERVICE_CATEGORIES = [
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
] as const;

export const ServiceCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{2,63}$/, 'must be 3-64 lowercase letters, digits or -')
  .meta({ example: 'org-relationship-transfer' });

const attributeFields = {
  code: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/),
  label: Text(100),
  required: z.boolean().default(true),
  description: OptionalText(300, { multiline: true }),
};

const Options = z
  .array(Text(100))
  .min(1)
  .max(50)
  .refine((options) => new Set(options).size === options.length, 'options must differ from each other');

// each variant carries the common fields itself: an intersection of two closed objects could
// never be satisfied by a JSON Schema validator
export const AttributeSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('string'),
      ...attributeFields,
      maxLength: z.number().int().min(1).max(2000).default(500),
    }),
    z
      .strictObject({
        type: z.literal('number'),
        ...attributeFields,
        min: z.number().optional(),
        max: z.number().optional(),
      })
      .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, {
        message: 'must not be below min',
        path: ['max'],
      }),
    z.strictObject({ type: z.literal('date'), ...attributeFields }),
    z.strictObject({ type: z.literal('single'), ...attributeFields, options: Options }),
    z.strictObject({ type: z.literal('multiple'), ...attributeFields, options: Options }),
  ])
  .meta({ id: 'ServiceAttribute', description: 'An attribute the resident gives when ordering' });
export type ServiceAttribute = z.infer<typeof AttributeSchema>;

export const TimeLimitSchema = z
  .strictObject({
    unit: z.enum(['working-days', 'hours']),
    value: z.number().int().min(1).max(60),
  })
  .meta({
    id: 'TimeLimit',
    description: 'Working days follow the mainland China calendar (holidays and adjusted working days)',
  });

export const ServiceDefinitionSchema = z
  .strictObject({
    code: ServiceCode,
    name: Text(100),
    category: z.enum(SERVICE_CATEGORIES),
    handlingLevel: LevelSchema,
    timeLimit: TimeLimitSchema,
    attributes: z
      .array(AttributeSchema)
      .max(30)
      .default([])
      .superRefine((attributes, ctx) => {
        const seen = new Set<string>();
        attributes.forEach((attribute, index) => {
          if (seen.has(attribute.code)) {
            ctx.addIssue({
              code: 'custom',
              message: `code ${attribute.code} is used twice`,
              path: [index, 'code'],
            });
          }
          seen.add(attribute.code);
        });
      }),
    guide: z
      .strictObject({
        bring: z.array(Text(200)).max(20).default([]),
        cost: Text(200).default('免费 free'),
        duration: OptionalText(200),
        notes: OptionalText(1000, { multiline: true }),
      })
      .default({ bring: [], cost: '免费 free' }),
    active: z.boolean().default(true),
  })
  .meta({ id: 'ServiceDefinition' });
export type ServiceDefinition = z.infer<typeof ServiceDefinitionSchema>;

/**
 * A zod schema for the attributes of an order of `service`: required ones present, each of its
 * type, options among the listed ones, nothing unknown.
 */
export function attributesSchema(service: Pick<ServiceDefinition, 'attributes'>) {
  const shape: Record<string, z.ZodType> = {};
  for (const attribute of service.attributes) {
    let field: z.ZodType;
    switch (attribute.type) {
      case 'string':
        field = Text(attribute.maxLength, { multiline: true });
        break;
      case 'number': {
        let n = z.number();
        if (attribute.min !== undefined) n = n.min(attribute.min);
        if (attribute.max !== undefined) n = n.max(attribute.max);
        field = n;
        break;
      }
      case 'date':
        field = z.iso.date();
        break;
      case 'single':
        field = z.enum(attribute.options as [string, ...string[]]);
        break;
      case 'multiple':
        field = z.array(z.enum(attribute.options as [string, ...string[]])).min(1);
        break;
    }
    shape[attribute.code] = attribute.required ? field : field.optional();
  }
  return z.strictObject(shape);
}

/** Validates an order's attributes against its service; problems name `attributes.<code>`. */
export function validateAttributes(service: ServiceDefinition, attributes: unknown): Record<string, unknown> {
  const result = attributesSchema(service).safeParse(attributes ?? {});
  if (result.success) return result.data as Record<string, unknown>;
  const errors = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: `attributes.${key}`,
          message: `is not an attribute of ${service.code}`,
          in: 'body',
        }))
      : [{ field: ['attributes', ...issue.path.map(String)].join('.'), message: issue.message, in: 'body' }],
  );
  throw new ValidationError(`the attributes do not fit service ${service.code}`, errors);
}
