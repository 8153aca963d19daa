import { createRemoteJWKSet, errors, jwtVerify, type CryptoKey, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
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

/** How long a token verified with the shared key is remembered at most (never past its `exp`). */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** How many verified tokens are remembered at most (the oldest is forgotten first). */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * Verifies bearer tokens with jose: signature (HS256 only for a shared key; asymmetric algorithms for
 * a JWKS), `exp` (required), `iss`/`aud` when configured, then the Zhiben claims (`actorOfClaims`).
 *
 * With a shared key, a token that verified is remembered (keyed by the whole token, so a changed
 * character is another token) for at most {@link VERIFIED_TOKEN_TTL_MS} and never past its own `exp`:
 * a client sending the same token on every request is verified once a minute instead of once a
 * request (HMAC through WebCrypto was 10–15 % of the CPU of a read; README "Request path"). Refusals
 * are never remembered. With a JWKS nothing is remembered: a key retired from the set must stop
 * verifying at jose's next refetch.
 */
export class TokenVerifier {
  private readonly options: JWTVerifyOptions;
  private readonly secret: Uint8Array | null;
  private readonly keySet: JWTVerifyGetKey | null;
  /** The shared key imported once as a WebCrypto key (jose would import a raw key on every call). */
  private secretKey: Promise<CryptoKey> | null = null;
  private readonly verified = new Map<string, { actor: Actor; until: number }>();

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
    const now = Date.now();
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (known.until > now) return { ...known.actor };
      this.verified.delete(token);
    }
    try {
      if (!this.secret) {
        const { payload } = await jwtVerify(token, this.keySet!, this.options);
        return actorOfClaims(payload as Record<string, unknown>);
      }
      this.secretKey ??= crypto.subtle.importKey('raw', this.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      const { payload } = await jwtVerify(token, await this.secretKey, this.options);
      const actor = actorOfClaims(payload as Record<string, unknown>);
      // `exp` is a required claim, in seconds; jose accepted it, with up to 5 s of tolerance we do not extend.
      this.remember(token, actor, Math.min(now + VERIFIED_TOKEN_TTL_MS, Number(payload.exp) * 1000));
      return { ...actor };
    } catch (e) {
      if (e instanceof KeySetUnavailableError) throw e;
      throw new UnauthenticatedError(reason(e));
    }
  }

  private remember(token: string, actor: Actor, until: number): void {
    if (!(until > Date.now())) return;
    if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor, until });
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
