import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
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
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { buildConsoleSync } from '../../console/build.ts';
import { DEFAULT_TIMEOUT_SECONDS } from '../function-defaults.ts';
import { writeHttpEntries } from '../http-entries.ts';
import type { FunctionSpec, SqsTrigger } from '../manifest.ts';
import type { TableDefinition } from '../resources.ts';
import { LAMBDA_BUNDLING } from './bundling.ts';
import type { PlatformQueue } from './platform-queue.ts';

/**
 * Bundling that builds the console (console/build.ts) and copies it next to the function's code,
 * under `console/`, where `shared/runtime/console-assets.ts` reads it. The asset hash covers the
 * output, so a change to the console deploys a new version of the function.
 */
function withConsole(bundling: BundlingOptions): BundlingOptions {
  const built = buildConsoleSync();
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => [
        `cp -R "${built.dir}" "${outputDir}/console"`,
      ],
    },
  };
}

/** The repository root: manifest entries are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_MEMORY_MB = 512;

export { ESM_REQUIRE_BANNER } from './bundling.ts';
export { DEFAULT_TIMEOUT_SECONDS };

export type TableAccess = 'read' | 'readwrite';

/** Item reads a function may make: single items, batches of them, queries; no Scan, no streams. */
export const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
/** Reads plus item writes (transactions are authorized by these per item). */
export const READ_WRITE_ACTIONS = [
  ...READ_ACTIONS,
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

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
  /** Lambda architecture; x86_64 only where a region has no Graviton. @default arm64 */
  readonly architecture?: 'arm64' | 'x86_64';
  /** Lambda active tracing; `disabled` where Lambda has no X-Ray integration (China). @default active */
  readonly tracing?: 'active' | 'disabled';
  /**
   * Concurrency reserved for (and capping) this function. `1` on a schedule keeps a run from
   * overlapping the previous one. @default unreserved
   */
  readonly reservedConcurrency?: number;
  /**
   * Retries, maximum event age and on-failure destination of asynchronous invocations (schedules).
   * @default Lambda's: 2 retries over up to 6 hours, failures dropped
   */
  readonly asyncInvoke?: {
    readonly retryAttempts: number;
    readonly maxEventAge: Duration;
    readonly onFailure: IQueue;
  };
  /** More environment variables (e.g. the claim names of an external issuer). */
  readonly environment?: Readonly<Record<string, string>>;
}

/** A table a function can be bound to: the table (or a reference to it by name) and its definition. */
export interface BindableTable {
  readonly table: ITable;
  readonly definition: TableDefinition;
}

/**
 * A token as cdk-nag writes it in a finding id: literals as they are, `Ref`s as `<Name>`,
 * `Fn::GetAtt`s as `<Resource.Attr>`, joins concatenated.
 */
export function nagText(scope: IConstruct, value: string): string {
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o['Fn::Join'])) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map(render).join(sep);
      }
      if (typeof o.Ref === 'string') return `<${o.Ref}>`;
      if (Array.isArray(o['Fn::GetAtt'])) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    }
    return JSON.stringify(v);
  };
  return render(Stack.of(scope).resolve(value));
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
 * One Lambda function of the manifest: Node.js 24 on ARM64 (x86_64 as a fallback), bundled locally with
 * esbuild (ESM, minified, source maps), X-Ray active tracing where the region offers it, JSON logs in its own log group with a retention, and a role that
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
    const tracing = props.tracing ?? 'active';

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
      architecture: props.architecture === 'x86_64' ? Architecture.X86_64 : Architecture.ARM_64,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: tracing === 'active' ? Tracing.ACTIVE : Tracing.DISABLED,
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      ...(props.asyncInvoke
        ? {
            retryAttempts: props.asyncInvoke.retryAttempts,
            maxEventAge: props.asyncInvoke.maxEventAge,
            onFailure: new SqsDestination(props.asyncInvoke.onFailure),
          }
        : {}),
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
        ...props.environment,
      },
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.code
        ? { code: props.code, handler: 'index.handler' }
        : {
            entry: path.resolve(projectRoot, spec.entry),
            handler: 'handler',
            projectRoot,
            depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
            bundling: spec.bundlesConsole ? withConsole(LAMBDA_BUNDLING) : LAMBDA_BUNDLING,
          }),
    });

    const cfnFunction = this.function.node.defaultChild as CfnFunction;
    if (tracing === 'active') {
      // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
      Validations.of(this.policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so the X-Ray statement must use Resource "*".',
      });
    } else {
      Validations.of(cfnFunction).acknowledge({
        id: 'Serverless-LambdaTracing',
        reason:
          'The district config turns tracing off because Lambda has no X-Ray integration in its region (AWS China regions); correlation relies on the request id in the JSON logs and access logs.',
      });
    }
    if (spec.trigger.kind === 'http') {
      Validations.of(cfnFunction).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by API Gateway: a failure is returned to the caller as a problem+json error, there is no asynchronous event to dead-letter.',
      });
    } else if (props.asyncInvoke) {
      Validations.of(cfnFunction).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked asynchronously by its schedule: a failed run goes, with its error, to the on-failure destination of its EventInvokeConfig (the schedule DLQ), which replaces a dead-letter config.',
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
  bindTable(target: BindableTable, access: TableAccess): this {
    this.function.addEnvironment(target.definition.envVar, target.table.tableName);
    // Not grantReadData / grantReadWriteData: those include Scan and the stream actions, which
    // no request path may use.
    target.table.grant(this.role, ...(access === 'readwrite' ? READ_WRITE_ACTIONS : READ_ACTIONS));
    if (target.definition.indexes.length > 0) {
      Validations.of(this.policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagText(this, target.table.tableArn)}/index/*]`,
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
   * Makes the function the consumer of the queue: batches as the manifest says, at most
   * `maxConcurrency` concurrent executions, partial batch failures reported, so only failed
   * messages return to the queue (and reach its DLQ by redrive).
   */
  consumeQueue(target: PlatformQueue, trigger: SqsTrigger, maxConcurrency: number): this {
    this.function.addEventSource(
      new SqsEventSource(target.queue, {
        batchSize: trigger.batchSize,
        // one district's burst must not take the concurrency every district in the account shares
        maxConcurrency,
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
