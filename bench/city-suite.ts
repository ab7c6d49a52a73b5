/**
 * The benchmark suite at city size (`npm run bench -- --only city --merge`, or `--city-smoke` for
 * the few-second version `npm test` runs): figure 1 (a city's import from CSV, against one POST
 * per center), figure 2 (the grid build at 10,000 and 70,000 centers), figure 4 (service orders,
 * POST to assigned, with DynamoDB requests per order), figures 5 and 6 (the cost model).
 * Figure 3 (three routes at 200 req/s against the bare SDK call) is the `routes` measure of
 * bench/run.ts (bench/route-latency.ts), apart from this suite.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../infra/local/manifest-source.ts';
import type { CityCostResult } from './city-cost.ts';
import { type CityImportResult, measureCityImport } from './city-import.ts';
import { type GridScaleResult, measureGridScale } from './grid-scale.ts';
import { measureServiceOrderAssignment, type ServiceOrderBenchResult } from './service-orders.ts';

export const CITY_TARGETS = {
  importSeconds: 60,
  gridSeconds10k: 2,
  gridRequests10k: 150,
  gridSeconds70k: 10,
  gridMemoryMB70k: 512,
  orderP50Ms: 300,
  bookingsPerMillionUsd: 5,
  districtMonthUsd: 3,
} as const;

export interface CitySuiteSizes {
  readonly importCode: string;
  readonly importRuns: number;
  readonly naiveRows: number;
  readonly importLimitRows?: number;
  readonly gridSizes: readonly number[];
  readonly orders: number;
  readonly ordersConcurrency: number;
  readonly costOrders: number;
  readonly seedDistrictForCost: boolean;
}

export const FULL_SIZES: CitySuiteSizes = {
  importCode: '3101',
  importRuns: 3,
  naiveRows: 300,
  gridSizes: [10_000, 70_000],
  orders: 1000,
  ordersConcurrency: 50,
  costOrders: 20,
  seedDistrictForCost: true,
};

/** For a shared machine: the whole city's import once, the grid at 10,000, a smaller burst. */
export const REDUCED_SIZES: CitySuiteSizes = {
  importCode: '3101',
  importRuns: 1,
  naiveRows: 100,
  gridSizes: [10_000],
  orders: 200,
  ordersConcurrency: 20,
  costOrders: 10,
  seedDistrictForCost: true,
};

/** A few seconds per figure: the suite's code paths, not its numbers. */
export const SMOKE_SIZES: CitySuiteSizes = {
  importCode: '310113',
  importRuns: 1,
  naiveRows: 5,
  importLimitRows: 40,
  gridSizes: [],
  orders: 0,
  ordersConcurrency: 1,
  costOrders: 2,
  seedDistrictForCost: false,
};

export interface CitySection {
  readonly method: string;
  readonly sizes: CitySuiteSizes;
  readonly smoke: boolean;
  readonly targets: typeof CITY_TARGETS;
  readonly cityImport: CityImportResult;
  readonly grid?: GridScaleResult;
  readonly serviceOrders?: ServiceOrderBenchResult;
  readonly cost: CityCostResult;
}

export async function measureCitySuite(options: {
  readonly node: string;
  readonly sizes?: CitySuiteSizes;
  readonly log?: (message: string) => void;
}): Promise<CitySection> {
  const sizes = options.sizes ?? FULL_SIZES;
  const log = options.log ?? (() => undefined);
  log(
    `city 1: import of ${sizes.importCode} from CSV, ${sizes.importRuns} run(s), naive ${sizes.naiveRows} rows alternating`,
  );
  const cityImport = await measureCityImport({
    node: options.node,
    code: sizes.importCode,
    runs: sizes.importRuns,
    naiveRows: sizes.naiveRows,
    ...(sizes.importLimitRows === undefined ? {} : { limitRows: sizes.importLimitRows }),
    log,
  });
  let grid: GridScaleResult | undefined;
  if (sizes.gridSizes.length > 0) {
    log(`city 2: grid build at ${sizes.gridSizes.join(', ')} centers`);
    grid = await measureGridScale({ node: options.node, sizes: sizes.gridSizes, log });
  }
  let serviceOrders: ServiceOrderBenchResult | undefined;
  if (sizes.orders > 0) {
    log(`city 4: ${sizes.orders} service orders, ${sizes.ordersConcurrency} in flight`);
    serviceOrders = await measureServiceOrderAssignment({
      orders: sizes.orders,
      concurrency: sizes.ordersConcurrency,
      log,
    });
  }
  log('city 5, 6: capacity units, invocations and SQS calls per operation, priced');
  // in a process of its own: the handlers of this process keep the endpoints of the platforms above
  const cost = await costInChild(options.node, sizes);
  return {
    method:
      'bench/city-suite.ts: figure 1 by bench/city-import.ts (a fresh in-memory platform per run, pollers on; the division file as CSV; end to end from the upload to completed; the naive way is one POST /centers per row for the first rows, in the same platform, alternating which goes first), figure 2 by bench/grid-scale.ts, figure 4 by bench/service-orders.ts, figures 5 and 6 by bench/city-cost.ts (capacity as DynamoDB Local reports it, with ReturnConsumedCapacity on every call of the process client) priced by bench/cost-model.ts with bench/cost-inputs.json.',
    sizes,
    smoke: sizes === SMOKE_SIZES,
    targets: CITY_TARGETS,
    cityImport,
    ...(grid ? { grid } : {}),
    ...(serviceOrders ? { serviceOrders } : {}),
    cost,
  };
}

function costInChild(node: string, sizes: CitySuiteSizes): Promise<CityCostResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      node,
      [
        '--import',
        'tsx',
        join(projectRoot, 'bench/city-cost.ts'),
        '--orders',
        String(sizes.costOrders),
        ...(sizes.seedDistrictForCost ? [] : ['--no-seed-district']),
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`city cost run exited with ${code}`));
      else resolve(JSON.parse(out.slice(out.indexOf('{\n'))) as CityCostResult);
    });
  });
}
