/**
 * The wiring on a fixture manifest with prebuilt code (no bundling): alarms and their topic with
 * or without alarm emails, and the scopes the gateway requires of machine-only routes.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictConfig, districts } from '../../infra/config/districts.ts';
import { oldestMessageAgeSeconds, PLATFORM_METRIC_ALARMS } from '../../infra/constructs/platform-alarms.ts';
import { queues } from '../../infra/resources.ts';
import { fixtureFunctions } from './fixtures/manifest.ts';
import { findings } from './nag.ts';
import { inlineCode, type SynthesizedDistrict, synthDistrict } from './synth.ts';

const emails = ['ops@baoshan.example.cn', 'duty@baoshan.example.cn'];
const withEmails: DistrictConfig = { ...districts['310113'], alarmEmails: emails };
const withoutEmails: DistrictConfig = districts['310113-dev'];
let mailed: SynthesizedDistrict;
let silent: SynthesizedDistrict;

beforeAll(() => {
  const stack = { functions: fixtureFunctions, codeFor: inlineCode };
  mailed = synthDistrict({ configs: [withEmails], stack });
  silent = synthDistrict({ configs: [withoutEmails], stack });
}, 180_000);

afterAll(() => {
  mailed?.cleanup();
  silent?.cleanup();
});

const scheduled = fixtureFunctions.filter((f) => f.trigger.kind === 'schedule').length;
const backgroundFunctions = fixtureFunctions.filter((f) => f.trigger.kind !== 'http').length;
const queueCount = Object.keys(queues).length;
const ageGroups = new Map<number, number>();
for (const definition of Object.values(queues)) {
  const age = oldestMessageAgeSeconds(definition);
  ageGroups.set(age, (ageGroups.get(age) ?? 0) + 1);
}

describe('PlatformAlarms', () => {
  it('alarms on DLQs, oldest messages, background errors, throttles of every function, 5xx, p99 and the platform metrics', () => {
    const template: Template = mailed.appStack.template;
    // the fixture has no grid builder, so no heartbeat
    // grouped ten metrics to an alarm: DLQs (queues' and schedules'), work queues, background
    // errors, throttles; then 5xx, p99 and the platform's own metrics
    const groups = (n: number) => Math.ceil(n / 10);
    template.resourceCountIs(
      'AWS::CloudWatch::Alarm',
      groups(queueCount + scheduled) +
        // work queues: one group per oldest-message threshold
        [...ageGroups.values()].reduce((n, count) => n + groups(count), 0) +
        groups(backgroundFunctions) +
        groups(fixtureFunctions.length) +
        2 +
        PLATFORM_METRIC_ALARMS.length,
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'pmsc',
      MetricName: 'serviceOrdersRoutingFailed',
      Threshold: 1,
    });
    expect(mailed.stack.alarms.gridHeartbeat).toBeUndefined();
  });

  it('subscribes each alarm email to a TLS-only topic, keeping undelivered mails in a DLQ', () => {
    const topicId = mailed.appStack.logicalId(mailed.stack.alarms.topic);
    for (const email of emails) {
      mailed.appStack.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: topicId },
      });
    }
    mailed.appStack.template.resourceCountIs('AWS::SNS::Subscription', emails.length);
    const policy = JSON.stringify(mailed.appStack.template.findResources('AWS::SNS::TopicPolicy'));
    expect(policy).toContain('aws:SecureTransport');
  });

  it('keeps the topic and wires every alarm to it when no email is configured', () => {
    const topicId = silent.appStack.logicalId(silent.stack.alarms.topic);
    silent.appStack.template.resourceCountIs('AWS::SNS::Topic', 1);
    silent.appStack.template.resourceCountIs('AWS::SNS::Subscription', 0);
    for (const alarm of Object.values(silent.appStack.template.findResources('AWS::CloudWatch::Alarm'))) {
      expect((alarm as { Properties: Record<string, unknown> }).Properties.AlarmActions).toEqual([
        { Ref: topicId },
      ]);
    }
  });

  it('stays free of unacknowledged cdk-nag findings either way', () => {
    expect(findings(mailed.app)).toEqual([]);
    expect(findings(silent.app)).toEqual([]);
  });
});

describe('route scopes', () => {
  it('makes the gateway require pmsc/menus:push on a machine-only route, and nothing more elsewhere', () => {
    const routes = Object.values(
      mailed.appStack.template.findResources('AWS::ApiGatewayV2::Route'),
    ) as Array<{
      Properties: { RouteKey: string; AuthorizationScopes?: string[] };
    }>;
    const machine = routes.find((r) => r.Properties.RouteKey === 'POST /things/{id}/menus');
    expect(machine?.Properties.AuthorizationScopes).toEqual(['pmsc/menus:push']);
    for (const route of routes.filter((r) => r !== machine)) {
      expect(route.Properties.AuthorizationScopes, route.Properties.RouteKey).toBeUndefined();
    }
  });
});
