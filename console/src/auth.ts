/**
 * Sign-in with OAuth 2.0 authorization code + PKCE (RFC 7636), a public client with no secret:
 * the district's issuer in AWS (the Cognito hosted UI or the external OIDC issuer), the local
 * issuer's dev login under `npm start`. The ID token is kept in sessionStorage only (gone when the
 * tab closes) and sent as the bearer token: it carries the groups and the staff center.
 */

export interface AuthConfig {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scope: string;
}

export interface Session {
  readonly token: string;
  readonly expiresAt: number;
  readonly claims: Readonly<Record<string, unknown>>;
}

const PENDING = 'pmsc.console.pending';
const SESSION = 'pmsc.console.session';

const base64url = (bytes: Uint8Array): string => {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};

const randomString = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The claims of a JWT, unverified: only to show who is signed in; the API verifies the token. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** The redirect URI the console registers: the console's own address, without query. */
export const redirectUri = (): string => `${location.origin}${location.pathname}`;

export async function startSignIn(config: AuthConfig): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.search }));
  const url = new URL(config.authorizeUrl, location.href);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * Finishes a sign-in when the issuer redirected back with `code` and `state`; returns the
 * session, or undefined when this page load is not a redirect back.
 */
export async function completeSignIn(config: AuthConfig): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const state = params.get('state');
  if (code === null || state === null) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (pending === null || pending.state !== state)
    throw new Error('the sign-in answer does not match its request');
  const answer = await fetch(new URL(config.tokenUrl, location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!answer.ok) throw new Error(`the token endpoint answered ${answer.status}`);
  const tokens = (await answer.json()) as { id_token?: string; expires_in?: number };
  if (typeof tokens.id_token !== 'string') throw new Error('the token endpoint sent no id_token');
  const claims = claimsOf(tokens.id_token);
  const exp =
    typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + (tokens.expires_in ?? 3600) * 1000;
  const session: Session = { token: tokens.id_token, expiresAt: exp, claims };
  sessionStorage.setItem(SESSION, JSON.stringify(session));
  history.replaceState(null, '', `${location.pathname}${pending.returnTo}`);
  return session;
}

/** The stored session, unless it expires within a minute. */
export function currentSession(): Session | undefined {
  const session = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null') as Session | null;
  if (session === null || session.expiresAt < Date.now() + 60_000) return undefined;
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION);
}
