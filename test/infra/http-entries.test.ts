import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpEntryOf, httpEntrySource, writeHttpEntries } from '../../infra/http-entries.ts';
import { projectRoot } from '../../infra/local/manifest-source.ts';
import { type FunctionSpec, functions } from '../../infra/manifest.ts';
import { queues, tables } from '../../infra/resources.ts';
import { checkManifest, ManifestError } from '../../infra/stacks/manifest-checks.ts';

const httpSpecs = functions.filter((f) => f.trigger.kind === 'http');
const routesOf = (spec: FunctionSpec) => (spec.trigger.kind === 'http' ? spec.trigger.routes : []);
const routeKeysOf = (spec: FunctionSpec) => routesOf(spec).map((r) => `${r.method} ${r.path}`);

const filesUnder = (dir: string): string[] =>
  readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name).split(path.sep).join('/')]
        : [],
  );

const context = {
  awsRequestId: 'req-1',
  functionName: 'platform',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

describe('the generated entry of each HTTP function', () => {
  const written = writeHttpEntries(httpSpecs, projectRoot);

  it('is written for every HTTP function, where its manifest entry says', () => {
    expect(written).toEqual(httpSpecs.map((spec) => path.resolve(projectRoot, httpEntryOf(spec.id))));
    for (const spec of httpSpecs) {
      expect(readFileSync(path.resolve(projectRoot, spec.entry), 'utf8')).toBe(
        httpEntrySource(spec, projectRoot),
      );
    }
  });

  it.each(httpSpecs.map((spec) => [spec.id, spec] as const))(
    '%s: its table holds exactly the routes of the manifest, each a route handler',
    async (_id, spec) => {
      const module = (await import(pathToFileURL(path.resolve(projectRoot, spec.entry)).href)) as {
        routes: Record<string, unknown>;
        handler: unknown;
      };
      expect(Object.keys(module.routes).sort()).toEqual(routeKeysOf(spec).sort());
      for (const fn of Object.values(module.routes)) expect(typeof fn).toBe('function');
      expect(typeof module.handler).toBe('function');
    },
  );

  it('dispatches on the route key, and answers 404 problem+json to a key it does not serve', async () => {
    const platform = httpSpecs.find((spec) => routeKeysOf(spec).includes('GET /health'))!;
    const { handler } = (await import(pathToFileURL(path.resolve(projectRoot, platform.entry)).href)) as {
      handler: (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const event = (routeKey: string, rawPath: string) => ({
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString: '',
      headers: {},
      requestContext: { requestId: 'r-1', http: { method: 'GET', path: rawPath } },
      isBase64Encoded: false,
    });
    const health = await handler(event('GET /health', '/health'), context);
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body ?? '{}')).toMatchObject({ status: 'ok' });

    const other = await handler(event('GET /centers/{id}', '/centers/c1'), context);
    expect(other.statusCode).toBe(404);
    expect(other.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(other.body ?? '{}').detail).toMatch(/serves no route GET \/centers\/\{id\}/);
  });
});

describe('route files and the manifest', () => {
  const routeEntries = httpSpecs.flatMap((spec) => routesOf(spec).map((r) => r.entry));

  it('gives every route a file of its own that exists and builds its handler with httpHandler', () => {
    expect(new Set(routeEntries).size).toBe(routeEntries.length);
    for (const entry of routeEntries) {
      expect(existsSync(path.join(projectRoot, entry)), entry).toBe(true);
      expect(readFileSync(path.join(projectRoot, entry), 'utf8'), entry).toMatch(
        /export const handler = httpHandler\(/,
      );
    }
  });

  it('leaves no route file under functions/ out of the manifest', () => {
    const routeFiles = filesUnder('functions').filter((file) =>
      /export const handler = httpHandler\(/.test(readFileSync(path.join(projectRoot, file), 'utf8')),
    );
    expect(routeFiles.sort()).toEqual([...routeEntries].sort());
  });

  it('gives every queue consumer and schedule an entry file that exists', () => {
    for (const spec of functions.filter((f) => f.trigger.kind !== 'http')) {
      expect(existsSync(path.join(projectRoot, spec.entry)), spec.entry).toBe(true);
    }
  });

  it('refuses an HTTP function whose entry is not the generated one', () => {
    const [first, ...rest] = httpSpecs;
    const handWritten = [{ ...first!, entry: 'functions/platform/get-health.ts' }, ...rest];
    expect(() => checkManifest(handWritten, tables, queues)).toThrow(ManifestError);
    expect(() => writeHttpEntries(handWritten, projectRoot)).toThrow(/entry is generated/);
  });
});
