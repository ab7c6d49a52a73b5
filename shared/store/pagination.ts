import { ValidationError } from '../domain/errors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

/**
 * Decodes an opaque cursor into an ExclusiveStartKey. `expected` pins the attributes that must
 * match the query being continued (its partition), so a cursor from another list is refused with
 * a 400 instead of reaching DynamoDB.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: Record<string, string>,
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw ValidationError.field('cursor', 'is not a cursor this API issued');
  }
  const valid =
    typeof decoded === 'object' &&
    decoded !== null &&
    !Array.isArray(decoded) &&
    Object.values(decoded).every((v) => typeof v === 'string') &&
    Object.entries(expected).every(([k, v]) => (decoded as Record<string, unknown>)[k] === v);
  if (!valid) throw ValidationError.field('cursor', 'does not belong to this list');
  return decoded as Record<string, string>;
}
