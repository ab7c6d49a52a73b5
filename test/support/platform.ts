/**
 * The local platform for tests: tables and queues under a unique prefix on the run's shared
 * DynamoDB Local and fauxqs, the HTTP API on a free port with an ephemeral signing key, SQS pollers
 * on and schedule timers off (call `runSchedule`).
 *
 * Handlers read their env (table names, queue URLs) when first imported and stay cached for the
 * test file, so start one platform per test file (in `beforeAll`) and stop it in `afterAll`.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { RuntimeLog } from '../../infra/local/log.ts';
import { quietLog } from '../../infra/local/log.ts';
import type { LocalManifest } from '../../infra/local/manifest-source.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { startLocalPlatform } from '../../infra/local/platform.ts';
import { type Contract, projectContract } from './contract.ts';

export interface TestPlatformOptions {
  /** Fixture manifest; the project's manifest by default. */
  readonly manifest?: LocalManifest;
  /** Default true. */
  readonly pollers?: boolean;
  /** Replaces every queue's VisibilityTimeout, so failed messages come back within the test. */
  readonly queueVisibilityTimeoutSeconds?: number;
  /** Run seedDemoNetwork() first. Default false. */
  readonly seed?: boolean;
  /** POWERTOOLS_LOG_LEVEL of the functions. Default WARN. */
  readonly logLevel?: string;
  readonly districtCode?: string;
  /** The runtime's own output; warnings and errors to the console by default. */
  readonly log?: RuntimeLog;
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  readonly json: T;
  readonly text: string;
}

export interface RequestOptions {
  /** An object is sent as JSON; a string as is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** An answer that does not fit the OpenAPI document: the test that received it fails with this. */
export class ContractDriftError extends Error {
  override readonly name = 'ContractDriftError';
}

export interface ApiClient {
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export interface TestPlatform extends LocalPlatform {
  /**
   * A client of the local HTTP API sending `Authorization: Bearer <token>` when a token is given;
   * with the project's manifest, every answer is checked against the OpenAPI document.
   */
  api(token?: string): ApiClient;
}

/**
 * `contract`: every answer is checked against it, and one that drifts throws ContractDriftError
 * (the platform's own clients check against the project's document).
 */
export const createApiClient = (baseUrl: string, token?: string, contract?: Contract): ApiClient => {
  const request = async <T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (
        typeof options.body !== 'string' &&
        !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
      ) {
        headers['content-type'] = 'application/json';
      }
    }
    const response = await fetch(new URL(path, baseUrl), { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const drift = contract?.check({
      method,
      url: path,
      status: response.status,
      headers: response.headers,
      text,
    });
    if (drift && drift.length > 0) throw new ContractDriftError(`${method} ${path}:\n${drift.join('\n')}`);
    return { status: response.status, headers: response.headers, json: json as T, text };
  };
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  };
};

/** A fresh prefix per platform: a letter first, short enough for queue names. */
const uniquePrefix = (): string => `t${randomBytes(5).toString('hex')}`;

export const startTestPlatform = async (options: TestPlatformOptions = {}): Promise<TestPlatform> => {
  const endpoints = inject('localEndpoints');
  if (endpoints === undefined) {
    throw new Error(
      'No shared DynamoDB Local / fauxqs: run the tests through vitest.config.ts (globalSetup).',
    );
  }
  const platform = await startLocalPlatform({
    endpoints,
    port: 0,
    prefix: uniquePrefix(),
    keysDir: undefined,
    seed: options.seed ?? false,
    pollers: options.pollers ?? true,
    timers: false,
    log: options.log ?? quietLog,
    ...(options.manifest === undefined ? {} : { manifest: options.manifest }),
    ...(options.queueVisibilityTimeoutSeconds === undefined
      ? {}
      : { queueVisibilityTimeoutSeconds: options.queueVisibilityTimeoutSeconds }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    ...(options.districtCode === undefined ? {} : { districtCode: options.districtCode }),
  });
  // fixture manifests declare routes the document does not have: only the project's is checked
  const contract = options.manifest === undefined ? projectContract() : undefined;
  return Object.assign(platform, {
    api: (token?: string) => createApiClient(platform.baseUrl, token, contract),
  });
};

export interface PollOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Named in the timeout error. */
  readonly description?: string;
}

/**
 * Calls `fn` until it returns something other than undefined, null or false, and returns that.
 * A throw (e.g. a failing `expect`) counts as "not yet"; the last one is reported on timeout.
 */
export const pollUntil = async <T>(
  fn: () => T | Promise<T>,
  options: PollOptions = {},
): Promise<Exclude<T, undefined | null | false>> => {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (true) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false)
        return value as Exclude<T, undefined | null | false>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.description ?? 'condition';
      const last = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`pollUntil: ${what} not met within ${timeoutMs} ms${last}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
};
