/**
 * The whole platform on this machine, generated from the manifest: DynamoDB Local, fauxqs, the
 * tables and queues, an HTTP API with a local JWT issuer, SQS pollers and schedule timers.
 */
import { join } from 'node:path';
import { createDevLogin } from './dev-login.ts';
import type { DynamoDbLocal } from './dynamodb-local.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { applyEnv, buildLocalEnv } from './env.ts';
import { hopCountingPlugin } from './hops.ts';
import type { LocalHttpServer } from './http-server.ts';
import { startLocalHttpServer } from './http-server.ts';
import type { LocalIssuer, MintMachineTokenOptions, MintTokenOptions } from './issuer.ts';
import { createLocalIssuer, DEFAULT_MACHINE_CLIENT_SECRET, LOCAL_MACHINE_CLIENT_ID } from './issuer.ts';
import { createHandlerLoader } from './lambda-context.ts';
import type { RuntimeLog } from './log.ts';
import { consoleLog } from './log.ts';
import type { LocalManifest } from './manifest-source.ts';
import { defaultManifest } from './manifest-source.ts';
import { assertValidPrefix, DEFAULT_PREFIX } from './names.ts';
import type { Provisioned } from './provision.ts';
import { provisionResources } from './provision.ts';
import { compileRoutes, createRouter } from './routes.ts';
import type { Scheduler } from './schedules.ts';
import { startScheduler } from './schedules.ts';
import type { SeedResult } from './seed.ts';
import type { DivisionSeedResult } from './seed-divisions.ts';
import type { SqsLocal } from './sqs-local.ts';
import { startSqsLocal } from './sqs-local.ts';
import type { Poller } from './sqs-poller.ts';
import { startPoller } from './sqs-poller.ts';

export type { SeedResult };

export interface LocalEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
}

export interface LocalPlatformOptions {
  /** HTTP port; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Root of persistent data (`<dataDir>/dynamodb`, `<dataDir>/sqs`); in memory when undefined. */
  readonly dataDir?: string | undefined;
  /** Resource name prefix; default `pmsc`. */
  readonly prefix?: string;
  /** Directory of the issuer key pair (made on first use); an ephemeral key when undefined. */
  readonly keysDir?: string | undefined;
  /** Run seedDemoNetwork() from ./seed.ts after the tables exist. Default false. */
  readonly seed?: boolean;
  /**
   * Instead of the demo network, seed this city or district (`3101`, `310113`) from official
   * division data (./seed-divisions.ts).
   */
  readonly seedDivisions?: string;
  /** Poll the queues of SQS consumers. Default true. */
  readonly pollers?: boolean;
  /** Run schedules on their timers. Default true. */
  readonly timers?: boolean;
  /** Replaces every queue's VisibilityTimeout (short in tests, so failures retry quickly). */
  readonly queueVisibilityTimeoutSeconds?: number;
  /** POWERTOOLS_LOG_LEVEL of the functions. Default WARN. */
  readonly logLevel?: string;
  readonly districtCode?: string;
  /** Use DynamoDB Local and SQS already running (tests share one of each); they are not stopped. */
  readonly endpoints?: LocalEndpoints;
  /** Functions, tables and queues to serve; the project's manifest by default. */
  readonly manifest?: LocalManifest;
  /** The runtime's own output. */
  readonly log?: RuntimeLog;
  /** One log line per HTTP request. Default false. */
  readonly accessLog?: boolean;
  /**
   * Secret of the local machine client at `POST /oauth2/token` (client credentials).
   * @default LOCAL_MACHINE_CLIENT_SECRET, else `local-machine-secret`
   */
  readonly machineClientSecret?: string;
  /** Called once if a child process (DynamoDB Local) dies while the platform runs. */
  readonly onFatalError?: (error: Error) => void;
}

export interface LocalPlatform {
  readonly baseUrl: string;
  readonly port: number;
  readonly prefix: string;
  /** The variables it set in process.env (every function sees all of them). */
  readonly env: Readonly<Record<string, string>>;
  readonly endpoints: LocalEndpoints & { readonly http: string };
  readonly resources: Provisioned;
  readonly issuer: LocalIssuer;
  readonly seedResult: SeedResult | undefined;
  readonly divisionSeed?: DivisionSeedResult;
  mintToken(options: MintTokenOptions): Promise<string>;
  mintMachineToken(options?: MintMachineTokenOptions): Promise<string>;
  /** Runs a schedule function now with an EventBridge scheduled event; resolves to its result. */
  runSchedule(id: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Imported only when seeding, and only after the env is set: the stores and Powertools it pulls in
 * read their configuration when first loaded.
 */
const runSeed = async (): Promise<SeedResult> => {
  const { seedDemoNetwork } = await import('./seed.ts');
  return seedDemoNetwork();
};

const runDivisionSeed = async (code: string): Promise<DivisionSeedResult> => {
  const { seedDivisions } = await import('./seed-divisions.ts');
  return seedDivisions(code);
};

/**
 * Stamps every message a queue-invoked function sends with its place in the chain, so the pollers
 * stop a chain after 16 invocations as Lambda does. Imported after the env is set, like the seed.
 */
const countChainHops = async (): Promise<void> => {
  const { useSqsPlugin } = await import('../../shared/store/queue.ts');
  useSqsPlugin(hopCountingPlugin);
};

export const startLocalPlatform = async (options: LocalPlatformOptions = {}): Promise<LocalPlatform> => {
  const log = options.log ?? consoleLog;
  const manifest = options.manifest ?? defaultManifest;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  assertValidPrefix(prefix);
  const router = createRouter(compileRoutes(manifest.functions));

  // Everything started so far, stopped in reverse order if a later step fails.
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'Some local services did not stop cleanly');
  };

