/**
 * Figures 5 and 6 of the city suite: what a million bookings, a million service orders and a
 * district stack's month cost at AWS list prices, from measured DynamoDB capacity units, Lambda
 * durations and SQS calls (bench/city-cost.ts measures them) and the prices and volumes in
 * bench/cost-inputs.json. Pure arithmetic: every input is in the result, so a reader can redo it.
 * Logs (CloudWatch Logs ingestion and storage) are left out, as the targets ask.
 */

export interface Prices {
  readonly lambdaGbSecondArm64: number;
  readonly lambdaRequest: number;
  readonly dynamodbWriteRequestUnit: number;
  readonly dynamodbReadRequestUnit: number;
  readonly dynamodbStorageGbMonth: number;
  readonly dynamodbPitrGbMonth: number;
  readonly sqsRequest: number;
  readonly httpApiRequest: number;
  readonly eventbridgeScheduledInvocation: number;
  readonly cloudwatchAlarmMonth: number;
  readonly cloudwatchCustomMetricMonth: number;
}

/** What one operation (a booking, a service order, a schedule run) uses. */
export interface OperationUse {
  readonly dynamodbWriteUnits: number;
  readonly dynamodbReadUnits: number;
  /** Lambda invocations and their billed GB-seconds. */
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly httpRequests: number;
  readonly sqsRequests: number;
}

export interface CostLine {
  readonly item: string;
  readonly usd: number;
}

const sum = (lines: readonly CostLine[]) => lines.reduce((total, line) => total + line.usd, 0);
export const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The cost of `count` operations, line by line. */
export function costOf(
  use: OperationUse,
  count: number,
  prices: Prices,
): { lines: CostLine[]; total: number } {
  const lines: CostLine[] = [
    {
      item: 'DynamoDB write request units',
      usd: use.dynamodbWriteUnits * count * prices.dynamodbWriteRequestUnit,
    },
    {
      item: 'DynamoDB read request units',
      usd: use.dynamodbReadUnits * count * prices.dynamodbReadRequestUnit,
    },
    { item: 'Lambda requests', usd: use.lambdaInvocations * count * prices.lambdaRequest },
    { item: 'Lambda GB-seconds (arm64)', usd: use.lambdaGbSeconds * count * prices.lambdaGbSecondArm64 },
    { item: 'API Gateway HTTP API requests', usd: use.httpRequests * count * prices.httpApiRequest },
    { item: 'SQS requests', usd: use.sqsRequests * count * prices.sqsRequest },
  ].map((line) => ({ ...line, usd: round(line.usd) }));
  return { lines, total: round(sum(lines)) };
}

export interface DistrictMonthInputs {
  readonly serviceOrdersPerMonth: number;
  readonly bookingsPerMonth: number;
  readonly courseOrdersPerMonth: number;
  /** Resident reads (GET) per booking or order. */
  readonly readsPerWrite: number;
  readonly storageGb: number;
  readonly alarms: number;
  readonly customMetrics: number;
  readonly consumedQueues: number;
}

export interface DistrictMonth {
  readonly variable: CostLine[];
  readonly fixed: CostLine[];
  readonly variableTotal: number;
  readonly fixedTotal: number;
  readonly total: number;
  /** The line that costs most, and its share of the month. */
  readonly dominant: { readonly item: string; readonly share: number };
}

/**
 * A district stack's month: the operations at the seeds' volumes (each schedule run at its
 * manifest rate), plus what it costs to exist (alarms, custom metrics, idle SQS polling, storage).
 */
export function districtMonth(
  inputs: DistrictMonthInputs,
  uses: {
    readonly booking: OperationUse;
    readonly serviceOrder: OperationUse;
    readonly read: OperationUse;
    readonly schedules: readonly {
      readonly id: string;
      readonly runsPerMonth: number;
      readonly use: OperationUse;
    }[];
  },
  prices: Prices,
  idlePollsPerQueueMonth: number,
): DistrictMonth {
  const reads = (inputs.bookingsPerMonth + inputs.serviceOrdersPerMonth) * inputs.readsPerWrite;
  const variable: CostLine[] = [
    {
      item: `bookings (${inputs.bookingsPerMonth.toFixed(0)})`,
      usd: costOf(uses.booking, inputs.bookingsPerMonth, prices).total,
    },
    {
      item: `service orders (${inputs.serviceOrdersPerMonth.toFixed(0)}) and course orders (${inputs.courseOrdersPerMonth.toFixed(0)}, as service orders)`,
      usd: costOf(uses.serviceOrder, inputs.serviceOrdersPerMonth + inputs.courseOrdersPerMonth, prices)
        .total,
    },
    { item: `resident reads (${reads.toFixed(0)})`, usd: costOf(uses.read, reads, prices).total },
    ...uses.schedules.map((schedule) => ({
      item: `schedule ${schedule.id} (${schedule.runsPerMonth} runs)`,
      usd: costOf(schedule.use, schedule.runsPerMonth, prices).total,
    })),
  ];
  const fixed: CostLine[] = [
    { item: `CloudWatch alarm metrics (${inputs.alarms})`, usd: inputs.alarms * prices.cloudwatchAlarmMonth },
    {
      item: `CloudWatch custom metrics (${inputs.customMetrics}, from EMF)`,
      usd: inputs.customMetrics * prices.cloudwatchCustomMetricMonth,
    },
    {
      item: `SQS idle polling by ${inputs.consumedQueues} event source mappings`,
      usd: inputs.consumedQueues * idlePollsPerQueueMonth * prices.sqsRequest,
    },
    {
      item: `DynamoDB storage and PITR (${inputs.storageGb} GB)`,
      usd: inputs.storageGb * (prices.dynamodbStorageGbMonth + prices.dynamodbPitrGbMonth),
    },
  ].map((line) => ({ ...line, usd: round(line.usd) }));
  const all = [...variable, ...fixed];
  const total = sum(all);
  const top = [...all].sort((a, b) => b.usd - a.usd)[0]!;
  return {
    variable,
    fixed,
    variableTotal: round(sum(variable)),
    fixedTotal: round(sum(fixed)),
    total: round(total),
    dominant: { item: top.item, share: round(total === 0 ? 0 : top.usd / total, 3) },
  };
}
