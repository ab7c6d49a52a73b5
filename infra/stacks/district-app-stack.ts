import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { CfnQueue, IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DistrictConfig, ResolvedDistrictSettings } from '../config/districts.ts';
import { PlatformAlarms } from '../constructs/platform-alarms.ts';
import { PlatformApi } from '../constructs/platform-api.ts';
import { type BindableTable, constructIdOf, PlatformFunction } from '../constructs/platform-function.ts';
import { DeadLetterQueue, PlatformQueue } from '../constructs/platform-queue.ts';
import { type FunctionSpec, functions as manifestFunctions } from '../manifest.ts';
import {
  type QueueDefinition,
  type QueueName,
  queues as queueDefinitions,
  type TableDefinition,
  type TableName,
} from '../resources.ts';
import { consoleConfigFor } from './console-config.ts';
import { type DistrictDataStack, tableNameOf, tagDistrict } from './district-data-stack.ts';
import { checkManifest } from './manifest-checks.ts';

/** The functions that see a city's districts, and the variable they read them from. */
const MENUS_WRITE_ID = 'menus-write';
const MENUS_READ_ID = 'menus-read';
const DISTRICT_SENDER_ID = 'send-menus-to-districts';
const CHILD_DISTRICTS_ENV = 'MENU_CHILD_DISTRICTS';

/** Retries EventBridge makes before a scheduled invocation goes to the schedule's DLQ. */
/** The longest a Lambda asynchronous invocation may wait (maximumEventAge: 60 s to 6 h). */
export const MAX_EVENT_AGE_MINUTES = 360;

export const SCHEDULE_RETRY_ATTEMPTS = 2;
/**
 * Retries Lambda makes of a failed scheduled run (its default is 2 over up to 6 hours): once,
 * within one period, since the next tick does the same work anyway.
 */
export const SCHEDULE_ASYNC_RETRY_ATTEMPTS = 1;
/** A schedule runs one at a time: a tick that finds the previous run busy waits, never overlaps it. */
export const SCHEDULE_RESERVED_CONCURRENCY = 1;
/** The function whose successful runs are the grid heartbeat. */
export const GRID_BUILDER_ID = 'build-grid';

/** Environment variables that name the claims of an external issuer (for `principalFromClaims`). */
export const CLAIM_ENV = { groups: 'AUTH_GROUPS_CLAIM', centerId: 'AUTH_CENTER_ID_CLAIM' } as const;

export interface DistrictAppStackProps extends StackProps {
  readonly district: DistrictConfig;
  readonly settings: ResolvedDistrictSettings;
  /** The district's data stack: tables and the issuer the API trusts. */
  readonly data: DistrictDataStack;
  /** The functions to deploy. @default the manifest (`infra/manifest.ts`) */
  readonly functions?: readonly FunctionSpec[];
  /** @default the queues of `infra/resources.ts` */
  readonly queues?: Readonly<Record<QueueName, QueueDefinition>>;
  /**
   * Prebuilt code for a function instead of bundling its entry (tests of the wiring only).
   * @default every entry is bundled with esbuild
   */
  readonly codeFor?: (spec: FunctionSpec) => Code | undefined;
  /** Directory the manifest entries are relative to. @default the repository root */
  readonly projectRoot?: string;
}

/**
 * Everything of a district that can be rebuilt from code: queues, one Lambda per manifest entry
 * wired to its trigger with least-privilege grants on the data stack's tables, the HTTP API,
 * schedules and alarms. Destroying and redeploying it loses no row and no user.
 */
export class DistrictAppStack extends Stack {
  readonly queues: Readonly<Record<QueueName, PlatformQueue>>;
  /** The data stack's tables, referenced by name. */
  readonly tables: Readonly<Record<TableName, BindableTable>>;
  readonly api: PlatformApi;
  readonly functions: ReadonlyMap<string, PlatformFunction>;
  readonly alarms: PlatformAlarms;

