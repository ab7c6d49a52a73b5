import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { tableName } from './env.ts';

interface IdempotentInput {
  readonly key: string;
  readonly payload: string;
  readonly work: () => Promise<unknown>;
}

let idempotent: ((input: IdempotentInput) => Promise<unknown>) | undefined;
let config: IdempotencyConfig | undefined;

/** One day: a client retrying later than that is making a new request. */
const EXPIRES_AFTER_SECONDS = 24 * 3600;

/**
 * Runs `work` at most once per `key`; a repeat returns the stored result. The payload is
 * validated so the same key with another body is refused, and a repeat while the first run is
 * still in progress raises IdempotencyAlreadyInProgressError (mapped to 409).
 */
export async function runIdempotent<T>(
  key: string,
  payload: string,
  context: Context,
  work: () => Promise<T>,
): Promise<T> {
  if (!idempotent || !config) {
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName: tableName('idempotency') });
    config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'payload',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: EXPIRES_AFTER_SECONDS,
    });
    // stored as JSON, so the first answer and its replays are the same (no undefined members, which
    // the persistence layer refuses)
    idempotent = makeIdempotent(
      async (input: IdempotentInput) => JSON.parse(JSON.stringify(await input.work())) as unknown,
      { persistenceStore, config },
    );
  }
  config.registerLambdaContext(context);
  return (await idempotent({ key, payload, work })) as T;
}
