/**
 * The real app for Baoshan (310113), a district in a global region: the real manifest, real
 * esbuild bundling, synthesized once; its data stack and its app stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES_PER_STACK_BUDGET } from '../../infra/config/capacity.ts';
import { districts } from '../../infra/config/districts.ts';
import { ACCESS_LOG_FIELDS } from '../../infra/constructs/platform-api.ts';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  ESM_REQUIRE_BANNER,
} from '../../infra/constructs/platform-function.ts';
import { type FunctionSpec, functions } from '../../infra/manifest.ts';
import { type QueueName, queues, type TableName, tables } from '../../infra/resources.ts';
import { expectNarrowAcknowledgements, findings } from './nag.ts';
import { mentions, type StackView, type SynthesizedDistrict, statementsOf, synthDistrict } from './synth.ts';

const baoshan = districts['310113'];
const retentionDays = RetentionDays.SIX_MONTHS;
const tableNames = Object.keys(tables) as TableName[];
const queueNames = Object.keys(queues) as QueueName[];
const httpSpecs = functions.filter((f) => f.trigger.kind === 'http');
const sqsSpecs = functions.filter((f) => f.trigger.kind === 'sqs');
const scheduleSpecs = functions.filter((f) => f.trigger.kind === 'schedule');
const routes = httpSpecs.flatMap((f) => (f.trigger.kind === 'http' ? f.trigger.routes : []));
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

let built: SynthesizedDistrict;
/** The app stack: API, functions, queues, schedules, alarms. */
let s: StackView<SynthesizedDistrict['deployment']['app']> & { readonly outdir: string };
/** The data stack: tables and the user pool. */
let d: StackView<SynthesizedDistrict['deployment']['data']>;

beforeAll(() => {
  // through the context, as `cdk synth -c district=310113` does
  built = synthDistrict({ context: { district: '310113' } });
  s = { ...built.appStack, outdir: built.outdir };
  d = built.data;
}, 300_000);

afterAll(() => built?.cleanup());

const userPool = () => {
  const pool = d.stack.identity.userPool;
  if (!pool) throw new Error('Baoshan has its own user pool');
  return pool;
};
const tableName = (name: TableName) => `pmsc-310113-${name}`;

/** The single element of a list, failing the test when there are none or several. */
function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

const fnOf = (spec: FunctionSpec) => {
  const fn = s.stack.functions.get(spec.id);
  if (!fn) throw new Error(`no function for ${spec.id}`);
  return fn;
};
const fnId = (spec: FunctionSpec) => s.logicalId(fnOf(spec).function);
const policyStatements = (spec: FunctionSpec) => {
  const policy = fnOf(spec).role.node.tryFindChild('DefaultPolicy') as IConstruct;
  return statementsOf(s.properties(s.logicalId(policy)));
};

