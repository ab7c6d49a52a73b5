import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DistrictConfig } from '../config/districts.ts';
import { PlatformAlarms } from '../constructs/platform-alarms.ts';
import { PlatformApi } from '../constructs/platform-api.ts';
import { PlatformAuth } from '../constructs/platform-auth.ts';
import { constructIdOf, PlatformFunction } from '../constructs/platform-function.ts';
import { DeadLetterQueue, PlatformQueue } from '../constructs/platform-queue.ts';
import { PlatformTable } from '../constructs/platform-table.ts';
import { type FunctionSpec, functions as manifestFunctions } from '../manifest.ts';
import {
  type QueueDefinition,
  type QueueName,
  queues as queueDefinitions,
  type TableDefinition,
  type TableName,
  tables as tableDefinitions,
} from '../resources.ts';
import { checkManifest } from './manifest-checks.ts';

/** Retries EventBridge makes before a scheduled invocation goes to the schedule's DLQ. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;

export interface DistrictStackProps extends StackProps {
  readonly district: DistrictConfig;
  /** The functions to deploy. @default the manifest (`infra/manifest.ts`) */
  readonly functions?: readonly FunctionSpec[];
  /** @default the tables of `infra/resources.ts` */
  readonly tables?: Readonly<Record<TableName, TableDefinition>>;
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
 * Everything one district runs on: its tables, queues, user pool, HTTP API and one Lambda per
 * manifest entry, wired to its trigger with least-privilege grants.
 */
export class DistrictStack extends Stack {
  readonly tables: Readonly<Record<TableName, PlatformTable>>;
  readonly queues: Readonly<Record<QueueName, PlatformQueue>>;
  readonly auth: PlatformAuth;
  readonly api: PlatformApi;
  readonly functions: ReadonlyMap<string, PlatformFunction>;
  readonly alarms: PlatformAlarms;

  constructor(scope: Construct, id: string, props: DistrictStackProps) {
    super(scope, id, {
      description: `Party-Mass Service Centers platform of ${props.district.name.en}, ${props.district.city.en} (${props.district.code})`,
      ...props,
    });
    const { district } = props;
    const functionSpecs = props.functions ?? manifestFunctions;
    const tableDefs: Readonly<Record<TableName, TableDefinition>> = props.tables ?? tableDefinitions;
    const queueDefs: Readonly<Record<QueueName, QueueDefinition>> = props.queues ?? queueDefinitions;

    // Fail the synth, not the deploy, on a manifest the platform cannot run safely.
    checkManifest(functionSpecs, tableDefs, queueDefs);

    Tags.of(this).add('project', 'pmsc');
    Tags.of(this).add('district', district.code);
    Tags.of(this).add('district-name', district.name.en);
    Tags.of(this).add('city', district.city.en);

    // State first: tables and queues exactly as resources.ts defines them (the local runtime reads the same).
    this.tables = mapValues(tableDefs, (definition, name) => {
      return new PlatformTable(this, `${constructIdOf(name)}Table`, { definition });
    });
    this.queues = mapValues(queueDefs, (definition, name) => {
      return new PlatformQueue(this, `${constructIdOf(name)}Queue`, { definition });
    });

    // Identities, then the API whose JWT authorizer trusts them.
    this.auth = new PlatformAuth(this, 'Auth', { districtCode: district.code, auth: district.auth });
    this.api = new PlatformApi(this, 'Api', {
      districtCode: district.code,
      throttle: district.api.throttle,
      corsOrigins: district.api.corsOrigins,
      logRetention: district.logRetention,
      jwtIssuer: this.auth.issuerUrl,
      jwtAudience: [this.auth.webClient.userPoolClientId, this.auth.machineClient.userPoolClientId],
    });

    const functions = new Map<string, PlatformFunction>();
    const deadLetterQueues = new Map<string, IQueue>(
      Object.entries<PlatformQueue>(this.queues).map(([name, q]) => [constructIdOf(name), q.deadLetterQueue]),
    );
    for (const spec of functionSpecs) {
      const constructId = constructIdOf(spec.id);
      const scheduleDlq =
        spec.trigger.kind === 'schedule'
          ? new DeadLetterQueue(this, `${constructId}ScheduleDlq`, {
              purpose: `the ${spec.id} schedule (undeliverable events and failed asynchronous invocations)`,
            }).queue
          : undefined;
      const code = props.codeFor?.(spec);
      const fn = new PlatformFunction(this, constructId, {
        spec,
        districtCode: district.code,
        logRetention: district.logRetention,
        ...(props.projectRoot ? { projectRoot: props.projectRoot } : {}),
        ...(code ? { code } : {}),
        ...(scheduleDlq ? { deadLetterQueue: scheduleDlq } : {}),
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
      const { trigger } = spec;
      if (trigger.kind === 'http') {
        this.api.addFunctionRoutes(constructId, fn.function, trigger.routes);
      } else if (trigger.kind === 'sqs') {
        fn.consumeQueue(this.queues[trigger.queue], trigger);
      } else {
        // A tick older than the period is superseded by the next one: no point delivering it late.
        new Rule(this, `${constructId}Schedule`, {
          description: `Runs ${spec.id} every ${trigger.everyMinutes} minute(s)`,
          schedule: Schedule.rate(Duration.minutes(trigger.everyMinutes)),
          targets: [
            new LambdaFunction(fn.function, {
              retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
              maxEventAge: Duration.minutes(Math.max(trigger.everyMinutes, 1)),
              deadLetterQueue: scheduleDlq,
            }),
          ],
        });
      }
    }
    this.functions = functions;

    // Somebody hears about dead letters, failing functions and 5xx answers.
    this.alarms = new PlatformAlarms(this, 'Alarms', {
      deadLetterQueues,
      functions: [...functions.values()],
      api: this.api.api,
      ...(district.alarmEmail ? { alarmEmail: district.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolIssuer', { value: this.auth.issuerUrl, description: 'iss of the JWTs' });
    new CfnOutput(this, 'WebClientId', { value: this.auth.webClient.userPoolClientId });
    new CfnOutput(this, 'MachineClientId', { value: this.auth.machineClient.userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', {
      value: this.auth.tokenEndpoint,
      description: 'OAuth 2.0 token endpoint (client credentials, scope pmsc/menus:push)',
    });
    for (const [name, table] of Object.entries<PlatformTable>(this.tables)) {
      new CfnOutput(this, `${constructIdOf(name)}TableName`, {
        value: table.table.tableName,
        description: `${table.definition.envVar}`,
      });
    }
    for (const [name, queue] of Object.entries<PlatformQueue>(this.queues)) {
      new CfnOutput(this, `${constructIdOf(name)}QueueUrl`, {
        value: queue.queue.queueUrl,
        description: `${queue.definition.envVar}`,
      });
    }
  }
}

function mapValues<K extends string, V, R>(
  record: Readonly<Record<K, V>>,
  fn: (value: V, key: K) => R,
): Record<K, R> {
  const out = {} as Record<K, R>;
  for (const key of Object.keys(record) as K[]) {
    out[key] = fn(record[key], key);
  }
  return out;
}
