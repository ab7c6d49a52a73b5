/**
 * The environment every local function sees. All functions share one process, so each gets every
 * table and queue variable; least privilege is enforced by the CDK stack, not here.
 */
import { localConsoleEnv } from './console.ts';
import type { LocalManifest } from './manifest-source.ts';

export const LOCAL_REGION = 'ap-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
export const DEFAULT_DISTRICT_CODE = '310113';
export const DEFAULT_FUNCTION_LOG_LEVEL = 'WARN';

export interface LocalEnvInput {
  readonly manifest: LocalManifest;
  readonly tableNames: Readonly<Record<string, string>>;
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly districtCode?: string;
  readonly logLevel?: string;
}

export const buildLocalEnv = (input: LocalEnvInput): Record<string, string> => {
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    // DynamoDB Local and fauxqs accept any credentials; the SDK only needs some to sign.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: input.logLevel ?? DEFAULT_FUNCTION_LOG_LEVEL,
    POWERTOOLS_SERVICE_NAME: 'pmsc',
    // The X-Ray SDK complains about a missing segment outside Lambda; tracing is off anyway.
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    DISTRICT_CODE: input.districtCode ?? DEFAULT_DISTRICT_CODE,
    LOCAL_RUNTIME: 'true',
    ...localConsoleEnv(input.manifest.rootDir, input.districtCode ?? DEFAULT_DISTRICT_CODE),
  };
  for (const [key, definition] of Object.entries(input.manifest.tables)) {
    const name = input.tableNames[key];
    if (name !== undefined) env[definition.envVar] = name;
  }
  for (const [key, definition] of Object.entries(input.manifest.queues)) {
    const url = input.queueUrls[key];
    if (url !== undefined) env[definition.envVar] = url;
  }
  return env;
};

export const applyEnv = (env: Readonly<Record<string, string>>): void => {
  Object.assign(process.env, env);
};
