/** A Lambda context for one invocation, and the loader that imports each handler once. */
import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { RouteFn } from '../../shared/runtime/http-function.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './env.ts';
import { timeoutMsOf } from './invoke.ts';
import type { LocalFunctionSpec } from './manifest-source.ts';
import { functionName } from './names.ts';

const DEFAULT_MEMORY_MB = 128;

export const createLambdaContext = (spec: LocalFunctionSpec, prefix: string): Context => {
  const name = functionName(prefix, spec.id);
  const timeoutMs = timeoutMsOf(spec);
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`,
    memoryLimitInMB: String(spec.memoryMb ?? DEFAULT_MEMORY_MB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${today}/[$LATEST]${requestId.replaceAll('-', '')}`,
    // Never negative, as in Lambda; invoke.ts stops waiting for the handler at the deadline.
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

export type AnyHandler = (event: unknown, context: Context) => unknown;

const importHandler = async (file: string, what: string): Promise<AnyHandler> => {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`Cannot load the handler of ${what} from ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const handler = module.handler;
  if (typeof handler !== 'function') throw new Error(`${file} does not export a function named "handler"`);
  return handler as AnyHandler;
};

/** Imports each entry once, on first use, so every env var is set before any handler module runs. */
export const createHandlerLoader = (rootDir: string) => {
  const cache = new Map<string, Promise<AnyHandler>>();
  const fileOf = (entry: string) => (isAbsolute(entry) ? entry : resolve(rootDir, entry));
  const load = async (spec: LocalFunctionSpec): Promise<AnyHandler> => {
    if (spec.trigger.kind !== 'http') return importHandler(fileOf(spec.entry), spec.id);
    // The same dispatch as the generated Lambda entry (infra/http-entries.ts), built in memory:
    // each route's file, in a table keyed by route key, behind the one Powertools wrapper.
    const table: Record<string, RouteFn> = {};
    for (const route of spec.trigger.routes) {
      const handler = await importHandler(fileOf(route.entry), `${route.method} ${route.path}`);
      table[`${route.method} ${route.path}`] = handler as RouteFn;
    }
    const { httpFunction } = await import('../../shared/runtime/http-function.ts');
    return httpFunction(table) as AnyHandler;
  };
  return (spec: LocalFunctionSpec): Promise<AnyHandler> => {
    let pending = cache.get(spec.id);
    if (pending === undefined) {
      pending = load(spec);
      // A failed import is tried again next time (e.g. a handler file that did not exist yet).
      pending.catch(() => cache.delete(spec.id));
      cache.set(spec.id, pending);
    }
    return pending;
  };
};

export type HandlerLoader = ReturnType<typeof createHandlerLoader>;
