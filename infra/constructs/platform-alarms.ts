import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { CfnQueue, IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PlatformFunction } from './platform-function.ts';
import { DeadLetterQueue } from './platform-queue.ts';

const PERIOD = Duration.minutes(5);

/** Errors of one function in one period before someone should look. */
export const FUNCTION_ERRORS_THRESHOLD = 5;
/** 5xx answers of the API in one period before someone should look. */
export const API_5XX_THRESHOLD = 5;

export interface PlatformAlarmsProps {
  /** Dead-letter queues by name: any message in one means work that did not happen. */
  readonly deadLetterQueues: ReadonlyMap<string, IQueue>;
  readonly functions: readonly PlatformFunction[];
  readonly api: HttpApi;
  /** Subscribed to every alarm when set; the alarms exist (in the console) either way. */
  readonly alarmEmail?: string;
}

/**
 * What an operator of a district must hear about: a message in any DLQ, a queue or schedule
 * function that keeps failing, an API that answers 5xx (which covers the HTTP functions). With an alarm email, alarms (and recoveries) go to an SNS topic
 * (TLS-only) with that email subscribed.
 */
export class PlatformAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);

    for (const [name, queue] of props.deadLetterQueues) {
      this.alarms.push(
        new Alarm(this, `${name}DlqNotEmpty`, {
          alarmDescription: `A message reached the ${name} dead-letter queue: inspect it, fix the cause, redrive it.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    // HTTP handlers that fail show up in the API's 5xx alarm; queue and schedule handlers fail silently.
    for (const fn of props.functions.filter((f) => f.spec.trigger.kind !== 'http')) {
      this.alarms.push(
        new Alarm(this, `${fn.node.id}Errors`, {
          alarmDescription: `${fn.spec.id} failed ${FUNCTION_ERRORS_THRESHOLD}+ times in 5 minutes.`,
          metric: fn.function.metricErrors({ period: PERIOD, statistic: 'Sum' }),
          threshold: FUNCTION_ERRORS_THRESHOLD,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    this.alarms.push(
      new Alarm(this, 'Api5xx', {
        alarmDescription: `The API answered ${API_5XX_THRESHOLD}+ server errors in 5 minutes.`,
        metric: props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
        threshold: API_5XX_THRESHOLD,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    if (props.alarmEmail) {
      this.topic = new Topic(this, 'Topic', { displayName: 'PMSC alarms', enforceSSL: true });
      // an email that cannot be delivered is kept instead of lost
      const undelivered = new DeadLetterQueue(this, 'UndeliveredDlq', {
        purpose: 'the alarm email subscription',
      });
      Validations.of(undelivered.queue.node.defaultChild as CfnQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a DLQ: the redrive target of the alarm email SNS subscription, a relation cdk-nag SQS3 only recognises for queues and Lambda functions.',
      });
      this.topic.addSubscription(
        new EmailSubscription(props.alarmEmail, { deadLetterQueue: undelivered.queue }),
      );
      const action = new SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
