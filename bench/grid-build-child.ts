/**
 * One grid build in a process of its own, so its peak memory is the build's: run by
 * bench/grid-scale.ts as `node --import tsx bench/grid-build-child.ts <at-ms> <kind>` with the
 * local platform's env (table names, DynamoDB Local endpoint). Prints one JSON line.
 *
 * Memory: RSS and heapUsed after the imports (baseline), sampled every 10 ms during the build
 * (a synchronous stretch, such as building the snapshot, delays the sampler: the heap peak is a
 * lower bound), and `process.resourceUsage().maxRSS` at the end (the kernel's peak, exact).
 */
import { buildGrid } from '../shared/store/grid-build.ts';

const MB = 1024 * 1024;
const at = Number(process.argv[2]);
const kind = process.argv[3] === 'what-if' ? 'what-if' : 'scheduled';

// the baseline is after the static imports: what a Lambda has loaded before its first invocation
const baseline = process.memoryUsage();
let peakHeap = baseline.heapUsed;
let peakRss = baseline.rss;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  if (m.rss > peakRss) peakRss = m.rss;
}, 10);
const result = await buildGrid({ at, kind });
clearInterval(sampler);
const end = process.memoryUsage();
peakHeap = Math.max(peakHeap, end.heapUsed);
console.log(
  JSON.stringify({
    build: result.build,
    header: result.header,
    history: result.history ?? null,
    memory: {
      baselineRssMB: baseline.rss / MB,
      baselineHeapUsedMB: baseline.heapUsed / MB,
      peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
      sampledPeakRssMB: peakRss / MB,
      sampledPeakHeapUsedMB: peakHeap / MB,
    },
  }),
);
process.exit(0);
