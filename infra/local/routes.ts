/**
 * Route matching as API Gateway HTTP APIs do it: the most specific route wins, segment by
 * segment (a static segment beats `{param}`, which beats a greedy `{proxy+}`).
 */
import type { HttpMethod, HttpRoute } from '../manifest.ts';
import type { LocalFunctionSpec } from './manifest-source.ts';

type Segment =
  | { readonly kind: 'static'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

export interface CompiledRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: HttpRoute['auth'];
  /** `GET /centers/{id}`: the API Gateway route key. */
  readonly routeKey: string;
  readonly functionSpec: LocalFunctionSpec;
  readonly segments: readonly Segment[];
}

export interface RouteMatch {
  readonly route: CompiledRoute;
  readonly pathParameters: Record<string, string>;
}

export type RouteLookup =
  | { readonly kind: 'match'; readonly match: RouteMatch }
  | { readonly kind: 'not-found' }
  /** The path exists for another method; API Gateway answers 404 all the same. */
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] };

const parseSegment = (raw: string): Segment => {
  const param = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(raw);
  if (param === null) return { kind: 'static', value: raw };
  return param[2] === '+' ? { kind: 'greedy', name: param[1]! } : { kind: 'param', name: param[1]! };
};

const splitPath = (path: string): string[] => path.split('/').slice(1);

export const compileRoutes = (functionSpecs: readonly LocalFunctionSpec[]): CompiledRoute[] => {
  const routes: CompiledRoute[] = [];
  const seen = new Map<string, string>();
  for (const spec of functionSpecs) {
    if (spec.trigger.kind !== 'http') continue;
    for (const route of spec.trigger.routes) {
      if (!route.path.startsWith('/'))
        throw new Error(`Route path must start with "/": ${route.path} (${spec.id})`);
      const routeKey = `${route.method} ${route.path}`;
      const owner = seen.get(routeKey);
      if (owner !== undefined)
        throw new Error(`Route ${routeKey} is declared by both ${owner} and ${spec.id}`);
      seen.set(routeKey, spec.id);
      const segments = splitPath(route.path).map(parseSegment);
      const greedyIndex = segments.findIndex((s) => s.kind === 'greedy');
      if (greedyIndex !== -1 && greedyIndex !== segments.length - 1) {
        throw new Error(`A greedy path variable must be the last segment: ${route.path} (${spec.id})`);
      }
      routes.push({
        method: route.method,
        path: route.path,
        auth: route.auth,
        routeKey,
        functionSpec: spec,
        segments,
      });
    }
  }
  return routes;
};

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** Per-segment ranks (0 static, 1 param, 2 greedy) of a match, or undefined when the path does not fit. */
const matchSegments = (
  route: CompiledRoute,
  rawSegments: readonly string[],
): { ranks: number[]; pathParameters: Record<string, string> } | undefined => {
  const ranks: number[] = [];
  const pathParameters: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if (segment.kind === 'greedy') {
      const rest = rawSegments.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      const value = decode(rest.join('/'));
      if (value === undefined) return undefined;
      pathParameters[segment.name] = value;
      ranks.push(2);
      return { ranks, pathParameters };
    }
    const raw = rawSegments[i];
    if (raw === undefined) return undefined;
    if (segment.kind === 'static') {
      if (raw !== segment.value && decode(raw) !== segment.value) return undefined;
      ranks.push(0);
    } else {
      if (raw === '') return undefined;
      const value = decode(raw);
      if (value === undefined) return undefined;
      pathParameters[segment.name] = value;
      ranks.push(1);
    }
  }
  return rawSegments.length === route.segments.length ? { ranks, pathParameters } : undefined;
};

const compareRanks = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
};

export const createRouter = (routes: readonly CompiledRoute[]) => ({
  routes,
  /** `rawPath` is the path as sent (percent-encoded), without the query string. */
  lookup(method: string, rawPath: string): RouteLookup {
    const rawSegments = splitPath(rawPath);
    let best: { route: CompiledRoute; ranks: number[]; pathParameters: Record<string, string> } | undefined;
    const allowed = new Set<HttpMethod>();
    for (const route of routes) {
      const matched = matchSegments(route, rawSegments);
      if (matched === undefined) continue;
      allowed.add(route.method);
      if (route.method !== method) continue;
      if (best === undefined || compareRanks(matched.ranks, best.ranks) < 0) best = { route, ...matched };
    }
    if (best !== undefined)
      return { kind: 'match', match: { route: best.route, pathParameters: best.pathParameters } };
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'not-found' };
  },
});

export type Router = ReturnType<typeof createRouter>;
