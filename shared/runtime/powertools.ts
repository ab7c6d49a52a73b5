import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** Powertools singletons, created once per process and shared by every handler factory. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pmsc' });
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pmsc' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'pmsc',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pmsc',
  defaultDimensions: { district: process.env.DISTRICT_CODE ?? 'local' },
});
