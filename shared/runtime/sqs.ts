import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger, metrics } from './powertools.ts';

/**
 * The one factory for SQS consumers: each record's JSON body is parsed with `schema` and handed
 * to `handleRecord`; a record that fails to parse or throws is reported in batchItemFailures, so
 * only it is retried (and, after maxReceiveCount, moved to the DLQ) while the rest of the batch
 * is done. `handleRecord` must be idempotent on its business key: SQS delivers at least once.
 */
export function sqsHandler<S extends z.ZodType>(
  schema: S,
  handleRecord: (message: z.output<S>, record: SQSRecord, context: Context) => Promise<void>,
) {
  // The body is parsed here rather than through Powertools' parser integration, which imports zod
  // in a way that keeps all of zod's locales (about 260 KiB) in every consumer's bundle.
  const processor = new BatchProcessor(EventType.SQS, { logger });
  const handle = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const response = await processPartialResponse(
      event,
      (record: SQSRecord) => handleRecord(schema.parse(JSON.parse(record.body)), record, context),
      processor,
      { context, throwOnFullBatchFailure: false },
    );
    const failed = response.batchItemFailures.length;
    metrics.addMetric('messagesProcessed', MetricUnit.Count, event.Records.length - failed);
    metrics.addMetric('messagesFailed', MetricUnit.Count, failed);
    return response;
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
