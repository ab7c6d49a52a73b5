/**
 * Every configured district in one app, on prebuilt code (`cdk synth -c district=all` does the
 * same with bundling), and the per-account figures the country-wide plan relies on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISTRICTS_PER_ACCOUNT,
  HTTP_CONCURRENCY_SHARE,
  IAM_ROLES_PER_ACCOUNT,
  IAM_ROLES_RESERVED_FOR_ACCOUNT,
  LAMBDA_CONCURRENCY_PER_ACCOUNT,
  LAMBDA_UNRESERVED_MINIMUM,
  RESOURCES_PER_STACK_BUDGET,
  STACKS_PER_ACCOUNT,
} from '../../infra/config/capacity.ts';
import { allDistricts } from '../../infra/config/districts.ts';
import { createDistrictApp, type DistrictApp } from '../../infra/stacks/district-app.ts';
import { inlineCode, type StackView, viewOf } from './synth.ts';

interface DistrictFigures {
  readonly key: string;
  readonly account: string;
  readonly stacks: number;
  readonly roles: number;
  readonly reserved: number;
  /** Most concurrent executions the queue consumers may take together. */
  readonly consumerPeak: number;
  readonly maxResources: number;
}

const outdir = mkdtempSync(path.join(tmpdir(), 'pmsc-cdk-all-'));
let built: DistrictApp;
let figures: DistrictFigures[];

beforeAll(() => {
  built = createDistrictApp({ district: 'all', outdir, nag: false, stack: { codeFor: inlineCode } });
  figures = built.deployments.map((dep) => {
    const views: StackView[] = [viewOf(dep.data), viewOf(dep.app)];
    const count = (type: string) =>
      views.reduce((n, v) => n + Object.keys(v.template.findResources(type)).length, 0);
    const fns = Object.values(views[1]!.template.findResources('AWS::Lambda::Function')) as Array<{
      Properties: { ReservedConcurrentExecutions?: number };
    }>;
    const mappings = Object.values(
      views[1]!.template.findResources('AWS::Lambda::EventSourceMapping'),
    ) as Array<{
      Properties: { ScalingConfig?: { MaximumConcurrency?: number } };
    }>;
    return {
      key: dep.district.code,
      account: dep.district.account ?? 'cli',
      stacks: views.length,
      roles: count('AWS::IAM::Role'),
      reserved: fns.reduce((n, f) => n + (f.Properties.ReservedConcurrentExecutions ?? 0), 0),
      consumerPeak: mappings.reduce(
        (n, m) => n + (m.Properties.ScalingConfig?.MaximumConcurrency ?? 1000),
        0,
      ),
      maxResources: Math.max(...views.map((v) => v.resourceCount)),
    };
  });
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('every configured district', () => {
  it('synthesizes in one run: a data and an app stack per production district', () => {
    const prod = allDistricts.filter((d) => d.stage === 'prod');
    expect(built.deployments.map((d) => d.district.code).sort()).toEqual(prod.map((d) => d.code).sort());
    expect(built.app.node.children.filter((c) => Stack.isStack(c))).toHaveLength(prod.length * 2);
    expect(built.deployments.some((d) => d.settings.partition === 'aws-cn')).toBe(true);
    expect(built.deployments.some((d) => d.settings.partition === 'aws')).toBe(true);
  });

  it('keeps every stack within the resource budget', () => {
    for (const f of figures) expect(f.maxResources, f.key).toBeLessThanOrEqual(RESOURCES_PER_STACK_BUDGET);
  });

  it(`fits ${DISTRICTS_PER_ACCOUNT} districts into one account: roles, stacks and concurrency`, () => {
    const worst = {
      roles: Math.max(...figures.map((f) => f.roles)),
      reserved: Math.max(...figures.map((f) => f.reserved)),
      consumerPeak: Math.max(...figures.map((f) => f.consumerPeak)),
      stacks: Math.max(...figures.map((f) => f.stacks)),
    };
    expect(worst.roles * DISTRICTS_PER_ACCOUNT).toBeLessThanOrEqual(
      IAM_ROLES_PER_ACCOUNT - IAM_ROLES_RESERVED_FOR_ACCOUNT,
    );
    expect(worst.stacks * DISTRICTS_PER_ACCOUNT).toBeLessThanOrEqual(STACKS_PER_ACCOUNT);
    // reserved concurrency may never eat into Lambda's unreserved minimum, and the consumers of
    // every district at their caps still leave room for the HTTP functions
    const reserved = worst.reserved * DISTRICTS_PER_ACCOUNT;
    expect(reserved).toBeLessThanOrEqual(LAMBDA_CONCURRENCY_PER_ACCOUNT - LAMBDA_UNRESERVED_MINIMUM);
    expect(reserved + worst.consumerPeak * DISTRICTS_PER_ACCOUNT).toBeLessThanOrEqual(
      LAMBDA_CONCURRENCY_PER_ACCOUNT * (1 - HTTP_CONCURRENCY_SHARE),
    );
  });

  it('puts no account over its share with the districts configured today', () => {
    const byAccount = new Map<string, DistrictFigures[]>();
    for (const f of figures) byAccount.set(f.account, [...(byAccount.get(f.account) ?? []), f]);
    for (const [account, list] of byAccount) {
      expect(list.length, account).toBeLessThanOrEqual(DISTRICTS_PER_ACCOUNT);
      expect(
        list.reduce((n, f) => n + f.roles, 0),
        account,
      ).toBeLessThanOrEqual(IAM_ROLES_PER_ACCOUNT);
    }
  });

  it('reports the per-district figures the plan uses', () => {
    const baoshan = figures.find((f) => f.key === '310113')!;
    // docs/deployment.md quotes these: 31 roles, 7 reserved (one per schedule), 9 consumers x 5
    expect(baoshan).toMatchObject({ roles: 31, reserved: 7, consumerPeak: 45, stacks: 2 });
  });
});
