import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { logger, metrics } from './powertools.ts';

/**
 * The one factory for scheduled functions. `run` gets the tick's time; an error propagates so
 * EventBridge retries the invocation and, after its retries, sends the event to the DLQ.
 */
export function scheduleHandler<T>(run: (now: Date) => Promise<T>) {
  const handle = async (event: ScheduledEvent, _context: Context): Promise<T> => {
    const now = event?.time ? new Date(event.time) : new Date();
    const result = await run(Number.isNaN(now.getTime()) ? new Date() : now);
    metrics.addMetric('scheduledRuns', MetricUnit.Count, 1);
    logger.info('scheduled run done', { result: result as unknown as Record<string, unknown> });
    return result;
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
