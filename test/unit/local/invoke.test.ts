import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HOP_ATTRIBUTE, hopsOf, withHopCount } from '../../../infra/local/hops.ts';
import {
  FunctionTimeoutError,
  IntegrationTimeoutError,
  invokeBehindHttpApi,
  invokeWithTimeout,
} from '../../../infra/local/invoke.ts';

const context = {} as Context;
const sleep = (ms: number, value: unknown = 'done') =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('invokeWithTimeout', () => {
  it('resolves to what the handler returns within its timeout', async () => {
    await expect(invokeWithTimeout(() => sleep(5, 'ok'), {}, context, 500)).resolves.toBe('ok');
  });

  it('rejects with Lambda’s timeout message once the timeout has passed', async () => {
    const started = Date.now();
    const error = await invokeWithTimeout(() => sleep(2000), {}, context, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionTimeoutError);
    expect((error as Error).message).toBe('Task timed out after 0.10 seconds');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('passes on the handler’s own error, thrown or rejected', async () => {
    const boom = new Error('boom');
    await expect(
      invokeWithTimeout(
        () => {
          throw boom;
        },
        {},
        context,
        500,
      ),
    ).rejects.toBe(boom);
    await expect(invokeWithTimeout(() => Promise.reject(boom), {}, context, 500)).rejects.toBe(boom);
  });
});

describe('invokeBehindHttpApi', () => {
  it('is a function timeout when the function times out before the integration does', async () => {
    const error = await invokeBehindHttpApi(() => sleep(2000), {}, context, 50, 500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionTimeoutError);
  });

  it('is an integration timeout when the function may run longer than the gateway waits', async () => {
    const error = await invokeBehindHttpApi(() => sleep(2000), {}, context, 5000, 50).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IntegrationTimeoutError);
  });
});

describe('hop counting', () => {
  it('stamps every message of a batch, keeping its other attributes', () => {
    const input = {
      QueueUrl: 'q',
      Entries: [
        {
          Id: '0',
          MessageBody: 'a',
          MessageAttributes: { origin: { DataType: 'String', StringValue: 'x' } },
        },
        { Id: '1', MessageBody: 'b' },
      ],
    };
    const stamped = withHopCount('SendMessageBatchCommand', input, 3);
    expect(stamped.Entries.map((e) => e.MessageAttributes)).toEqual([
      {
        origin: { DataType: 'String', StringValue: 'x' },
        [HOP_ATTRIBUTE]: { DataType: 'Number', StringValue: '3' },
      },
      { [HOP_ATTRIBUTE]: { DataType: 'Number', StringValue: '3' } },
    ]);
    expect(input.Entries[1]).toEqual({ Id: '1', MessageBody: 'b' });
  });

  it('stamps a single send and leaves other commands alone', () => {
    expect(withHopCount('SendMessageCommand', { MessageBody: 'a' }, 1)).toEqual({
      MessageBody: 'a',
      MessageAttributes: { [HOP_ATTRIBUTE]: { DataType: 'Number', StringValue: '1' } },
    });
    expect(withHopCount('DeleteMessageCommand', { ReceiptHandle: 'r' }, 1)).toEqual({ ReceiptHandle: 'r' });
  });

  it('reads a missing or malformed count as the start of a chain', () => {
    expect(hopsOf({ messageAttributes: {} })).toBe(0);
    const attribute = (stringValue: string) => ({
      messageAttributes: {
        [HOP_ATTRIBUTE]: { dataType: 'Number', stringValue, stringListValues: [], binaryListValues: [] },
      },
    });
    expect(hopsOf(attribute('7'))).toBe(7);
    expect(hopsOf(attribute('x'))).toBe(0);
  });
});
