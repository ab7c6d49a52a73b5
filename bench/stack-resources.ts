/**
 * The CloudFormation resources of one synthesized district stack, by type: the figure that
 * decides how many more routes, functions and queues the stack can take (500 per stack), and the
 * IAM roles it creates (1,000 per account by default, shared by every district in the account).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { RESOURCES_PER_STACK_BUDGET } from '../infra/config/capacity.ts';
import { createDistrictApp } from '../infra/stacks/district-app.ts';

/** CloudFormation's limit of resources per stack. */
export const STACK_RESOURCE_LIMIT = 500;
/** What a district's app stack may use (the budget the infra tests enforce), under the limit. */
export const STACK_RESOURCE_BUDGET = RESOURCES_PER_STACK_BUDGET;
/** IAM's default quota of roles per account. */
export const ACCOUNT_ROLE_QUOTA = 1000;

export interface StackResources {
  readonly district: string;
  readonly stackName: string;
  readonly total: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly roles: number;
  readonly functions: number;
  /** CloudFormation's limit per stack. */
  readonly limit: number;
  readonly budget: number;
  readonly accountRoleQuota: number;
  readonly synthSeconds: number;
}

/**
 * Synthesizes the district's stack with placeholder code (what is counted does not depend on the
 * bundles, and bundling every function would take most of a minute).
 */
export function countStackResources(district = '310113'): StackResources {
  const started = performance.now();
  const outdir = mkdtempSync(path.join(tmpdir(), 'pmsc-count-'));
  try {
    const built = createDistrictApp({
      district,
      outdir,
      stack: { codeFor: () => Code.fromInline('export const handler = async () => ({});') },
    });
    const resources = Template.fromStack(built.stack).toJSON().Resources as Record<string, { Type: string }>;
    const byType: Record<string, number> = {};
    for (const { Type } of Object.values(resources)) byType[Type] = (byType[Type] ?? 0) + 1;
    const sorted = Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1]));
    return {
      district,
      stackName: built.stack.stackName,
      total: Object.keys(resources).length,
      byType: sorted,
      roles: byType['AWS::IAM::Role'] ?? 0,
      functions: byType['AWS::Lambda::Function'] ?? 0,
      limit: STACK_RESOURCE_LIMIT,
      budget: STACK_RESOURCE_BUDGET,
      accountRoleQuota: ACCOUNT_ROLE_QUOTA,
      synthSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(countStackResources(process.argv[2]), null, 2));
}
