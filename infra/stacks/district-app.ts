import { readFileSync } from 'node:fs';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import {
  appStackNameOf,
  checkDistrict,
  type DistrictConfig,
  dataStackNameOf,
  type ResolvedDistrictSettings,
  resolveDistrict,
  resolveDistricts,
} from '../config/districts.ts';
import { PROJECT_ROOT } from '../constructs/platform-function.ts';
import type { TableDefinition, TableName } from '../resources.ts';
import { DistrictAppStack, type DistrictAppStackProps } from './district-app-stack.ts';
import { DistrictDataStack } from './district-data-stack.ts';

export interface DistrictAppOptions extends AppProps {
  /**
   * Which districts: a key (`310113`), a list (`310113,310104`), a city code (`310000`) or `all`.
   * @default the `district` (or `districts`) context value (`-c district=<code>`)
   */
  readonly district?: string;
  /** Configs to synthesize instead of looking keys up (tests of a config variant). */
  readonly configs?: readonly DistrictConfig[];
  /** Overrides of the app stack props (tests: a fixture manifest, prebuilt code). */
  readonly stack?: Omit<Partial<DistrictAppStackProps>, 'district' | 'settings' | 'data'>;
  /** @default the tables of `infra/resources.ts` */
  readonly tables?: Readonly<Record<TableName, TableDefinition>>;
  /** Whether to register the cdk-nag packs as validation plugins. @default true */
  readonly nag?: boolean;
}

/** The two stacks of one district. */
export interface DistrictDeployment {
  readonly district: DistrictConfig;
  readonly settings: ResolvedDistrictSettings;
  readonly data: DistrictDataStack;
  readonly app: DistrictAppStack;
}

export interface DistrictApp {
  readonly app: App;
  readonly deployments: readonly DistrictDeployment[];
  /** The app stack of the first district (the one of a single-district app). */
  readonly stack: DistrictAppStack;
  /** The first district. */
  readonly district: DistrictConfig;
}

/** The feature flags and other context of `cdk.json`, so that tests synthesize as the CLI does. */
function cdkJsonContext(): Record<string, unknown> {
  const file = JSON.parse(readFileSync(`${PROJECT_ROOT}cdk.json`, 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return file.context ?? {};
}

/**
 * The CDK app of one or more districts, each a data stack and an app stack, with the cdk-nag
 * AwsSolutions and Serverless packs registered as validation plugins: a synth with an
 * unacknowledged error finding fails. Every district is checked (`checkDistrict`) first.
 */
export function createDistrictApp(options: DistrictAppOptions = {}): DistrictApp {
  const { district: selector, configs, stack: overrides, tables, nag = true, ...appProps } = options;
  const app = new App({ ...appProps, context: { ...cdkJsonContext(), ...appProps.context } });
  const chosen =
    configs ??
    (() => {
      const value = selector ?? app.node.tryGetContext('district') ?? app.node.tryGetContext('districts');
      if (value === undefined || value === null || value === '') return [resolveDistrict(value)];
      return resolveDistricts(value);
    })();

  const deployments = chosen.map((district): DistrictDeployment => {
    const settings = checkDistrict(district);
    const env = {
      account: district.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: district.region ?? process.env.CDK_DEFAULT_REGION,
    };
    const data = new DistrictDataStack(app, dataStackNameOf(district), {
      district,
      env,
      ...(tables ? { tables } : {}),
    });
    const stack = new DistrictAppStack(app, appStackNameOf(district), {
      ...overrides,
      district,
      settings,
      data,
      env,
    });
    stack.addStackDependency(data, 'the app reads the tables and the issuer of the data stack');
    return { district, settings, data, app: stack };
  });

  if (nag) {
    // Acknowledged findings are copied into the template metadata as an audit trail.
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }),
      new ServerlessChecks(app),
    );
  }
  const [first] = deployments;
  if (!first) throw new Error('No district selected.');
  return { app, deployments, stack: first.app, district: first.district };
}
