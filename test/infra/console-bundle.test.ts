import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictConfig, districts } from '../../infra/config/districts.ts';
import { functions } from '../../infra/manifest.ts';
import { type SynthesizedDistrict, synthDistrict } from './synth.ts';

/**
 * The platform function carries the built console in its bundle and the district's console
 * configuration in its environment; the routes are public. Only that function is synthesized
 * (bundling the whole manifest takes a minute).
 */

const platformSpec = functions.find((f) => f.id === 'platform')!;
let built: SynthesizedDistrict;

type Fn = { Properties: { Code: { S3Key: string }; Environment: { Variables: Record<string, unknown> } } };

function platformFunction(view: SynthesizedDistrict['appStack']): Fn['Properties'] {
  const functionsOf = view.template.findResources('AWS::Lambda::Function', {
    Properties: { Description: 'platform (http)' },
  }) as Record<string, Fn>;
  const [fn] = Object.values(functionsOf);
  if (!fn) throw new Error('no platform function');
  return fn.Properties;
}

beforeAll(() => {
  built = synthDistrict({
    context: { district: '310113' },
    nag: false,
    stack: { functions: [platformSpec] },
  });
  // bundling is slow when other synths share the two cores
}, 120_000);
afterAll(() => built?.cleanup());

describe('the console in the district stack', () => {
  it("bundles the built console next to the platform function's code", () => {
    const key = platformFunction(built.appStack).Code.S3Key;
    const assetDir = path.join(built.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    expect(existsSync(path.join(assetDir, 'index.mjs'))).toBe(true);
    const html = readFileSync(path.join(assetDir, 'console', 'index.html'), 'utf8');
    const script = /src="\/console\/(app-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(existsSync(path.join(assetDir, 'console', script!))).toBe(true);
  });

  it("configures sign-in at the user pool's hosted UI with the web client", () => {
    const config = platformFunction(built.appStack).Environment.Variables.CONSOLE_CONFIG;
    const text = JSON.stringify(built.appStack.stack.resolve(config));
    expect(text).toContain(
      'https://pmsc-310113-baoshan.auth.ap-southeast-1.amazoncognito.com/oauth2/authorize',
    );
    expect(text).toContain('/oauth2/token');
    // the web client's id comes from the data stack
    expect(text).toMatch(/WebClient/);
    expect(text).toContain('"basemap\\":null');
  });

  it('routes GET /console, its config and its files to the platform function without a token', () => {
    for (const routeKey of ['GET /console', 'GET /console/config.json', 'GET /console/{file+}']) {
      built.appStack.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'NONE',
      });
    }
  });
});

describe('the console of an OIDC district', () => {
  it('signs in at the issuer of its config and draws on its GCJ-02 basemap', { timeout: 120_000 }, () => {
    const minhang: DistrictConfig = {
      ...districts['310112'],
      console: {
        tileUrl: 'https://tiles.example.cn/{z}/{x}/{y}.png',
        tileAttribution: '© example',
        tileCoordinates: 'gcj02',
        oidcClient: {
          clientId: 'pmsc-310112-console',
          authorizeUrl: 'https://id.pmsc.example.cn/realms/shanghai/protocol/openid-connect/auth',
          tokenUrl: 'https://id.pmsc.example.cn/realms/shanghai/protocol/openid-connect/token',
        },
      },
    };
    const china = synthDistrict({
      configs: [minhang],
      nag: false,
      stack: { functions: [platformSpec], codeFor: () => undefined },
    });
    try {
      const config = JSON.parse(
        platformFunction(china.appStack).Environment.Variables.CONSOLE_CONFIG as string,
      ) as Record<string, unknown>;
      expect(config.auth).toEqual({
        authorizeUrl: 'https://id.pmsc.example.cn/realms/shanghai/protocol/openid-connect/auth',
        tokenUrl: 'https://id.pmsc.example.cn/realms/shanghai/protocol/openid-connect/token',
        clientId: 'pmsc-310112-console',
        scope: 'openid',
        claims: { groups: 'groups', centerId: 'center_id' },
      });
      expect(config.basemap).toEqual({
        url: 'https://tiles.example.cn/{z}/{x}/{y}.png',
        attribution: '© example',
        coordinates: 'gcj02',
      });
    } finally {
      china.cleanup();
    }
  });
});
