/** Timers standing in for EventBridge schedules, and the scheduled event they send. */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './env.ts';
import { FunctionTimeoutError, invokeWithTimeout, timeoutMsOf } from './invoke.ts';
import type { HandlerLoader } from './lambda-context.ts';
import { createLambdaContext } from './lambda-context.ts';
import type { RuntimeLog } from './log.ts';
import type { LocalFunctionSpec } from './manifest-source.ts';
import { functionName } from './names.ts';

export const buildScheduledEvent = (
  prefix: string,
  spec: LocalFunctionSpec,
  now = new Date(),
): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: LOCAL_ACCOUNT_ID,
  // EventBridge sends whole seconds.
  time: `${now.toISOString().slice(0, 19)}Z`,
  region: LOCAL_REGION,
  resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${functionName(prefix, spec.id)}`],
  detail: {},
});

export interface Scheduler {
  /** Runs a scheduled function now and returns its result. */
  run(id: string): Promise<unknown>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  readonly functions: readonly LocalFunctionSpec[];
  readonly prefix: string;
  readonly loadHandler: HandlerLoader;
  readonly log: RuntimeLog;
  /** Start the timers (off in tests, which call run()). */
  readonly timers: boolean;
}

export const startScheduler = (options: SchedulerOptions): Scheduler => {
  const { log } = options;
  const scheduled = new Map(
    options.functions.filter((f) => f.trigger.kind === 'schedule').map((f) => [f.id, f]),
  );
  const inFlight = new Set<Promise<unknown>>();

  /** One run under the function's timeout; a failure (a throw or a timeout) is logged and rethrown. */
  const invoke = async (spec: LocalFunctionSpec): Promise<unknown> => {
    try {
      const handler = await options.loadHandler(spec);
      return await invokeWithTimeout(
        handler,
        buildScheduledEvent(options.prefix, spec),
        createLambdaContext(spec, options.prefix),
        timeoutMsOf(spec),
      );
    } catch (error) {
      if (error instanceof FunctionTimeoutError)
        log.error(`[${spec.id}] scheduled run failed: ${error.message}`);
      else log.error(`[${spec.id}] scheduled run failed:`, error);
      throw error;
    }
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    promise.then(
      () => inFlight.delete(promise),
      () => inFlight.delete(promise),
    );
    return promise;
  };

  const timers: NodeJS.Timeout[] = [];
  if (options.timers) {
    for (const spec of scheduled.values()) {
      if (spec.trigger.kind !== 'schedule') continue;
      let running = false;
      const tick = () => {
        // A run that outlasts the period is not overlapped by the next one.
        if (running) {
          log.warn(`[${spec.id}] previous scheduled run still in progress; skipping this one`);
          return;
        }
        running = true;
        track(invoke(spec))
          .catch(() => undefined)
          .finally(() => {
            running = false;
          });
      };
      timers.push(setInterval(tick, spec.trigger.everyMinutes * 60_000));
    }
  }

  return {
    run: (id) => {
      const spec = scheduled.get(id);
      if (spec === undefined) {
        const known = [...scheduled.keys()].join(', ') || 'none';
        return Promise.reject(new Error(`No scheduled function "${id}" (scheduled functions: ${known})`));
      }
      return track(invoke(spec));
    },
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
};