describe('the district app', () => {
  it('is a data stack and an app stack named after the district, pinned to its account and region', () => {
    expect(d.stack.stackName).toBe('Pmsc-310113-Baoshan-Data');
    expect(s.stack.stackName).toBe('Pmsc-310113-Baoshan-App');
    for (const stack of [d.stack, s.stack]) {
      expect(stack.account).toBe(baoshan.account);
      expect(stack.region).toBe(baoshan.region);
    }
    expect(s.stack.dependencies).toContain(d.stack);
  });

  it('tags the resources of both stacks with the district', () => {
    for (const [view, type] of [
      [d, 'AWS::DynamoDB::Table'],
      [s, 'AWS::SQS::Queue'],
    ] as const) {
      view.template.hasResourceProperties(type, {
        Tags: Match.arrayWith([
          { Key: 'district', Value: '310113' },
          { Key: 'project', Value: 'pmsc' },
          { Key: 'stage', Value: 'prod' },
        ]),
      });
    }
  });

  it(`keeps each stack at or under ${RESOURCES_PER_STACK_BUDGET} of the 500 resources CloudFormation allows`, () => {
    // a function costs 5 (function, role, policy, log group, and an integration or trigger) plus
    // one invoke permission, a route costs 1, a queue 4 with its DLQ (docs/deployment.md); alarms
    // are grouped ten metrics to one; course orders and stats fit under this bound, and what comes
    // after them goes into a second app stack split by bounded context (docs/deployment.md)
    expect(s.resourceCount).toBeLessThanOrEqual(RESOURCES_PER_STACK_BUDGET);
    expect(d.resourceCount).toBeLessThanOrEqual(RESOURCES_PER_STACK_BUDGET);
  });

  it('gives each HTTP function one invoke permission, scoped to this API', () => {
    const permissions = Object.values(
      s.template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'apigateway.amazonaws.com' },
      }),
    );
    expect(permissions).toHaveLength(httpSpecs.length);
    for (const permission of permissions) {
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain('/*/*/*');
    }
  });

  it('outputs the user pool, client ids, token endpoint and table names from the data stack', () => {
    expect(Object.keys(d.template.toJSON().Outputs)).toEqual(
      expect.arrayContaining([
        'UserPoolId',
        'UserPoolIssuer',
        'WebClientId',
        'MachineClientId',
        'TokenEndpoint',
        'MainTableName',
        'IdempotencyTableName',
      ]),
    );
  });

  it('outputs the API URL, the alarm topic and the queue URLs from the app stack', () => {
    expect(Object.keys(s.template.toJSON().Outputs)).toEqual(
      expect.arrayContaining(['ApiUrl', 'AlarmTopicArn', 'CenterImportQueueUrl']),
    );
  });
});

describe('data and app apart', () => {
  it('protects the data stack from termination and keeps the app stack free of stateful resources', () => {
    expect(d.stack.terminationProtection).toBe(true);
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient']) {
      s.template.resourceCountIs(type, 0);
    }
    d.template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('reaches the tables by their fixed names, with no export that would pin the data stack', () => {
    for (const name of tableNames) {
      expect(d.properties(d.logicalId(d.stack.tables[name].table)).TableName).toBe(tableName(name));
    }
    const template = JSON.stringify(s.template.toJSON());
    expect(template).not.toContain('Fn::ImportValue');
    expect(JSON.stringify(d.template.toJSON().Outputs)).not.toContain('"Export"');
    expect(template).toContain(`table/${tableName('main')}`);
  });
});

describe('tables', () => {
  it('creates one table per definition and nothing else', () => {
    d.template.resourceCountIs('AWS::DynamoDB::Table', tableNames.length);
  });

  it.each(tableNames)(
    '%s is on demand, PITR, deletion-protected, encrypted, retained, with its keys, TTL and GSIs',
    (name) => {
      const def = tables[name];
      const id = d.logicalId(d.stack.tables[name].table);
      d.template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      const props = d.properties(id);
      expect(props).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          ...('sortKey' in def ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' }] : []),
        ],
      });
      // AWS-managed key: no customer key given
      expect((props.SSESpecification as Record<string, unknown>).KMSMasterKeyId).toBeUndefined();
      expect(props.TimeToLiveSpecification).toEqual(
        def.ttlAttribute ? { AttributeName: def.ttlAttribute, Enabled: true } : undefined,
      );
      const gsis = (props.GlobalSecondaryIndexes ?? []) as unknown[];
      expect(gsis).toHaveLength(def.indexes.length);
      for (const index of def.indexes) {
        expect(gsis).toContainEqual({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        });
      }
    },
  );
});

