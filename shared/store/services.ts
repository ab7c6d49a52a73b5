import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PreconditionFailedError } from '../domain/errors.ts';
import type { Level } from '../domain/levels.ts';
import type { Service } from '../domain/service-order-requests.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { isConditionFailure } from './conditions.ts';
import { keys, SERVICES_PARTITION, serviceIndexKeys, stripKeys } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';

/** The service catalog: one item per service, the whole catalog in one gsi1 partition by code. */

function toItem(service: Service) {
  return { ...keys.service(service.code), ...serviceIndexKeys(service.code), entity: 'service', ...service };
}

function fromItem(item: Record<string, unknown>): Service {
  return stripKeys<Service>(item);
}

export async function getService(code: string): Promise<Service | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('main'), Key: keys.service(code) }));
  return Item ? fromItem(Item) : undefined;
}

/**
 * Creates (expectedVersion 0) or replaces a service if the stored version is still the one the
 * admin read; otherwise 412 with what is stored now.
 */
export async function putService(service: Service, expectedVersion: number): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName('main'),
        Item: toItem(service),
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
        ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new PreconditionFailedError(`service ${service.code} is no longer at version ${expectedVersion}`);
    }
    throw error;
  }
}

export interface ServiceFilter {
  readonly category?: string | undefined;
  readonly handlingLevel?: Level | undefined;
  readonly includeInactive?: boolean | undefined;
}

/** A page of the catalog by code; filters apply within the page (the catalog is small). */
export function listServices(
  filter: ServiceFilter,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Service>> {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': SERVICES_PARTITION };
  if (filter.category) {
    conditions.push('category = :category');
    values[':category'] = filter.category;
  }
  if (filter.handlingLevel) {
    conditions.push('handlingLevel = :level');
    values[':level'] = filter.handlingLevel;
  }
  if (!filter.includeInactive) {
    conditions.push('#active = :active');
    names['#active'] = 'active';
    values[':active'] = true;
  }
  return queryPage(
    {
      TableName: tableName('main'),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
    `gsi1|${SERVICES_PARTITION}`,
    limit,
    cursor,
    fromItem,
  );
}
