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
  /**
   * Machine clients and their secrets, for `POST /oauth2/token` (client credentials, as Cognito's
   * token endpoint): how another stack's runtime (a city) gets a token for this one.
   */
  readonly machineClients?: Readonly<Record<string, string>>;
  /** The issuer's browser sign-in under /local-issuer/ (the user pool's hosted UI in AWS). */
  readonly devLogin?: DevLogin;
}

/** The path of Cognito's token endpoint on its hosted domain. */
export const TOKEN_PATH = '/oauth2/token';
const TOKEN_SCOPES = ['pmsc/menus:push'];
const TOKEN_LIFETIME_SECONDS = 3600;

const sendJson = (res: ServerResponse, status: number, body: object): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
};

/**
 * The client-credentials grant as Cognito answers it: the client authenticates with HTTP Basic
 * (or client_id / client_secret in the form), asks for some of its scopes (all when it names
 * none), and gets an access token; errors are RFC 6749's.
 */
const issueToken = async (
  req: IncomingMessage,
  res: ServerResponse,
  issuer: LocalIssuer,
  clients: Readonly<Record<string, string>>,
): Promise<void> => {
  const form = new URLSearchParams(await readBody(req));
  let clientId = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const [id, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    clientId = id;
    secret = rest.join(':');
  }
  if (form.get('grant_type') !== 'client_credentials') {
    sendJson(res, 400, { error: 'unsupported_grant_type' });
    return;
  }
  if (clientId === undefined || secret === undefined || clients[clientId] !== secret) {
    sendJson(res, 401, { error: 'invalid_client' });
    return;
  }
  const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (asked.some((scope) => !TOKEN_SCOPES.includes(scope))) {
    sendJson(res, 400, { error: 'invalid_scope' });
    return;
  }
  const scopes = asked.length > 0 ? asked : TOKEN_SCOPES;
  const token = await issuer.mintMachineToken({ clientId, scopes, expiresIn: TOKEN_LIFETIME_SECONDS });
  sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS });
};

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
    if (method === 'POST' && rawPath === TOKEN_PATH) {
      await issueToken(req, res, issuer, options.machineClients ?? {});
      return;
    }
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