describe('queues', () => {
  it.each(queueNames)(
    '%s has SSE, its DLQ after maxReceiveCount (>= 5) and the visibility of its definition',
    (name) => {
      const def = queues[name];
      const { queue, deadLetterQueue } = s.stack.queues[name];
      expect(def.maxReceiveCount).toBeGreaterThanOrEqual(5);
      expect(s.properties(s.logicalId(queue))).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: def.visibilityTimeoutSeconds,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [s.logicalId(deadLetterQueue), 'Arn'] },
          maxReceiveCount: def.maxReceiveCount,
        },
      });
      expect(s.properties(s.logicalId(deadLetterQueue))).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: def.dlqRetentionSeconds,
      });
    },
  );

  it('gives every queue, DLQs included, a TLS-only policy', () => {
    const allQueues = s.template.findResources('AWS::SQS::Queue');
    // work queues with their DLQs, a DLQ per schedule, the DLQ of the alarm emails
    expect(Object.keys(allQueues).length).toBe(queueNames.length * 2 + scheduleSpecs.length + 1);
    for (const queueId of Object.keys(allQueues)) {
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it.each(sqsSpecs.map((f) => [f.id, f] as const))(
    '%s: its queue stays invisible at least 6x its timeout',
    (_id, spec) => {
      if (spec.trigger.kind !== 'sqs') throw new Error('not a consumer');
      const queueProps = s.properties(s.logicalId(s.stack.queues[spec.trigger.queue].queue));
      const fnProps = s.properties(fnId(spec));
      expect(queueProps.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * (fnProps.Timeout as number));
    },
  );
});

describe('functions', () => {
  it('deploys exactly one Lambda function per manifest entry', () => {
    s.template.resourceCountIs('AWS::Lambda::Function', functions.length);
    expect([...s.stack.functions.keys()]).toEqual(functions.map((f) => f.id));
  });

  it.each(functions.map((f) => [f.id, f] as const))(
    '%s: Node 24 on ARM64, traced, JSON logs in its own retained log group, sized by the manifest',
    (_id, spec) => {
      const props = s.properties(fnId(spec));
      expect(props).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
        Timeout: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: s.logicalId(fnOf(spec).logGroup) } },
      });
      expect(s.properties(s.logicalId(fnOf(spec).logGroup))).toMatchObject({
        RetentionInDays: retentionDays,
      });
    },
  );

  it.each(functions.map((f) => [f.id, f] as const))(
    '%s: environment has the Powertools settings and exactly the tables and queues it declares',
    (_id, spec) => {
      const variables = (s.properties(fnId(spec)).Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'pmsc',
        POWERTOOLS_METRICS_NAMESPACE: 'pmsc',
        DISTRICT_CODE: '310113',
        NODE_OPTIONS: '--enable-source-maps',
      });
      const expected = [
        ...Object.keys(spec.tables ?? {}).map((t) => tables[t as TableName].envVar),
        ...(spec.sends ?? []).map((q) => queues[q].envVar),
      ];
      const bound = Object.keys(variables).filter((k) => k.startsWith('TABLE_') || k.startsWith('QUEUE_'));
      expect(bound.sort()).toEqual(expected.sort());
    },
  );

  it('bundles every entry as minified ESM with a require shim and a source map', () => {
    for (const spec of functions) {
      const key = (s.properties(fnId(spec)).Code as { S3Key: string }).S3Key;
      const assetDir = path.join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      const code = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER), spec.id).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{\s*handler\b/);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // minified: long lines, not one statement per line
      expect(code.split('\n').length, spec.id).toBeLessThan(code.length / 200);
      expect(existsSync(path.join(assetDir, 'index.mjs.map')), spec.id).toBe(true);
    }
  });
});

