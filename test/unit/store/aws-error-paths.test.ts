import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as getCenterHandler } from '../../../functions/centers/get-center.ts';
import type { Center } from '../../../shared/domain/center.ts';
import { ConflictError, PreconditionFailedError, ValidationError } from '../../../shared/domain/errors.ts';
import { compileOpeningHours } from '../../../shared/domain/opening-hours.ts';
import { putCenter, updateCenter } from '../../../shared/store/centers.ts';

/**
 * Failures DynamoDB Local never produces (throttling, a lost race between read and write, a
 * cancelled transaction), simulated with aws-sdk-client-mock.
 */

const ddb = mockClient(DynamoDBDocumentClient);

const center: Center = {
  id: 'c-child',
  parentId: 'c-parent',
  level: 'street',
  name: 'x',
  address: 'x',
  location: { lat: 31, lon: 121 },
  serviceRadiusMeters: 1000,
  timeZone: 'Asia/Shanghai',
  openingHours: '24/7',
  contact: {},
  status: 'active',
  path: '/c-parent/c-child/',
  depth: 1,
  version: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

function awsError(name: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(name), { name, $metadata: {}, ...extra });
}

beforeAll(() => {
  process.env.TABLE_MAIN = 'mocked-main';
});
afterAll(() => ddb.restore());
beforeEach(() => ddb.reset());

describe('AWS error paths', () => {
  it('answers 503 with Retry-After when DynamoDB throttles', async () => {
    ddb.on(GetCommand).rejects(awsError('ThrottlingException'));
    const res = await getCenterHandler(
      {
        routeKey: 'GET /centers/{id}',
        rawPath: '/centers/c-child',
        headers: {},
        pathParameters: { id: 'c-child' },
        requestContext: { requestId: 'r', authorizer: { jwt: { claims: { sub: 'u' }, scopes: null } } },
      } as never,
      { awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 } as unknown as Context,
    );
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('1');
    expect(JSON.parse(res.body!).type).toMatch(/service-busy$/);
  });

  it('turns a lost optimistic-lock race into 412', async () => {
    ddb.on(UpdateCommand).rejects(awsError('ConditionalCheckFailedException'));
    await expect(
      updateCenter(
        center,
        { name: 'new' },
        2,
        '2026-01-02T00:00:00Z',
        compileOpeningHours(center.openingHours),
      ),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('reports a parent deleted during the create as a 400 on parentId', async () => {
    ddb.on(TransactWriteCommand).rejects(
      awsError('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const error = await putCenter(center).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]?.field).toBe('parentId');
  });

  it('reports an id collision as 409', async () => {
    ddb.on(TransactWriteCommand).rejects(
      awsError('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    await expect(putCenter(center)).rejects.toBeInstanceOf(ConflictError);
  });
});
