import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type DistrictConfig, resolveDistrict, stackNameOf } from '../config/districts.ts';
import { DistrictStack, type DistrictStackProps } from './district-stack.ts';

export interface DistrictAppOptions extends AppProps {
  /** District code; @default the `district` context value (`-c district=<code>`) */
  readonly district?: string;
  /** Overrides of the stack props (tests: a fixture manifest, prebuilt code). */
  readonly stack?: Omit<Partial<DistrictStackProps>, 'district'>;
}

export interface DistrictApp {
  readonly app: App;
  readonly stack: DistrictStack;
  readonly district: DistrictConfig;
}

/**
 * The CDK app of one district with the cdk-nag AwsSolutions and Serverless packs registered as
 * validation plugins: a synth with an unacknowledged error finding fails.
 */
export function createDistrictApp(options: DistrictAppOptions = {}): DistrictApp {
  const { district: code, stack: overrides, ...appProps } = options;
  const app = new App(appProps);
  const district = resolveDistrict(code ?? app.node.tryGetContext('district'));

  const stack = new DistrictStack(app, stackNameOf(district), {
    ...overrides,
    district,
    env: {
      account: district.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: district.region ?? process.env.CDK_DEFAULT_REGION,
    },
  });

  // Acknowledged findings are copied into the template metadata as an audit trail.
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
    new ServerlessChecks(app),
  );
  return { app, stack, district };
}
