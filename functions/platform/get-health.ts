import { districtCode } from '../../shared/runtime/env.ts';
import { httpHandler, type Run } from '../../shared/runtime/http.ts';
import { ok } from '../../shared/runtime/responses.ts';

const options = { auth: 'public' } as const;

/** Liveness: answers without a token and without touching the database. */
export const run: Run<typeof options> = async () => ok({ status: 'ok', district: districtCode() });

export const handler = httpHandler(options, run);
