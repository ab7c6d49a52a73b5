/**
 * The local issuer's sign-in for browsers: OAuth 2.0 authorization code + PKCE (S256), the flow
 * the console runs against the district's issuer in AWS, with a form instead of a password. The
 * form picks a role (and a center for staff); the token endpoint answers with an ID token of the
 * local issuer, shaped like Cognito's. Served by the local HTTP server itself, outside the
 * manifest, as the user pool's hosted UI is outside the stack's API. Only under `npm start`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEV_CORS_ORIGINS } from '../config/cors.ts';
import { LOCAL_WEB_CLIENT_ID, type LocalIssuer, type UserRole } from './issuer.ts';

export const DEV_LOGIN_PREFIX = '/local-issuer/';
export const DEV_AUTHORIZE_PATH = '/local-issuer/authorize';
export const DEV_TOKEN_PATH = '/local-issuer/token';

const CODE_LIFETIME_MS = 60_000;
/** ID tokens of the dev login last as long as Cognito's default. */
const ID_TOKEN_LIFETIME_SECONDS = 3600;

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly role: UserRole;
  readonly centerId: string | undefined;
  readonly name: string | undefined;
  readonly expiresAt: number;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/** RFC 7636: BASE64URL(SHA256(code_verifier)) must equal the code_challenge. */
export const pkceMatches = (verifier: string, challenge: string): boolean =>
  /^[A-Za-z0-9._~-]{43,128}$/.test(verifier) &&
  base64url(createHash('sha256').update(verifier).digest()) === challenge;

const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 16 * 1024) reject(new Error('form too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

const sendHtml = (res: ServerResponse, status: number, html: string): void => {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
};

/** Redirects only back to this server or the dev front end: never to a page elsewhere. */
const redirectAllowed = (redirectUri: string, host: string | undefined): boolean => {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  const allowed = [...DEV_CORS_ORIGINS, ...(host === undefined ? [] : [`http://${host}`])];
  return allowed.includes(url.origin) && url.hash === '';
};

const ROLES: readonly UserRole[] = ['staff', 'admin', 'resident'];

const loginPage = (params: URLSearchParams, error?: string): string => {
  const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope']
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>本地登录 · Local dev login</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}input,select,button{font:inherit;padding:.3rem .5rem;width:100%}button{margin-top:1rem}.error{color:#c62828}</style>
</head><body><h1>本地登录 <small>Local dev login</small></h1>
<p>开发用签发者，无需密码。Development issuer: no password, tokens of the local key.</p>
${error === undefined ? '' : `<p class="error">${escapeHtml(error)}</p>`}
<form method="post" action="${DEV_AUTHORIZE_PATH}">${hidden}
<label for="role">角色 Role</label><select id="role" name="role">${ROLES.map((r) => `<option value="${r}">${r}</option>`).join('')}</select>
<label for="center">阵地 Center (staff)</label><input id="center" name="center_id" value="c-youyi">
<label for="name">姓名 Name</label><input id="name" name="name" value="">
<button type="submit" id="dev-login-submit">登录 Sign in</button></form></body></html>`;
};

export interface DevLogin {
  /** Answers a request under /local-issuer/; false when the path is not one of its own. */
  handle(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<boolean>;
}

export function createDevLogin(issuer: LocalIssuer): DevLogin {
  const codes = new Map<string, PendingCode>();

  const checkRequest = (params: URLSearchParams, host: string | undefined): string | undefined => {
    if (params.get('client_id') !== LOCAL_WEB_CLIENT_ID)
      return `unknown client_id; use ${LOCAL_WEB_CLIENT_ID}`;
    if (!redirectAllowed(params.get('redirect_uri') ?? '', host))
      return 'redirect_uri must be on this server or the dev front end';
    if (
      params.get('code_challenge_method') !== 'S256' ||
      !/^[A-Za-z0-9_-]{43}$/.test(params.get('code_challenge') ?? '')
    )
      return 'PKCE is required: code_challenge with code_challenge_method S256';
    return undefined;
  };

  return {
    async handle(req, res, method, url) {
      if (url.pathname === DEV_AUTHORIZE_PATH && method === 'GET') {
        const problem = checkRequest(url.searchParams, req.headers.host);
        sendHtml(res, problem === undefined ? 200 : 400, loginPage(url.searchParams, problem));
        return true;
      }
      if (url.pathname === DEV_AUTHORIZE_PATH && method === 'POST') {
        const form = await readForm(req);
        const problem = checkRequest(form, req.headers.host);
        if (problem !== undefined) {
          sendHtml(res, 400, loginPage(form, problem));
          return true;
        }
        const role = form.get('role') as UserRole;
        const centerId = form.get('center_id')?.trim() || undefined;
        if (!ROLES.includes(role) || (role === 'staff' && centerId === undefined)) {
          sendHtml(res, 400, loginPage(form, 'choose a role; staff need a center'));
          return true;
        }
        const now = Date.now();
        for (const [stale, entry] of codes) if (entry.expiresAt < now) codes.delete(stale);
        const code = base64url(randomBytes(24));
        codes.set(code, {
          clientId: form.get('client_id') ?? '',
          redirectUri: form.get('redirect_uri') ?? '',
          challenge: form.get('code_challenge') ?? '',
          role,
          centerId: role === 'staff' ? centerId : undefined,
          name: form.get('name')?.trim() || undefined,
          expiresAt: now + CODE_LIFETIME_MS,
        });
        const target = new URL(form.get('redirect_uri') ?? '');
        target.searchParams.set('code', code);
        const state = form.get('state');
        if (state) target.searchParams.set('state', state);
        res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
        res.end();
        return true;
      }
      if (url.pathname === DEV_TOKEN_PATH && method === 'POST') {
        const form = await readForm(req);
        const code = form.get('code') ?? '';
        const pending = codes.get(code);
        // a code is good for one exchange, whatever its outcome (RFC 6749 §4.1.2)
        codes.delete(code);
        if (form.get('grant_type') !== 'authorization_code') {
          sendJson(res, 400, { error: 'unsupported_grant_type' });
        } else if (
          pending === undefined ||
          pending.expiresAt < Date.now() ||
          pending.clientId !== form.get('client_id') ||
          pending.redirectUri !== form.get('redirect_uri') ||
          !pkceMatches(form.get('code_verifier') ?? '', pending.challenge)
        ) {
          sendJson(res, 400, { error: 'invalid_grant' });
        } else {
          const idToken = await issuer.mintToken({
            role: pending.role,
            ...(pending.centerId === undefined ? {} : { centerId: pending.centerId }),
            ...(pending.name === undefined ? {} : { name: pending.name }),
            expiresIn: ID_TOKEN_LIFETIME_SECONDS,
          });
          sendJson(res, 200, {
            id_token: idToken,
            token_type: 'Bearer',
            expires_in: ID_TOKEN_LIFETIME_SECONDS,
          });
        }
        return true;
      }
      return false;
    },
  };
}
