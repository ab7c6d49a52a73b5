import { AsyncLocalStorage } from 'node:async_hooks';
import { db } from './client.ts';

/**
 * Counts the DynamoDB API calls made while a piece of work runs (SDK retries of one call are not
 * counted again), whichever store module makes them. Calls of concurrent work in the same process
 * (the local runtime serves many requests at once) are kept apart by async context.
 */

export interface RequestCount {
  total: number;
  byOperation: Record<string, number>;
}

const current = new AsyncLocalStorage<RequestCount>();
let installed: object | undefined;

function install(): void {
  const client = db();
  if (installed === client) return;
  client.middlewareStack.add(
    (next, context) => (args) => {
      const count = current.getStore();
      if (count) {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        count.total++;
        count.byOperation[operation] = (count.byOperation[operation] ?? 0) + 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'pmscCountRequests', override: true },
  );
  installed = client;
}

/** Runs `work`, counting its DynamoDB calls. */
export async function countingRequests<T>(
  work: () => Promise<T>,
): Promise<{ result: T; requests: RequestCount }> {
  install();
  const requests: RequestCount = { total: 0, byOperation: {} };
  const result = await current.run(requests, work);
  return { result, requests };
}
