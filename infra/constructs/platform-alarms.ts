import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { CfnQueue, IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../resources.ts';
import type { PlatformFunction } from './platform-function.ts';
import { DeadLetterQueue } from './platform-queue.ts';

const PERIOD = Duration.minutes(5);
/** Metrics one metric-math alarm may reference (CloudWatch quota). */
export const ALARM_METRICS_MAX = 10;

interface Watched {
  readonly name: string;
  readonly metric: Metric;
}

interface GroupOptions {
  readonly describe: (names: string) => string;
  readonly threshold: number;
}

/** Errors of one queue or schedule function in one period before someone should look. */
export const FUNCTION_ERRORS_THRESHOLD = 5;
/** Throttles of any function in one period: one means its district ran out of concurrency. */
export const FUNCTION_THROTTLES_THRESHOLD = 1;
/** 5xx answers of the API in one period before someone should look. */
export const API_5XX_THRESHOLD = 5;
/** p99 latency of the API (ms) that, held for three periods, means residents wait too long. */
export const API_P99_LATENCY_MS = 3000;
export const API_LATENCY_PERIODS = 3;
/**
 * Age of the oldest message of a work queue (s) that means it is being retried or nobody consumes
 * the queue: every receive it is allowed used up (visibility x maxReceiveCount; 5 x 180 s = 900 s
 * for most queues, more for a queue whose consumer works longer).
 */
export function oldestMessageAgeSeconds(definition: QueueDefinition): number {
  return definition.visibilityTimeoutSeconds * definition.maxReceiveCount;
}
/** The grid is built every 5 minutes; three missed builds in a row mean the map is stale. */
export const GRID_HEARTBEAT_WINDOW = Duration.minutes(15);

export interface PlatformAlarmsProps {
  /** Dead-letter queues by name: any message in one means work that did not happen. */
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** Work queues by name with their definitions, for the age of their oldest message. */
  readonly workQueues: ReadonlyMap<string, { readonly queue: IQueue; readonly definition: QueueDefinition }>;
  readonly functions: readonly PlatformFunction[];
  readonly api: HttpApi;
  /** The function whose successful runs are the grid's heartbeat. */
  readonly gridBuilder?: PlatformFunction;
  /** Subscribed to the alarm topic; the topic and alarms exist either way. */
  readonly alarmEmails: readonly string[];
  /** The district's code: the dimension of the platform's own metrics (Powertools). */
  readonly districtCode: string;
}

/** Metrics the functions emit themselves (Powertools, namespace `pmsc`) that an operator must hear about. */
export const PLATFORM_METRIC_ALARMS = [
  {
    id: 'OrdersRoutingFailed',
    metricName: 'serviceOrdersRoutingFailed',
    description:
      'Service orders could not be routed after 5 sends and were marked routing-failed: the intake centers must handle them, and the level consumer or its DLQ needs a look.',
  },
  {
    id: 'NextYearCalendarUnofficial',
    metricName: 'calendarNextYearUnofficial',
    description:
      "It is November or December and next year's working-day calendar is still provisional: load the State Council notice (npm run calendar -- put <year> <file>), or statuses and deadlines next year ignore its adjusted working days.",
  },
] as const;

/**
 * What an operator of a district must hear about, all sent (alarm and recovery) to one TLS-only
 * SNS topic with the district's alarm emails subscribed: a message in any DLQ, a work queue whose
 * oldest message is 15 minutes old, a queue or schedule function that keeps failing, any function
 * throttled, an API that answers 5xx (which covers the HTTP functions) or whose p99 latency stays
 * above 3 s, and a grid that has not been built for 15 minutes.
 */
export class PlatformAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic: Topic;
  readonly gridHeartbeat?: Alarm;

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);

    // One alarm watches up to ten metrics (CloudWatch's limit for a metric-math alarm), each labelled
    // with its queue or function: the alarm's graph shows which one fired, and a district's stack
    // pays one resource per ten watched things instead of one each.
    const dlqs = [...props.deadLetterQueues].map(([name, queue]) => ({
      name,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
    }));
    this.groupAlarms('DlqNotEmpty', dlqs, {
      describe: (names) =>
        `A message reached a dead-letter queue (one of: ${names}): inspect it, fix the cause, redrive it.`,
      threshold: 1,
    });

    // one group per age threshold, so each queue is alarmed at its own
    const byAge = new Map<number, Watched[]>();
    for (const [name, { queue, definition }] of props.workQueues) {
      const age = oldestMessageAgeSeconds(definition);
      const metric = queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' });
      byAge.set(age, [...(byAge.get(age) ?? []), { name, metric }]);
    }
    for (const [age, watched] of [...byAge].sort(([a], [b]) => a - b)) {
      this.groupAlarms(byAge.size > 1 ? `OldestMessage${age}s` : 'OldestMessage', watched, {
        describe: (names) =>
          `The oldest message of a work queue (one of: ${names}) is ${age / 60}+ minutes old: its consumer is failing, throttled or stopped.`,
        threshold: age,
      });
    }

    // HTTP handlers that fail show up in the API's 5xx alarm; queue and schedule handlers fail silently.
    const background = props.functions
      .filter((f) => f.spec.trigger.kind !== 'http')
      .map((fn) => ({
        name: fn.spec.id,
        metric: fn.function.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      }));
    this.groupAlarms('FunctionErrors', background, {
      describe: (names) =>
        `A queue or schedule function (one of: ${names}) failed ${FUNCTION_ERRORS_THRESHOLD}+ times in 5 minutes.`,
      threshold: FUNCTION_ERRORS_THRESHOLD,
    });

    const throttles = props.functions.map((fn) => ({
      name: fn.spec.id,
      metric: fn.function.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
    }));
    this.groupAlarms('FunctionThrottles', throttles, {
      describe: (names) =>
        `A function (one of: ${names}) was throttled: its reserved concurrency, or the account's, is exhausted.`,
      threshold: FUNCTION_THROTTLES_THRESHOLD,
    });

    this.alarms.push(
      new Alarm(this, 'Api5xx', {
        alarmDescription: `The API answered ${API_5XX_THRESHOLD}+ server errors in 5 minutes.`,
        metric: props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
        threshold: API_5XX_THRESHOLD,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'ApiLatencyP99', {
        alarmDescription: `The API's p99 latency stayed above ${API_P99_LATENCY_MS} ms for ${API_LATENCY_PERIODS * 5} minutes.`,
        metric: props.api.metricLatency({ period: PERIOD, statistic: 'p99' }),
        threshold: API_P99_LATENCY_MS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: API_LATENCY_PERIODS,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    for (const { id: alarmId, metricName, description } of PLATFORM_METRIC_ALARMS) {
      this.alarms.push(
        new Alarm(this, alarmId, {
          alarmDescription: description,
          metric: new Metric({
            namespace: 'pmsc',
            metricName,
            dimensionsMap: { service: 'pmsc', district: props.districtCode },
            period: PERIOD,
            statistic: 'Sum',
          }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    if (props.gridBuilder) {
      // Successful runs of the builder (invocations that did not fail) over 15 minutes. No data at
      // all (schedule disabled, function gone) counts as "not built" too.
      const fn = props.gridBuilder.function;
      const built = new MathExpression({
        label: 'grid builds that succeeded',
        expression: 'FILL(invocations, 0) - FILL(errors, 0)',
        usingMetrics: {
          invocations: fn.metricInvocations({ period: GRID_HEARTBEAT_WINDOW, statistic: 'Sum' }),
          errors: fn.metricErrors({ period: GRID_HEARTBEAT_WINDOW, statistic: 'Sum' }),
        },
        period: GRID_HEARTBEAT_WINDOW,
      });
      this.gridHeartbeat = new Alarm(this, 'GridNotBuilt', {
        alarmDescription: `The grid has not been built for ${GRID_HEARTBEAT_WINDOW.toMinutes()} minutes: the map and open counts are stale.`,
        metric: built,
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      });
      this.alarms.push(this.gridHeartbeat);
    }

    this.topic = new Topic(this, 'Topic', { displayName: 'PMSC alarms', enforceSSL: true });
    if (props.alarmEmails.length > 0) {
      // an email that cannot be delivered is kept instead of lost
      const undelivered = new DeadLetterQueue(this, 'UndeliveredDlq', {
        purpose: 'the alarm email subscriptions',
      });
      Validations.of(undelivered.queue.node.defaultChild as CfnQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a DLQ: the redrive target of the alarm email SNS subscriptions, a relation cdk-nag SQS3 only recognises for queues and Lambda functions.',
      });
      for (const email of props.alarmEmails) {
        this.topic.addSubscription(new EmailSubscription(email, { deadLetterQueue: undelivered.queue }));
      }
    }
    const action = new SnsAction(this.topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  /**
   * Alarms when any one of the metrics reaches the threshold: the maximum of each group of ten, so a
   * per-queue or per-function threshold keeps its meaning.
   */
  private groupAlarms(id: string, watched: readonly Watched[], options: GroupOptions): void {
    for (let start = 0, group = 1; start < watched.length; start += ALARM_METRICS_MAX, group += 1) {
      const members = watched.slice(start, start + ALARM_METRICS_MAX);
      const usingMetrics = Object.fromEntries(
        members.map((m, i) => [`m${i}`, m.metric.with({ label: m.name })]),
      );
      const alarm = new Alarm(this, watched.length > ALARM_METRICS_MAX ? `${id}${group}` : id, {
        alarmDescription: options.describe(members.map((m) => m.name).join(', ')),
        metric: new MathExpression({
          label: `highest of ${members.length}`,
          expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
          usingMetrics,
          period: PERIOD,
        }),
        threshold: options.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      this.alarms.push(alarm);
    }
  }
}
