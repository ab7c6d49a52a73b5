import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type IRole, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  type CfnFunction,
  type Code,
  EventSourceMapping,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { DEFAULT_TIMEOUT_SECONDS } from '../function-defaults.ts';
import { writeHttpEntries } from '../http-entries.ts';
import type { FunctionSpec, SqsTrigger } from '../manifest.ts';
import { LAMBDA_BUNDLING } from './bundling.ts';
import type { PlatformQueue } from './platform-queue.ts';
import type { PlatformTable } from './platform-table.ts';

/** The repository root: manifest entries are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_MEMORY_MB = 512;

export { ESM_REQUIRE_BANNER } from './bundling.ts';
export { DEFAULT_TIMEOUT_SECONDS };

export type TableAccess = 'read' | 'readwrite';

export interface PlatformFunctionProps {
  /** The manifest entry this function is built from. */
  readonly spec: FunctionSpec;
  /** Official code of the district; exposed to the handler as `DISTRICT_CODE`. */
  readonly districtCode: string;
  /** Retention of the function's log group. */
  readonly logRetention: RetentionDays;
  /** Directory against which `spec.entry` is resolved and bundled. @default the repository root */
  readonly projectRoot?: string;
  /**
   * Code to deploy instead of bundling `spec.entry` with esbuild; its handler must be `index.handler`.
   * Meant for tests of the wiring that must not depend on the handler files.
   * @default `spec.entry` bundled locally (ESM, minified, source maps)
   */
  readonly code?: Code;
  /** Dead-letter queue for failed asynchronous invocations (e.g. a schedule). @default none */
  readonly deadLetterQueue?: IQueue;
}

/** PascalCase construct id from a kebab-case manifest id (`get-health` → `GetHealth`). */
export function constructIdOf(specId: string): string {
  return specId
    .split('-')
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * One Lambda function of the manifest: Node.js 24 on ARM64, bundled locally with esbuild (ESM, minified,
 * source maps), X-Ray active tracing, JSON logs in its own log group with a retention, and a role that
 * starts with nothing but writing to that log group. Tables and queues are bound with `bindTable` /
 * `bindQueue`, which set the environment variable and the least-privilege grant together.
 */
export class PlatformFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;

    this.logGroup = new LogGroup(this, 'LogGroup', { retention: props.logRetention });

    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${spec.id} function`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    // An HTTP function's entry is generated from its routes; it must exist before esbuild runs.
    if (!props.code && spec.trigger.kind === 'http') writeHttpEntries([spec], projectRoot);

    this.function = new NodejsFunction(this, 'Function', {
      description: `${spec.id} (${spec.trigger.kind})`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'pmsc',
        POWERTOOLS_METRICS_NAMESPACE: 'pmsc',
        DISTRICT_CODE: props.districtCode,
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.code
        ? { code: props.code, handler: 'index.handler' }
        : {
            entry: path.resolve(projectRoot, spec.entry),
            handler: 'handler',
            projectRoot,
            depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
            bundling: LAMBDA_BUNDLING,
          }),
    });

    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
    Validations.of(this.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so the X-Ray statement must use Resource "*".',
    });
    const cfnFunction = this.function.node.defaultChild as CfnFunction;
    if (spec.trigger.kind === 'http') {
      Validations.of(cfnFunction).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by API Gateway: a failure is returned to the caller as a problem+json error, there is no asynchronous event to dead-letter.',
      });
    } else if (spec.trigger.kind === 'sqs') {
      Validations.of(cfnFunction).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: `Invoked synchronously by an SQS event source mapping: failed messages go to the dead-letter queue of the ${spec.trigger.queue} queue through its redrive policy.`,
      });
    }
  }

  /** The inline policy of the role, where every grant of this function lands. */
  private get policy(): IConstruct {
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error(`${this.spec.id}: the execution role has no policy yet`);
    return policy;
  }

  /** Gives the function the table's name in its `envVar` and exactly the data access it declares. */
  bindTable(target: PlatformTable, access: TableAccess): this {
    this.function.addEnvironment(target.definition.envVar, target.table.tableName);
    if (access === 'readwrite') {
      target.table.grantReadWriteData(this.role);
    } else {
      target.table.grantReadData(this.role);
    }
    if (target.definition.indexes.length > 0) {
      const logicalId = Stack.of(target.table).getLogicalId(target.table.node.defaultChild as never);
      Validations.of(this.policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
        reason: `The ${access} grant covers the GSIs of this one table (${target.definition.indexes.map((i) => i.name).join(', ')}) for its single-query access patterns; the wildcard is limited to <table>/index/*.`,
      });
    }
    return this;
  }

  /** Gives the function the queue's URL in its `envVar` and the right to send to it, nothing else. */
  bindQueue(target: PlatformQueue): this {
    this.function.addEnvironment(target.definition.envVar, target.queue.queueUrl);
    target.queue.grantSendMessages(this.role);
    return this;
  }

  /**
   * Makes the function the consumer of the queue: batches as the manifest says, partial batch
   * failures reported, so only failed messages return to the queue (and reach its DLQ by redrive).
   */
  consumeQueue(target: PlatformQueue, trigger: SqsTrigger): this {
    this.function.addEventSource(
      new SqsEventSource(target.queue, {
        batchSize: trigger.batchSize,
        ...(trigger.maxBatchingWindowSeconds > 0
          ? { maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds) }
          : {}),
        reportBatchItemFailures: true,
      }),
    );
    for (const mapping of this.function.node.children) {
      if (!(mapping instanceof EventSourceMapping)) continue;
      Validations.of(mapping).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: `SQS event source mappings do not support an on-failure destination; a message that fails ${target.definition.maxReceiveCount} times is moved to the ${trigger.queue} DLQ by the queue's redrive policy.`,
      });
    }
    return this;
  }
}
