/**
 * A city stack with registered district stacks (a variant of the Shanghai dev config): the
 * districts reach the push and the sender through MENU_CHILD_DISTRICTS with their secrets named,
 * and only the sender may read those secrets.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictConfig, districts } from '../../infra/config/districts.ts';
import { findings } from './nag.ts';
import { inlineCode, type SynthesizedDistrict, statementsOf, synthDistrict } from './synth.ts';

const city: DistrictConfig = {
  ...districts['310113-dev'],
  code: '310000',
  slug: 'ShanghaiCity',
  name: { zh: '上海市（开发）', en: 'Shanghai city (dev)' },
  childDistricts: [
    {
      code: '310113',
      apiUrl: 'https://api.baoshan.pmsc.example.cn',
      rootCenterId: 'c-baoshan',
      tokenUrl: 'https://pmsc-310113-baoshan.auth.ap-southeast-1.amazoncognito.com/oauth2/token',
      clientId: 'city-of-shanghai',
      clientSecretName: 'pmsc/310000/districts/310113',
    },
  ],
};

let built: SynthesizedDistrict;
beforeAll(() => {
  built = synthDistrict({ configs: [city], stack: { codeFor: inlineCode } });
}, 120_000);
afterAll(() => built?.cleanup());

const lambdaOf = (id: string) => built.appStack.logicalId(built.appStack.stack.functions.get(id)!.function);

describe('a city stack with district stacks', () => {
  it('tells the push and the sender which districts there are, naming each secret, not holding it', () => {
    for (const id of ['menus-write', 'menus-read', 'send-menus-to-districts']) {
      const env = (
        built.appStack.properties(lambdaOf(id)).Environment as { Variables: Record<string, string> }
      ).Variables;
      expect(JSON.parse(env.MENU_CHILD_DISTRICTS!)).toEqual([
        expect.objectContaining({
          code: '310113',
          rootCenterId: 'c-baoshan',
          clientSecret: 'secretsmanager:pmsc/310000/districts/310113',
        }),
      ]);
    }
  });

  it('lets only the sender and the menu read (which call the districts) read the district secret', () => {
    const readers = Object.entries(
      built.appStack.template.findResources('AWS::IAM::Policy', {
        Properties: {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Action: Match.arrayWith(['secretsmanager:GetSecretValue']) }),
            ]),
          },
        },
      }),
    );
    expect(readers).toHaveLength(2);
    for (const [, policy] of readers) {
      const statements = statementsOf((policy as { Properties: Record<string, unknown> }).Properties).filter(
        (s) => s.Action.includes('secretsmanager:GetSecretValue'),
      );
      expect(JSON.stringify(statements)).toContain('secret:pmsc/310000/districts/310113-??????');
    }
    const roles = readers.map(([, policy]) =>
      JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles),
    );
    for (const id of ['send-menus-to-districts', 'menus-read']) {
      const role = built.appStack.stack.functions.get(id)!.function.role!;
      const roleId = built.appStack.logicalId(role);
      expect(
        roles.some((r) => r.includes(roleId)),
        id,
      ).toBe(true);
    }
  });

  it('passes cdk-nag', () => {
    expect(findings(built.app)).toEqual([]);
  });
});
