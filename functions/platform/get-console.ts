import { consoleAsset } from '../../shared/runtime/console-assets.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';

const options = { auth: 'public' } as const;

/** The console's page; it signs in by itself, so it needs no token. */
export const run: Run<typeof options> = async ({ headers }) =>
  consoleAsset('index.html', headers['accept-encoding']);

export const handler = httpHandler(options, run);
