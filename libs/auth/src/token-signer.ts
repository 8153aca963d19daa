import { SignJWT } from 'jose';
import type { TokenRole } from './principal.js';

/** What a development token says (the `cli token` command's options). */
export interface TokenRequest {
  role: TokenRole;
  subject: string;
  district?: string | undefined;
  enterprise?: string | undefined;
  organisation?: string | undefined;
  /** jose's time span, e.g. '8h', '30m', '2d' (default '8h'). */
  expiresIn?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/**
 * Signs a token with the shared HS256 key: claims `sub`, `role`, `district`, `enterprise`, `org`,
 * `iat`, `exp` (and `iss`/`aud` when given).
 * @param key the shared secret (≥ 32 bytes)
 * @throws TypeError when `expiresIn` is not a time span jose understands
 */
export async function signToken(key: Uint8Array, request: TokenRequest): Promise<string> {
  const claims: Record<string, string> = { role: request.role };
  if (request.district !== undefined) claims['district'] = request.district;
  if (request.enterprise !== undefined) claims['enterprise'] = request.enterprise;
  if (request.organisation !== undefined) claims['org'] = request.organisation;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h');
  if (request.issuer) jwt = jwt.setIssuer(request.issuer);
  if (request.audience) jwt = jwt.setAudience(request.audience);
  return jwt.sign(key);
}
