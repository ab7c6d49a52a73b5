import { type QueueName, queues, type TableName, tables } from '../../infra/resources.ts';
import { type ClaimNames, COGNITO_CLAIMS } from '../domain/auth.ts';
import { type ChildDistrict, ChildDistrictsSchema } from '../domain/child-districts.ts';

/** Reads a required environment variable; a missing one is a deployment error, said plainly. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function tableName(table: TableName): string {
  return requireEnv(tables[table].envVar);
}

export function queueUrl(queue: QueueName): string {
  return requireEnv(queues[queue].envVar);
}

export function districtCode(): string {
  return process.env.DISTRICT_CODE ?? 'local';
}

/**
 * The claims that carry groups and center in this district's tokens: set by the stack for an
 * external OIDC issuer (AUTH_GROUPS_CLAIM, AUTH_CENTER_ID_CLAIM), Cognito's names otherwise.
 */
export function claimNames(): ClaimNames {
  return {
    groups: process.env.AUTH_GROUPS_CLAIM || COGNITO_CLAIMS.groups,
    centerId: process.env.AUTH_CENTER_ID_CLAIM || COGNITO_CLAIMS.centerId,
  };
}

/**
 * A city stack's registered districts (MENU_CHILD_DISTRICTS, JSON set by the stack from
 * infra/config, or by the local runtime); none in a district stack.
 */
export function childDistricts(): ChildDistrict[] {
  const text = process.env.MENU_CHILD_DISTRICTS;
  return text ? ChildDistrictsSchema.parse(JSON.parse(text)) : [];
}

/** The console's configuration (CONSOLE_CONFIG, JSON set by the stack or the local runtime). */
export function consoleConfigJson(): string {
  return requireEnv('CONSOLE_CONFIG');
}

/**
 * Where the built console is: CONSOLE_ASSETS_DIR locally, `console/` next to the bundled code in
 * Lambda (the platform function's bundling copies it there).
 */
export function consoleAssetsDir(): string {
  return process.env.CONSOLE_ASSETS_DIR || `${process.env.LAMBDA_TASK_ROOT ?? '.'}/console`;
}
