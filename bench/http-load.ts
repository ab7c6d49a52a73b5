/**
 * Measure 3: an open-loop load generator. Requests are scheduled at fixed intervals whatever the
 * responses do, and each latency is counted from the request's scheduled time, so a slow server
 * (or a late generator) shows up as queueing instead of quietly lowering the rate.
 *
 * The client is node:http with a keep-alive Agent. Node's fetch (undici) and a default Agent both
 * drop the connection after every response here: the local server advertises `Keep-Alive:
 * timeout=1`, and both clients subtract a safety margin of 1-2 s from that hint, leaving nothing.
 * With a smaller margin the Agent keeps connections; a request that meets one the server has just
 * closed (ECONNRESET on a reused socket) is sent again once on a new connection, as Node's
 * documentation advises, still counted from its first scheduled time.
 */
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { type CpuUsage, startCpuUsage } from './cpu-usage.ts';
import { type Summary, summarize } from './stats.ts';

export interface LoadOptions {
  readonly baseUrl: string;
  readonly token: string;
  /** Paths requested in turn. */
  readonly paths: readonly string[];
  readonly ratePerSecond: number;
  /** Closed-loop warm-up (JIT of the handler path and of DynamoDB Local) without building a queue. */
  readonly warmupRequests: number;
  /** Then this long at the target rate, not measured, so the measured window starts in steady state. */
  readonly leadInSeconds: number;
  readonly durationSeconds: number;
  readonly timeoutMs: number;
}

export interface LoadResult {
  readonly ratePerSecond: number;
  readonly warmupRequests: number;
  readonly leadInSeconds: number;
  readonly durationSeconds: number;
  /** Measured requests (warm-up and lead-in excluded). */
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  /** Non-2xx statuses and network errors by kind. */
  readonly errorKinds: Readonly<Record<string, number>>;
  /** Requests sent again after ECONNRESET on a reused keep-alive connection. */
  readonly resentAfterStaleConnection: number;
  /** Scheduled time to the end of the response body, in ms (successful requests). */
  readonly latency: Summary;
  /** How late the generator sent requests after their scheduled time, in ms. */
  readonly sendLag: Summary;
  /** Successful responses per second over the measured window. */
  readonly achievedRatePerSecond: number;
  /** TCP connections the client opened over lead-in and measured window. */
  readonly connectionsOpened: number;
  /** How busy the machine was over the measured window, and how much of it was not the bench. */
  readonly cpu: CpuUsage | null;
  /** Second by second of the measured window (by scheduled time): where stalls and errors sit. */
  readonly perSecond: readonly {
    readonly second: number;
    readonly sent: number;
    readonly errors: number;
    readonly p50: number;
    readonly max: number;
  }[];
}

interface Outcome {
  /** performance.now() of its scheduled time. */
  readonly due: number;
  readonly latencyMs: number;
  /** performance.now() when it settled. */
  readonly endAt: number;
  readonly status?: number;
  readonly error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isOk = (outcome: Outcome): boolean =>
  outcome.error === undefined && outcome.status !== undefined && outcome.status < 300;

export const runOpenLoop = async (options: LoadOptions): Promise<LoadResult> => {
  const url = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, agentKeepAliveTimeoutBuffer: 100 });
  const sockets = new WeakSet<Socket>();
  let connectionsOpened = 0;
  let resent = 0;

  const attempt = (path: string, due: number, retried: boolean): Promise<Outcome> =>
    new Promise((settle) => {
      const done = (outcome: Omit<Outcome, 'endAt' | 'due' | 'latencyMs'>) => {
        const now = performance.now();
        settle({ ...outcome, due, latencyMs: now - due, endAt: now });
      };
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'GET',
          agent,
          headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => done({ status: res.statusCode ?? 0 }));
          res.on('error', (error) => done({ error: error.message }));
        },
      );
      req.on('socket', (socket: Socket) => {
        if (sockets.has(socket)) return;
        sockets.add(socket);
        connectionsOpened += 1;
      });
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNRESET' && req.reusedSocket && !retried) {
          resent += 1;
          void attempt(path, due, true).then(settle);
          return;
        }
        done({ error: error.code ?? error.message });
      });
      req.end();
    });

  const pathAt = (i: number) => options.paths[i % options.paths.length]!;
  try {
    // Closed-loop warm-up: a few requests in flight at a time, no queue left behind.
    let next = 0;
    const warmer = async () => {
      while (next < options.warmupRequests) await attempt(pathAt(next++), performance.now(), false);
    };
    await Promise.all(Array.from({ length: 4 }, warmer));
    connectionsOpened = 0;
    resent = 0;

    const intervalMs = 1000 / options.ratePerSecond;
    const leadIn = Math.round(options.leadInSeconds * options.ratePerSecond);
    const total = leadIn + Math.round(options.durationSeconds * options.ratePerSecond);
    const pending: Promise<Outcome>[] = [];
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
      // Late (timer granularity, a busy loop): send now, and the lateness counts in its latency.
      if (i === leadIn) stopCpu = startCpuUsage();
      const outcome = attempt(pathAt(i), due, false);
      if (i >= leadIn) {
        lags.push(now - due);
        pending.push(outcome);
      }
      i++;
    }
    const outcomes = await Promise.all(pending);
    const cpu = stopCpu?.() ?? null;

    const okLatencies = outcomes.filter(isOk).map((o) => o.latencyMs);
    const errorKinds: Record<string, number> = {};
    for (const outcome of outcomes.filter((o) => !isOk(o))) {
      const kind = outcome.error ?? `HTTP ${outcome.status}`;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    }
    const lastEnd = outcomes.reduce((latest, o) => Math.max(latest, o.endAt), firstMeasuredDue);
    const measuredSeconds = (lastEnd - firstMeasuredDue) / 1000;
    const perSecond = Array.from({ length: Math.ceil(options.durationSeconds) }, (_, second) => {
      const inSecond = outcomes.filter((o) => Math.floor((o.due - firstMeasuredDue) / 1000) === second);
      const stats = summarize(inSecond.filter(isOk).map((o) => o.latencyMs));
      return {
        second,
        sent: inSecond.length,
        errors: inSecond.filter((o) => !isOk(o)).length,
        p50: stats.p50,
        max: stats.max,
      };
    });
    return {
      ratePerSecond: options.ratePerSecond,
      warmupRequests: options.warmupRequests,
      leadInSeconds: options.leadInSeconds,
      durationSeconds: options.durationSeconds,
      sent: outcomes.length,
      ok: okLatencies.length,
      errors: outcomes.length - okLatencies.length,
      errorKinds,
      resentAfterStaleConnection: resent,
      latency: summarize(okLatencies),
      sendLag: summarize(lags),
      achievedRatePerSecond: Math.round((okLatencies.length / measuredSeconds) * 10) / 10,
      connectionsOpened,
      cpu,
      perSecond,
    };
  } finally {
    // Every request has settled (or the run failed); idle sockets are closed.
    agent.destroy();
  }
};

/** One request, checked: the route answers 200 with the center asked for. */
export const checkCenterRoute = async (baseUrl: string, token: string, id: string): Promise<void> => {
  const response = await fetch(new URL(`/centers/${id}`, baseUrl), {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { id?: string };
  if (response.status !== 200 || body.id !== id) {
    throw new Error(`GET /centers/${id} on ${baseUrl} answered ${response.status}: ${JSON.stringify(body)}`);
  }
};
