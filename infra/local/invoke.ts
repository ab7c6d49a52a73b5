/**
 * One invocation of a handler under its timeout, as Lambda enforces it. Every trigger of the local
 * runtime (HTTP, SQS pollers, schedules) invokes through here, so a function that is too slow
 * fails locally the way it fails in AWS instead of only in production.
 *
 * Node cannot stop a running function: after the deadline the caller is answered (the batch is
 * left in its queue, the request gets its error) and the handler's late result is ignored. Lambda
 * freezes the sandbox instead, so writes a handler makes after its deadline happen only here.
 */
import type { Context } from 'aws-lambda';
import { DEFAULT_TIMEOUT_SECONDS } from '../function-defaults.ts';
import type { AnyHandler } from './lambda-context.ts';
import type { LocalFunctionSpec } from './manifest-source.ts';

/** API Gateway HTTP APIs wait at most this long for an integration, whatever the function's timeout. */
export const HTTP_INTEGRATION_TIMEOUT_MS = 30_000;

/** How long the function may run: its manifest timeout, or the default the stack gives it. */
export const timeoutMsOf = (spec: LocalFunctionSpec): number =>
  (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;

/** The function ran past its timeout (Lambda reports `Task timed out after N seconds`). */
export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
  }
}

/** API Gateway gave up waiting for the function (an HTTP API answers 503 Service Unavailable). */
export class IntegrationTimeoutError extends Error {
  override readonly name = 'IntegrationTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`The integration did not answer within ${timeoutMs / 1000} s`);
  }
}

/** Resolves to the handler's result, or rejects with FunctionTimeoutError once `timeoutMs` has passed. */
export const invokeWithTimeout = async (
  handler: AnyHandler,
  event: unknown,
  context: Context,
  timeoutMs: number,
): Promise<unknown> => {
  const invocation = Promise.resolve().then(() => handler(event, context));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FunctionTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([invocation, deadline]);
  } catch (error) {
    // The abandoned invocation may still fail later; that is no longer anyone's error.
    if (error instanceof FunctionTimeoutError) invocation.catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
};

/**
 * An invocation behind the HTTP API: a function that times out first is a function error (500);
 * one allowed to run longer than the integration timeout is cut off by the gateway (503).
 */
export const invokeBehindHttpApi = async (
  handler: AnyHandler,
  event: unknown,
  context: Context,
  timeoutMs: number,
  integrationTimeoutMs = HTTP_INTEGRATION_TIMEOUT_MS,
): Promise<unknown> => {
  if (timeoutMs < integrationTimeoutMs) return invokeWithTimeout(handler, event, context, timeoutMs);
  try {
    return await invokeWithTimeout(handler, event, context, integrationTimeoutMs);
  } catch (error) {
    if (error instanceof FunctionTimeoutError) throw new IntegrationTimeoutError(integrationTimeoutMs);
    throw error;
  }
};
