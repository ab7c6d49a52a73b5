/**
 * A local stand-in for the district's Cognito user pool: signs Cognito-shaped tokens with a key
 * made at first start, and verifies them the way the HTTP API JWT authorizer does.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK, JWTPayload } from 'jose';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
} from 'jose';

export const LOCAL_ISSUER = 'https://pmsc.example/local-issuer';
/** The app client id of the web front ends: the `aud` of user ID tokens. */
export const LOCAL_WEB_CLIENT_ID = 'local-web-client';
/** A machine-to-machine app client (client credentials): the `client_id` of access tokens. */
export const LOCAL_MACHINE_CLIENT_ID = 'local-machine-client';
/** Its secret at `POST /oauth2/token` unless LOCAL_MACHINE_CLIENT_SECRET says otherwise. */
export const DEFAULT_MACHINE_CLIENT_SECRET = 'local-machine-secret';
/** The JWT authorizer's audience list: a token passes when its `aud` or `client_id` is one of these. */
export const LOCAL_AUDIENCES: readonly string[] = [LOCAL_WEB_CLIENT_ID, LOCAL_MACHINE_CLIENT_ID];
export const RESOURCE_SERVER = 'pmsc';
export const DEFAULT_TOKEN_LIFETIME = '12h';

const ALG = 'ES256';
const KEY_FILE = 'issuer-es256.private.jwk.json';

export type UserRole = 'resident' | 'staff' | 'admin';
export const USER_ROLES: readonly UserRole[] = ['resident', 'staff', 'admin'];

/** Stable subjects, so a dev token minted tomorrow still sees today's bookings. */
const DEFAULT_SUBS: Record<UserRole, string> = {
  resident: '11111111-1111-4111-8111-111111111111',
  staff: '22222222-2222-4222-8222-222222222222',
  admin: '33333333-3333-4333-8333-333333333333',
};
const DEFAULT_NAMES: Record<UserRole, string> = {
  resident: 'Local Resident',
  staff: 'Local Staff',
  admin: 'Local Admin',
};

export interface MintTokenOptions {
  readonly role: UserRole;
  /** Required for staff: the center they work at (`custom:center_id`). */
  readonly centerId?: string;
  readonly sub?: string;
  readonly name?: string;
  /** A jose time span (`'12h'`, `'30m'`) or seconds from now (negative: already expired). */
  readonly expiresIn?: string | number;
  /** A verified mobile number (`phone_number`, E.164), as Cognito puts it in the ID token. */
  readonly phone?: string;
  /** Also in the `party-member` group. */
  readonly partyMember?: boolean;
}

export interface MintMachineTokenOptions {
  /** Defaults to `['menus:push']`; a scope without `/` gets the `pmsc/` resource-server prefix. */
  readonly scopes?: readonly string[];
  readonly clientId?: string;
  readonly expiresIn?: string | number;
}

export interface SignOptions {
  readonly issuer?: string;
  /** `null`: no `exp` at all (only to test that such a token is refused). */
  readonly expiresIn?: string | number | null;
}

export type VerifyResult =
  | {
      readonly ok: true;
      readonly payload: JWTPayload;
      /** Claims as the HTTP API passes them: every value a string. */
      readonly claims: Record<string, string>;
      readonly scopes: string[] | null;
    }
  | { readonly ok: false; readonly detail: string };

export interface LocalIssuer {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly publicJwk: JWK;
  mintToken(options: MintTokenOptions): Promise<string>;
  mintMachineToken(options?: MintMachineTokenOptions): Promise<string>;
  /** Signs arbitrary claims with this issuer's key (tests craft odd tokens with it). */
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
  verify(authorizationHeader: string | undefined): Promise<VerifyResult>;
}

