/**
 * The entry of each HTTP function, generated from its routes in the manifest: it imports each
 * route's file and hands the table to `httpFunction` (shared/runtime/http-function.ts), which
 * dispatches on `event.routeKey`. Generated rather than hand-written, so the table cannot drift
 * from the manifest; the CDK construct and the benchmarks write it before bundling.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where generated entries live, relative to the project root (git-ignored). */
export const HTTP_ENTRY_DIR = '.build/entries';

/** The generated entry of HTTP function `id`, relative to the project root. */
export const httpEntryOf = (id: string): string => `${HTTP_ENTRY_DIR}/${id}.ts`;

const RUNTIME_MODULE = fileURLToPath(new URL('../shared/runtime/http-function.ts', import.meta.url));

/** The routes of an HTTP function as the generator needs them (a subset of the manifest's shapes). */
export interface HttpEntrySpec {
  readonly id: string;
  readonly entry: string;
  readonly trigger:
    | {
        readonly kind: 'http';
        readonly routes: readonly {
          readonly method: string;
          readonly path: string;
          readonly entry: string;
        }[];
      }
    | { readonly kind: 'sqs' | 'schedule' };
}

const importPath = (fromFile: string, toFile: string): string => {
  const path = relative(dirname(fromFile), toFile).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
};

/** The source of the entry of `spec`, whose files are relative to `rootDir`. */
export function httpEntrySource(spec: HttpEntrySpec, rootDir: string): string {
  if (spec.trigger.kind !== 'http') throw new Error(`${spec.id} is not an HTTP function`);
  const entryFile = resolve(rootDir, spec.entry);
  const lines = [
    `// Generated from infra/manifest.ts by infra/http-entries.ts: the routes of "${spec.id}". Do not edit.`,
    `import { httpFunction } from '${importPath(entryFile, RUNTIME_MODULE)}';`,
  ];
  const table: string[] = [];
  spec.trigger.routes.forEach((route, index) => {
    const file = isAbsolute(route.entry) ? route.entry : resolve(rootDir, route.entry);
    lines.push(`import { handler as route${index} } from '${importPath(entryFile, file)}';`);
    table.push(`  ${JSON.stringify(`${route.method} ${route.path}`)}: route${index},`);
  });
  lines.push(
    '',
    'export const routes = {',
    ...table,
    '};',
    '',
    'export const handler = httpFunction(routes);',
    '',
  );
  return lines.join('\n');
}

/**
 * Writes the entry of every HTTP function of `specs` under `rootDir` (only when it changed, and
 * atomically, since parallel synths and test files may write the same file).
 */
export function writeHttpEntries(specs: readonly HttpEntrySpec[], rootDir: string): string[] {
  const written: string[] = [];
  for (const spec of specs) {
    if (spec.trigger.kind !== 'http') continue;
    if (spec.entry !== httpEntryOf(spec.id)) {
      throw new Error(`${spec.id}: an HTTP function's entry is generated; set it to ${httpEntryOf(spec.id)}`);
    }
    const file = resolve(rootDir, spec.entry);
    const source = httpEntrySource(spec, rootDir);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== source) {
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(temporary, source);
      renameSync(temporary, file);
    }
    written.push(file);
  }
  return written;
}
