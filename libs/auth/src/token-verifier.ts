import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { Actor } from '#domain';
import { actorOfClaims, InvalidClaimsError } from './principal.js';

/** How tokens are verified: a shared HS256 key, or an identity provider's public key set. */
export type VerificationKey =
  | { kind: 'secret'; key: Uint8Array; issuer?: string | undefined; audience?: string | undefined }
  | { kind: 'jwks'; url: string; issuer?: string | undefined; audience?: string | undefined };

/** A token that does not authenticate anyone; `message` says why without repeating the token. */
export class UnauthenticatedError extends Error {}

/**
 * The identity provider's key set could not be had (unreachable, time-out after 5 s, non-200, not JSON,
 * not a key set): the token may well be valid, so this is an outage (503), not a refusal (401).
 * `cause` holds jose's or fetch's error, for the log only.
 */
export class KeySetUnavailableError extends Error {}

/** Asymmetric algorithms accepted from a key set (never `none`, never HMAC with a public key). */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies bearer tokens with jose: signature (HS256 only for a shared key; asymmetric algorithms for
 * a JWKS), `exp` (required), `iss`/`aud` when configured, then the Zhiben claims (`actorOfClaims`).
 */
export class TokenVerifier {
  private readonly options: JWTVerifyOptions;
  private readonly secret: Uint8Array | null;
  private readonly keySet: JWTVerifyGetKey | null;

  constructor(key: VerificationKey) {
    this.options = {
      algorithms: key.kind === 'secret' ? ['HS256'] : JWKS_ALGORITHMS,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
      ...(key.issuer ? { issuer: key.issuer } : {}),
      ...(key.audience ? { audience: key.audience } : {}),
    };
    this.secret = key.kind === 'secret' ? key.key : null;
    this.keySet = key.kind === 'jwks' ? unavailableWhenUnfetchable(createRemoteJWKSet(new URL(key.url))) : null;
  }

  /**
   * The actor a compact JWS names.
   * @throws UnauthenticatedError for a malformed, unsigned, wrongly signed, expired or not-yet-valid token,
   *   a key outside the set, or claims that do not describe an actor
   * @throws KeySetUnavailableError when the key set must be (re)fetched and cannot be
   */
  async verify(token: string): Promise<Actor> {
    try {
      const { payload } = this.secret
        ? await jwtVerify(token, this.secret, this.options)
        : await jwtVerify(token, this.keySet!, this.options);
      return actorOfClaims(payload as Record<string, unknown>);
    } catch (e) {
      if (e instanceof KeySetUnavailableError) throw e;
      throw new UnauthenticatedError(reason(e));
    }
  }
}

/**
 * Wraps jose's remote key set so that a failure to get the set (fetch refused or timed out, non-200,
 * not JSON, malformed set, a member that does not import) becomes a KeySetUnavailableError, while the
 * token's own faults (no key of that kid/alg, several candidates for a kid-less token) stay jose's errors.
 * jose only calls this after the header's `alg` passed the allow-list, so a bad algorithm never gets here.
 */
function unavailableWhenUnfetchable(remote: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) throw e;
      throw new KeySetUnavailableError('the identity provider\'s key set could not be fetched; retry later', { cause: e });
    }
  };
}

function reason(e: unknown): string {
  if (e instanceof InvalidClaimsError) return e.message;
  if (e instanceof errors.JWTExpired) return 'the token has expired';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  if (e instanceof errors.JWTClaimValidationFailed) return `the token claim ${e.claim} is not acceptable (${e.reason})`;
  if (e instanceof errors.JWKSNoMatchingKey) return 'no key of the key set verifies the token';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid || e instanceof errors.JOSENotSupported) return 'the token is malformed';
  return 'the token does not verify';
}