interface KeyMaterial {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

const generateKeyMaterial = async (): Promise<KeyMaterial> => {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const privateJwk: JWK = { ...jwk, kid, alg: ALG, use: 'sig' };
  return { privateJwk, publicJwk: toPublicJwk(privateJwk) };
};

const toPublicJwk = ({ d: _d, ...publicPart }: JWK): JWK => publicPart;

/** Reads the key pair from `keysDir`, creating it on first use. */
const loadOrCreateKeyMaterial = async (keysDir: string): Promise<KeyMaterial> => {
  const file = join(keysDir, KEY_FILE);
  try {
    const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    return { privateJwk, publicJwk: toPublicJwk(privateJwk) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`Cannot read the local issuer key ${file}: ${(error as Error).message}`);
    }
  }
  const material = await generateKeyMaterial();
  mkdirSync(keysDir, { recursive: true });
  // wx: if another process wrote the key meanwhile, keep theirs.
  try {
    writeFileSync(file, `${JSON.stringify(material.privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return material;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyMaterial(keysDir);
    throw error;
  }
};

const expiry = (expiresIn: string | number | undefined): string | number => {
  const value = expiresIn ?? DEFAULT_TOKEN_LIFETIME;
  return typeof value === 'number' ? Math.floor(Date.now() / 1000) + value : value;
};

/** API Gateway HTTP APIs hand claims to the function as strings; arrays become `[a b]`. */
export const stringifyClaims = (payload: JWTPayload): Record<string, string> => {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
};

const describeJoseError = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `invalid claim "${error.claim}": ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no signing key matches the token';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (error instanceof errors.JOSEError) return `invalid token (${error.code})`;
  return 'invalid token';
};

export interface LocalIssuerOptions {
  /** Directory holding the key pair (created on first use); an ephemeral key when undefined. */
  readonly keysDir?: string | undefined;
}

export const createLocalIssuer = async (options: LocalIssuerOptions = {}): Promise<LocalIssuer> => {
  const material =
    options.keysDir === undefined
      ? await generateKeyMaterial()
      : await loadOrCreateKeyMaterial(options.keysDir);
  const privateKey = await importJWK(material.privateJwk, ALG);
  const jwks = createLocalJWKSet({ keys: [material.publicJwk] });
  const kid = material.privateJwk.kid;

  const sign = async (claims: JWTPayload, signOptions: SignOptions = {}): Promise<string> => {
    const jwt = new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALG, ...(kid === undefined ? {} : { kid }) })
      .setIssuer(signOptions.issuer ?? LOCAL_ISSUER)
      .setIssuedAt();
    if (signOptions.expiresIn !== null) jwt.setExpirationTime(expiry(signOptions.expiresIn));
    if (claims.jti === undefined) jwt.setJti(randomUUID());
    return jwt.sign(privateKey);
  };

  return {
    issuer: LOCAL_ISSUER,
    audiences: LOCAL_AUDIENCES,
    publicJwk: material.publicJwk,
    sign,
    mintToken: async (mint) => {
      if (!USER_ROLES.includes(mint.role)) {
        throw new Error(
          `Unknown role "${mint.role}"; use one of ${USER_ROLES.join(', ')} (or a machine token)`,
        );
      }
      if (mint.role === 'staff' && !mint.centerId) throw new Error('A staff token needs a centerId');
      const sub = mint.sub ?? DEFAULT_SUBS[mint.role];
      // Shaped like a Cognito ID token.
      return sign(
        {
          sub,
          aud: LOCAL_WEB_CLIENT_ID,
          token_use: 'id',
          auth_time: Math.floor(Date.now() / 1000),
          'cognito:username': sub,
          'cognito:groups': mint.partyMember ? [mint.role, 'party-member'] : [mint.role],
          name: mint.name ?? DEFAULT_NAMES[mint.role],
          ...(mint.centerId === undefined ? {} : { 'custom:center_id': mint.centerId }),
          ...(mint.phone === undefined ? {} : { phone_number: mint.phone, phone_number_verified: true }),
        },
        { expiresIn: mint.expiresIn },
      );
    },
    mintMachineToken: async (mint = {}) => {
      const clientId = mint.clientId ?? LOCAL_MACHINE_CLIENT_ID;
      const scopes = (mint.scopes ?? ['menus:push']).map((s) =>
        s.includes('/') ? s : `${RESOURCE_SERVER}/${s}`,
      );
      // Shaped like a Cognito client-credentials access token: client_id, no aud.
      return sign(
        { sub: clientId, client_id: clientId, token_use: 'access', scope: scopes.join(' '), version: 2 },
        { expiresIn: mint.expiresIn },
      );
    },
    verify: async (authorization) => {
      if (authorization === undefined || authorization.trim() === '') {
        return { ok: false, detail: 'missing bearer token in the Authorization header' };
      }
      // The HTTP API authorizer accepts the token with or without the Bearer prefix.
      const token = authorization.replace(/^Bearer\s+/i, '').trim();
      try {
        // As the HTTP API's JWT authorizer: a token must expire.
        const { payload } = await jwtVerify(token, jwks, {
          issuer: LOCAL_ISSUER,
          algorithms: [ALG],
          requiredClaims: ['exp'],
        });
        const audiences =
          payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
        const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
        const audienceMatches =
          audiences.some((a) => LOCAL_AUDIENCES.includes(a)) ||
          (clientId !== undefined && LOCAL_AUDIENCES.includes(clientId));
        if (!audienceMatches)
          return { ok: false, detail: 'the token audience (aud or client_id) is not accepted' };
        const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
        if (payload.token_use === 'access' && (scopes === null || scopes.length === 0)) {
          return { ok: false, detail: 'an access token must carry a scope' };
        }
        return { ok: true, payload, claims: stringifyClaims(payload), scopes };
      } catch (error) {
        return { ok: false, detail: describeJoseError(error) };
      }
    },
  };
};
