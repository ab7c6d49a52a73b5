/** fauxqs, an in-process SQS emulator, on a loopback port. Persistent (SQLite) when a data dir is given. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFauxqs } from 'fauxqs';
import { LOCAL_REGION } from './env.ts';

export interface SqsLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface SqsLocalOptions {
  readonly dataDir?: string | undefined;
  /** 0 or undefined: a free port. */
  readonly port?: number;
}

export const startSqsLocal = async (options: SqsLocalOptions = {}): Promise<SqsLocal> => {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  try {
    const server = await startFauxqs({
      port: options.port ?? 0,
      host: 'localhost',
      logger: false,
      defaultRegion: LOCAL_REGION,
      ...(dataDir === undefined ? {} : { dataDir }),
    });
    let stopped = false;
    return {
      endpoint: server.address,
      port: server.port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await server.stop();
      },
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${options.port} is already in use; the SQS emulator cannot listen on it.`);
    }
    throw error;
  }
};

/**
 * fauxqs answers with queue URLs like `http://sqs.<region>.localhost:<port>/<account>/<name>`, which
 * do not resolve here, and the SDK v3 SQS client sends to the QueueUrl's host rather than to
 * AWS_ENDPOINT_URL_SQS. fauxqs finds a queue by the path alone, so point the URL at the endpoint.
 */
export const localQueueUrl = (endpoint: string, queueUrl: string): string =>
  `${endpoint.replace(/\/+$/, '')}${new URL(queueUrl).pathname}`;
