import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.ts';
import { db } from './client.ts';
import { cancellationCodes } from './conditions.ts';

/**
 * Transactions on hot items (the seat counter of a popular class): DynamoDB cancels a transaction
 * that touches an item another transaction holds (`TransactionConflict` among the reasons) and
 * throttles hot partitions. Those are not the caller's fault and not a decision: retried with
 * full jitter, and after the last try a 503 with Retry-After, never a 500.
 */

export class BusyError extends DomainError {
  readonly status = 503;
  readonly code = 'service-busy';
  readonly title = 'Too many requests for the same seats at once';
}

export const TRANSACT_ATTEMPTS = 8;
const BASE_MS = 15;
const CAP_MS = 800;

type Items = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Whether the transaction failed only because of contention, so running it again may succeed. */
export function isContention(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TransactionConflictException' || name === 'ProvisionedThroughputExceededException')
    return true;
  if (name === 'ThrottlingException' || name === 'RequestLimitExceeded') return true;
  const codes = cancellationCodes(error);
  if (!codes) return false;
  // a failed condition is a real answer: never retried here, even beside a conflict
  if (codes.includes('ConditionalCheckFailed')) return false;
  return codes.some(
    (c) => c === 'TransactionConflict' || c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded',
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the transaction, retrying contention with full jitter; `random` is for tests. */
export async function transact(items: Items, random: () => number = Math.random): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!isContention(error)) throw error;
      if (attempt >= TRANSACT_ATTEMPTS) {
        throw new BusyError('the seats are in high demand: try again in a moment', { retryAfterSeconds: 1 });
      }
      await sleep(random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt));
    }
  }
}
