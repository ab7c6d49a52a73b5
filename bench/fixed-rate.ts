/**
 * An open-loop driver for any async call (an HTTP request, or a store call made directly with the
 * SDK): calls are scheduled at fixed intervals whatever earlier ones are doing, and each latency
 * runs from the scheduled time, so queueing counts (as in bench/http-load.ts, which does this for
 * GET requests with node:http alone). Used by figure 3 to put a route and the bare DynamoDB call
 * under the same schedule.
 */
import { Agent, request } from 'node:http';
import { type CpuUsage, startCpuUsage } from './cpu-usage.ts';
import { type Summary, summarize } from './stats.ts';

/** How one call ended: ok, or the kind of failure (an HTTP status, an error name, `timeout`). */
export type Fired = { readonly ok: true } | { readonly ok: false; readonly kind: string };

export interface FixedRateOptions {
  readonly ratePerSecond: number;
  /** At the rate, not measured, so the measured window starts in steady state. */
  readonly leadInSeconds: number;
  readonly durationSeconds: number;
  readonly timeoutMs: number;
}

export interface FixedRateResult {
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  readonly errorKinds: Readonly<Record<string, number>>;
  /** Scheduled time to the end of the call, ms (successful calls). */
  readonly latency: Summary;
  /** How late the driver started calls after their scheduled time, ms. */
  readonly sendLag: Summary;
  readonly achievedRatePerSecond: number;
  /** The machine over the measured window, and the share other processes took. */
  readonly cpu: CpuUsage | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const withTimeout = (call: Promise<Fired>, ms: number): Promise<Fired> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, kind: 'timeout' }), ms);
    call.then(
      (fired) => {
        clearTimeout(timer);
        resolve(fired);
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ ok: false, kind: error instanceof Error ? error.name : String(error) });
      },
    );
  });

/** The measured window's result, with the raw latencies of the successful calls (for pooling). */
export async function runFixedRate(
  options: FixedRateOptions,
  fire: () => Promise<Fired>,
): Promise<FixedRateResult & { readonly samples: readonly number[] }> {
  const intervalMs = 1000 / options.ratePerSecond;
  const leadIn = Math.round(options.leadInSeconds * options.ratePerSecond);
  const total = leadIn + Math.round(options.durationSeconds * options.ratePerSecond);
  const pending: Promise<{ fired: Fired; latencyMs: number; endAt: number }>[] = [];
  const lags: number[] = [];
  const origin = performance.now() + 20;
  const firstMeasuredDue = origin + leadIn * intervalMs;
  let stopCpu: (() => CpuUsage | undefined) | undefined;
  for (let i = 0; i < total; ) {
    const due = origin + i * intervalMs;
    const now = performance.now();
    if (now < due) {
      await sleep(due - now);
      continue;
    }
    if (i === leadIn) stopCpu = startCpuUsage();
    const outcome = withTimeout(Promise.resolve().then(fire), options.timeoutMs).then((fired) => {
      const end = performance.now();
      return { fired, latencyMs: end - due, endAt: end };
    });
    if (i >= leadIn) {
      lags.push(now - due);
      pending.push(outcome);
    }
    i++;
  }
  const outcomes = await Promise.all(pending);
  const cpu = stopCpu?.() ?? null;
  const samples = outcomes.filter((o) => o.fired.ok).map((o) => o.latencyMs);
  const errorKinds: Record<string, number> = {};
  for (const { fired } of outcomes) {
    if (!fired.ok) errorKinds[fired.kind] = (errorKinds[fired.kind] ?? 0) + 1;
  }
  const lastEnd = outcomes.reduce((latest, o) => Math.max(latest, o.endAt), firstMeasuredDue);
  return {
    sent: outcomes.length,
    ok: samples.length,
    errors: outcomes.length - samples.length,
    errorKinds,
    latency: summarize(samples),
    sendLag: summarize(lags),
    achievedRatePerSecond: Math.round((samples.length / ((lastEnd - firstMeasuredDue) / 1000)) * 10) / 10,
    cpu,
    samples,
  };
}

/** `count` calls, `concurrency` at a time (warm-up, and what the call sustains at most): calls per second. */
export async function runClosedLoop(
  count: number,
  concurrency: number,
  fire: () => Promise<Fired>,
): Promise<{ readonly callsPerSecond: number; readonly errors: number }> {
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const fired = await Promise.resolve()
          .then(fire)
          .catch((error: unknown): Fired => ({ ok: false, kind: String(error) }));
        if (!fired.ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { callsPerSecond: Math.round((count / seconds) * 10) / 10, errors };
}

/**
 * A node:http client with kept-alive connections (see bench/http-load.ts for why not fetch); a
 * request that meets a connection the server has just closed is sent once more.
 */
export function httpClient(baseUrl: string) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, agentKeepAliveTimeoutBuffer: 100 });
  const send = (
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: unknown,
    retried = false,
  ): Promise<Fired> =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, kind: `HTTP ${status}` });
          });
          res.on('error', (error) => resolve({ ok: false, kind: error.message }));
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNRESET' && req.reusedSocket && !retried) {
          void send(method, path, token, body, true).then(resolve);
          return;
        }
        resolve({ ok: false, kind: error.code ?? error.message });
      });
      req.end(payload);
    });
  return { send, destroy: () => agent.destroy() };
}
