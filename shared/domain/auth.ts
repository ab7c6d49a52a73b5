import { ForbiddenError, UnauthorizedError } from './errors.ts';
import { isInSubtree } from './tree.ts';

/** The scope a machine client (an upper-level center's system) needs to push menus. */
export const MENUS_PUSH_SCOPE = 'pmsc/menus:push';

export const ROLES = ['resident', 'staff', 'admin'] as const;
/** The group of Party members (beside their role): rooms and classes for Party members only. */
export const PARTY_MEMBER_GROUP = 'party-member';
export type Role = (typeof ROLES)[number];

export type Principal =
  | {
      readonly kind: 'user';
      readonly sub: string;
      readonly role: Role;
      readonly centerId?: string;
      /** A resident's mobile number, when the token says it is verified (walk-in orders). */
      readonly phone?: string;
      /** In the `party-member` group: may book what is for Party members only. */
      readonly partyMember?: true;
    }
  | { readonly kind: 'machine'; readonly clientId: string; readonly scopes: readonly string[] };

/** Claims as API Gateway HTTP APIs pass them: every value a string, arrays as "[a b]". */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

function listClaim(value: Claims[string]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  const text = String(value).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter(Boolean);
}

/** Which claims carry a person's groups and center: Cognito's names, or an external issuer's. */
export interface ClaimNames {
  readonly groups: string;
  readonly centerId: string;
}
export const COGNITO_CLAIMS: ClaimNames = { groups: 'cognito:groups', centerId: 'custom:center_id' };

/**
 * Reads the principal from verified JWT claims (Cognito ID tokens for people, access tokens with
 * a scope for machine clients). The strongest group wins: admin, then staff, then resident.
 * A district on an external OIDC issuer (AWS China) names its own group and center claims.
 */
export function principalFromClaims(
  claims: Claims | undefined,
  names: ClaimNames = COGNITO_CLAIMS,
): Principal {
  if (!claims?.sub) throw new UnauthorizedError('a bearer token is required');
  const sub = String(claims.sub);
  if (claims.token_use === 'access' && !claims[names.groups]) {
    // an access token without groups is a machine client's; without a scope it may do nothing
    const scopes = claims.scope === undefined ? [] : listClaim(claims.scope);
    if (scopes.length === 0) throw new UnauthorizedError('an access token must carry a scope');
    return { kind: 'machine', clientId: String(claims.client_id ?? sub), scopes };
  }
  const groups = listClaim(claims[names.groups]);
  const role = (['admin', 'staff', 'resident'] as const).find((r) => groups.includes(r)) ?? 'resident';
  const centerId = claims[names.centerId] ? String(claims[names.centerId]) : undefined;
  if (role === 'staff' && !centerId) {
    throw new ForbiddenError(`a staff token must carry ${names.centerId}`);
  }
  if (role === 'staff') return { kind: 'user', sub, role, centerId: centerId! };
  const verified = String(claims.phone_number_verified) === 'true' && typeof claims.phone_number === 'string';
  const member = groups.includes(PARTY_MEMBER_GROUP) ? ({ partyMember: true } as const) : {};
  return verified && role === 'resident'
    ? { kind: 'user', sub, role, phone: String(claims.phone_number), ...member }
    : { kind: 'user', sub, role, ...member };
}

export function describe(principal: Principal): string {
  return principal.kind === 'machine' ? `client ${principal.clientId}` : `${principal.role} ${principal.sub}`;
}

/** People (residents, staff, admins) may read the registry; machine clients only what their scopes allow. */
export function assertCanReadRegistry(principal: Principal): void {
  if (principal.kind === 'machine') {
    throw new ForbiddenError('machine clients may only use the endpoints of their scopes');
  }
}

/**
 * Only admins and staff change the registry at all: checked before anything is looked up, so a
 * caller who could not act anyway is told 403, not what does or does not exist.
 */
export function assertMayManageRegistry(principal: Principal): void {
  if (principal.kind === 'user' && (principal.role === 'admin' || principal.role === 'staff')) return;
  throw new ForbiddenError(`${describe(principal)} may not change the registry`);
}

/**
 * Admins manage every center; staff manage the center they work at and its whole subtree;
 * everyone else is refused. `centerPath` is the materialized path of the center acted on.
 */
export function assertCanManage(principal: Principal, centerPath: string): void {
  if (principal.kind === 'user' && principal.role === 'admin') return;
  if (principal.kind === 'user' && principal.role === 'staff' && principal.centerId) {
    if (isInSubtree(centerPath, principal.centerId)) return;
    throw new ForbiddenError(`staff of center ${principal.centerId} may only manage its subtree`);
  }
  throw new ForbiddenError(`${describe(principal)} may not change the registry`);
}

export function assertAdmin(principal: Principal): void {
  if (principal.kind === 'user' && principal.role === 'admin') return;
  throw new ForbiddenError('only administrators may do this');
}

/** Admins and staff (of any center) may rebuild the district's grid; residents only read it. */
export function assertCanRebuildGrid(principal: Principal): void {
  if (principal.kind === 'user' && (principal.role === 'admin' || principal.role === 'staff')) return;
  throw new ForbiddenError(`${describe(principal)} may not rebuild the grid; admins and staff may`);
}
