/**
 * Starts one in-memory DynamoDB Local and one in-memory fauxqs for the whole test run; test files
 * reach them through `inject('localEndpoints')` (see platform.ts) and isolate themselves by prefix.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import type { LocalEndpoints } from '../../infra/local/platform.ts';
import { startSqsLocal } from '../../infra/local/sqs-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    localEndpoints: LocalEndpoints;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamodb, sqs] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
  project.provide('localEndpoints', { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint });
  return async () => {
    await Promise.allSettled([sqs.stop(), dynamodb.stop()]);
  };
}
