import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GridSnapshot } from '../../../shared/domain/grid-schema.ts';
import { saveHistory, saveSnapshot } from '../../../shared/store/grid.ts';

/**
 * Grid store paths DynamoDB Local never takes: writes left unprocessed, a transaction cancelled
 * by a concurrent build, a pointer already at a newer tick.
 */

const ddb = mockClient(DynamoDBDocumentClient);
const awsError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

const snapshot: GridSnapshot = {
  id: 'grid-20260304t0200z',
  kind: 'scheduled',
  tick: '2026-03-04T02:00:00.000Z',
  at: '2026-03-04T02:00:00.000Z',
  builtAt: '2026-03-04T02:00:02.000Z',
  district: '310113',
  cellResolution: 8,
  counts: { total: 0, open: 0, byStatus: {} as GridSnapshot['counts']['byStatus'] },
  circle: { walkMeters: 1000, residential: 0, covered: 0, uncovered: 0, gaps: [] },
  centers: [],
  cells: [],
  streets: [],
};

beforeAll(() => {
  process.env.TABLE_MAIN = 'mocked-main';
});
afterAll(() => ddb.restore());
beforeEach(() => ddb.reset());

describe('saveSnapshot', () => {
  it('re-sends the parts DynamoDB left unprocessed', async () => {
    const left = { PutRequest: { Item: { pk: 'GRID#grid-20260304t0200z', sk: 'PART#b#00000' } } };
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { 'mocked-main': [left] } })
      .resolves({ UnprocessedItems: {} });
    ddb.on(PutCommand).resolves({});
    const saved = await saveSnapshot(snapshot, { now: Date.now(), moveLatest: true, build: 'b' });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(2);
    expect(ddb.commandCalls(BatchWriteCommand)[1]?.args[0].input.RequestItems?.['mocked-main']).toEqual([
      left,
    ]);
    expect(saved).toMatchObject({ created: true, latestMoved: true, parts: 1 });
  });

  it('leaves the pointer alone when it already names a newer tick', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb
      .on(PutCommand)
      .resolvesOnce({ Attributes: undefined })
      .rejects(awsError('ConditionalCheckFailedException'));
    const saved = await saveSnapshot(snapshot, { now: Date.now(), moveLatest: true, build: 'b' });
    expect(saved.latestMoved).toBe(false);
    const pointer = ddb.commandCalls(PutCommand)[1]?.args[0].input;
    expect(pointer?.ConditionExpression).toBe('attribute_not_exists(pk) OR #tick <= :tick');
  });
});

describe('saveHistory', () => {
  const groups = [{ groupId: 'c-st', timeZone: 'Asia/Shanghai', statuses: { 'c-st': 'open' as const } }];

  it('tries the day roll-ups again when a concurrent build cancelled the transaction', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(BatchGetCommand).resolves({ Responses: { 'mocked-main': [] } });
    ddb.on(TransactWriteCommand).rejectsOnce(awsError('TransactionCanceledException')).resolves({});
    const result = await saveHistory(groups, Date.parse('2026-03-04T02:00:00Z'), Date.now());
    expect(result).toEqual({ tickItems: 1, dayUpdates: 1 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    const update = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Update;
    expect(update?.UpdateExpression).toContain('ADD sampled :sampled, #open :open');
    expect(update?.ExpressionAttributeValues?.[':open']).toEqual(new Set(['c-st']));
  });

  it('gives up on other errors', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(BatchGetCommand).resolves({ Responses: { 'mocked-main': [] } });
    ddb.on(TransactWriteCommand).rejects(awsError('ValidationException'));
    await expect(saveHistory(groups, Date.parse('2026-03-04T02:00:00Z'), Date.now())).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
