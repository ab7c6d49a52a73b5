/**
 * The real app for Baoshan (310113): the real manifest, real esbuild bundling, synthesized once.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts } from '../../infra/config/districts.ts';
import { ACCESS_LOG_FIELDS } from '../../infra/constructs/platform-api.ts';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  ESM_REQUIRE_BANNER,
} from '../../infra/constructs/platform-function.ts';
import { type FunctionSpec, functions } from '../../infra/manifest.ts';
import { type QueueName, queues, type TableName, tables } from '../../infra/resources.ts';
import { mentions, type SynthesizedDistrict, statementsOf, synthDistrict } from './synth.ts';

const baoshan = districts['310113'];
const retentionDays = RetentionDays.THREE_MONTHS;
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

let s: SynthesizedDistrict;

beforeAll(() => {
  // through the context, as `cdk synth -c district=310113` does
  s = synthDistrict({ context: { district: '310113' } });
}, 300_000);

afterAll(() => s?.cleanup());

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
  it('names the stack after the district and tags its resources', () => {
    expect(s.stack.stackName).toBe('Pmsc-310113-Baoshan');
    expect(s.stack.node.id).toBe('Pmsc-310113-Baoshan');
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([
        { Key: 'district', Value: '310113' },
        { Key: 'project', Value: 'pmsc' },
      ]),
    });
  });

  it('stays within the 500 resources CloudFormation allows in one stack', () => {
    const count = Object.keys(s.template.toJSON().Resources).length;
    // about 7 resources per HTTP function with one route, 2 per extra route (docs/deployment.md)
    expect(count).toBeLessThan(500);
  });

  it('exports the API URL, user pool, client ids, token endpoint and table names', () => {
    const outputs = Object.keys(s.template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'UserPoolId',
        'UserPoolIssuer',
        'WebClientId',
        'MachineClientId',
        'TokenEndpoint',
        'MainTableName',
        'IdempotencyTableName',
        'CenterImportQueueUrl',
      ]),
    );
  });
});

describe('tables', () => {
  it('creates one table per definition and nothing else', () => {
    s.template.resourceCountIs('AWS::DynamoDB::Table', tableNames.length);
  });

  it.each(tableNames)(
    '%s is on demand, PITR, deletion-protected, encrypted, retained, with its keys, TTL and GSIs',
    (name) => {
      const def = tables[name];
      const id = s.logicalId(s.stack.tables[name].table);
      s.template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      const props = s.properties(id);
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
    expect(Object.keys(allQueues).length).toBe(queueNames.length * 2 + scheduleSpecs.length);
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
      });
    }
  });

  it('runs each scheduled function from a rule with retries, a max event age and a DLQ', () => {
    s.template.resourceCountIs('AWS::Events::Rule', scheduleSpecs.length);
    for (const spec of scheduleSpecs) {
      if (spec.trigger.kind !== 'schedule') continue;
      const minutes = spec.trigger.everyMinutes;
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
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: minutes * 60 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
      });
      const dlqId = only(
        (target.DeadLetterConfig as { Arn: { 'Fn::GetAtt': [string, string] } }).Arn['Fn::GetAtt'].slice(
          0,
          1,
        ),
      );
      expect(s.properties(dlqId)).toMatchObject({ SqsManagedSseEnabled: true });
      // failed asynchronous invocations land in the same DLQ
      expect(s.properties(fnId(spec)).DeadLetterConfig).toEqual({
        TargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      });
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

  it('trusts tokens of the user pool for the web and machine clients', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [
          { Ref: s.logicalId(s.stack.auth.webClient) },
          { Ref: s.logicalId(s.stack.auth.machineClient) },
        ],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              { Ref: s.logicalId(s.stack.auth.userPool) },
            ],
          ],
        },
      },
    });
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
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
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
      s.properties(s.logicalId(s.stack.auth.userPool)).Policies as {
        PasswordPolicy: { MinimumLength: number };
      }
    ).PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it.each(['resident', 'staff', 'admin'])('has the %s group', (groupName) => {
    s.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: groupName,
      UserPoolId: { Ref: s.logicalId(s.stack.auth.userPool) },
    });
  });

  it('defines the pmsc resource server with the menus:push scope, granted only to the machine client', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'pmsc',
      Scopes: [Match.objectLike({ ScopeName: 'menus:push' })],
    });
    s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [
        { 'Fn::Join': ['', [{ Ref: s.logicalId(s.stack.auth.resourceServer) }, '/menus:push']] },
      ],
    });
    const web = s.properties(s.logicalId(s.stack.auth.webClient));
    expect(web.GenerateSecret).toBe(false);
    expect(web.AllowedOAuthFlows).toEqual(['code']);
    expect(JSON.stringify(web.AllowedOAuthScopes)).not.toContain('menus:push');
    // staff cannot move themselves to another center
    expect(web.WriteAttributes).not.toContain('custom:center_id');
  });

  it('has a hosted domain named after the district for the token endpoint', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: baoshan.auth.domainPrefix });
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
        const tableId = s.logicalId(s.stack.tables[name].table);
        const actions = statements.filter((st) => mentions(st.Resource, tableId)).flatMap((st) => st.Action);
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
  const findings = (pack: AwsSolutionsChecks | ServerlessChecks) =>
    pack
      .validateScope(s.app)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
      );

  it('AwsSolutions: no unacknowledged errors or warnings', () => {
    expect(findings(new AwsSolutionsChecks())).toEqual([]);
  });

  it('Serverless: no unacknowledged errors or warnings', () => {
    expect(findings(new ServerlessChecks())).toEqual([]);
  });

  it('acknowledges findings only on single resources, each with a specific reason', () => {
    const acknowledgements: Array<{ path: string; id: string; reason: string; node: IConstruct }> = [];
    for (const node of s.app.node.findAll()) {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledgements.push({ path: node.node.path, id, reason, node });
        }
      }
    }
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const ack of acknowledgements) {
      expect(Stack.isStack(ack.node) || ack.node === s.app, `${ack.id} at ${ack.path}`).toBe(false);
      // a resource or a construct that wraps exactly one resource of the rule's kind
      expect(ack.path.split('/').length, ack.path).toBeGreaterThanOrEqual(3);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(60);
      expect(ack.id).toMatch(/(AwsSolutions|Serverless)-[A-Za-z0-9]+/);
    }
  });
});
