import { ConsoleConfigSchema } from '../../shared/domain/console-config.ts';
import { consoleConfigJson } from '../../shared/runtime/env.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';

const options = { auth: 'public' } as const;

let config: unknown;

/** Where the console signs in and which basemap it draws on: public, as any OAuth client's are. */
export const run: Run<typeof options> = async () => {
  config ??= ConsoleConfigSchema.parse(JSON.parse(consoleConfigJson()));
  return { ...ok(config), headers: { 'cache-control': 'no-cache' } };
};

export const handler = httpHandler(options, run);
