/** The platform API as the console calls it: same origin, bearer token, problem+json errors. */
import type { AuthConfig } from './auth.ts';
import type { Snapshot } from './model.ts';

/** GET /console/config.json: what the district configured for its console. */
export interface ConsoleConfig {
  readonly district: { readonly code: string; readonly name: { readonly zh: string; readonly en: string } };
  readonly timeZone: string;
  readonly auth:
    | (AuthConfig & { readonly claims: { readonly groups: string; readonly centerId: string } })
    | null;
  readonly basemap: {
    readonly url: string;
    readonly attribution: string;
    readonly coordinates: 'wgs84' | 'gcj02';
  } | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string): Promise<T>;
}

export function createApi(token: string): Api {
  const call = async <T>(method: string, path: string): Promise<T> => {
    const answer = await fetch(path, { method, headers: { authorization: `Bearer ${token}` } });
    const text = await answer.text();
    const body = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!answer.ok) {
      const problem = body as { title?: string; detail?: string; message?: string } | undefined;
      throw new ApiError(
        answer.status,
        problem?.detail ?? problem?.title ?? problem?.message ?? answer.statusText,
      );
    }
    return body as T;
  };
  return { get: (path) => call('GET', path), post: (path) => call('POST', path) };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const answer = await fetch('/console/config.json');
  if (!answer.ok) throw new ApiError(answer.status, 'the console configuration is missing');
  return (await answer.json()) as ConsoleConfig;
}

/**
 * The snapshot for `at`: the latest scheduled one for now (a what-if build when none exists yet),
 * a what-if build for any other instant.
 */
export async function snapshotAt(api: Api, at: string | null): Promise<Snapshot> {
  if (at === null) {
    try {
      return await api.get<Snapshot>('/grid?format=json');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
  }
  const instant = at ?? new Date().toISOString();
  const built = await api.post<{ id: string }>(`/grid/rebuild?at=${encodeURIComponent(instant)}`);
  return api.get<Snapshot>(`/grid/snapshots/${encodeURIComponent(built.id)}?format=json`);
}

/** Every item of a paged list, up to `maxPages` pages of 100; `truncated` when more were left. */
export async function listAll<T>(
  api: Api,
  path: string,
  maxPages = 5,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const suffix = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const answer = await api.get<{ items: T[]; nextCursor?: string | null }>(
      `${path}${separator}limit=100${suffix}`,
    );
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) return { items, truncated: false };
  }
  return { items, truncated: true };
}
