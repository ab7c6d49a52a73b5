/**
 * How busy the machine was during a measurement, and how much of that was not the bench: on a
 * shared machine another test run or type check inflates latencies, and this says by how much it
 * competed. Linux only (/proc); elsewhere it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuUsage {
  /** Share of the whole machine (all cores = 1) that was busy. */
  readonly busy: number;
  /** Share used by the bench's own processes (this one, the platform child, DynamoDB Local). */
  readonly bench: number;
  /** Share used by everything else. */
  readonly others: number;
  /** Share stolen by the hypervisor. */
  readonly steal: number;
}

interface Snapshot {
  readonly total: number;
  readonly idle: number;
  readonly steal: number;
  readonly bench: number;
}

const read = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * CPU of a process in clock ticks: its own (utime + stime) and that of its children it has waited
 * for (cutime + cstime: the short-lived init runs), and its parent pid.
 */
const processTimes = (pid: number): { ppid: number; ticks: number } | undefined => {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return { ppid: Number(fields[1]), ticks };
};

/** Ticks of `root` and all its descendants. */
const treeTicks = (root: number): number => {
  const all = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = processTimes(Number(entry));
    if (times) all.set(Number(entry), times);
  }
  let ticks = 0;
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const pid = queue[i]!;
    ticks += all.get(pid)?.ticks ?? 0;
    for (const [child, times] of all) if (times.ppid === pid) queue.push(child);
  }
  return ticks;
};

const snapshot = (): Snapshot | undefined => {
  const line = read('/proc/stat')?.split('\n')[0];
  if (!line?.startsWith('cpu ')) return undefined;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const values = [user, nice, system, idle, iowait, irq, softirq, steal].map((v) => v ?? 0);
  return {
    total: values.reduce((a, b) => a + b, 0),
    idle: (idle ?? 0) + (iowait ?? 0),
    steal: steal ?? 0,
    // The bench process is the root of every process it started (the platform child, Java).
    bench: treeTicks(process.pid),
  };
};

/** Starts counting; the returned function stops and gives the shares (undefined off Linux). */
export const startCpuUsage = (): (() => CpuUsage | undefined) => {
  const before = snapshot();
  return () => {
    const after = snapshot();
    if (before === undefined || after === undefined || after.total <= before.total) return undefined;
    const total = after.total - before.total;
    const busy = total - (after.idle - before.idle);
    const bench = Math.min(busy, after.bench - before.bench);
    const round = (value: number) => Math.round((value / total) * 1000) / 1000;
    return {
      busy: round(busy),
      bench: round(bench),
      others: round(Math.max(0, busy - bench - (after.steal - before.steal))),
      steal: round(after.steal - before.steal),
    };
  };
};
