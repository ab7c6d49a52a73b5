/**
 * A second local runtime in its own process, for tests that need two stacks at once (a city
 * and a district): one process holds one stack, since handlers read their tables and queues
 * from process.env. It uses the test run's DynamoDB Local and fauxqs (PMSC_DYNAMODB_ENDPOINT,
 * PMSC_SQS_ENDPOINT) under its own prefix (PMSC_PREFIX), seeds the demo network, prints one
 * `READY {json}` line with its URL and an admin token, and stops on SIGTERM.
 */
import { quietLog } from '../../infra/local/log.ts';
import { startLocalPlatform } from '../../infra/local/platform.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const platform = await startLocalPlatform({
  endpoints: { dynamodb: env('PMSC_DYNAMODB_ENDPOINT'), sqs: env('PMSC_SQS_ENDPOINT') },
  port: 0,
  prefix: env('PMSC_PREFIX'),
  seed: true,
  pollers: true,
  timers: false,
  queueVisibilityTimeoutSeconds: 1,
  log: quietLog,
  ...(process.env.DISTRICT_CODE ? { districtCode: process.env.DISTRICT_CODE } : {}),
});
const adminToken = await platform.mintToken({ role: 'admin' });
process.stdout.write(`READY ${JSON.stringify({ baseUrl: platform.baseUrl, adminToken })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await platform.stop().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