describe('triggers', () => {
  it('maps each SQS consumer to its queue with batch settings and partial batch failures', () => {
    s.template.resourceCountIs('AWS::Lambda::EventSourceMapping', sqsSpecs.length);
    for (const spec of sqsSpecs) {
      if (spec.trigger.kind !== 'sqs') continue;
      s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId(spec) },
        EventSourceArn: { 'Fn::GetAtt': [s.logicalId(s.stack.queues[spec.trigger.queue].queue), 'Arn'] },
        BatchSize: spec.trigger.batchSize,
        ...(spec.trigger.maxBatchingWindowSeconds > 0
          ? { MaximumBatchingWindowInSeconds: spec.trigger.maxBatchingWindowSeconds }
          : {}),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 5 },
      });
    }
  });

  it('reserves concurrency only for schedules, so HTTP and consumers share the account pool', () => {
    for (const spec of functions) {
      const reserved = s.properties(fnId(spec)).ReservedConcurrentExecutions;
      expect(reserved, spec.id).toBe(spec.trigger.kind === 'schedule' ? 1 : undefined);
    }
  });

  it('runs each scheduled function from a rule with retries, a max event age and a DLQ', () => {
    s.template.resourceCountIs('AWS::Events::Rule', scheduleSpecs.length);
    for (const spec of scheduleSpecs) {
      if (spec.trigger.kind !== 'schedule') continue;
      const minutes = spec.trigger.everyMinutes;
      // one period, or the 6 hours an asynchronous event may wait for a daily schedule
      const maxAgeSeconds = Math.min(minutes, 360) * 60;
      const rules = s.template.findResources('AWS::Events::Rule', {
        Properties: { Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId(spec), 'Arn'] } })] },
      });
      const rule = only(Object.values(rules) as Array<{ Properties: Record<string, unknown> }>);
      // as EventBridge spells the period: rate(5 minutes), rate(1 day)
      expect(rule.Properties.ScheduleExpression).toBe(
        Schedule.rate(Duration.minutes(minutes)).expressionString,
      );
      const target = only(rule.Properties.Targets as Array<Record<string, unknown>>);
      expect(target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: maxAgeSeconds },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
      });
      const dlqId = only(
        (target.DeadLetterConfig as { Arn: { 'Fn::GetAtt': [string, string] } }).Arn['Fn::GetAtt'].slice(
          0,
          1,
        ),
      );
      expect(s.properties(dlqId)).toMatchObject({ SqsManagedSseEnabled: true });
      // failed runs land in the same DLQ, retried once within one period, never overlapping
      s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(spec) },
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: maxAgeSeconds,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
      });
      expect(s.properties(fnId(spec)).ReservedConcurrentExecutions).toBe(1);
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'events.amazonaws.com' },
            }),
          ]),
        },
      });
    }
  });
});

describe('HTTP API', () => {
  const authorizerId = () =>
    s.logicalId(s.stack.api.node.findChild('HttpApi').node.findChild('JwtAuthorizer'));

  it('has a single API with one route per manifest route and nothing else', () => {
    s.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    s.template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    s.template.resourceCountIs('AWS::ApiGatewayV2::Integration', httpSpecs.length);
  });

  it('protects jwt routes with the JWT authorizer and leaves public routes open', () => {
    for (const route of routes) {
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        ...(route.auth === 'jwt'
          ? { AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId() } }
          : { AuthorizationType: 'NONE', AuthorizerId: Match.absent() }),
      });
    }
    expect(routes.some((r) => r.auth === 'public')).toBe(true);
  });

  it('trusts tokens of the district user pool for the web and machine clients, read from the data stack', () => {
    const authorizer = only(
      Object.values(s.template.findResources('AWS::ApiGatewayV2::Authorizer')) as Array<{
        Properties: Record<string, unknown>;
      }>,
    ).Properties;
    expect(authorizer).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const jwt = authorizer.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    // the region is pinned, so the issuer is spelled out; the pool id is the data stack's output
    expect(JSON.stringify(jwt.Issuer)).toContain('https://cognito-idp.ap-southeast-1.amazonaws.com/');
    expect(jwt.Audience).toHaveLength(2);
    for (const value of [jwt.Issuer, ...jwt.Audience]) {
      expect(JSON.stringify(value)).toContain('"Fn::GetStackOutput"');
      expect(JSON.stringify(value)).toContain('"StackName":"Pmsc-310113-Baoshan-Data"');
    }
  });

  it('throttles the default stage and writes JSON access logs to a retained log group', () => {
    const stage = s.template.findResources('AWS::ApiGatewayV2::Stage');
    const props = only(Object.values(stage) as Array<{ Properties: Record<string, unknown> }>).Properties;
    expect(props).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: baoshan.api.throttle.rateLimit,
        ThrottlingBurstLimit: baoshan.api.throttle.burstLimit,
      },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [s.logicalId(s.stack.api.accessLogGroup), 'Arn'] },
      },
    });
    const format = (props.AccessLogSettings as { Format: string }).Format;
    expect(JSON.parse(format)).toEqual(ACCESS_LOG_FIELDS);
    expect(s.properties(s.logicalId(s.stack.api.accessLogGroup))).toMatchObject({
      RetentionInDays: retentionDays,
    });
  });

  it('allows CORS from the district front ends only', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [...baoshan.api.corsOrigins] }),
    });
  });
});

