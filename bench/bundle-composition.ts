/**
 * What a bundle is made of, from esbuild's metafile: bytes per package, the heaviest files, and
 * for the packages that matter the bytes that would leave the bundle if that package were dropped
 * (computed on the import graph), with who imports it.
 */
import type { Metafile } from 'esbuild';

export interface PackageWeight {
  /** npm package name, or `(project)` for this repository's own files. */
  readonly name: string;
  /** Bytes its modules occupy in the minified output. */
  readonly bytes: number;
  readonly share: number;
  readonly modules: number;
}

export interface GroupWeight {
  readonly name: string;
  readonly packages: readonly string[];
  readonly bytes: number;
  readonly share: number;
}

export interface ExclusiveWeight {
  readonly name: string;
  readonly ownBytes: number;
  /**
   * Bytes of every module that is only reachable through this package (its own and what it
   * alone drags in): what dropping the package would save.
   */
  readonly exclusiveBytes: number;
  readonly share: number;
  /** Packages, other than itself, that leave with it (only reachable through it). */
  readonly drags: readonly string[];
  /** The modules outside the package that import it (project files by path, packages by name). */
  readonly importedBy: readonly string[];
  /** A shortest import chain from the entry to the package. */
  readonly chain: readonly string[];
}

export interface SubpathWeight {
  /** Directory inside the package, e.g. `v4/locales`. */
  readonly path: string;
  readonly bytes: number;
}

export interface Scenario {
  readonly label: string;
  /** Module bytes left if the modules it drops (and all they alone import) were gone. */
  readonly remainingBytes: number;
  readonly savedBytes: number;
}

export interface Composition {
  readonly outputBytes: number;
  /** Sum of the modules' bytes; the rest is esbuild's runtime helpers, the banner and the map comment. */
  readonly moduleBytes: number;
  readonly packages: readonly PackageWeight[];
  readonly groups: readonly GroupWeight[];
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly exclusive: readonly ExclusiveWeight[];
  /** Where the bytes sit inside the packages that weigh 10 % or more. */
  readonly subpaths: Readonly<Record<string, readonly SubpathWeight[]>>;
  /**
   * Cumulative what-ifs on the import graph (an estimate, not a rebuild: tree-shaking and
   * replacement code are not accounted for).
   */
  readonly scenarios: readonly Scenario[];
}

const PROJECT = '(project)';

/** `node_modules/@scope/name/lib/x.js` → `@scope/name`; this repository's files → `(project)`. */
export const packageOf = (path: string): string => {
  const index = path.lastIndexOf('node_modules/');
  if (index === -1) return path.startsWith('<') || path.includes(':') ? '(esbuild)' : PROJECT;
  const [first, second] = path.slice(index + 'node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : (first ?? PROJECT);
};

const isAwsSdk = (pkg: string): boolean => /^@(aws-sdk|smithy|aws-crypto)\//.test(pkg);

/** Families worth seeing as one number. */
const GROUPS: readonly { readonly name: string; readonly matches: (pkg: string) => boolean }[] = [
  {
    name: 'AWS SDK v3 (@aws-sdk/*, @smithy/*, @aws-crypto/*)',
    matches: isAwsSdk,
  },
  {
    name: 'Powertools (@aws-lambda-powertools/*)',
    matches: (pkg) => pkg.startsWith('@aws-lambda-powertools/'),
  },
  { name: 'zod', matches: (pkg) => pkg === 'zod' },
  { name: 'opening_hours (and suncalc)', matches: (pkg) => pkg === 'opening_hours' || pkg === 'suncalc' },
  { name: 'h3-js', matches: (pkg) => pkg === 'h3-js' },
  { name: 'project code', matches: (pkg) => pkg === PROJECT },
];

const isOsmHours = (path: string): boolean => packageOf(path) === 'opening_hours';
const isH3 = (path: string): boolean => packageOf(path) === 'h3-js';
const isZodLocale = (path: string): boolean => path.includes('node_modules/zod/v4/locales/');

/** Cumulative: each drops what the previous ones dropped, and more. */
const SCENARIOS: readonly { readonly label: string; readonly drops: (path: string) => boolean }[] = [
  { label: 'without opening_hours', drops: isOsmHours },
  { label: 'without opening_hours and h3-js', drops: (path) => isOsmHours(path) || isH3(path) },
  {
    label: "without opening_hours, h3-js and zod's locales (zod/v4/locales)",
    drops: (path) => isOsmHours(path) || isH3(path) || isZodLocale(path),
  },
];

/** Directory of a module inside its package, two levels deep (`v4/locales`, `dist-es/commands`). */
const subpathOf = (path: string): string => {
  const index = path.lastIndexOf('node_modules/');
  const inside = path.slice(index + 'node_modules/'.length).split('/');
  const rest = inside.slice(inside[0]?.startsWith('@') ? 2 : 1, -1);
  return rest.slice(0, 2).join('/') || '.';
};

/** Always analysed when present, whatever their rank: the decisions this bench informs. */
const CANDIDATES = [
  'opening_hours',
  'zod',
  '@aws-lambda-powertools/idempotency',
  '@aws-lambda-powertools/parser',
  '@aws-lambda-powertools/batch',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-dynamodb',
  '@asteasolutions/zod-to-openapi',
  'chinese-days',
  'h3-js',
];

/** Modules reachable from `entry` without entering a blocked module. */
const reachable = (
  graph: ReadonlyMap<string, readonly string[]>,
  entry: string,
  isBlocked: (path: string) => boolean = () => false,
): { seen: Set<string>; parent: Map<string, string> } => {
  const seen = new Set<string>([entry]);
  const parent = new Map<string, string>();
  const queue = [entry];
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i]!;
    for (const next of graph.get(current) ?? []) {
      if (seen.has(next) || isBlocked(next)) continue;
      seen.add(next);
      parent.set(next, current);
      queue.push(next);
    }
  }
  return { seen, parent };
};

