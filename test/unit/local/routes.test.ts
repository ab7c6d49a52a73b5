import { describe, expect, it } from 'vitest';
import type { LocalFunctionSpec } from '../../../infra/local/manifest-source.ts';
import { defaultManifest } from '../../../infra/local/manifest-source.ts';
import { kebab, queueName, tableName } from '../../../infra/local/names.ts';
import { compileRoutes, createRouter } from '../../../infra/local/routes.ts';
import type { HttpMethod } from '../../../infra/manifest.ts';

const spec = (id: string, ...routes: Array<[HttpMethod, string]>) =>
  ({
    id,
    entry: `fixtures/${id}.ts`,
    trigger: {
      kind: 'http',
      routes: routes.map(([method, path]) => ({ method, path, auth: 'public', entry: `fixtures/${id}.ts` })),
    },
  }) as LocalFunctionSpec;

const router = createRouter(
  compileRoutes([
    spec('by-id', ['GET', '/centers/{id}'], ['PATCH', '/centers/{id}']),
    spec('import', ['POST', '/centers/import']),
    spec('create', ['POST', '/centers']),
    spec('room', ['PATCH', '/centers/{id}/rooms/{roomId}']),
    spec('file', ['GET', '/files/{path+}']),
    spec('file-meta', ['GET', '/files/meta']),
  ]),
);

const matchedId = (method: string, path: string) => {
  const result = router.lookup(method, path);
  return result.kind === 'match' ? result.match.route.functionSpec.id : result.kind;
};

describe('route matching', () => {
  it('prefers the static route POST /centers/import over a path variable', () => {
    expect(matchedId('POST', '/centers/import')).toBe('import');
    expect(matchedId('GET', '/centers/import')).toBe('by-id');
  });

  it('extracts decoded path parameters', () => {
    const result = router.lookup('PATCH', '/centers/c%201/rooms/r%2F2');

    expect(result).toMatchObject({ kind: 'match', match: { pathParameters: { id: 'c 1', roomId: 'r/2' } } });
  });

  it('matches a greedy variable only after every static and single-segment option', () => {
    expect(matchedId('GET', '/files/meta')).toBe('file-meta');
    const result = router.lookup('GET', '/files/a/b%20c');
    expect(result).toMatchObject({ kind: 'match', match: { pathParameters: { path: 'a/b c' } } });
  });

  it('tells an unknown path from a known path with another method', () => {
    expect(router.lookup('GET', '/nope')).toEqual({ kind: 'not-found' });
    expect(router.lookup('DELETE', '/centers/1')).toMatchObject({ kind: 'method-not-allowed' });
  });

  it('does not match an empty path variable or a trailing slash', () => {
    expect(matchedId('GET', '/centers/')).toBe('not-found');
    expect(matchedId('POST', '/centers/')).toBe('not-found');
  });

  it('rejects a route declared twice', () => {
    expect(() => compileRoutes([spec('a', ['GET', '/x']), spec('b', ['GET', '/x'])])).toThrow(
      /declared by both a and b/,
    );
  });

  it('compiles every route of the project manifest without conflicts', () => {
    const routes = compileRoutes(defaultManifest.functions);

    expect(routes.length).toBeGreaterThan(0);
    expect(createRouter(routes).lookup('POST', '/centers/import')).toMatchObject({
      kind: 'match',
      match: { route: { routeKey: 'POST /centers/import' } },
    });
  });
});

describe('physical names', () => {
  it('kebab-cases resource keys under the prefix', () => {
    expect(kebab('centerImport')).toBe('center-import');
    expect(tableName('pmsc', 'main')).toBe('pmsc-main');
    expect(queueName('pmsc', 'centerImport')).toBe('pmsc-center-import');
  });
});