describe('user pool', () => {
  it('has a strong password policy, Plus-tier threat protection and the center_id attribute', () => {
    d.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'center_id', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const policy = (
      d.properties(d.logicalId(userPool().userPool)).Policies as {
        PasswordPolicy: { MinimumLength: number };
      }
    ).PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('requires a second factor of everyone (TOTP, or an email code), sending mail through SES', () => {
    const props = d.properties(d.logicalId(userPool().userPool));
    expect(props.MfaConfiguration).toBe('ON');
    expect([...(props.EnabledMfas as string[])].sort()).toEqual(['EMAIL_OTP', 'SOFTWARE_TOKEN_MFA']);
    expect(props.EmailConfiguration).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: expect.stringContaining(baoshan.auth.emailFrom),
    });
  });

  it('is retained with the data stack when either stack goes away', () => {
    d.template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('redirects only to the district front end, never to localhost', () => {
    const web = d.properties(d.logicalId(userPool().webClient));
    expect(web.CallbackURLs).toEqual([...baoshan.auth.callbackUrls]);
    expect(JSON.stringify(web)).not.toContain('localhost');
  });

  it.each(['resident', 'staff', 'admin'])('has the %s group', (groupName) => {
    d.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: groupName,
      UserPoolId: { Ref: d.logicalId(userPool().userPool) },
    });
  });

  it('defines the pmsc resource server with the menus:push scope, granted only to the machine client', () => {
    d.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'pmsc',
      Scopes: [Match.objectLike({ ScopeName: 'menus:push' })],
    });
    d.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [
        { 'Fn::Join': ['', [{ Ref: d.logicalId(userPool().resourceServer) }, '/menus:push']] },
      ],
    });
    const web = d.properties(d.logicalId(userPool().webClient));
    expect(web.GenerateSecret).toBe(false);
    expect(web.AllowedOAuthFlows).toEqual(['code']);
    expect(JSON.stringify(web.AllowedOAuthScopes)).not.toContain('menus:push');
    // staff cannot move themselves to another center
    expect(web.WriteAttributes).not.toContain('custom:center_id');
  });

  it('has a hosted domain named after the district for the token endpoint', () => {
    d.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: baoshan.auth.domainPrefix });
  });
});

