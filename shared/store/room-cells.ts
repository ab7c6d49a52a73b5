import { tableName } from '../runtime/env.ts';
import { keys } from './keys.ts';
import type { transact } from './transact.ts';

type TransactItem = Parameters<typeof transact>[0][number];

/** A room's 15-minute cells and the locks beside them outlive what took them by a day, then expire. */
export const cellExpiryOf = (end: string) => Math.floor(Date.parse(end) / 1000) + 86_400;

/**
 * Takes `take` places from each 15-minute cell of a room: the cell's counter is created at the
 * room's capacity by the first taker and must keep `take` places. Residents' room bookings and
 * scheduled courses take from the same counters, so neither can double-book the other.
 */
export function roomCellTakes(
  room: { readonly centerId: string; readonly roomId: string; readonly cellCapacity: number },
  cells: readonly string[],
  take: number,
  end: string,
): TransactItem[] {
  return cells.map((cell) => ({
    Update: {
      TableName: tableName('main'),
      Key: keys.roomCell(room.centerId, room.roomId, cell),
      UpdateExpression:
        'SET remaining = if_not_exists(remaining, :cap) - :take, entity = :e, expiresAt = :exp',
      ConditionExpression: 'attribute_not_exists(remaining) OR remaining >= :take',
      ExpressionAttributeValues: {
        ':cap': room.cellCapacity,
        ':take': take,
        ':e': 'room-cell',
        ':exp': cellExpiryOf(end),
      },
    },
  }));
}
