import { DEFAULT_TIMEOUT_SECONDS } from '../constructs/platform-function.ts';
import { httpEntryOf } from '../http-entries.ts';
import type { FunctionSpec } from '../manifest.ts';
import type { QueueDefinition, TableDefinition } from '../resources.ts';

/** SQS visibility must cover the consumer's timeout with room for retries (AWS: at least 6x). */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;
/** Fewer receives would dead-letter messages on a transient throttle. */
export const MIN_MAX_RECEIVE_COUNT = 5;

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/**
 * Rejects a manifest the stack must not be synthesized from: duplicate ids or routes, unknown
 * tables or queues, a queue with two consumers, a redrive after fewer than 5 receives, a queue
 * whose visibility timeout is under 6x the timeout of the function consuming it, an HTTP function
 * without routes or with an entry other than its generated one, and route scopes on a public route.
 */
export function checkManifest(
  functions: readonly FunctionSpec[],
  tables: Readonly<Record<string, TableDefinition>>,
  queues: Readonly<Record<string, QueueDefinition>>,
): void {
  const ids = new Set<string>();
  const routes = new Map<string, string>();
  const consumers = new Map<string, string>();

  for (const [name, queue] of Object.entries(queues)) {
    if (queue.maxReceiveCount < MIN_MAX_RECEIVE_COUNT) {
      throw new ManifestError(
        `Queue "${name}": maxReceiveCount ${queue.maxReceiveCount} is below ${MIN_MAX_RECEIVE_COUNT}.`,
      );
    }
  }

  for (const spec of functions) {
    if (ids.has(spec.id)) throw new ManifestError(`Function id "${spec.id}" is declared twice.`);
    ids.add(spec.id);

    for (const table of Object.keys(spec.tables ?? {})) {
      if (!Object.hasOwn(tables, table)) throw new ManifestError(`${spec.id}: unknown table "${table}".`);
    }
    for (const queue of spec.sends ?? []) {
      if (!Object.hasOwn(queues, queue)) throw new ManifestError(`${spec.id}: unknown queue "${queue}".`);
    }

    const { trigger } = spec;
    if (trigger.kind === 'http') {
      if (trigger.routes.length === 0) throw new ManifestError(`${spec.id}: an HTTP function needs routes.`);
      for (const route of trigger.routes) {
        const key = `${route.method} ${route.path}`;
        const owner = routes.get(key);
        if (owner) throw new ManifestError(`Route ${key} is declared by both ${owner} and ${spec.id}.`);
        routes.set(key, spec.id);
        if (route.scopes && (route.auth !== 'jwt' || route.scopes.length === 0)) {
          throw new ManifestError(
            `${spec.id}: route ${key} lists scopes, which need auth 'jwt' and at least one scope.`,
          );
        }
        // HTTP API quota: at most 10 authorization scopes per route
        if (route.scopes && route.scopes.length > 10) {
          throw new ManifestError(`${spec.id}: route ${key} lists more than 10 scopes.`);
        }
      }
      if (spec.entry !== httpEntryOf(spec.id)) {
        throw new ManifestError(
          `${spec.id}: the entry of an HTTP function is generated from its routes (${httpEntryOf(spec.id)}), not ${spec.entry}.`,
        );
      }
    } else if (trigger.kind === 'sqs') {
      const queue = queues[trigger.queue];
      if (!queue) throw new ManifestError(`${spec.id}: unknown queue "${trigger.queue}".`);
      const other = consumers.get(trigger.queue);
      if (other)
        throw new ManifestError(`Queue "${trigger.queue}" is consumed by both ${other} and ${spec.id}.`);
      consumers.set(trigger.queue, spec.id);
      const timeout = spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      const minimum = VISIBILITY_TO_TIMEOUT_RATIO * timeout;
      if (queue.visibilityTimeoutSeconds < minimum) {
        throw new ManifestError(
          `Queue "${trigger.queue}": visibility timeout ${queue.visibilityTimeoutSeconds}s is less than ${VISIBILITY_TO_TIMEOUT_RATIO}x the ${timeout}s timeout of its consumer ${spec.id}; it must be at least ${minimum}s.`,
        );
      }
    } else if (!Number.isInteger(trigger.everyMinutes) || trigger.everyMinutes < 1) {
      throw new ManifestError(`${spec.id}: everyMinutes must be a whole number of minutes >= 1.`);
    }
  }
}