describe('alarms', () => {
  const alarms = () =>
    Object.values(s.template.findResources('AWS::CloudWatch::Alarm')) as Array<{
      Properties: Record<string, unknown>;
    }>;
  const withMetric = (name: string) => alarms().filter((a) => a.Properties.MetricName === name);

  it('sends every alarm and recovery to the one topic, which mails each configured address', () => {
    const topicId = s.logicalId(s.stack.alarms.topic);
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    for (const email of baoshan.alarmEmails) {
      s.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: topicId },
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
      });
    }
  });

  /** The metrics a grouped (metric-math MAX) alarm watches, by metric name. */
  const grouped = (name: string) =>
    alarms().flatMap((a) => {
      const metrics = (a.Properties.Metrics ?? []) as Array<{
        Expression?: string;
        Label?: string;
        MetricStat?: { Metric: { MetricName: string } };
      }>;
      if (!metrics.some((m) => m.Expression?.startsWith('MAX('))) return [];
      return metrics
        .filter((m) => m.MetricStat?.Metric.MetricName === name)
        .map((m) => ({ label: m.Label, threshold: a.Properties.Threshold, alarm: a }));
    });

  it('is what the cost model prices: its alarm metrics and consumed queues', () => {
    // a metric-math alarm is billed per metric it reads
    const alarmMetrics = alarms().reduce((sum, a) => {
      const metrics = (a.Properties.Metrics ?? []) as Array<{ MetricStat?: unknown }>;
      return sum + (metrics.length > 0 ? metrics.filter((m) => m.MetricStat).length : 1);
    }, 0);
    const inputs = JSON.parse(readFileSync(new URL('../../bench/cost-inputs.json', import.meta.url), 'utf8'));
    expect(inputs.districtMonth.alarms).toBe(alarmMetrics);
    expect(inputs.districtMonth.consumedQueues).toBe(
      Object.keys(s.template.findResources('AWS::Lambda::EventSourceMapping')).length,
    );
  });

  it('alarms on the depth of every DLQ and the age of the oldest message of every work queue', () => {
    const depth = grouped('ApproximateNumberOfMessagesVisible');
    expect(depth).toHaveLength(queueNames.length + scheduleSpecs.length);
    for (const watched of depth) expect(watched.threshold).toBe(1);
    const age = grouped('ApproximateAgeOfOldestMessage');
    expect(age.map((w) => w.label?.toLowerCase()).sort()).toEqual(
      queueNames.map((q) => q.toLowerCase()).sort(),
    );
    // every receive used up: 5 x 180 s for most queues, longer where the consumer works longer
    for (const watched of age) {
      const name = queueNames.find((q) => q.toLowerCase() === watched.label?.toLowerCase())!;
      const { visibilityTimeoutSeconds, maxReceiveCount } = queues[name];
      expect(watched.threshold, name).toBe(visibilityTimeoutSeconds * maxReceiveCount);
    }
    expect(age.find((w) => w.label?.toLowerCase() === 'ordersstreet')?.threshold).toBe(900);
  });

  it('alarms on errors of queue and schedule functions and on throttles of every function', () => {
    const errors = grouped('Errors');
    expect(errors.map((w) => w.label).sort()).toEqual(
      [...sqsSpecs, ...scheduleSpecs].map((f) => f.id).sort(),
    );
    for (const watched of errors) expect(watched.threshold).toBe(5);
    const throttles = grouped('Throttles');
    expect(throttles.map((w) => w.label).sort()).toEqual(functions.map((f) => f.id).sort());
    for (const watched of throttles) expect(watched.threshold).toBe(1);
  });

  it('watches at most ten metrics per alarm and names them all in its description', () => {
    const groupAlarms = alarms().filter((a) =>
      ((a.Properties.Metrics ?? []) as Array<{ Expression?: string }>).some((m) =>
        m.Expression?.startsWith('MAX('),
      ),
    );
    expect(groupAlarms.length).toBeGreaterThanOrEqual(4);
    for (const alarm of groupAlarms) {
      const metrics = (alarm.Properties.Metrics as Array<{ Label?: string; MetricStat?: unknown }>).filter(
        (m) => m.MetricStat,
      );
      expect(metrics.length).toBeLessThanOrEqual(10);
      for (const m of metrics) expect(String(alarm.Properties.AlarmDescription)).toContain(String(m.Label));
      expect(alarm.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('alarms on API 5xx and on a p99 latency above 3 s held for 15 minutes', () => {
    expect(withMetric('5xx')).toHaveLength(1);
    const latency = only(withMetric('Latency')).Properties;
    expect(latency).toMatchObject({
      ExtendedStatistic: 'p99',
      Threshold: 3000,
      EvaluationPeriods: 3,
      Period: 300,
      Namespace: 'AWS/ApiGateway',
    });
  });

  it('fires when the grid has not been built for 15 minutes, and when its builder went silent', () => {
    const heartbeat = s.properties(s.logicalId(s.stack.alarms.gridHeartbeat!));
    expect(heartbeat).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
    });
    const metrics = heartbeat.Metrics as Array<{
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { Dimensions: unknown } };
    }>;
    const expression = metrics.find((m) => m.Expression);
    expect(expression?.Expression).toBe('FILL(invocations, 0) - FILL(errors, 0)');
    const builder = fnId(functions.find((f) => f.id === 'build-grid')!);
    for (const [id, name] of [
      ['invocations', 'Invocations'],
      ['errors', 'Errors'],
    ]) {
      const metric = metrics.find((m) => m.Id === id)?.MetricStat;
      expect(metric).toMatchObject({ Period: 900, Stat: 'Sum', Metric: { MetricName: name } });
      expect(metric?.Metric.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: builder } }]);
    }
  });
});

