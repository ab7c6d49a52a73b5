import type { CitySection } from './city-suite.ts';
import type { GridScaleResult } from './grid-scale.ts';

/** The city suite's part of RESULTS.md: each figure of issue 12 against its target. */

const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const usd = (value: number) => `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
const verdict = (ok: boolean) => (ok ? 'met' : 'missed');

function gridRows(grid: GridScaleResult | undefined, section: CitySection): string {
  if (!grid) return 'Not run at these sizes (`--city-sizes` left figure 2 out).';
  const rows = grid.sizes.flatMap((size) =>
    size.builds.map((build) => {
      const seconds = build.durationMs / 1000;
      const scans = build.byOperation.Scan ?? 0;
      const target =
        size.centers <= 10_000
          ? `${verdict(seconds <= section.targets.gridSeconds10k && build.dynamodbRequests <= section.targets.gridRequests10k && scans === 0)} (<= 2 s, <= 150 requests, no Scan)`
          : `${verdict(seconds <= section.targets.gridSeconds70k && build.memory.peakRssMB <= section.targets.gridMemoryMB70k)} (<= 10 s, < 512 MB)`;
      return [
        size.centers.toLocaleString('en-US'),
        build.tick,
        seconds.toFixed(2),
        build.dynamodbRequests,
        scans,
        build.memory.peakRssMB.toFixed(0),
        target,
      ];
    }),
  );
  return table(['centers', 'tick', 'build s', 'requests', 'Scan', 'peak RSS MB', 'target'], rows);
}

export function renderCityMarkdown(section: CitySection): string {
  const imp = section.cityImport;
  const cost = section.cost;
  const order = cost.measured.find((m) => m.what.startsWith('service order'));
  const month = cost.districtMonth;
  const lines = [
    section.method,
    '',
    `Sizes run: ${section.smoke ? 'smoke (a slice, code paths only); ' : ''}import ${imp.code} (${imp.rows.toLocaleString('en-US')} rows, ${imp.runs.length} run(s), naive ${imp.naiveRows} rows); grid ${section.sizes.gridSizes.join(', ') || 'not run'}; service orders ${section.sizes.orders || 'not run'}${section.sizes.orders ? ` (${section.sizes.ordersConcurrency} in flight)` : ''}; cost ${section.sizes.costOrders} orders${section.sizes.seedDistrictForCost ? ' on the demo network plus Baoshan from the division data' : ' on the demo network'}.`,
    '',
    '### Figure 1: a city imported from CSV, end to end',
    '',
    table(
      [
        'rows',
        'CSV',
        'end to end s (median)',
        'accept s',
        'write s',
        're-import s',
        'rows/s',
        'naive rows/s (one POST each)',
        'speed-up',
        'peak RSS MB',
        'target',
      ],
      [
        [
          imp.rows.toLocaleString('en-US'),
          `${(imp.csvBytes / 1024 / 1024).toFixed(2)} MB`,
          imp.median.endToEndSeconds,
          imp.median.acceptSeconds,
          imp.median.writeSeconds,
          imp.median.reimportSeconds,
          imp.median.rowsPerSecond,
          imp.median.naiveRowsPerSecond,
          `${imp.median.speedup}x`,
          imp.median.peakRssMB,
          `${verdict(imp.median.endToEndSeconds <= section.targets.importSeconds)} (<= 60 s)`,
        ],
      ],
    ),
    '',
    `Runs: ${imp.runs.map((r) => `${r.endToEndSeconds} s (${r.chunks} chunks, naive ${r.naiveSeconds} s)`).join('; ')}. Peak RSS is the Node process that runs the API, the consumer and the load generator (DynamoDB Local is a separate Java process).`,
    '',
    '### Figure 2: grid build',
    '',
    gridRows(section.grid, section),
    '',
    '### Figure 3: reads at 200 req/s against the bare SDK call',
    '',
    'Measured apart from this suite: the `routes` measure (`npm run bench -- --only routes`, section 11) puts GET /centers/{id}, GET /centers?near=&openNow= and POST /bookings at 200 req/s next to the bare DynamoDB call.',
    '',
    '### Figure 4: service orders, POST to assigned',
    '',
    section.serviceOrders
      ? table(
          [
            'orders',
            'in flight',
            'POST to assigned p50 ms',
            'p99 ms',
            'POST p50 ms',
            'DynamoDB requests per order',
            'target',
          ],
          [
            [
              section.serviceOrders.orders,
              section.serviceOrders.concurrency,
              section.serviceOrders.postToAssigned.p50,
              section.serviceOrders.postToAssigned.p99,
              section.serviceOrders.post.p50,
              order
                ? `${order.perOperation.dynamodbRequests.toFixed(1)} (${Object.entries(
                    order.perOperation.byOperation,
                  )
                    .map(
                      ([op, n]) =>
                        `${op} ${(n / (cost.measured.find((m) => m === order)?.count ?? 1)).toFixed(1)}`,
                    )
                    .join(', ')})`
                : '-',
              `${verdict(section.serviceOrders.postToAssigned.p50 <= section.targets.orderP50Ms)} (p50 <= 300 ms)`,
            ],
          ],
        )
      : `Burst not run at these sizes. DynamoDB requests per order (POST to assigned, measured in the cost run): ${
          order
            ? `${order.perOperation.dynamodbRequests.toFixed(1)} (${Object.entries(
                order.perOperation.byOperation,
              )
                .map(([op, n]) => `${op} ${(n / order.count).toFixed(1)}`)
                .join(', ')})`
            : '-'
        }.`,
    '',
    `### Figure 5: cost per million (${cost.region} list prices, without logs)`,
    '',
    table(
      ['per million', 'total', ...cost.perMillion.bookings.lines.map((l) => l.item), 'target'],
      [
        [
          `bookings${cost.booking.measured ? '' : ' (modelled)'}`,
          usd(cost.perMillion.bookings.total),
          ...cost.perMillion.bookings.lines.map((l) => usd(l.usd)),
          `${verdict(cost.perMillion.bookings.total <= section.targets.bookingsPerMillionUsd)} (<= $5)`,
        ],
        [
          'service orders (measured)',
          usd(cost.perMillion.serviceOrders.total),
          ...cost.perMillion.serviceOrders.lines.map((l) => usd(l.usd)),
          '',
        ],
      ],
    ),
    '',
    "Measured per operation (DynamoDB Local's consumed capacity: item sizes, index writes, transactions at double):",
    '',
    table(
      ['operation', 'write units', 'read units', 'DynamoDB requests', 'by operation', 'GB-s'],
      cost.measured.map((m) => [
        m.what,
        m.perOperation.dynamodbWriteUnits.toFixed(2),
        m.perOperation.dynamodbReadUnits.toFixed(2),
        m.perOperation.dynamodbRequests.toFixed(1),
        Object.entries(m.perOperation.byOperation)
          .map(([op, n]) => `${op} ${n}`)
          .join(', '),
        m.perOperation.lambdaGbSeconds.toFixed(4),
      ]),
    ),
    '',
    "### Figure 6: one district stack for a month at the seeds' volumes",
    '',
    table(
      ['line', 'USD / month'],
      [...month.variable, ...month.fixed].map((line) => [line.item, usd(line.usd)]),
    ),
    '',
    `Total ${usd(month.total)} (operations ${usd(month.variableTotal)}, fixed ${usd(month.fixedTotal)}): ${verdict(month.total <= section.targets.districtMonthUsd)} against <= $3. Dominated by ${month.dominant.item} (${(month.dominant.share * 100).toFixed(0)} %).`,
    '',
    `Inputs: ${cost.inputsFile} (prices, idle SQS polling, volumes). ${cost.booking.note}`,
    '',
    '### Where targets are missed, by how much and why',
    '',
    ...misses(section),
  ];
  return lines.join('\n');
}

