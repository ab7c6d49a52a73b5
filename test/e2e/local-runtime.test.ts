/**
 * The local runtime itself, against fixture handlers: routing, the HTTP API v2 event, the JWT
 * authorizer, error answers, SQS pollers with partial batch failures and DLQ, schedules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, ScheduledEvent, SQSRecord } from 'aws-lambda';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_REGION } from '../../infra/local/env.ts';
import { LOCAL_ISSUER, LOCAL_WEB_CLIENT_ID } from '../../infra/local/issuer.ts';
import { quietLog } from '../../infra/local/log.ts';
import { startLocalPlatform } from '../../infra/local/platform.ts';
import { FIXTURE_MAX_RECEIVE_COUNT, fixtureManifest } from '../support/fixtures/manifest.ts';
import type { TestPlatform } from '../support/platform.ts';
import { pollUntil, startTestPlatform } from '../support/platform.ts';

interface Echo {
  event: APIGatewayProxyEventV2WithJWTAuthorizer;
  context: {
    functionName: string;
    awsRequestId: string;
    remainingTimeInMillis: number;
    invokedFunctionArn: string;
  };
  env: Record<string, string | undefined>;
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
}

const VISIBILITY_SECONDS = 1;

let platform: TestPlatform;
let dynamodb: DynamoDBClient;
let sqs: SQSClient;

beforeAll(async () => {
  platform = await startTestPlatform({
    manifest: fixtureManifest,
    queueVisibilityTimeoutSeconds: VISIBILITY_SECONDS,
  });
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  dynamodb = new DynamoDBClient({ endpoint: platform.endpoints.dynamodb, region: LOCAL_REGION, credentials });
  sqs = new SQSClient({ endpoint: platform.endpoints.sqs, region: LOCAL_REGION, credentials });
});

afterAll(async () => {
  dynamodb?.destroy();
  sqs?.destroy();
  await platform?.stop();
});

describe('local runtime: environment', () => {
  it('sets the physical table name, queue URL and local flags before handlers load', async () => {
    expect(platform.env.TABLE_MAIN).toBe(`${platform.prefix}-main`);
    expect(platform.env.QUEUE_FIXTURE_JOBS_URL).toMatch(
      new RegExp(`^${platform.endpoints.sqs}/\\d+/${platform.prefix}-fixture-jobs$`),
    );
    expect(platform.env).toMatchObject({
      AWS_REGION: LOCAL_REGION,
      AWS_ENDPOINT_URL_DYNAMODB: platform.endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: platform.endpoints.sqs,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_SERVICE_NAME: 'pmsc',
      DISTRICT_CODE: '310113',
      LOCAL_RUNTIME: 'true',
    });

    const { json } = await platform.api().get<Echo>('/echo/1');

    expect(json.env).toEqual({ TABLE_MAIN: `${platform.prefix}-main`, LOCAL_RUNTIME: 'true' });
  });
});

describe('local runtime: routing', () => {
  it('prefers a static segment over a path variable, whatever the declaration order', async () => {
    const api = platform.api();

    const imported = await api.post('/things/import', {});
    const byId = await api.post('/things/abc', {});
    const special = await api.get('/things/abc/rooms/special');
    const room = await api.get<Echo>('/things/abc/rooms/r1');

    expect(imported.headers.get('x-function')).toBe(`${platform.prefix}-thing-import`);
    expect(byId.headers.get('x-function')).toBe(`${platform.prefix}-thing-by-id`);
    expect(special.headers.get('x-function')).toBe(`${platform.prefix}-thing-special-room`);
    expect(room.headers.get('x-function')).toBe(`${platform.prefix}-thing-rooms`);
    expect(room.json.event.pathParameters).toEqual({ id: 'abc', roomId: 'r1' });
  });

  it('URL-decodes path parameters and keeps rawPath as sent', async () => {
    const { json } = await platform.api().get<Echo>('/echo/a%20b%2Fc');

    expect(json.event.pathParameters).toEqual({ id: 'a b/c' });
    expect(json.event.rawPath).toBe('/echo/a%20b%2Fc');
  });

  it('answers 404 problem+json for an unknown path', async () => {
    const response = await platform.api().get<ProblemBody>('/nowhere');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({
      type: 'https://pmsc.example/problems/not-found',
      title: 'Not Found',
      status: 404,
    });
  });

  it('answers 404, as API Gateway does, for a known path with another method', async () => {
    const response = await platform.api().request<ProblemBody>('DELETE', '/echo/1');

    expect(response.status).toBe(404);
    expect(response.json.type).toBe('https://pmsc.example/problems/not-found');
  });

  it('does not match extra or missing segments', async () => {
    const api = platform.api();

    expect((await api.get('/echo')).status).toBe(404);
    expect((await api.get('/echo/1/extra')).status).toBe(404);
  });
});

describe('local runtime: HTTP API v2 event', () => {
  it('builds the payload format 2.0 event and a Lambda context', async () => {
    const { status, json } = await platform
      .api()
      .post<Echo>(
        '/echo/42/items/7?tag=a&tag=b&q=x%20y',
        { name: 'Ada' },
        { headers: { 'X-Custom-Header': 'Value', cookie: 'c1=v1; c2=v2' } },
      );

    expect(status).toBe(200);
    const { event, context } = json;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /echo/{id}/items/{itemId}',
      rawPath: '/echo/42/items/7',
      rawQueryString: 'tag=a&tag=b&q=x%20y',
      queryStringParameters: { tag: 'a,b', q: 'x y' },
      pathParameters: { id: '42', itemId: '7' },
      body: '{"name":"Ada"}',
      isBase64Encoded: false,
      cookies: ['c1=v1', 'c2=v2'],
    });
    expect(event.headers['x-custom-header']).toBe('Value');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      routeKey: 'POST /echo/{id}/items/{itemId}',
      stage: '$default',
      http: { method: 'POST', path: '/echo/42/items/7', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(60_000);
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(context.functionName).toBe(`${platform.prefix}-echo`);
    expect(context.invokedFunctionArn).toBe(
      `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${platform.prefix}-echo`,
    );
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remainingTimeInMillis).toBeGreaterThan(9_000);
    expect(context.remainingTimeInMillis).toBeLessThanOrEqual(10_000);
  });

  it('omits body, query and path parameters when there are none', async () => {
    const { json } = await platform.api().get<Echo>('/things/x');
    const bare = await platform.api().request<Echo>('POST', '/things/import');

    expect(json.event.queryStringParameters).toBeUndefined();
    expect(json.event.body).toBeUndefined();
    expect(bare.json.event.pathParameters).toBeUndefined();
  });
});

describe('local runtime: handler results', () => {
  it('sends a structured result as given', async () => {
    const response = await platform.api().get('/shapes/teapot');

    expect(response.status).toBe(418);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.text).toBe('short and stout');
  });

  it('turns a plain object into a 200 JSON body', async () => {
    const response = await platform.api().get('/shapes/object');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.json).toEqual({ hello: 'world' });
  });

  it('turns a plain string into a 200 body', async () => {
    const response = await platform.api().get('/shapes/string');

    expect(response.status).toBe(200);
    expect(response.text).toBe('plain text');
  });

  it('sends cookies as Set-Cookie headers and decodes base64 bodies', async () => {
    const cookies = await fetch(`${platform.baseUrl}/shapes/cookies`);
    const binary = await fetch(`${platform.baseUrl}/shapes/base64`);

    expect(cookies.status).toBe(204);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('answers a generic 500 problem when the handler throws or returns garbage', async () => {
    const thrown = await platform.api().get<ProblemBody>('/boom');
    const invalid = await platform.api().get<ProblemBody>('/shapes/invalid');

    for (const response of [thrown, invalid]) {
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.json).toMatchObject({ type: 'https://pmsc.example/problems/internal', status: 500 });
    }
    expect(thrown.text).not.toContain('secret internal detail');
  });

  it('answers 413 problem+json for a body over 10 MB', async () => {
    const response = await platform
      .api()
      .post<ProblemBody>('/things/import', 'x'.repeat(10 * 1024 * 1024 + 1));

    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({
      type: 'https://pmsc.example/problems/payload-too-large',
      status: 413,
    });
  });
});

describe('local runtime: JWT authorizer', () => {
  const expectUnauthorized = (response: { status: number; headers: Headers; json: unknown }) => {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({
      type: 'https://pmsc.example/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail: expect.any(String),
    });
  };

  it('passes a staff ID token with its claims as strings', async () => {
    const token = await platform.mintToken({ role: 'staff', centerId: 'c-42', sub: 'user-1' });

    const { status, json } = await platform.api(token).get<Echo>('/me');

    expect(status).toBe(200);
    const { claims, scopes } = json.event.requestContext.authorizer.jwt;
    expect(claims).toMatchObject({
      sub: 'user-1',
      iss: LOCAL_ISSUER,
      aud: LOCAL_WEB_CLIENT_ID,
      token_use: 'id',
      'cognito:groups': '[staff]',
      'custom:center_id': 'c-42',
    });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(Object.values(claims).every((v) => typeof v === 'string')).toBe(true);
    expect(scopes).toBeNull();
  });

  it('joins array claims with spaces inside brackets', async () => {
    const token = await platform.issuer.sign({
      sub: 'multi',
      aud: LOCAL_WEB_CLIENT_ID,
      'cognito:groups': ['staff', 'admin'],
    });

    const { json } = await platform.api(token).get<Echo>('/me');

    expect(json.event.requestContext.authorizer.jwt.claims['cognito:groups']).toBe('[staff admin]');
  });

  it('passes a machine access token (client_id, no aud) with its scopes', async () => {
    const token = await platform.mintMachineToken();

    const { status, json } = await platform.api(token).get<Echo>('/me');

    expect(status).toBe(200);
    expect(json.event.requestContext.authorizer.jwt.scopes).toEqual(['pmsc/menus:push']);
    expect(json.event.requestContext.authorizer.jwt.claims).toMatchObject({
      client_id: 'local-machine-client',
      token_use: 'access',
      scope: 'pmsc/menus:push',
    });
    expect(json.event.requestContext.authorizer.jwt.claims.aud).toBeUndefined();
  });

  it('rejects a request without a token', async () => {
    expectUnauthorized(await platform.api().get('/me'));
  });

  it('rejects an expired token', async () => {
    const token = await platform.mintToken({ role: 'resident', expiresIn: -60 });

    const response = await platform.api(token).get<ProblemBody>('/me');

    expectUnauthorized(response);
    expect(response.json.detail).toContain('expired');
  });

  it('rejects a token from another issuer, even with the right key', async () => {
    const token = await platform.issuer.sign(
      { sub: 'x', aud: LOCAL_WEB_CLIENT_ID },
      { issuer: 'https://evil.example' },
    );

    expectUnauthorized(await platform.api(token).get('/me'));
  });

  it('rejects a token for another audience', async () => {
    const token = await platform.issuer.sign({ sub: 'x', aud: 'someone-else' });

    expectUnauthorized(await platform.api(token).get('/me'));
  });

  it('rejects a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'x', aud: LOCAL_WEB_CLIENT_ID })
      .setProtectedHeader({ alg: 'ES256', kid: platform.issuer.publicJwk.kid! })
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

    expectUnauthorized(await platform.api(token).get('/me'));
  });

  it('rejects an unsigned token', async () => {
    const token = new UnsecuredJWT({ sub: 'x', aud: LOCAL_WEB_CLIENT_ID })
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();

    expectUnauthorized(await platform.api(token).get('/me'));
  });

  it('lets a public route through without a token', async () => {
    const response = await platform.api().get('/echo/public');

    expect(response.status).toBe(200);
  });
});

describe('local runtime: SQS pollers', () => {
  const attempts = async (id: string): Promise<{ attempts: number; record: SQSRecord } | undefined> => {
    const { Item } = await dynamodb.send(
      new GetItemCommand({
        TableName: platform.env.TABLE_MAIN,
        Key: { pk: { S: `JOB#${id}` }, sk: { S: 'JOB' } },
      }),
    );
    if (Item === undefined) return undefined;
    return {
      attempts: Number(Item.attempts?.N),
      record: JSON.parse(Item.lastRecord?.S ?? '{}') as SQSRecord,
    };
  };

  const dlqBodies = async (): Promise<string[]> => {
    const queue = platform.resources.queues.fixtureJobs!;
    const bodies: string[] = [];
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 0,
      }),
    );
    for (const message of Messages) bodies.push(message.Body ?? '');
    return bodies;
  };

  it('hands batches to the consumer as SQS events and deletes what succeeded', async () => {
    const run = `ok-${Date.now()}`;

    const response = await platform.api().post('/jobs', [
      { id: `${run}-a`, mode: 'ok' },
      { id: `${run}-b`, mode: 'ok' },
    ]);

    expect(response.status).toBe(202);
    const done = await pollUntil(async () => {
      const [a, b] = await Promise.all([attempts(`${run}-a`), attempts(`${run}-b`)]);
      return a !== undefined && b !== undefined && { a, b };
    });
    const queue = platform.resources.queues.fixtureJobs!;
    expect(done.a.record).toMatchObject({
      body: JSON.stringify({ id: `${run}-a`, mode: 'ok' }),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: LOCAL_REGION,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { origin: { dataType: 'String', stringValue: 'fixture' } },
    });
    expect(done.a.record.messageId).toEqual(expect.any(String));
    expect(done.a.record.receiptHandle).toEqual(expect.any(String));
    expect(done.a.record.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    // Deleted: not delivered again once the visibility timeout has passed.
    await new Promise((r) => setTimeout(r, (VISIBILITY_SECONDS + 1.5) * 1000));
    expect((await attempts(`${run}-a`))?.attempts).toBe(1);
    expect((await attempts(`${run}-b`))?.attempts).toBe(1);
  });

  it('retries only the reported batchItemFailures and moves a poison message to the DLQ', async () => {
    const run = `partial-${Date.now()}`;
    const poison = JSON.stringify({ id: `${run}-poison`, mode: 'fail' });

    await platform.api().post('/jobs', [{ id: `${run}-good`, mode: 'ok' }, JSON.parse(poison)]);

    const dead = await pollUntil(async () => (await dlqBodies()).find((b) => b === poison), {
      timeoutMs: 20_000,
      description: 'poison message in the DLQ',
    });
    expect(dead).toBe(poison);
    expect((await attempts(`${run}-poison`))?.attempts).toBe(FIXTURE_MAX_RECEIVE_COUNT);
    expect((await attempts(`${run}-good`))?.attempts).toBe(1);
  });

  it('deletes nothing from a batch whose handler throws', async () => {
    const run = `throw-${Date.now()}`;
    const body = JSON.stringify({ id: `${run}-x`, mode: 'throw' });

    await platform.api().post('/jobs', [JSON.parse(body)]);

    await pollUntil(async () => (await dlqBodies()).find((b) => b === body), {
      timeoutMs: 20_000,
      description: 'failed batch message in the DLQ',
    });
    const seen = await attempts(`${run}-x`);
    expect(seen?.attempts).toBe(FIXTURE_MAX_RECEIVE_COUNT);
    expect(seen?.record.attributes.ApproximateReceiveCount).toBe(String(FIXTURE_MAX_RECEIVE_COUNT));
  });
});

describe('local runtime: schedules', () => {
  it('runs a schedule on demand with an EventBridge scheduled event', async () => {
    const result = (await platform.runSchedule('tick')) as { event: ScheduledEvent; functionName: string };

    expect(result.functionName).toBe(`${platform.prefix}-tick`);
    expect(result.event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      region: LOCAL_REGION,
      detail: {},
      resources: [
        expect.stringMatching(
          new RegExp(`^arn:aws:events:${LOCAL_REGION}:\\d{12}:rule/${platform.prefix}-tick$`),
        ),
      ],
    });
    expect(result.event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('rejects an id that is not a schedule', async () => {
    await expect(platform.runSchedule('echo')).rejects.toThrow(/No scheduled function "echo"/);
  });
});

describe('startLocalPlatform with a data directory', () => {
  it('keeps tables, items and queued messages across a restart, and stops its own DynamoDB Local', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pmsc-local-'));
    // The shared test platform above owns process.env; put it back afterwards.
    const savedEnv = { ...process.env };
    const start = () =>
      startLocalPlatform({
        manifest: fixtureManifest,
        dataDir,
        port: 0,
        prefix: 'persist',
        pollers: false,
        timers: false,
        log: quietLog,
      });
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    try {
      const first = await start();
      const db1 = new DynamoDBClient({
        endpoint: first.endpoints.dynamodb,
        region: LOCAL_REGION,
        credentials,
      });
      const sqs1 = new SQSClient({ endpoint: first.endpoints.sqs, region: LOCAL_REGION, credentials });
      await db1.send(
        new PutItemCommand({ TableName: 'persist-main', Item: { pk: { S: 'KEEP' }, sk: { S: 'ME' } } }),
      );
      await sqs1.send(
        new SendMessageCommand({
          QueueUrl: first.resources.queues.fixtureJobs!.url,
          MessageBody: 'still here',
        }),
      );
      db1.destroy();
      sqs1.destroy();
      await first.stop();
      await expect(fetch(first.endpoints.dynamodb)).rejects.toThrow();

      const second = await start();
      const db2 = new DynamoDBClient({
        endpoint: second.endpoints.dynamodb,
        region: LOCAL_REGION,
        credentials,
      });
      const sqs2 = new SQSClient({ endpoint: second.endpoints.sqs, region: LOCAL_REGION, credentials });
      try {
        const item = await db2.send(
          new GetItemCommand({ TableName: 'persist-main', Key: { pk: { S: 'KEEP' }, sk: { S: 'ME' } } }),
        );
        const tables = await db2.send(new ListTablesCommand({}));
        const received = await sqs2.send(
          new ReceiveMessageCommand({
            QueueUrl: second.resources.queues.fixtureJobs!.url,
            WaitTimeSeconds: 1,
          }),
        );

        expect(item.Item).toEqual({ pk: { S: 'KEEP' }, sk: { S: 'ME' } });
        expect(tables.TableNames).toEqual(['persist-main']);
        expect(received.Messages?.map((m) => m.Body)).toEqual(['still here']);
      } finally {
        db2.destroy();
        sqs2.destroy();
        await second.stop();
      }
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
      Object.assign(process.env, savedEnv);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000); // two DynamoDB Local starts with a data directory: slow when the machine is busy
});

describe('CORS, as the district API allows it', () => {
  it('answers a preflight from the dev front end without reaching a function, and refuses other origins', async () => {
    const preflight = await fetch(`${platform.baseUrl}/echo/1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type,idempotency-key,if-match',
    );
    expect(preflight.headers.get('access-control-max-age')).toBe('3600');

    const stranger = await fetch(`${platform.baseUrl}/echo/1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the allowed origin read the answer and its ETag and Location headers', async () => {
    const res = await fetch(`${platform.baseUrl}/echo/1`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')).toBe('etag,location');
    const other = await fetch(`${platform.baseUrl}/echo/1`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('one request id', () => {
  it('is the same in the problem body of a 500, the apigw-requestid header and the function log', async () => {
    const lines: string[] = [];
    // the logger writes errors to stderr (a Console of its own over process.stdout / stderr)
    const spies = [process.stdout, process.stderr].map((stream) => {
      const write = stream.write.bind(stream);
      return vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest) => {
        lines.push(String(chunk));
        return write(chunk, ...(rest as []));
      });
    });
    try {
      const res = await fetch(`${platform.baseUrl}/faulty`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { requestId: string; detail: string };
      expect(body.detail).not.toMatch(/exploded/);
      expect(res.headers.get('apigw-requestid')).toBe(body.requestId);
      const logged = lines.filter((line) => line.includes('unhandled error'));
      expect(logged.length).toBeGreaterThan(0);
      expect(JSON.parse(logged[0]!)).toMatchObject({ requestId: body.requestId, route: 'GET /faulty' });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
