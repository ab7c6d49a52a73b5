/**
 * The CloudFormation resources of one synthesized district stack, by type: the figure that
 * decides how many more routes, functions and queues the stack can take (500 per stack).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createDistrictApp } from '../infra/stacks/district-app.ts';

export interface StackResources {
  readonly district: string;
  readonly stackName: string;
  readonly total: number;
  readonly byType: Readonly<Record<string, number>>;
  /** CloudFormation's limit per stack. */
  readonly limit: number;
}

export function countStackResources(district = '310113'): StackResources {
  const outdir = mkdtempSync(path.join(tmpdir(), 'pmsc-count-'));
  try {
    const built = createDistrictApp({ district, outdir });
    const resources = Template.fromStack(built.stack).toJSON().Resources as Record<string, { Type: string }>;
    const byType: Record<string, number> = {};
    for (const { Type } of Object.values(resources)) byType[Type] = (byType[Type] ?? 0) + 1;
    const sorted = Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1]));
    return {
      district,
      stackName: built.stack.stackName,
      total: Object.keys(resources).length,
      byType: sorted,
      limit: 500,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(countStackResources(process.argv[2]), null, 2));
}
