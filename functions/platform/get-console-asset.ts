import * as z from 'zod';
import { consoleAsset } from '../../shared/runtime/console-assets.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';

const options = { auth: 'public', params: z.object({ file: z.string() }) } as const;

/** A file of the built console (script, stylesheet); the same files for everyone. */
export const run: Run<typeof options> = async ({ params, headers }) =>
  consoleAsset(params.file, headers['accept-encoding']);

export const handler = httpHandler(options, run);
