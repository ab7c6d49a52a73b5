/**
 * Deploys several districts one after another, each its data stack then its app stack, and
 * reports each: `npm run deploy -- --districts 310113,310104` (a list, a city code such as
 * `310000`, or `all`). Extra arguments after `--` go to `cdk deploy` (`-- --require-approval never`).
 * `--dry-run` prints the commands; `--keep-going` deploys the rest after a failure. One run
 * deploys to one partition (`--partition aws-cn` picks the China districts of a city).
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  appStackNameOf,
  checkDistrict,
  type DistrictConfig,
  dataStackNameOf,
  keyOf,
  resolveDistricts,
} from './config/districts.ts';

export interface DeployOptions {
  readonly districts: readonly DistrictConfig[];
  readonly cdkArgs: readonly string[];
  readonly keepGoing: boolean;
}

export interface DeployStep {
  readonly district: DistrictConfig;
  readonly command: readonly string[];
}

export interface DeployResult {
  readonly district: string;
  readonly stacks: readonly string[];
  readonly status: 'deployed' | 'failed' | 'skipped';
  readonly seconds: number;
}

/** Runs one command and says whether it succeeded. */
export type Runner = (command: readonly string[]) => boolean;

const USAGE = `Usage: npm run deploy -- --districts <list|city|all> [--partition aws|aws-cn] [--dry-run] [--keep-going] [-- <cdk deploy args>]
  --districts 310113,310104   these districts, in this order
  --districts 310000          every production district of the city
  --districts all             every production district
  --partition aws-cn          only those in this partition (one run deploys to one partition)`;

/** The `cdk deploy` of one district: both of its stacks, data first (the app depends on it). */
export function planDeploy(options: DeployOptions): DeployStep[] {
  return options.districts.map((district) => ({
    district,
    command: [
      'npx',
      'cdk',
      'deploy',
      '-c',
      `district=${keyOf(district)}`,
      dataStackNameOf(district),
      appStackNameOf(district),
      ...options.cdkArgs,
    ],
  }));
}

/** Deploys each district in turn; after a failure the rest are skipped unless `keepGoing`. */
export function runDeploy(options: DeployOptions, run: Runner, now: () => number = Date.now): DeployResult[] {
  const results: DeployResult[] = [];
  let failed = false;
  for (const step of planDeploy(options)) {
    const stacks = [dataStackNameOf(step.district), appStackNameOf(step.district)];
    const key = keyOf(step.district);
    if (failed && !options.keepGoing) {
      results.push({ district: key, stacks, status: 'skipped', seconds: 0 });
      continue;
    }
    const started = now();
    const ok = run(step.command);
    results.push({
      district: key,
      stacks,
      status: ok ? 'deployed' : 'failed',
      seconds: (now() - started) / 1000,
    });
    if (!ok) failed = true;
  }
  return results;
}

export function formatReport(results: readonly DeployResult[]): string {
  const lines = results.map(
    (r) =>
      `${r.status.padEnd(8)} ${r.district.padEnd(11)} ${r.stacks.join(' + ')} (${r.seconds.toFixed(0)} s)`,
  );
  const count = (status: DeployResult['status']) => results.filter((r) => r.status === status).length;
  lines.push(`${count('deployed')} deployed, ${count('failed')} failed, ${count('skipped')} skipped`);
  return lines.join('\n');
}

/** Parses the command line; throws with the usage on a wrong one. Every district is checked first. */
export function parseDeployArgs(argv: readonly string[]): DeployOptions & { readonly dryRun: boolean } {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const cdkArgs = split === -1 ? [] : argv.slice(split + 1);
  const { values } = parseArgs({
    args: [...own],
    options: {
      districts: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'keep-going': { type: 'boolean', default: false },
      partition: { type: 'string' },
    },
    strict: true,
  });
  if (!values.districts) throw new Error(USAGE);
  // refuse the whole run before deploying anything if one district is not deployable
  const all = resolveDistricts(values.districts).map((district) => ({
    district,
    settings: checkDistrict(district),
  }));
  const chosen = values.partition ? all.filter((d) => d.settings.partition === values.partition) : all;
  const partitions = new Set(chosen.map((d) => d.settings.partition));
  if (partitions.size > 1) {
    // credentials of one partition cannot deploy to the other
    throw new Error(
      `These districts span the partitions ${[...partitions].join(' and ')}: deploy each with its own credentials, e.g. --partition aws-cn.`,
    );
  }
  const districts = chosen.map((d) => d.district);
  if (districts.length === 0) throw new Error(`No district selected.\n${USAGE}`);
  return { districts, cdkArgs, keepGoing: values['keep-going'] ?? false, dryRun: values['dry-run'] ?? false };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let options: ReturnType<typeof parseDeployArgs>;
  try {
    options = parseDeployArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  if (options.dryRun) {
    for (const step of planDeploy(options)) console.log(step.command.join(' '));
    process.exit(0);
  }
  const run: Runner = (command) => {
    console.log(`\n> ${command.join(' ')}`);
    const [bin, ...args] = command;
    return spawnSync(bin as string, args, { stdio: 'inherit' }).status === 0;
  };
  const results = runDeploy(options, run);
  console.log(`\n${formatReport(results)}`);
  process.exit(results.every((r) => r.status === 'deployed') ? 0 : 1);
}
