import { isValidUscc, type Actor } from '#domain';

/** The roles a token may carry (DOMAIN.md §4). `system` is never a token's: only the deadline watcher acts as it. */
export const TOKEN_ROLES = ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Every role a token may carry, for routes open to all of them (figures, reference data). */
export const ALL_TOKEN_ROLES: readonly TokenRole[] = TOKEN_ROLES;

/** Roles held in a district: their tokens must name one (`district`). */
export const DISTRICT_ROLES: readonly TokenRole[] = ['inspector', 'district_supervisor'];

/**
 * The claims Zhiben reads from a token besides the standard ones (`exp`, `iat`, `iss`, `aud`):
 * `sub` the subject, `role`, `district` (a district code; required for inspector and district_supervisor),
 * `enterprise` (a USCC; required for enterprise), `org` (organisation name, optional).
 */
export interface ZhibenClaims {
  sub: string;
  role: TokenRole;
  district?: string;
  enterprise?: string;
  org?: string;
}

/** A token's claims that do not describe an actor (the message says why). */
export class InvalidClaimsError extends Error {}

/**
 * The actor a verified token's payload describes.
 * @param payload the verified JWT payload (untrusted shapes: every claim is checked here)
 * @throws InvalidClaimsError for a missing/unknown `role`, a missing `sub`, a district role without a
 *   6-digit `district`, an enterprise without a valid USCC `enterprise`
 */
export function actorOfClaims(payload: Record<string, unknown>): Actor {
  const { sub, role, district, enterprise, org } = payload;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > 200) throw new InvalidClaimsError('the token has no subject (sub)');
  if (typeof role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(role)) {
    throw new InvalidClaimsError(`the token's role must be one of ${TOKEN_ROLES.join(', ')}`);
  }
  const tokenRole = role as TokenRole;
  if (district !== undefined && (typeof district !== 'string' || !/^\d{6}$/.test(district))) throw new InvalidClaimsError('the token\'s district must be a 6-digit district code');
  if (enterprise !== undefined && (typeof enterprise !== 'string' || !isValidUscc(enterprise))) throw new InvalidClaimsError('the token\'s enterprise must be a valid USCC');
  if (org !== undefined && (typeof org !== 'string' || org.length > 200)) throw new InvalidClaimsError('the token\'s org must be a name of at most 200 characters');
  if (DISTRICT_ROLES.includes(tokenRole) && district === undefined) throw new InvalidClaimsError(`a ${tokenRole} token must name its district`);
  if (tokenRole === 'enterprise' && enterprise === undefined) throw new InvalidClaimsError('an enterprise token must name its enterprise (USCC)');
  const districtCode = DISTRICT_ROLES.includes(tokenRole) ? (district as string) : null;
  const enterpriseUscc = tokenRole === 'enterprise' ? (enterprise as string) : null;
  return {
    subject: sub,
    role: tokenRole,
    districtCode,
    enterpriseUscc,
    organisation: (org as string | undefined) ?? (enterpriseUscc ? `enterprise ${enterpriseUscc}` : districtCode ? `district ${districtCode}` : 'Chongqing'),
  };
}

/** The actor of a whistle-blower's public report submission without a token (no identifying data). */
export const PUBLIC_ACTOR: Actor = {
  subject: 'public',
  role: 'public',
  districtCode: null,
  enterpriseUscc: null,
  organisation: 'public',
};
