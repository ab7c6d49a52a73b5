import { describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../infra/manifest.ts';
import { queues, tables } from '../../infra/resources.ts';
import { createDistrictApp } from '../../infra/stacks/district-app.ts';
import { checkManifest, ManifestError } from '../../infra/stacks/manifest-checks.ts';
import { fixtureFunctions } from './fixtures/manifest.ts';

const consumerTimeout = (seconds: number): FunctionSpec[] =>
  fixtureFunctions.map((f) => (f.trigger.kind === 'sqs' ? { ...f, timeoutSeconds: seconds } : f));

describe('checkManifest', () => {
  it('accepts the real manifest and the fixture', async () => {
    const { functions } = await import('../../infra/manifest.ts');
    expect(() => checkManifest(functions, tables, queues)).not.toThrow();
    expect(() => checkManifest(fixtureFunctions, tables, queues)).not.toThrow();
  });

  it('rejects a queue whose visibility timeout is under 6x its consumer timeout', () => {
    // centerImport has 900 s of visibility: a 151 s consumer needs 906 s
    expect(() => checkManifest(consumerTimeout(151), tables, queues)).toThrow(
      /Queue "centerImport": visibility timeout 900s is less than 6x the 151s timeout of its consumer process-import; it must be at least 906s/,
    );
  });

  it('accepts a visibility timeout of exactly 6x the consumer timeout', () => {
    expect(() => checkManifest(consumerTimeout(150), tables, queues)).not.toThrow();
  });

  it('uses the default 10 s timeout for a consumer that sets none', () => {
    const lowVisibility = {
      ...queues,
      centerImport: { ...queues.centerImport, visibilityTimeoutSeconds: 59 },
    };
    const noTimeout = fixtureFunctions.map((f) => {
      if (f.trigger.kind !== 'sqs') return f;
      const { timeoutSeconds: _dropped, ...rest } = f;
      return rest;
    });
    expect(() => checkManifest(noTimeout, tables, lowVisibility)).toThrow(/10s timeout .* at least 60s/);
  });

  it('rejects route scopes on a public route', () => {
    const scoped: FunctionSpec[] = fixtureFunctions.map((f) =>
      f.id === 'get-health' && f.trigger.kind === 'http'
        ? {
            ...f,
            trigger: { ...f.trigger, routes: f.trigger.routes.map((r) => ({ ...r, scopes: ['pmsc/x'] })) },
          }
        : f,
    );
    expect(() => checkManifest(scoped, tables, queues)).toThrow(
      /GET \/health lists scopes, which need auth 'jwt'/,
    );
  });

  it('rejects a redrive after fewer than 5 receives', () => {
    const eager = { ...queues, centerImport: { ...queues.centerImport, maxReceiveCount: 3 } };
    expect(() => checkManifest(fixtureFunctions, tables, eager)).toThrow(/maxReceiveCount 3 is below 5/);
  });

  it('rejects a route declared twice', () => {
    const twice = [...fixtureFunctions, { ...fixtureFunctions[0]!, id: 'get-health-again' }];
    expect(() => checkManifest(twice, tables, queues)).toThrow(/Route GET \/health is declared by both/);
  });

  it('rejects a duplicate function id and a queue with two consumers', () => {
    const consumer = fixtureFunctions.find((f) => f.trigger.kind === 'sqs')!;
    expect(() => checkManifest([...fixtureFunctions, consumer], tables, queues)).toThrow(ManifestError);
    expect(() =>
      checkManifest([...fixtureFunctions, { ...consumer, id: 'second-consumer' }], tables, queues),
    ).toThrow(/consumed by both process-import and second-consumer/);
  });

  it('rejects an unknown queue', () => {
    const unknown = [{ ...fixtureFunctions[0]!, sends: ['nope'] } as unknown as FunctionSpec];
    expect(() => checkManifest(unknown, tables, queues)).toThrow(/unknown queue "nope"/);
  });
});

describe('DistrictStack', () => {
  it('refuses to synthesize a manifest whose queue visibility is under 6x the consumer timeout', () => {
    expect(() =>
      createDistrictApp({ district: '310113', stack: { functions: consumerTimeout(160) } }),
    ).toThrow(/visibility timeout 900s is less than 6x the 160s timeout/);
  });
});
