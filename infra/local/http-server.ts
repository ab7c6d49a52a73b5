/** The local API Gateway: routes each request to its function with a real HTTP API v2 event. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_CORS_ORIGINS } from '../config/cors.ts';
import { type CorsPolicy, corsHeaders, preflightResponse } from './cors.ts';
import { DEV_LOGIN_PREFIX, type DevLogin } from './dev-login.ts';
import { buildHttpEvent, toHttpResponse } from './http-event.ts';
import { IntegrationTimeoutError, invokeBehindHttpApi, timeoutMsOf } from './invoke.ts';
import type { LocalIssuer } from './issuer.ts';
import type { HandlerLoader } from './lambda-context.ts';
import { createLambdaContext } from './lambda-context.ts';
import type { RuntimeLog } from './log.ts';
import type { Problem } from './problems.ts';
import { internalError, notFound, payloadTooLarge, serviceUnavailable, unauthorized } from './problems.ts';
import type { Router } from './routes.ts';

/** API Gateway's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use. Stop whatever listens on it or choose another: PORT=3001 npm start`,
    );
  }
}

export interface LocalHttpServerOptions {
  readonly router: Router;
  readonly issuer: LocalIssuer;
  readonly loadHandler: HandlerLoader;
  readonly prefix: string;
  readonly log: RuntimeLog;
  readonly host?: string;
  /** 0: a free port. */
  readonly port: number;
  /** One line per request (npm start). */
  readonly accessLog?: boolean;
  /** Origins allowed by CORS, as the district's API allows them. @default the dev front end */
  readonly corsOrigins?: readonly string[];
  /** The issuer's browser sign-in under /local-issuer/ (the user pool's hosted UI in AWS). */
  readonly devLogin?: DevLogin;
}

export interface LocalHttpServer {
  readonly port: number;
  readonly baseUrl: string;
  close(): Promise<void>;
}

const sendProblem = (
  res: ServerResponse,
  value: Problem,
  extraHeaders: Record<string, string> = {},
): void => {
  const body = JSON.stringify(value);
  res.writeHead(value.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
    ...extraHeaders,
  });
  res.end(body);
};

class BodyTooLargeError extends Error {}

/**
 * Reads the whole body. An oversized body is still drained (not cut off) so that the client reads
 * the 413 instead of a reset connection.
 */
const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new BodyTooLargeError())
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });

export const startLocalHttpServer = async (options: LocalHttpServerOptions): Promise<LocalHttpServer> => {
  const { router, issuer, loadHandler, log } = options;

  const cors: CorsPolicy = { origins: options.corsOrigins ?? DEV_CORS_ORIGINS };
  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const preflight = preflightResponse(cors, method, req.headers);
    if (preflight !== undefined) {
      req.resume();
      res.writeHead(preflight.status, preflight.headers);
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(corsHeaders(cors, req.headers))) res.setHeader(name, value);
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    if (options.devLogin !== undefined && rawPath.startsWith(DEV_LOGIN_PREFIX)) {
      if (await options.devLogin.handle(req, res, method, new URL(url, 'http://localhost'))) return;
    }
    const lookup = router.lookup(method, rawPath);
    if (lookup.kind !== 'match') {
      req.resume();
      sendProblem(res, notFound(`No route for ${method} ${rawPath}`));
      return;
    }
    const { route } = lookup.match;

    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendProblem(res, payloadTooLarge(`The request body exceeds ${MAX_BODY_BYTES} bytes`));
        return;
      }
      throw error;
    }

    let jwt: { claims: Record<string, string>; scopes: string[] | null } | undefined;
    if (route.auth === 'jwt') {
      const verified = await issuer.verify(req.headers.authorization);
      if (!verified.ok) {
        sendProblem(res, unauthorized(verified.detail), {
          'www-authenticate': `Bearer error="invalid_token", error_description="${verified.detail.replaceAll('"', "'")}"`,
        });
        return;
      }
      jwt = { claims: verified.claims, scopes: verified.scopes };
    }

    const event = buildHttpEvent({
      method,
      url,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      match: lookup.match,
      ...(jwt === undefined ? {} : { jwt }),
      requestId,
    });
    const spec = route.functionSpec;
    let response: ReturnType<typeof toHttpResponse>;
    try {
      const handler = await loadHandler(spec);
      const context = createLambdaContext(spec, options.prefix);
      const result = await invokeBehindHttpApi(handler, event, context, timeoutMsOf(spec));
      response = toHttpResponse(result);
    } catch (error) {
      log.error(`[${spec.id}] ${route.routeKey} failed:`, error);
      sendProblem(res, error instanceof IntegrationTimeoutError ? serviceUnavailable() : internalError());
      return;
    }
    const headers: Record<string, string | string[]> = { ...response.headers };
    if (response.cookies.length > 0) headers['set-cookie'] = [...response.cookies];
    headers['content-length'] = String(response.body.length);
    res.writeHead(response.statusCode, headers);
    res.end(response.body);
  };

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    // One id for the request, as the HTTP API has: in the event (and so in problem bodies and the
    // function's logs), in the access log and in the `apigw-requestid` response header.
    const requestId = randomUUID();
    res.setHeader('apigw-requestid', requestId);
    if (options.accessLog === true) {
      res.on('finish', () =>
        log.info(`${req.method} ${req.url} → ${res.statusCode} (${Date.now() - started} ms) ${requestId}`),
      );
    }
    handle(req, res, requestId).catch((error: unknown) => {
      log.error(`Unexpected error serving ${req.method} ${req.url}:`, error);
      if (!res.headersSent) sendProblem(res, internalError());
      else res.destroy();
    });
  });
  // Keep-alive sockets would otherwise hold close() open.
  server.keepAliveTimeout = 5000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error);
    };
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => log.error('HTTP server error:', error));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    baseUrl: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