/** A module chain shown by project file paths and package names (consecutive modules of one package merged). */
const chainTo = (parent: ReadonlyMap<string, string>, target: string): string[] => {
  const modules: string[] = [];
  for (let at: string | undefined = target; at !== undefined; at = parent.get(at)) modules.unshift(at);
  const labels: string[] = [];
  for (const module of modules) {
    const pkg = packageOf(module);
    const label = pkg === PROJECT ? module : pkg;
    if (labels.at(-1) !== label || pkg === PROJECT) labels.push(label);
  }
  return labels;
};

export const analyzeComposition = (metafile: Metafile, outputFile: string, topFiles = 15): Composition => {
  const output = metafile.outputs[outputFile];
  if (output === undefined) throw new Error(`${outputFile} is not an output of this metafile`);
  const entry = output.entryPoint;
  if (entry === undefined) throw new Error(`${outputFile} has no entry point`);

  const bytesOf = new Map(Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput]));
  const moduleBytes = [...bytesOf.values()].reduce((a, b) => a + b, 0);
  const share = (bytes: number) => Math.round((bytes / output.bytes) * 10_000) / 10_000;

  const byPackage = new Map<string, { bytes: number; modules: number }>();
  for (const [path, bytes] of bytesOf) {
    const weight = byPackage.get(packageOf(path)) ?? { bytes: 0, modules: 0 };
    weight.bytes += bytes;
    weight.modules += 1;
    byPackage.set(packageOf(path), weight);
  }
  const packages = [...byPackage]
    .map(([name, weight]) => ({
      name,
      bytes: weight.bytes,
      share: share(weight.bytes),
      modules: weight.modules,
    }))
    .sort((a, b) => b.bytes - a.bytes);

  const groups = GROUPS.map((group) => {
    const members = packages.filter((p) => group.matches(p.name));
    const bytes = members.reduce((a, p) => a + p.bytes, 0);
    return { name: group.name, packages: members.map((p) => p.name), bytes, share: share(bytes) };
  });

  const graph = new Map<string, string[]>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    graph.set(
      path,
      input.imports.filter((i) => i.external !== true).map((i) => i.path),
    );
  }
  const full = reachable(graph, entry);

  const candidates = new Set([
    ...packages
      .filter((p) => p.name !== PROJECT && p.name !== '(esbuild)')
      .slice(0, 12)
      .map((p) => p.name),
    ...CANDIDATES.filter((name) => byPackage.has(name)),
  ]);
  const exclusive = [...candidates]
    .map((name): ExclusiveWeight => {
      const without = reachable(graph, entry, (path) => packageOf(path) === name).seen;
      let exclusiveBytes = 0;
      const drags = new Set<string>();
      for (const [path, bytes] of bytesOf) {
        if (without.has(path)) continue;
        exclusiveBytes += bytes;
        const pkg = packageOf(path);
        if (pkg !== name && bytes > 0) drags.add(pkg);
      }
      const importedBy = new Set<string>();
      for (const [from, targets] of graph) {
        if (!full.seen.has(from) || packageOf(from) === name) continue;
        if (targets.some((target) => packageOf(target) === name)) {
          importedBy.add(packageOf(from) === PROJECT ? from : packageOf(from));
        }
      }
      const first = [...full.seen].find((module) => packageOf(module) === name);
      return {
        name,
        ownBytes: byPackage.get(name)?.bytes ?? 0,
        exclusiveBytes,
        share: share(exclusiveBytes),
        drags: [...drags].sort(),
        importedBy: [...importedBy].sort(),
        chain: first === undefined ? [] : chainTo(full.parent, first),
      };
    })
    .sort((a, b) => b.exclusiveBytes - a.exclusiveBytes);

  const files = [...bytesOf]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topFiles)
    .map(([path, bytes]) => ({ path, bytes }));

  const subpaths: Record<string, SubpathWeight[]> = {};
  for (const pkg of packages.filter((p) => p.share >= 0.1 && p.name !== PROJECT)) {
    const byPath = new Map<string, number>();
    for (const [path, bytes] of bytesOf) {
      if (packageOf(path) !== pkg.name) continue;
      byPath.set(subpathOf(path), (byPath.get(subpathOf(path)) ?? 0) + bytes);
    }
    subpaths[pkg.name] = [...byPath]
      .map(([path, bytes]) => ({ path, bytes }))
      .filter((w) => w.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes);
  }

  const scenarios = SCENARIOS.map(({ label, drops }) => {
    const kept = reachable(graph, entry, drops).seen;
    const remainingBytes = [...bytesOf].reduce((sum, [path, bytes]) => sum + (kept.has(path) ? bytes : 0), 0);
    return { label, remainingBytes, savedBytes: moduleBytes - remainingBytes };
  });

  return { outputBytes: output.bytes, moduleBytes, packages, groups, files, exclusive, subpaths, scenarios };
};
