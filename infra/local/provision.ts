/**
 * Creates the tables and queues of a manifest, idempotently (an existing resource is kept), with the
 * same shape as the CDK stack: on-demand tables, GSIs projecting ALL, TTL; each queue with a DLQ.
 */
import type { AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueDefinition, TableDefinition } from '../resources.ts';
import { LOCAL_REGION } from './env.ts';
import type { LocalManifest } from './manifest-source.ts';
import { deadLetterQueueName, queueName, tableName } from './names.ts';
import { localQueueUrl } from './sqs-local.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface ProvisionedQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly dlqName: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

export interface Provisioned {
  /** Table key (resources.ts) → physical name. */
  readonly tables: Readonly<Record<string, string>>;
  /** Queue key (resources.ts) → physical queue and DLQ. */
  readonly queues: Readonly<Record<string, ProvisionedQueue>>;
}

export interface ProvisionOptions {
  readonly manifest: LocalManifest;
  readonly prefix: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  /** Replaces every queue's VisibilityTimeout (tests retry failed messages quickly). */
  readonly queueVisibilityTimeoutSeconds?: number | undefined;
  readonly log?: Pick<Console, 'warn'>;
}

const keySchema = (partitionKey: string, sortKey?: string): KeySchemaElement[] => [
  { AttributeName: partitionKey, KeyType: 'HASH' },
  ...(sortKey === undefined ? [] : [{ AttributeName: sortKey, KeyType: 'RANGE' as const }]),
];

/** Key attributes are strings throughout resources.ts. */
const attributeDefinitions = (definition: TableDefinition): AttributeDefinition[] => {
  const names = new Set<string>([definition.partitionKey]);
  if (definition.sortKey !== undefined) names.add(definition.sortKey);
  for (const index of definition.indexes) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names].map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
};

const ensureTable = async (
  client: DynamoDBClient,
  name: string,
  definition: TableDefinition,
  log: Pick<Console, 'warn'>,
): Promise<void> => {
  const indexes: GlobalSecondaryIndex[] = definition.indexes.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' },
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keySchema(definition.partitionKey, definition.sortKey),
        AttributeDefinitions: attributeDefinitions(definition),
        ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    // Kept from an earlier run: say so when its indexes no longer match the definitions.
    const existing = await client.send(new DescribeTableCommand({ TableName: name }));
    const have = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const missing = definition.indexes.filter((i) => !have.has(i.name)).map((i) => i.name);
    if (missing.length > 0) {
      log.warn(
        `Table ${name} exists without index(es) ${missing.join(', ')}; restart with --fresh to recreate it.`,
      );
    }
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
  if (definition.ttlAttribute !== undefined) {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
};

const ensureQueue = async (
  client: SQSClient,
  endpoint: string,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> => {
  let url: string;
  try {
    const found = await client.send(new GetQueueUrlCommand({ QueueName: name }));
    url = localQueueUrl(endpoint, found.QueueUrl!);
    // Keep an existing queue in line with the definitions (SetQueueAttributes is idempotent).
    await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
    const created = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    url = localQueueUrl(endpoint, created.QueueUrl!);
  }
  const described = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: described.Attributes!.QueueArn! };
};

export const provisionQueue = async (
  client: SQSClient,
  endpoint: string,
  prefix: string,
  key: string,
  definition: QueueDefinition,
  visibilityOverride?: number,
): Promise<ProvisionedQueue> => {
  const dlqName = deadLetterQueueName(prefix, key);
  const dlq = await ensureQueue(client, endpoint, dlqName, {
    MessageRetentionPeriod: String(definition.dlqRetentionSeconds),
  });
  const name = queueName(prefix, key);
  const visibilityTimeoutSeconds = visibilityOverride ?? definition.visibilityTimeoutSeconds;
  const main = await ensureQueue(client, endpoint, name, {
    VisibilityTimeout: String(visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: definition.maxReceiveCount,
    }),
  });
  return {
    name,
    url: main.url,
    arn: main.arn,
    dlqName,
    dlqUrl: dlq.url,
    dlqArn: dlq.arn,
    visibilityTimeoutSeconds,
    maxReceiveCount: definition.maxReceiveCount,
  };
};

export const provisionResources = async (options: ProvisionOptions): Promise<Provisioned> => {
  const log = options.log ?? console;
  const dynamodb = new DynamoDBClient({
    endpoint: options.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials,
  });
  const sqs = new SQSClient({ endpoint: options.sqsEndpoint, region: LOCAL_REGION, credentials });
  try {
    const tables: Record<string, string> = {};
    for (const [key, definition] of Object.entries(options.manifest.tables)) {
      const name = tableName(options.prefix, key);
      await ensureTable(dynamodb, name, definition, log);
      tables[key] = name;
    }
    const queues: Record<string, ProvisionedQueue> = {};
    for (const [key, definition] of Object.entries(options.manifest.queues)) {
      queues[key] = await provisionQueue(
        sqs,
        options.sqsEndpoint,
        options.prefix,
        key,
        definition,
        options.queueVisibilityTimeoutSeconds,
      );
    }
    return { tables, queues };
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
};
