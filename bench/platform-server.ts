/**
 * Child process of the benchmark: the local platform as `npm start` runs it (in memory, seeded,
 * pollers and timers off), plus a second platform on the same DynamoDB Local whose `get-center` is
 * the naive handler. Runs apart from the load generator so that the two do not share one event
 * loop. Reports its URLs over IPC; stops both platforms (and DynamoDB Local) when told to, on
 * SIGTERM/SIGINT, or when the parent goes away.
 */
import { quietLog } from '../infra/local/log.ts';
import type { LocalEndpoints, LocalPlatform } from '../infra/local/platform.ts';
import { startLocalPlatform } from '../infra/local/platform.ts';
import { naiveManifest } from './fixtures/naive-manifest.ts';

export interface ServedPlatform {
  readonly baseUrl: string;
  /** A resident's token for this platform's issuer. */
  readonly token: string;
}

export type ServerMessage =
  | {
      readonly kind: 'ready';
      readonly deployed: ServedPlatform;
      readonly naive: ServedPlatform;
      /** The deployed platform's env (tables, endpoints), for a bench that calls DynamoDB itself. */
      readonly env: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'failed'; readonly message: string };

const PREFIX = process.env.BENCH_PREFIX ?? 'bench';
/** DynamoDB Local and SQS already running (a test tier's), as JSON; its own otherwise. */
const sharedEndpoints = process.env.BENCH_ENDPOINTS
  ? (JSON.parse(process.env.BENCH_ENDPOINTS) as LocalEndpoints)
  : undefined;
/** Where the issuer keeps its key, so the bench can mint tokens of its own (one per resident). */
const keysDir = process.env.BENCH_KEYS_DIR;
const platforms: LocalPlatform[] = [];
let starting: Promise<void> = Promise.resolve();
let stopping: Promise<void> | undefined;

const send = (message: ServerMessage): void => {
  if (process.connected) process.send?.(message);
};

const stop = (exitCode: number): Promise<void> => {
  stopping ??= (async () => {
    // A platform still starting is stopped once it has started (startLocalPlatform has its own timeouts).
    await starting.catch(() => undefined);
    for (const platform of platforms.splice(0).reverse()) {
      await platform.stop().catch((error: unknown) => console.error('bench server: stop failed', error));
    }
    process.disconnect?.();
    process.exit(exitCode);
  })();
  return stopping;
};

process.on('message', (message) => {
  if (message === 'stop') void stop(0);
});
process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

const start = async (): Promise<void> => {
  const deployed = await startLocalPlatform({
    port: 0,
    seed: true,
    pollers: false,
    timers: false,
    prefix: PREFIX,
    log: quietLog,
    keysDir,
    ...(sharedEndpoints ? { endpoints: sharedEndpoints } : {}),
  });
  platforms.push(deployed);
  if (stopping) return;
  const naive = await startLocalPlatform({
    port: 0,
    endpoints: { dynamodb: deployed.endpoints.dynamodb, sqs: deployed.endpoints.sqs },
    manifest: naiveManifest,
    pollers: false,
    timers: false,
    prefix: PREFIX,
    log: quietLog,
    keysDir,
  });
  platforms.push(naive);
  if (stopping) return;
  const resident = { role: 'resident', sub: 'bench-resident', expiresIn: '2h' } as const;
  send({
    kind: 'ready',
    deployed: { baseUrl: deployed.baseUrl, token: await deployed.mintToken(resident) },
    naive: { baseUrl: naive.baseUrl, token: await naive.mintToken(resident) },
    env: deployed.env,
  });
};

starting = start();
starting.catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  void stop(1);
});
