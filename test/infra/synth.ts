/**
 * One synthesized district app per test file (bundling takes seconds), in its own temporary
 * cloud assembly directory, plus lookups from constructs to template logical ids per stack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import {
  createDistrictApp,
  type DistrictApp,
  type DistrictAppOptions,
  type DistrictDeployment,
} from '../../infra/stacks/district-app.ts';

/** A stack's template with lookups by construct. */
export interface StackView<S extends Stack = Stack> {
  readonly stack: S;
  readonly template: Template;
  /** Logical id of the L1 resource behind an L2 construct (or of an L1 itself). */
  logicalId(construct: IConstruct): string;
  /** Properties of a resource by logical id. */
  properties(logicalId: string): Record<string, unknown>;
  /** Number of resources in the template. */
  readonly resourceCount: number;
}

export function viewOf<S extends Stack>(stack: S): StackView<S> {
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Properties?: Record<string, unknown> }>;
  return {
    stack,
    template,
    resourceCount: Object.keys(resources).length,
    logicalId(construct) {
      const element = (construct.node.defaultChild ?? construct) as CfnElement;
      return stack.getLogicalId(element);
    },
    properties(logicalId) {
      const resource = resources[logicalId];
      if (!resource) throw new Error(`no resource ${logicalId} in the template`);
      return resource.Properties ?? {};
    },
  };
}

export interface SynthesizedDistrict extends DistrictApp {
  readonly deployment: DistrictDeployment;
  readonly data: StackView<DistrictDeployment['data']>;
  readonly appStack: StackView<DistrictDeployment['app']>;
  readonly outdir: string;
  cleanup(): void;
}

export function synthDistrict(options: DistrictAppOptions): SynthesizedDistrict {
  const outdir = mkdtempSync(path.join(tmpdir(), 'pmsc-cdk-'));
  const built = createDistrictApp({ ...options, outdir });
  const [deployment] = built.deployments;
  if (!deployment) throw new Error('no district synthesized');
  return {
    ...built,
    deployment,
    data: viewOf(deployment.data),
    appStack: viewOf(deployment.app),
    outdir,
    cleanup() {
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

/** Stands in for every bundle in tests of the wiring: no esbuild, same handler name. */
export const inlineCode = () => Code.fromInline('export const handler = async () => ({ statusCode: 200 });');

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

/** Whether a statement's resources mention the given text (a logical id, a table name). */
export function mentions(resource: unknown, text: string): boolean {
  return JSON.stringify(resource).includes(text);
}

/** Unacknowledged cdk-nag findings of both packs, as `severity rule at path` lines. */
export { findings } from './nag.ts';
