import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../domain/errors.ts';
import { db } from './client.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Cursors are the LastEvaluatedKey plus the scope of the list they belong to (index, partition
 * and prefix), base64url-encoded. A cursor of another list, or garbage, is a 400 on `cursor`.
 */
export function encodeCursor(lastKey: Record<string, unknown> | undefined, scope: string): string | null {
  return lastKey ? Buffer.from(JSON.stringify({ s: scope, k: lastKey })).toString('base64url') : null;
}

const invalidCursor = () => ValidationError.field('cursor', 'is not a cursor of this list');

export function decodeCursor(cursor: string | undefined, scope: string): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let decoded: { s?: unknown; k?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const key = decoded?.k;
  const valid =
    decoded?.s === scope &&
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.values(key).every((v) => typeof v === 'string');
  if (!valid) throw invalidCursor();
  return key as Record<string, string>;
}

/**
 * One page of a Query. The scope names the list for its cursor; a forged cursor that DynamoDB
 * refuses (ValidationException on the start key) is the caller's 400, not a 500.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  scope: string,
  limit: number,
  cursor: string | undefined,
  fromItem: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const start = decodeCursor(cursor, scope);
  try {
    const result = await db().send(new QueryCommand({ ...input, Limit: limit, ExclusiveStartKey: start }));
    return {
      items: (result.Items ?? []).map(fromItem),
      nextCursor: encodeCursor(result.LastEvaluatedKey, scope),
    };
  } catch (error) {
    if (start && (error as { name?: string }).name === 'ValidationException') throw invalidCursor();
    throw error;
  }
}