  try {
    let endpoints: LocalEndpoints;
    let dynamodb: DynamoDbLocal | undefined;
    if (options.endpoints === undefined) {
      const dataDir = options.dataDir;
      dynamodb = await startDynamoDbLocal({
        dataDir: dataDir === undefined ? undefined : join(dataDir, 'dynamodb'),
      });
      cleanups.push(() => dynamodb!.stop());
      const sqs: SqsLocal = await startSqsLocal({
        dataDir: dataDir === undefined ? undefined : join(dataDir, 'sqs'),
      });
      cleanups.push(() => sqs.stop());
      endpoints = { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint };
    } else {
      endpoints = options.endpoints;
    }

    const resources = await provisionResources({
      manifest,
      prefix,
      dynamodbEndpoint: endpoints.dynamodb,
      sqsEndpoint: endpoints.sqs,
      queueVisibilityTimeoutSeconds: options.queueVisibilityTimeoutSeconds,
      log,
    });
    const env = buildLocalEnv({
      manifest,
      tableNames: resources.tables,
      queueUrls: Object.fromEntries(Object.entries(resources.queues).map(([key, q]) => [key, q.url])),
      dynamodbEndpoint: endpoints.dynamodb,
      sqsEndpoint: endpoints.sqs,
      ...(options.districtCode === undefined ? {} : { districtCode: options.districtCode }),
      ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    });
    // Before any handler (or the seed) is imported: their SDK clients read these at module load.
    applyEnv(env);

    await countChainHops();
    const divisionSeed =
      options.seedDivisions === undefined ? undefined : await runDivisionSeed(options.seedDivisions);
    const seedResult =
      divisionSeed !== undefined
        ? {
            seeded: divisionSeed.created > 0,
            centers: divisionSeed.created,
            staffCenterId: divisionSeed.staffCenterId,
          }
        : options.seed === true
          ? await runSeed()
          : undefined;

    const issuer = await createLocalIssuer({ keysDir: options.keysDir });
    const loadHandler = createHandlerLoader(manifest.rootDir);

    const pollers: Poller[] = [];
    cleanups.push(async () => {
      await Promise.all(pollers.splice(0).map((p) => p.stop()));
    });
    if (options.pollers !== false) {
      for (const spec of manifest.functions) {
        if (spec.trigger.kind !== 'sqs') continue;
        const queue = resources.queues[spec.trigger.queue];
        if (queue === undefined) throw new Error(`${spec.id} consumes unknown queue "${spec.trigger.queue}"`);
        pollers.push(
          startPoller({
            spec,
            queueName: spec.trigger.queue,
            queueUrl: queue.url,
            queueArn: queue.arn,
            dlqUrl: queue.dlqUrl,
            sqsEndpoint: endpoints.sqs,
            prefix,
            loadHandler,
            log,
          }),
        );
      }
    }

    const scheduler: Scheduler = startScheduler({
      functions: manifest.functions,
      prefix,
      loadHandler,
      log,
      timers: options.timers !== false,
    });
    cleanups.push(() => scheduler.stop());

    const http: LocalHttpServer = await startLocalHttpServer({
      router,
      issuer,
      loadHandler,
      prefix,
      log,
      port: options.port ?? 3000,
      accessLog: options.accessLog ?? false,
      machineClients: {
        [LOCAL_MACHINE_CLIENT_ID]:
          options.machineClientSecret ??
          process.env.LOCAL_MACHINE_CLIENT_SECRET ??
          DEFAULT_MACHINE_CLIENT_SECRET,
      },
      devLogin: createDevLogin(issuer),
    });
    // Stop accepting requests first.
    cleanups.push(() => http.close());

    let stopping = false;
    if (dynamodb !== undefined) {
      const child = dynamodb;
      void child.exited.then(({ code, signal }) => {
        if (stopping) return;
        const output = child.output().trim().split('\n').slice(-15).join('\n');
        options.onFatalError?.(
          new Error(`DynamoDB Local exited unexpectedly (code ${code}, signal ${signal}).\n${output}`),
        );
      });
    }

    return {
      baseUrl: http.baseUrl,
      port: http.port,
      prefix,
      env,
      endpoints: { ...endpoints, http: http.baseUrl },
      resources,
      issuer,
      seedResult,
      ...(divisionSeed ? { divisionSeed } : {}),
      mintToken: (mint) => issuer.mintToken(mint),
      mintMachineToken: (mint) => issuer.mintMachineToken(mint),
      runSchedule: (id) => scheduler.run(id),
      stop: async () => {
        if (stopping) return;
        stopping = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll().catch((stopError: unknown) =>
      log.error('Cleanup after a failed start failed:', stopError),
    );
    throw error;
  }
};
