import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  applyCourseChange,
  placeCourseOrder,
  type RoomHold,
  type StoredCourseOrder,
  scheduleCourseOrder,
} from '../../../shared/domain/course-order.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import { EXAMPLE_COURSE } from '../../../shared/domain/menus.ts';
import { transitionItems, writeTransition } from '../../../shared/store/course-orders.ts';

/**
 * The transactions of course-order transitions as they are assembled (one list per transition,
 * the order first), and the answers DynamoDB Local never gives (a transaction conflict), with
 * aws-sdk-client-mock.
 */

const ddb = mockClient(DynamoDBDocumentClient);
const AT = '2026-03-05T09:00:00+08:00';
const HOLD: RoomHold = {
  roomId: 'r-hall',
  cells: ['2026-03-06T01:00:00.000Z', '2026-03-06T01:15:00.000Z'],
  cellCapacity: 40,
  take: 40,
};

const requested: StoredCourseOrder = placeCourseOrder({
  id: 'co-1',
  origin: 'resident',
  center: { id: 'c-a', path: '/c-d/c-s/c-a/', level: 'community', status: 'active' },
  copy: {
    menuId: 'mn-1',
    centerId: 'c-a',
    kind: 'course',
    publisherCenterId: 'c-d',
    content: EXAMPLE_COURSE,
    version: 1,
    revision: 1,
    state: 'new',
    receivedAt: AT,
    updatedAt: AT,
    copyVersion: 1,
  },
  menuId: 'mn-1',
  provider: { id: 'c-d', path: '/c-d/' },
  placedBy: { sub: 'r', by: 'resident r' },
  at: AT,
});
const plan = {
  start: '2026-03-06T09:00:00+08:00',
  end: '2026-03-06T09:30:00+08:00',
  lecturer: 'Wang',
  room: { id: 'r-hall', name: 'Hall' },
  hold: HOLD,
};
const scheduled = scheduleCourseOrder(requested, plan, 'staff s', AT);

const cancelled = (error: string[]) =>
  Object.assign(new Error('cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: error.map((Code) => ({ Code })),
  });

beforeAll(() => {
  process.env.TABLE_MAIN = 'mocked-main';
});
beforeEach(() => ddb.reset());
afterAll(() => ddb.restore());

describe('transitionItems', () => {
  it('writes the order first, over the version and status it was computed from', () => {
    const [put] = transitionItems('schedule', requested, scheduled);
    expect(put?.Put).toMatchObject({
      Item: { pk: 'CORDER#co-1', status: 'scheduled', version: 2 },
      ConditionExpression: 'version = :v AND #s = :s',
      ExpressionAttributeValues: { ':v': 1, ':s': 'requested' },
    });
  });

  it('takes every cell of the session whole when scheduling', () => {
    const cells = transitionItems('schedule', requested, scheduled).slice(1);
    expect(cells.map((c) => c.Update?.Key)).toEqual(
      HOLD.cells.map((cell) => ({ pk: 'ROOMCELLS#c-a#r-hall', sk: cell })),
    );
    expect(cells[0]?.Update).toMatchObject({
      ConditionExpression: 'attribute_not_exists(remaining) OR remaining >= :take',
      ExpressionAttributeValues: { ':cap': 40, ':take': 40 },
    });
  });

  it('gives the cells back when a scheduled order is cancelled, and nothing for a requested one', () => {
    const afterScheduled = applyCourseChange(scheduled, { action: 'cancel', by: 'r', at: AT });
    const items = transitionItems('cancel', scheduled, afterScheduled);
    expect(items.slice(1).map((c) => c.Update?.ExpressionAttributeValues?.[':take'])).toEqual([40, 40]);
    const afterRequested = applyCourseChange(requested, { action: 'cancel', by: 'r', at: AT });
    expect(transitionItems('cancel', requested, afterRequested)).toHaveLength(1);
  });

  it('counts a delivery and a rating at the receiving center and each center above it, and nothing for a decline', () => {
    const delivered = applyCourseChange(
      scheduled,
      { action: 'deliver', by: 's', at: AT },
      { attendance: { headcount: 27, recordedAt: AT } },
    );
    const rated = applyCourseChange(
      delivered,
      { action: 'rate', by: 'r', at: AT },
      { rating: { level: 'satisfied', at: AT } },
    );
    const declined = applyCourseChange(requested, { action: 'decline', by: 's', at: AT });
    const counters = (items: ReturnType<typeof transitionItems>) =>
      items
        .slice(1)
        .map((item) => String(item.Update?.Key?.pk))
        .sort();
    // the order first, then one counter per center of the path /c-d/c-s/c-a/
    const deliveredItems = transitionItems('deliver', scheduled, delivered);
    expect(counters(deliveredItems)).toEqual(['STATS#c-a', 'STATS#c-d', 'STATS#c-s']);
    const added = Object.values(deliveredItems[1]?.Update?.ExpressionAttributeValues ?? {});
    expect(added).toContain(27);
    expect(counters(transitionItems('rate', delivered, rated))).toEqual([
      'STATS#c-a',
      'STATS#c-d',
      'STATS#c-s',
    ]);
    expect(transitionItems('decline', requested, declined)).toHaveLength(1);
  });

  it('refuses a write the action does not lead to', () => {
    expect(() => transitionItems('deliver', requested, scheduled)).toThrow('deliver does not lead');
  });
});

describe('writeTransition', () => {
  it('answers 409 when a room cell is short, and false when the order changed meanwhile', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['None', 'None', 'ConditionalCheckFailed']))
      .rejectsOnce(cancelled(['ConditionalCheckFailed', 'None', 'None']));
    await expect(writeTransition('schedule', requested, scheduled)).rejects.toThrow(ConflictError);
    await expect(writeTransition('schedule', requested, scheduled)).resolves.toBe(false);
  });

  it('retries a transaction that lost to another one on the same cells, then writes', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['None', 'TransactionConflict', 'None']))
      .resolves({});
    await expect(writeTransition('schedule', requested, scheduled)).resolves.toBe(true);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });
});
