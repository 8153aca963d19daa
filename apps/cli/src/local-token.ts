/**
 * The bearer token the command line sends to a Zhiben API: the one given with `--token`, else one
 * signed here for the local instance's key (AUTH_JWT_SECRET, or the embedded mode's
 * DATA_DIR/jwt-secret — the same key `npm start` made), as `npm run cli -- token` would print it.
 */
import { signToken, type TokenRole } from '#auth';
import { loadConfig, resolveJwtKey } from '#bootstrap';

/**
 * @param explicit the `--token` value, used as it is when given
 * @param role the role of a locally signed token (the demo and the import act as a city administrator)
 * @returns the token (without "Bearer ")
 * @throws Error when no token is given and the local configuration cannot sign one (a JWKS, or DATA_DIR=memory://)
 */
export async function cliToken(explicit: string | undefined, role: TokenRole = 'city_admin'): Promise<string> {
  if (explicit) return explicit;
  const config = loadConfig();
  if (!config.authJwtSecret && config.authJwksUrl) throw new Error('the API verifies tokens with AUTH_JWKS_URL: pass --token with one from that identity provider');
  if (!config.authJwtSecret && config.dataDir.startsWith('memory://')) throw new Error('DATA_DIR=memory:// keeps its key in the API process: set AUTH_JWT_SECRET for both, or pass --token');
  const key = resolveJwtKey(config);
  if (key.kind !== 'secret') throw new Error('the API verifies tokens with a JWKS: pass --token');
  return signToken(key.key, { role, subject: `cli:${role}`, expiresIn: '8h', issuer: config.authIssuer, audience: config.authAudience });
}

let bearer: string | null = null;

/** Sets the token {@link authHeaders} sends (once per command run). */
export function useToken(token: string): void {
  bearer = token;
}

/** `{ authorization: 'Bearer …' }` once {@link useToken} was called, else `{}`. */
export function authHeaders(): Record<string, string> {
  return bearer ? { authorization: `Bearer ${bearer}` } : {};
}