describe('least privilege', () => {
  it('grants no function the AWS-managed basic execution policy', () => {
    const roles = s.template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles) as Array<{ Properties: Record<string, unknown> }>) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it.each(functions.map((f) => [f.id, f] as const))(
    '%s: touches only the tables it declares, read-only where declared so',
    (_id, spec) => {
      const statements = policyStatements(spec);
      for (const name of tableNames) {
        const actions = statements
          .filter((st) => mentions(st.Resource, `table/${tableName(name)}`))
          .flatMap((st) => st.Action);
        const access = spec.tables?.[name];
        if (access === undefined) {
          expect(actions, `${spec.id} on ${name}`).toEqual([]);
        } else {
          expect(actions).toContain('dynamodb:GetItem');
          expect(actions).toContain('dynamodb:Query');
          for (const write of WRITE_ACTIONS) {
            if (access === 'read') expect(actions, `${spec.id} writes ${name}`).not.toContain(write);
            else expect(actions).toContain(write);
          }
        }
      }
    },
  );

  it.each(functions.map((f) => [f.id, f] as const))(
    '%s: sends only to the queues it declares',
    (_id, spec) => {
      const statements = policyStatements(spec);
      for (const name of queueNames) {
        const queueId = s.logicalId(s.stack.queues[name].queue);
        const actions = statements.filter((st) => mentions(st.Resource, queueId)).flatMap((st) => st.Action);
        if (spec.sends?.includes(name)) expect(actions).toContain('sqs:SendMessage');
        else expect(actions, `${spec.id} sends to ${name}`).not.toContain('sqs:SendMessage');
        const consumes = spec.trigger.kind === 'sqs' && spec.trigger.queue === name;
        if (!consumes)
          expect(actions, `${spec.id} receives from ${name}`).not.toContain('sqs:ReceiveMessage');
      }
    },
  );

  it('grants no function Scan, stream reads or table-level administration', () => {
    for (const spec of functions) {
      const actions = policyStatements(spec).flatMap((st) => st.Action);
      for (const forbidden of [
        'dynamodb:Scan',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:DescribeStream',
        'dynamodb:DescribeTable',
      ]) {
        expect(actions, `${spec.id} has ${forbidden}`).not.toContain(forbidden);
      }
      expect(actions.some((a) => a === 'dynamodb:*' || a.endsWith(':*'))).toBe(false);
    }
  });

  it('lets a read-only function of the manifest read but never write', () => {
    const readOnly = functions.find(
      (f) => Object.values(f.tables ?? {}).every((a) => a === 'read') && f.tables,
    );
    expect(readOnly).toBeDefined();
    const actions = policyStatements(readOnly!).flatMap((st) => st.Action);
    expect(actions).toContain('dynamodb:Query');
    expect(actions.filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
  });
});

describe('cdk-nag', () => {
  it('AwsSolutions and Serverless: no unacknowledged errors or warnings in either stack', () => {
    expect(findings(built.app)).toEqual([]);
  });

  it('acknowledges findings only on single resources, each with a specific reason', () => {
    expectNarrowAcknowledgements(built.app);
  });
});
