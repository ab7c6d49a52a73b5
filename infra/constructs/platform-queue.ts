import { Duration, Validations } from 'aws-cdk-lib';
import { type CfnQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../resources.ts';

/** Maximum retention SQS allows; a dead letter is kept as long as possible for inspection and redrive. */
const MAX_RETENTION = Duration.days(14);

export interface DeadLetterQueueProps {
  /** How long a dead letter is kept. */
  readonly retentionPeriod?: Duration;
  /** What sends to this queue, for the acknowledgement of its own missing redrive policy. */
  readonly purpose: string;
}

/**
 * The last queue of a redrive chain: SSE (SQS-managed keys) and TLS-only, with no redrive of its own.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? MAX_RETENTION,
    });
    Validations.of(this.queue.node.defaultChild as CfnQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason: `Dead-letter queue of ${props.purpose}: it is the end of the redrive chain, so it has no redrive policy of its own; messages are inspected and redriven by an operator.`,
    });
  }
}

export interface PlatformQueueProps {
  /** The definition from `infra/resources.ts`; the local runtime creates the same queue from it. */
  readonly definition: QueueDefinition;
}

/**
 * A work queue of the district with its dead-letter queue: SSE, TLS-only policy, redrive after
 * `maxReceiveCount` receives, visibility timeout and DLQ retention from the definition.
 */
export class PlatformQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly definition: QueueDefinition;

  constructor(scope: Construct, id: string, props: PlatformQueueProps) {
    super(scope, id);
    const { definition } = props;
    this.definition = definition;

    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', {
      purpose: `the ${id} queue`,
      retentionPeriod: Duration.seconds(definition.dlqRetentionSeconds),
    }).queue;

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });
  }
}
