/**
 * `npm start`: the whole platform on this machine. Data persists under .local/data (`--fresh`
 * wipes it first); the HTTP API listens on PORT (default 3000).
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { buildConsoleSync } from '../../console/build.ts';
import { checkJava, JavaNotFoundError } from './dynamodb-local.ts';
import { PortInUseError } from './http-server.ts';
import { consoleLog } from './log.ts';
import { localDataDir, localKeysDir } from './manifest-source.ts';
import type { LocalPlatform } from './platform.ts';
import { startLocalPlatform } from './platform.ts';

const USAGE = `Usage: npm start [-- --fresh] [-- --seed <code>]

  --fresh        delete the local data (.local/data) before starting
  --seed <code>  seed a city (3101, Shanghai) or a district (310113, Baoshan) from official
                 division data instead of the demo network (coordinates, hours and rooms synthetic)
  --help         show this help

Environment:
  PORT                  HTTP port of the local API (default 3000)
  POWERTOOLS_LOG_LEVEL  log level of the functions (default WARN)
  DISTRICT_CODE         district served (default 310113)`;

const fail = (message: string, code = 1): never => {
  console.error(`\n${message}\n`);
  process.exit(code);
};

const parseCli = () => {
  try {
    return parseArgs({
      options: {
        fresh: { type: 'boolean', default: false },
        seed: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
};

const parsePort = (value: string | undefined): number => {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return fail(`PORT must be a port number, got "${value}"`, 2);
  return port;
};

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

const divisionSeedLine = (platform: LocalPlatform): string => {
  const seed = platform.divisionSeed;
  if (!seed) return '';
  return [
    `  Seeded ${seed.name} (${seed.code}) from ${seed.source}:`,
    `    ${seed.districts} districts, ${seed.streets} streets/towns, ${seed.communities} communities/villages under ${seed.rootId}`,
    `    created ${seed.created}, updated ${seed.updated}, unchanged ${seed.unchanged}; ${seed.rooms} rooms, ${seed.windows} windows (${seed.seconds} s)`,
    '    Codes and names are official; locations, addresses, opening hours, service radii, rooms and',
    '    windows are synthetic (each center lists them in "synthetic").',
  ].join('\n');
};

const printBanner = async (platform: LocalPlatform): Promise<void> => {
  const seed = platform.seedResult;
  const staffCenterId = seed?.staffCenterId;
  const tokens: Array<[string, string]> = [
    ['resident', await platform.mintToken({ role: 'resident' })],
    ...(staffCenterId === undefined
      ? []
      : [
          [
            `staff of ${staffCenterId}`,
            await platform.mintToken({ role: 'staff', centerId: staffCenterId }),
          ] as [string, string],
        ]),
    ['admin', await platform.mintToken({ role: 'admin' })],
    ['machine (menus:push)', await platform.mintMachineToken()],
  ];
  const lines = [
    '',
    'Party-Mass Service Centers — local platform is up',
    '',
    `  API       ${platform.baseUrl}`,
    `  Health    ${platform.baseUrl}/health`,
    `  OpenAPI   ${platform.baseUrl}/openapi.json`,
    `  Console   ${platform.baseUrl}/console (sign in with the local dev login)`,
    `  Data      ${localDataDir} (npm start -- --fresh to wipe)`,
    `  DynamoDB  ${platform.endpoints.dynamodb}   SQS ${platform.endpoints.sqs}`,
    divisionSeedLine(platform),
    seed === undefined || platform.divisionSeed
      ? ''
      : seed.seeded
        ? `  Seeded the demo network: ${seed.centers} centers`
        : '  Demo network already present (not re-seeded)',
    '',
    'Dev tokens (valid 12 h; send as "Authorization: Bearer <token>"):',
    ...tokens.flatMap(([label, token]) => ['', `  ${label}:`, `  ${token}`]),
    '',
    'More tokens: npm run -s token -- --role staff --center <centerId> [--sub <id>] [--expires 2h]',
    '             npm run -s token -- --role machine',
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
};

const main = async (): Promise<void> => {
  const args = parseCli();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(process.env.PORT);

  try {
    checkJava();
  } catch (error) {
    if (error instanceof JavaNotFoundError) fail(error.message);
    throw error;
  }

  // Before starting Java: a second `npm start` must not open the same data directory.
  if (port !== 0 && !(await portIsFree(port))) fail(new PortInUseError(port).message);

  if (args.fresh) {
    rmSync(localDataDir, { recursive: true, force: true });
    console.log(`Wiped ${localDataDir}`);
  }

  let platform: LocalPlatform | undefined;
  let starting: Promise<LocalPlatform> | undefined;
  let shuttingDown = false;
  const shutdown = async (code: number): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    try {
      // A signal while DynamoDB Local is still starting must not leave it running without us:
      // wait for the start to finish (a failed start cleans up itself), then stop what started.
      const running = platform ?? (await starting?.catch(() => undefined));
      await running?.stop();
    } catch (error) {
      console.error('Some local services did not stop cleanly:', error);
      code = code || 1;
    }
    process.exit(code);
  };

  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) {
        // tsx relays the terminal's Ctrl-C, so one keypress arrives twice; only a later one forces.
        if (Date.now() - firstSignalAt < 1500) return;
        console.error('Forced exit.');
        process.exit(130);
      }
      firstSignalAt = Date.now();
      console.log(`\n${signal}: stopping the local platform...`);
      void shutdown(0);
    });
  }

  try {
    const built = buildConsoleSync();
    console.log(
      `Built the console (${Math.round(built.totalGzipBytes / 1024)} KiB gzipped) into ${built.dir}`,
    );
  } catch (error) {
    // the API runs without it; GET /console says the build is missing
    console.error('The console failed to build:', error);
  }

  console.log('Starting DynamoDB Local and the SQS emulator...');
  try {
    starting = startLocalPlatform({
      port,
      dataDir: localDataDir,
      keysDir: localKeysDir,
      seed: true,
      ...(args.seed === undefined ? {} : { seedDivisions: args.seed }),
      pollers: true,
      timers: true,
      accessLog: true,
      log: consoleLog,
      ...(process.env.POWERTOOLS_LOG_LEVEL ? { logLevel: process.env.POWERTOOLS_LOG_LEVEL } : {}),
      ...(process.env.DISTRICT_CODE ? { districtCode: process.env.DISTRICT_CODE } : {}),
      onFatalError: (error) => {
        // A terminal Ctrl-C reaches DynamoDB Local too; that exit is part of shutting down.
        setTimeout(() => {
          if (shuttingDown) return;
          console.error(`\n${error.message}\n\nStopping the local platform.`);
          void shutdown(1);
        }, 300);
      },
    });
    platform = await starting;
  } catch (error) {
    if (shuttingDown) return;
    if (
      error instanceof PortInUseError ||
      error instanceof JavaNotFoundError ||
      (error as Error).name === 'DivisionDataMissingError'
    )
      fail((error as Error).message);
    console.error('\nThe local platform failed to start:', error);
    process.exit(1);
  }
  if (shuttingDown) {
    await platform.stop();
    return;
  }
  await printBanner(platform);
  // Hours stored by an older version get their compiled form first, then a snapshot from the
  // first minute instead of a 404 from GET /grid until the first tick.
  platform
    .runSchedule('recompile-center-hours')
    .catch((error: unknown) => {
      if (!shuttingDown) console.error('Opening hours: the recompile at start failed:', error);
    })
    .then(() => platform.runSchedule('build-grid'))
    .then(
      () => console.log('Grid: first snapshot built (GET /grid); rebuilt every 5 minutes.'),
      (error: unknown) => {
        if (!shuttingDown) console.error('Grid: the first build failed:', error);
      },
    );
};

await main();
