/**
 * A district in the AWS China regions (Minhang, 310112, cn-northwest-1): the real manifest on
 * prebuilt code (the bundles are the global district's), synthesized once.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts } from '../../infra/config/districts.ts';
import { functions } from '../../infra/manifest.ts';
import { CLAIM_ENV } from '../../infra/stacks/district-app-stack.ts';
import { expectNarrowAcknowledgements, findings } from './nag.ts';
import { inlineCode, type SynthesizedDistrict, synthDistrict } from './synth.ts';

const minhang = districts['310112'];
let built: SynthesizedDistrict;

beforeAll(() => {
  built = synthDistrict({ district: '310112', stack: { codeFor: inlineCode } });
}, 120_000);

afterAll(() => built?.cleanup());

const json = (view: { template: { toJSON(): unknown } }) => JSON.stringify(view.template.toJSON());

describe('a China district', () => {
  it('synthesizes for the aws-cn partition: every ARN in aws-cn, none in aws', () => {
    expect(built.deployment.settings.partition).toBe('aws-cn');
    for (const view of [built.data, built.appStack]) {
      expect(view.stack.region).toBe('cn-northwest-1');
      expect(json(view)).not.toMatch(/arn:aws:/);
    }
    expect(json(built.appStack)).toMatch(/arn:aws-cn:/);
    // endpoints too: the API URL ends in amazonaws.com.cn
    expect(JSON.stringify(built.appStack.template.toJSON().Outputs.ApiUrl)).toContain('URLSuffix');
  });

  it('has no Cognito at all: the data stack holds only the tables', () => {
    const types = Object.values(
      built.data.template.toJSON().Resources as Record<string, { Type: string }>,
    ).map((r) => r.Type);
    expect(new Set(types)).toEqual(new Set(['AWS::DynamoDB::Table']));
    expect(json(built.appStack)).not.toContain('cognito');
  });

  it('trusts the external OIDC issuer and audience of its config', () => {
    built.appStack.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: minhang.auth.kind === 'oidc' ? minhang.auth.issuerUrl : '',
        Audience: minhang.auth.kind === 'oidc' ? [...minhang.auth.audience] : [],
      },
    });
  });

  it('tells every HTTP function which claims carry the groups and the center', () => {
    const httpIds = new Set(functions.filter((f) => f.trigger.kind === 'http').map((f) => f.id));
    for (const [id, fn] of built.stack.functions) {
      const variables = (
        built.appStack.properties(built.appStack.logicalId(fn.function)).Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      if (httpIds.has(id)) {
        expect(variables).toMatchObject({ [CLAIM_ENV.groups]: 'groups', [CLAIM_ENV.centerId]: 'center_id' });
      } else {
        expect(variables[CLAIM_ENV.groups]).toBeUndefined();
      }
    }
  });

  it('turns tracing off, as its config says, where Lambda has no X-Ray, and keeps arm64', () => {
    for (const fn of built.stack.functions.values()) {
      const props = built.appStack.properties(built.appStack.logicalId(fn.function));
      expect(JSON.stringify(props.TracingConfig ?? { Mode: 'PassThrough' })).toBe('{"Mode":"PassThrough"}');
      expect(props.Architectures).toEqual(['arm64']);
    }
    expect(json(built.appStack)).not.toContain('xray:PutTraceSegments');
  });

  it('keeps its logs six months and alarms like a global district', () => {
    built.appStack.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
    built.appStack.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: minhang.alarmEmails[0],
    });
    built.appStack.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    built.appStack.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(invocations, 0) - FILL(errors, 0)' })]),
    });
  });

  it('stays nag-clean in both stacks, with narrow acknowledgements', () => {
    expect(findings(built.app)).toEqual([]);
    expectNarrowAcknowledgements(built.app);
  });
});
