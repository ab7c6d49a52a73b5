/**
 * The CORS policy of a district's HTTP API: the stack's API Gateway `corsPreflight` and the local
 * runtime's server both read it, so a browser front end behaves the same against either.
 */
export const CORS_ALLOW_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'] as const;
export const CORS_ALLOW_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'if-match'] as const;
export const CORS_EXPOSE_HEADERS = ['etag', 'location'] as const;
export const CORS_MAX_AGE_SECONDS = 3600;
/** The front end's dev server (Vite's default port): allowed by the local runtime. */
export const DEV_CORS_ORIGINS = ['http://localhost:5173'] as const;
