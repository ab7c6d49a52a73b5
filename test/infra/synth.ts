/**
 * One synthesized district app per test file (bundling takes seconds), in its own temporary
 * cloud assembly directory, plus lookups from manifest ids to template logical ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import {
  createDistrictApp,
  type DistrictApp,
  type DistrictAppOptions,
} from '../../infra/stacks/district-app.ts';

export interface SynthesizedDistrict extends DistrictApp {
  readonly template: Template;
  readonly outdir: string;
  /** Logical id of the L1 resource behind an L2 construct (or of an L1 itself). */
  logicalId(construct: IConstruct): string;
  /** Properties of a resource by logical id. */
  properties(logicalId: string): Record<string, unknown>;
  cleanup(): void;
}

export function synthDistrict(options: DistrictAppOptions): SynthesizedDistrict {
  const outdir = mkdtempSync(path.join(tmpdir(), 'pmsc-cdk-'));
  const built = createDistrictApp({ ...options, outdir });
  const template = Template.fromStack(built.stack);
  const resources = template.toJSON().Resources as Record<string, { Properties?: Record<string, unknown> }>;
  return {
    ...built,
    template,
    outdir,
    logicalId(construct) {
      const element = (construct.node.defaultChild ?? construct) as CfnElement;
      return built.stack.getLogicalId(element);
    },
    properties(logicalId) {
      const resource = resources[logicalId];
      if (!resource) throw new Error(`no resource ${logicalId} in the template`);
      return resource.Properties ?? {};
    },
    cleanup() {
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

/** IAM statements as they appear in a template, actions normalized to an array. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string[];
  readonly Resource: unknown;
}

export function statementsOf(policyProperties: Record<string, unknown>): Statement[] {
  const document = policyProperties.PolicyDocument as { Statement: Array<Record<string, unknown>> };
  return document.Statement.map((s) => ({
    Effect: String(s.Effect),
    Action: ([] as string[]).concat(s.Action as string | string[]),
    Resource: s.Resource,
  }));
}

/** Whether a statement's resources mention the given logical id (Ref / GetAtt, possibly in a Join). */
export function mentions(resource: unknown, logicalId: string): boolean {
  return JSON.stringify(resource).includes(`"${logicalId}"`);
}
