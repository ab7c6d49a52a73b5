import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { failedMessageIds, toSqsRecord } from '../../../infra/local/sqs-poller.ts';

const records = [{ messageId: 'a' }, { messageId: 'b' }, { messageId: 'c' }] as SQSRecord[];

describe('failedMessageIds', () => {
  it('fails nothing when the consumer returns nothing or an empty list', () => {
    expect(failedMessageIds(records, undefined).size).toBe(0);
    expect(failedMessageIds(records, { batchItemFailures: [] }).size).toBe(0);
  });

  it('fails exactly the listed items', () => {
    expect([...failedMessageIds(records, { batchItemFailures: [{ itemIdentifier: 'b' }] })]).toEqual(['b']);
  });

  it('fails the whole batch when an item id is unknown or empty, as Lambda does', () => {
    expect(failedMessageIds(records, { batchItemFailures: [{ itemIdentifier: 'zzz' }] }).size).toBe(3);
    expect(failedMessageIds(records, { batchItemFailures: [{ itemIdentifier: '' }] }).size).toBe(3);
  });
});

describe('toSqsRecord', () => {
  it('maps an SQS message to a Lambda SQS record', () => {
    const record = toSqsRecord(
      {
        MessageId: 'm1',
        ReceiptHandle: 'rh',
        Body: 'hello',
        MD5OfBody: '5d41402abc4b2a76b9719d911017c592',
        Attributes: {
          ApproximateReceiveCount: '3',
          SentTimestamp: '1',
          SenderId: 's',
          ApproximateFirstReceiveTimestamp: '2',
        },
        MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
      },
      'arn:aws:sqs:ap-east-1:000000000000:q',
    );

    expect(record).toEqual({
      messageId: 'm1',
      receiptHandle: 'rh',
      body: 'hello',
      attributes: {
        ApproximateReceiveCount: '3',
        SentTimestamp: '1',
        SenderId: 's',
        ApproximateFirstReceiveTimestamp: '2',
      },
      messageAttributes: {
        k: { dataType: 'String', stringValue: 'v', stringListValues: [], binaryListValues: [] },
      },
      md5OfBody: '5d41402abc4b2a76b9719d911017c592',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-east-1:000000000000:q',
      awsRegion: 'ap-east-1',
    });
  });
});
