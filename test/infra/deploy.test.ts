import { describe, expect, it } from 'vitest';
import { districts } from '../../infra/config/districts.ts';
import { formatReport, parseDeployArgs, planDeploy, runDeploy } from '../../infra/deploy.ts';

describe('npm run deploy', () => {
  it('deploys the listed districts in order, each its data stack then its app stack', () => {
    const options = parseDeployArgs(['--districts', '310113,310104', '--', '--require-approval', 'never']);
    expect(planDeploy(options).map((s) => s.command.join(' '))).toEqual([
      'npx cdk deploy -c district=310113 Pmsc-310113-Baoshan-Data Pmsc-310113-Baoshan-App --require-approval never',
      'npx cdk deploy -c district=310104 Pmsc-310104-Xuhui-Data Pmsc-310104-Xuhui-App --require-approval never',
    ]);
  });

  it('reports each district and skips the rest after a failure, unless told to keep going', () => {
    const options = parseDeployArgs(['--districts', '310113,310104,310115']);
    const failing = (command: readonly string[]) => !command.includes('district=310104');
    const stopped = runDeploy(options, failing, () => 0);
    expect(stopped.map((r) => r.status)).toEqual(['deployed', 'failed', 'skipped']);
    expect(formatReport(stopped)).toMatch(/1 deployed, 1 failed, 1 skipped$/);
    const kept = runDeploy({ ...options, keepGoing: true }, failing, () => 0);
    expect(kept.map((r) => r.status)).toEqual(['deployed', 'failed', 'deployed']);
  });

  it('refuses a city that spans both partitions unless one partition is picked', () => {
    expect(() => parseDeployArgs(['--districts', '310000'])).toThrow(/span the partitions aws and aws-cn/);
    const china = parseDeployArgs(['--districts', '310000', '--partition', 'aws-cn']);
    expect(china.districts.map((d) => d.code).sort()).toEqual(['310106', '310112']);
  });

  it('refuses an unknown district or a missing list before deploying anything', () => {
    expect(() => parseDeployArgs(['--districts', '310113,999999'])).toThrow(/Unknown district "999999"/);
    expect(() => parseDeployArgs([])).toThrow(/Usage: npm run deploy/);
    expect(districts['310113'].stage).toBe('prod');
  });
});
