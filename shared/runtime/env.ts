import { type QueueName, queues, type TableName, tables } from '../../infra/resources.ts';

/** Reads a required environment variable; a missing one is a deployment error, said plainly. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function tableName(table: TableName): string {
  return requireEnv(tables[table].envVar);
}

export function queueUrl(queue: QueueName): string {
  return requireEnv(queues[queue].envVar);
}

export function districtCode(): string {
  return process.env.DISTRICT_CODE ?? 'local';
}
