import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { OPEN_STATUSES } from '../domain/service-order.ts';
import { lineage } from '../domain/tree.ts';
import { tableName } from '../runtime/env.ts';
import { db } from './client.ts';
import { ORDER_PARTITIONS } from './keys.ts';

/**
 * The live load the grid shows per center, read for the whole district at once. Open service
 * orders come from the orders-by-status index (one paged Query per open status, only the path of
 * the center each order is at). Bookings do not exist yet.
 */
export async function openOrdersByCenter(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await Promise.all(
    OPEN_STATUSES.map(async (status) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db().send(
          new QueryCommand({
            TableName: tableName('main'),
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': ORDER_PARTITIONS.status(status) },
            ProjectionExpression: 'atPath',
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const centerId = lineage(String(item.atPath ?? '')).at(-1);
          if (centerId) counts.set(centerId, (counts.get(centerId) ?? 0) + 1);
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  return counts;
}
