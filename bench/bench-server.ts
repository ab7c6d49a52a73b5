/** Starts bench/platform-server.ts as a child process and stops it, whatever happens to the bench. */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { LocalEndpoints } from '../infra/local/platform.ts';
import type { ServedPlatform, ServerMessage } from './platform-server.ts';

export interface BenchServer {
  readonly pid: number;
  readonly deployed: ServedPlatform;
  readonly naive: ServedPlatform;
  /** The deployed platform's env (tables, endpoints). */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

const withTimeout = (promise: Promise<void>, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/** Asks the child to stop its platforms; signals it (by its own pid) if it does not exit in time. */
const stopChild = async (child: ChildProcess): Promise<void> => {
  const done = exited(child);
  if (child.connected) child.send('stop');
  else child.kill('SIGTERM');
  if (await withTimeout(done, STOP_TIMEOUT_MS)) return;
  child.kill('SIGTERM');
  if (await withTimeout(done, 5_000)) return;
  child.kill('SIGKILL');
  await done;
};

export const startBenchServer = async (
  projectRoot: string,
  node: string,
  /** The issuer's key directory, shared with the bench so that it can mint tokens itself. */
  options: {
    readonly keysDir?: string;
    /** DynamoDB Local and SQS already running, and a table prefix of its own on them. */
    readonly shared?: { readonly endpoints: LocalEndpoints; readonly prefix: string };
  } = {},
): Promise<BenchServer> => {
  const child = fork(join(projectRoot, 'bench', 'platform-server.ts'), [], {
    cwd: projectRoot,
    execPath: node,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      ...(options.keysDir ? { BENCH_KEYS_DIR: options.keysDir } : {}),
      ...(options.shared
        ? { BENCH_ENDPOINTS: JSON.stringify(options.shared.endpoints), BENCH_PREFIX: options.shared.prefix }
        : {}),
    },
  });
  // If the bench dies without stopping it, the child sees its IPC channel close and stops itself;
  // this covers a plain process.exit() of the bench as well.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);

  try {
    const ready = await new Promise<Extract<ServerMessage, { kind: 'ready' }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the bench server did not start within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      child.on('message', (message: ServerMessage) => {
        clearTimeout(timer);
        if (message.kind === 'ready') resolve(message);
        else reject(new Error(`the bench server failed to start:\n${message.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the bench server exited before it was ready (code ${code}, signal ${signal})`));
      });
    });
    return {
      pid: child.pid!,
      deployed: ready.deployed,
      naive: ready.naive,
      env: ready.env,
      stop: async () => {
        await stopChild(child);
        process.off('exit', onExit);
      },
    };
  } catch (error) {
    await stopChild(child);
    process.off('exit', onExit);
    throw error;
  }
};
