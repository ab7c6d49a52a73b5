import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';

/** Unacknowledged cdk-nag findings of both packs (errors and warnings), as `severity rule at path`. */
export function findings(scope: IConstruct): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
      ),
  );
}

/** Every acknowledgement sits on one resource (never a stack or the app) and gives a real reason. */
export function expectNarrowAcknowledgements(scope: IConstruct): void {
  const acknowledgements: Array<{ path: string; id: string; reason: string; node: IConstruct }> = [];
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        acknowledgements.push({ path: node.node.path, id, reason, node });
      }
    }
  }
  expect(acknowledgements.length).toBeGreaterThan(0);
  for (const ack of acknowledgements) {
    expect(Stack.isStack(ack.node) || ack.node === scope, `${ack.id} at ${ack.path}`).toBe(false);
    // a resource or a construct that wraps exactly one resource of the rule's kind
    expect(ack.path.split('/').length, ack.path).toBeGreaterThanOrEqual(3);
    expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(60);
    expect(ack.id).toMatch(/(AwsSolutions|Serverless)-[A-Za-z0-9]+/);
  }
}
