/** The runtime's own error answers, in the public contract's RFC 9457 shape. */
export const PROBLEM_BASE = 'https://pmsc.example/problems';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
}

export const problem = (slug: string, title: string, status: number, detail?: string): Problem => ({
  type: `${PROBLEM_BASE}/${slug}`,
  title,
  status,
  ...(detail === undefined ? {} : { detail }),
});

export const unauthorized = (detail: string) => problem('unauthorized', 'Unauthorized', 401, detail);
export const notFound = (detail: string) => problem('not-found', 'Not Found', 404, detail);
export const payloadTooLarge = (detail: string) =>
  problem('payload-too-large', 'Payload Too Large', 413, detail);
export const internalError = () =>
  problem('internal', 'Internal Server Error', 500, 'An unexpected error occurred; it has been logged.');
/** What an HTTP API answers when the integration outlives its timeout. */
export const serviceUnavailable = () =>
  problem('service-unavailable', 'Service Unavailable', 503, 'The function did not answer in time.');
