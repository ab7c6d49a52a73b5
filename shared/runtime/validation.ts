import type { z } from 'zod';
import { type FieldProblem, ValidationError } from '../domain/errors.ts';

type Location = 'body' | 'query' | 'path' | 'message';

/** zod issues as field problems, unknown keys reported one per field. */
export function fieldProblems(error: z.ZodError, where: Location): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...base, key].join('.'),
        message: 'is not a known field',
        in: where,
      }));
    }
    return [{ field: base.join('.'), message: issue.message, in: where }];
  });
}

/** Parses `input` with `schema` or throws a ValidationError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: Location): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error, where);
  const summary = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
  throw new ValidationError(`invalid ${where}: ${summary}`, problems);
}
