/**
 * Alarms, on a fixture manifest with prebuilt code (no bundling): a district with an alarm email
 * gets a TLS-only topic, the email subscribed with a DLQ, and every alarm wired to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts } from '../../infra/config/districts.ts';
import { queues } from '../../infra/resources.ts';
import { DistrictStack } from '../../infra/stacks/district-stack.ts';
import { fixtureFunctions } from './fixtures/manifest.ts';

const outdir = mkdtempSync(path.join(tmpdir(), 'pmsc-cdk-alarms-'));
let app: App;
let stack: DistrictStack;
let template: Template;

beforeAll(() => {
  app = new App({ outdir });
  stack = new DistrictStack(app, 'Pmsc-Alarms-Test', {
    district: { ...districts['310113'], alarmEmail: 'ops@baoshan.example.cn' },
    functions: fixtureFunctions,
    codeFor: () => Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  template = Template.fromStack(stack);
}, 60_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const scheduled = fixtureFunctions.filter((f) => f.trigger.kind === 'schedule').length;
const backgroundFunctions = fixtureFunctions.filter((f) => f.trigger.kind !== 'http').length;
const dlqCount = Object.keys(queues).length + scheduled;

describe('PlatformAlarms', () => {
  it('alarms on every DLQ, every queue or schedule function and the API 5xx', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', dlqCount + backgroundFunctions + 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5xx',
      Namespace: 'AWS/ApiGateway',
    });
  });

  it('mails the district alarm email through a TLS-only topic, keeping undelivered mails in a DLQ', () => {
    const topicId = stack.getLogicalId(stack.alarms.topic?.node.defaultChild as never);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@baoshan.example.cn',
      TopicArn: { Ref: topicId },
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect((alarm as { Properties: Record<string, unknown> }).Properties.AlarmActions).toEqual([
        { Ref: topicId },
      ]);
    }
  });

  it('stays free of unacknowledged cdk-nag findings', () => {
    const findings = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
      pack
        .validateScope(app)
        .violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`),
    );
    expect(findings).toEqual([]);
  });
});
