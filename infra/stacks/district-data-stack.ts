import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type DistrictConfig, keyOf } from '../config/districts.ts';
import { PlatformAuth } from '../constructs/platform-auth.ts';
import { constructIdOf } from '../constructs/platform-function.ts';
import { PlatformTable } from '../constructs/platform-table.ts';
import { type TableDefinition, type TableName, tables as tableDefinitions } from '../resources.ts';

/** Who the district's API trusts, and how the functions read a principal from its tokens. */
export interface DistrictIdentity {
  /** `iss` of the accepted tokens. */
  readonly issuerUrl: string;
  /** Accepted `aud` / `client_id` values. */
  readonly audience: readonly string[];
  /** Claim names of an external issuer; absent for the district's own user pool. */
  readonly claims?: { readonly groups: string; readonly centerId: string };
  /** The district's user pool and clients, where it has one. */
  readonly userPool?: PlatformAuth;
}

export interface DistrictDataStackProps extends StackProps {
  readonly district: DistrictConfig;
  /** @default the tables of `infra/resources.ts` */
  readonly tables?: Readonly<Record<TableName, TableDefinition>>;
}

/**
 * What a district must never lose: its tables and its user pool (users, groups, client secrets),
 * retained and deletion-protected, in a stack with termination protection. It changes rarely;
 * the app stack reads it and can be destroyed and redeployed without touching a row.
 */
export class DistrictDataStack extends Stack {
  readonly tables: Readonly<Record<TableName, PlatformTable>>;
  readonly identity: DistrictIdentity;

  constructor(scope: Construct, id: string, props: DistrictDataStackProps) {
    const { district } = props;
    super(scope, id, {
      description: `Party-Mass Service Centers data of ${district.name.en}, ${district.city.en} (${district.code}): tables and identities`,
      terminationProtection: district.stage === 'prod',
      ...props,
    });
    tagDistrict(this, district);
    const tableDefs: Readonly<Record<TableName, TableDefinition>> = props.tables ?? tableDefinitions;

    this.tables = Object.fromEntries(
      (Object.keys(tableDefs) as TableName[]).map((name) => [
        name,
        new PlatformTable(this, `${constructIdOf(name)}Table`, {
          definition: tableDefs[name],
          tableName: tableNameOf(district, name),
        }),
      ]),
    ) as Record<TableName, PlatformTable>;

    const { auth } = district;
    if (auth.kind === 'cognito') {
      const userPool = new PlatformAuth(this, 'Auth', { districtCode: district.code, auth });
      this.identity = {
        issuerUrl: userPool.issuerUrl,
        audience: [userPool.webClient.userPoolClientId, userPool.machineClient.userPoolClientId],
        userPool,
      };
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolIssuer', { value: userPool.issuerUrl, description: 'iss of the JWTs' });
      new CfnOutput(this, 'WebClientId', { value: userPool.webClient.userPoolClientId });
      new CfnOutput(this, 'MachineClientId', { value: userPool.machineClient.userPoolClientId });
      new CfnOutput(this, 'TokenEndpoint', {
        value: userPool.tokenEndpoint,
        description: 'OAuth 2.0 token endpoint (client credentials, scope pmsc/menus:push)',
      });
    } else {
      this.identity = { issuerUrl: auth.issuerUrl, audience: auth.audience, claims: auth.claims };
    }

    for (const [name, table] of Object.entries<PlatformTable>(this.tables)) {
      new CfnOutput(this, `${constructIdOf(name)}TableName`, {
        value: table.table.tableName,
        description: table.definition.envVar,
      });
    }
  }
}

/** Physical name of a district's table, e.g. `pmsc-310113-main` (`pmsc-310113-dev-main`). */
export function tableNameOf(district: DistrictConfig, table: string): string {
  return `pmsc-${keyOf(district)}-${table}`;
}

/** Tags of every resource of a district's stacks. */
export function tagDistrict(stack: Stack, district: DistrictConfig): void {
  for (const [key, value] of Object.entries({
    project: 'pmsc',
    district: district.code,
    'district-name': district.name.en,
    city: district.city.en,
    stage: district.stage,
  })) {
    // tag values allow letters, digits, spaces and _.:/=+-@ only ("Jing'an" becomes "Jingan")
    Tags.of(stack).add(key, value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, ''));
  }
}
