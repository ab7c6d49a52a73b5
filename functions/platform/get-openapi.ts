import { buildOpenApiDocument } from '../../shared/api/openapi.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';

const options = { auth: 'public' } as const;

let document: unknown;

/** The OpenAPI document, built once per container from the zod schemas. */
export const run: Run<typeof options> = async () => {
  document ??= buildOpenApiDocument();
  return { ...ok(document), headers: { 'cache-control': 'public, max-age=300' } };
};

export const handler = httpHandler(options, run);
