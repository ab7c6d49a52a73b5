import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Powertools singletons, created once per process and shared by every handler factory. Tracing is
 * Lambda's active tracing (one segment per invocation, no SDK in the bundle): the Powertools Tracer
 * and the X-Ray SDK under it weighed about 110 KiB and 20-30 ms of init in every function, and the
 * X-Ray SDKs lose support in February 2027.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pmsc' });
/**
 * Every metric carries the service and the district only, so each metric name is one custom metric
 * per district. No ColdStart metric: it adds the function name as a dimension, one custom metric per
 * function and district ($0.30 a month each, about half of a district's fixed cost); each cold start
 * is still in the logs (`cold_start` on every line, Init Duration on Lambda's REPORT line).
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'pmsc',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pmsc',
  defaultDimensions: { district: process.env.DISTRICT_CODE ?? 'local' },
});