/** One line per missed target: the gap, and what the measures say about its cause. */
function misses(section: CitySection): string[] {
  const out: string[] = [];
  const t = section.targets;
  for (const size of section.grid?.sizes ?? []) {
    const slowest = Math.max(...size.builds.map((b) => b.durationMs)) / 1000;
    const limit = size.centers <= 10_000 ? t.gridSeconds10k : t.gridSeconds70k;
    const requests = Math.max(...size.builds.map((b) => b.dynamodbRequests));
    if (slowest > limit) {
      out.push(
        `- Grid at ${size.centers.toLocaleString('en-US')}: ${slowest.toFixed(1)} s against ${limit} s (${(slowest / limit).toFixed(1)}x). With ${requests} DynamoDB requests and no Scan, the time is the builder's own CPU (statuses and H3 cells of every center in one process, on a shared core), not round trips; the builder is not changed in this work.`,
      );
    }
  }
  const orders = section.serviceOrders;
  if (orders && orders.postToAssigned.p50 > t.orderP50Ms) {
    out.push(
      `- Service orders: POST to assigned p50 ${orders.postToAssigned.p50} ms against ${t.orderP50Ms} ms (${(orders.postToAssigned.p50 / t.orderP50Ms).toFixed(1)}x); the POST round trip alone is p50 ${orders.post.p50} ms on the local runtime, where the API, the consumers, the load generator and the SQS emulator share one Node process; the requests per order are listed above (three GetItem per order are worth checking for repeats).`,
    );
  }
  const order = section.cost.measured.find((m) => m.what.startsWith('service order'));
  const bookings = section.cost.perMillion.bookings;
  if (bookings.total > t.bookingsPerMillionUsd) {
    const writes = bookings.lines.find((l) => l.item.startsWith('DynamoDB write'))?.usd ?? 0;
    out.push(
      `- Bookings: $${bookings.total.toFixed(2)} per million against $${t.bookingsPerMillionUsd} (+$${(bookings.total - t.bookingsPerMillionUsd).toFixed(2)}): writes are $${writes.toFixed(2)} of it. A booking is one transaction (every item counts double): the booking with its four index entries (all indexes project all attributes, so each entry costs what the item costs), a room cell per 15 minutes, the resident's limits and a time cell per 15 minutes, the create guard; then the Powertools idempotency record twice and the notification's messages. Projecting the indexes to what their reads need, and one idempotency mechanism instead of two, are the levers.`,
    );
  }
  if (order) {
    out.push(
      `- Service orders cost $${section.cost.perMillion.serviceOrders.total.toFixed(2)} per million (no target): ${order.perOperation.dynamodbWriteUnits.toFixed(0)} write units an order, from the order item written in a transaction and written again on assignment, each time with its four index entries (all indexes project all attributes, so each entry costs what the item costs); projecting the indexes to what their reads need is the lever.`,
    );
  }
  const month = section.cost.districtMonth;
  if (month.total > t.districtMonthUsd) {
    out.push(
      `- A district month: $${month.total.toFixed(2)} against $${t.districtMonthUsd} (${(month.total / t.districtMonthUsd).toFixed(1)}x). Operations are $${month.variableTotal.toFixed(2)}; the fixed $${month.fixedTotal.toFixed(2)} is monitoring and idle polling: alarm metrics (a metric-math alarm is billed per metric it reads), custom metrics (one per EMF metric name and district) and the long polling of each consumed queue. Operations alone are within the target; the fixed part is what a district pays for being watched (see bench/cost-inputs.json).`,
    );
  }
  if (section.cityImport.median.endToEndSeconds > t.importSeconds) {
    out.push(`- Import: ${section.cityImport.median.endToEndSeconds} s against ${t.importSeconds} s.`);
  }
  return out.length > 0 ? out : ['- None.'];
}
