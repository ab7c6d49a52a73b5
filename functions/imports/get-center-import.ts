import * as z from 'zod';
import { assertAdmin } from '../../shared/domain/auth.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { Id } from '../../shared/domain/schema-kit.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';
import { getImport } from '../../shared/store/center-imports.ts';

const options = { params: z.strictObject({ id: Id }) } as const;

export const run: Run<typeof options> = async ({ params, principal }) => {
  assertAdmin(principal);
  const job = await getImport(params.id);
  if (!job) throw NotFoundError.of('import', params.id);
  return ok(job);
};

export const handler = httpHandler(options, run);