  constructor(scope: Construct, id: string, props: DistrictAppStackProps) {
    const { district, settings, data } = props;
    super(scope, id, {
      description: `Party-Mass Service Centers platform of ${district.name.en}, ${district.city.en} (${district.code}): API, functions, queues, schedules`,
      ...props,
    });
    tagDistrict(this, district);
    const functionSpecs = props.functions ?? manifestFunctions;
    const tableDefs = Object.fromEntries(
      Object.entries(data.tables).map(([name, t]) => [name, t.definition]),
    ) as Record<TableName, TableDefinition>;
    // By name, not by a cross-stack reference: the data stack stays free to change its outputs.
    this.tables = Object.fromEntries(
      (Object.keys(tableDefs) as TableName[]).map((name) => {
        const definition = tableDefs[name];
        const table = Table.fromTableAttributes(this, `${constructIdOf(name)}Table`, {
          tableName: tableNameOf(district, name),
          grantIndexPermissions: definition.indexes.length > 0,
        });
        return [name, { table, definition }];
      }),
    ) as Record<TableName, BindableTable>;
    const queueDefs: Readonly<Record<QueueName, QueueDefinition>> = props.queues ?? queueDefinitions;

    // Fail the synth, not the deploy, on a manifest the platform cannot run safely.
    checkManifest(functionSpecs, tableDefs, queueDefs);

    // Queues exactly as resources.ts defines them (the local runtime reads the same). They hold
    // work in flight only: DynamoDB is the source of truth and the reconcilers re-send.
    this.queues = Object.fromEntries(
      (Object.keys(queueDefs) as QueueName[]).map((name) => [
        name,
        new PlatformQueue(this, `${constructIdOf(name)}Queue`, { definition: queueDefs[name] }),
      ]),
    ) as Record<QueueName, PlatformQueue>;

    this.api = new PlatformApi(this, 'Api', {
      districtCode: district.code,
      throttle: district.api.throttle,
      corsOrigins: district.api.corsOrigins,
      logRetention: district.logRetention,
      jwtIssuer: data.identity.issuerUrl,
      jwtAudience: data.identity.audience,
    });
    const claimEnv: Record<string, string> = data.identity.claims
      ? {
          [CLAIM_ENV.groups]: data.identity.claims.groups,
          [CLAIM_ENV.centerId]: data.identity.claims.centerId,
        }
      : {};

    const functions = new Map<string, PlatformFunction>();
    const deadLetterQueues = new Map<string, IQueue>(
      Object.entries<PlatformQueue>(this.queues).map(([name, q]) => [constructIdOf(name), q.deadLetterQueue]),
    );
    for (const spec of functionSpecs) {
      const constructId = constructIdOf(spec.id);
      const { trigger } = spec;
      const scheduleDlq = trigger.kind === 'schedule' ? this.scheduleDlq(constructId, spec.id) : undefined;
      // A tick older than the period is superseded by the next one: no point delivering it late.
      // A tick older than its period (at most the 6 hours Lambda and EventBridge keep an event)
      // is superseded by the next one: no point delivering it late.
      const period =
        trigger.kind === 'schedule'
          ? Duration.minutes(Math.min(Math.max(trigger.everyMinutes, 1), MAX_EVENT_AGE_MINUTES))
          : undefined;
      const code = props.codeFor?.(spec);
      const fn = new PlatformFunction(this, constructId, {
        spec,
        districtCode: district.code,
        logRetention: district.logRetention,
        architecture: settings.architecture,
        tracing: settings.tracing,
        ...(trigger.kind === 'http'
          ? {
              environment: {
                ...claimEnv,
                ...(spec.bundlesConsole
                  ? {
                      CONSOLE_CONFIG: this.toJsonString(
                        consoleConfigFor(district, data.identity, this.region),
                      ),
                    }
                  : {}),
              },
            }
          : {}),
        ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
        ...(code ? { code } : {}),
        ...(scheduleDlq && period
          ? {
              reservedConcurrency: SCHEDULE_RESERVED_CONCURRENCY,
              asyncInvoke: {
                retryAttempts: SCHEDULE_ASYNC_RETRY_ATTEMPTS,
                maxEventAge: period,
                onFailure: scheduleDlq,
              },
            }
          : {}),
      });
      functions.set(spec.id, fn);
      if (scheduleDlq) deadLetterQueues.set(`${constructId}Schedule`, scheduleDlq);

      // What the function may touch: env var and grant together, nothing the manifest does not list.
      for (const [name, access] of Object.entries(spec.tables ?? {})) {
        if (access) fn.bindTable(this.tables[name as TableName], access);
      }
      for (const name of spec.sends ?? []) {
        fn.bindQueue(this.queues[name]);
      }

      // How it is invoked.
      if (trigger.kind === 'http') {
        this.api.addFunctionRoutes(constructId, fn.function, trigger.routes);
      } else if (trigger.kind === 'sqs') {
        fn.consumeQueue(this.queues[trigger.queue], trigger, settings.consumerConcurrency);
      } else {
        new Rule(this, `${constructId}Schedule`, {
          description: `Runs ${spec.id} every ${trigger.everyMinutes} minute(s)`,
          schedule: Schedule.rate(Duration.minutes(trigger.everyMinutes)),
          targets: [
            new LambdaFunction(fn.function, {
              retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
              ...(period ? { maxEventAge: period } : {}),
              ...(scheduleDlq ? { deadLetterQueue: scheduleDlq } : {}),
            }),
          ],
        });
      }
    }
    this.functions = functions;
    this.bindChildDistricts(district);

    // Somebody hears about dead letters, stuck queues, failing or throttled functions, a slow or
    // failing API and a stale grid.
    const gridBuilder = functions.get(GRID_BUILDER_ID);
    this.alarms = new PlatformAlarms(this, 'Alarms', {
      deadLetterQueues,
      workQueues: new Map(
        Object.entries<PlatformQueue>(this.queues).map(([name, q]) => [
          constructIdOf(name),
          { queue: q.queue, definition: q.definition },
        ]),
      ),
      functions: [...functions.values()],
      api: this.api.api,
      alarmEmails: district.alarmEmails,
      districtCode: district.code,
      ...(gridBuilder ? { gridBuilder } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    for (const [name, queue] of Object.entries<PlatformQueue>(this.queues)) {
      new CfnOutput(this, `${constructIdOf(name)}QueueUrl`, {
        value: queue.queue.queueUrl,
        description: queue.definition.envVar,
      });
    }
  }

  /** Where a schedule's undeliverable events (EventBridge) and failed runs (Lambda) are kept. */
  private scheduleDlq(constructId: string, specId: string): IQueue {
    const queue = new DeadLetterQueue(this, `${constructId}ScheduleDlq`, {
      purpose: `the ${specId} schedule (undeliverable events and failed asynchronous invocations)`,
    }).queue;
    Validations.of(queue.node.defaultChild as CfnQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a DLQ: the dead-letter queue of the ${specId} EventBridge target and the on-failure destination of the function's asynchronous invocations, relations cdk-nag SQS3 does not recognise.`,
    });
    return queue;
  }

  /**
   * A city stack's districts: the push (which checks the targets), the sender and the menu read
   * (which shows each district's own progress) see them in MENU_CHILD_DISTRICTS; only the sender
   * and the read, which call the districts, may read their client secrets, each by its name.
   */
  private bindChildDistricts(district: DistrictConfig): void {
    const children = district.childDistricts ?? [];
    if (children.length === 0) return;
    const value = JSON.stringify(
      children.map(({ clientSecretName, ...child }) => ({
        ...child,
        clientSecret: `secretsmanager:${clientSecretName}`,
      })),
    );
    for (const id of [MENUS_WRITE_ID, MENUS_READ_ID, DISTRICT_SENDER_ID]) {
      this.functions.get(id)?.function.addEnvironment(CHILD_DISTRICTS_ENV, value);
    }
    for (const child of children) {
      const secret = Secret.fromSecretNameV2(
        this,
        `District${child.code}ClientSecret`,
        child.clientSecretName,
      );
      for (const id of [DISTRICT_SENDER_ID, MENUS_READ_ID]) {
        const fn = this.functions.get(id);
        if (fn) secret.grantRead(fn.function);
      }
    }
  }
}
