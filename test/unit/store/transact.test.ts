import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BusyError, isContention, TRANSACT_ATTEMPTS, transact } from '../../../shared/store/transact.ts';

/**
 * Contention on a hot seat counter, which DynamoDB Local never produces: a cancelled transaction
 * whose reasons say TransactionConflict, retried with jitter and never a 500.
 */

const ddb = mockClient(DynamoDBDocumentClient);

function cancelled(...codes: string[]) {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}
const put = [{ Put: { TableName: 'mocked-main', Item: { pk: 'x', sk: 'y' } } }];
const noWait = () => 0;

beforeAll(() => {
  process.env.TABLE_MAIN = 'mocked-main';
});
afterAll(() => ddb.restore());
beforeEach(() => ddb.reset());

describe('transact', () => {
  it('retries a transaction cancelled by a TransactionConflict until it lands', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict'))
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});
    await transact(put, noWait);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('retries a TransactionConflictException and throttling the same way', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(
        Object.assign(new Error('conflict'), { name: 'TransactionConflictException', $metadata: {} }),
      )
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: {} }))
      .resolves({});
    await transact(put, noWait);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up after the last attempt with a 503 service-busy problem, not a 500', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    const error = await transact(put, noWait).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusyError);
    expect((error as BusyError).status).toBe(503);
    expect((error as BusyError).type).toMatch(/service-busy$/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(TRANSACT_ATTEMPTS);
  });

  it('never retries a failed condition: the seats are taken, that is the answer', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'TransactionConflict'));
    const error = await transact(put, noWait).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TransactionCanceledException');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('waits a random share of a growing backoff between attempts', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict')).resolves({});
    const draws: number[] = [];
    await transact(put, () => {
      draws.push(1);
      return 0.5;
    });
    expect(draws).toHaveLength(1);
  });
});

describe('isContention', () => {
  it('tells contention from real answers and faults', () => {
    expect(isContention(cancelled('TransactionConflict'))).toBe(true);
    expect(isContention(cancelled('ConditionalCheckFailed'))).toBe(false);
    expect(isContention(Object.assign(new Error('x'), { name: 'ValidationException' }))).toBe(false);
    expect(isContention(null)).toBe(false);
  });
});
