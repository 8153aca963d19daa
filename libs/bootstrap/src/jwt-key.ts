import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isJwtSecret, type ZhibenConfig } from './config.js';

/** The embedded mode's token key file in DATA_DIR. */
export const JWT_SECRET_FILE = 'jwt-secret';

/** How bearer tokens are verified, as resolved at start (never logged with the key). */
export type JwtKey =
  | { kind: 'secret'; key: Uint8Array; source: 'configuration' | 'key-file' | 'generated-key-file' | 'ephemeral'; issuer?: string | undefined; audience?: string | undefined }
  | { kind: 'jwks'; url: string; issuer?: string | undefined; audience?: string | undefined };

/**
 * Resolves the token key:
 * - `AUTH_JWT_SECRET` (config.authJwtSecret): a shared HS256 key;
 * - else `AUTH_JWKS_URL`: the identity provider's public key set;
 * - else, embedded mode on disk: `DATA_DIR/jwt-secret` (base64 of 32 bytes), generated with mode 0600
 *   when absent — `npm run cli -- token` reads the same file;
 * - else, embedded in memory (`memory://`): a random key for this process;
 * - else (server mode with neither): refuses.
 * @throws Error in server mode without AUTH_JWT_SECRET or AUTH_JWKS_URL, or for a key file that holds no key
 */
export function resolveJwtKey(
  config: Pick<ZhibenConfig, 'authJwtSecret' | 'authJwksUrl' | 'authIssuer' | 'authAudience' | 'databaseUrl' | 'dataDir'>,
): JwtKey {
  const claims = { issuer: config.authIssuer, audience: config.authAudience };
  if (config.authJwtSecret) return { kind: 'secret', key: decodeSecret(config.authJwtSecret), source: 'configuration', ...claims };
  if (config.authJwksUrl) return { kind: 'jwks', url: config.authJwksUrl, ...claims };
  if (config.databaseUrl) {
    throw new Error(
      'server mode (DATABASE_URL set) needs AUTH_JWT_SECRET (a shared HS256 key, at least 32 bytes in base64: `openssl rand -base64 32`) ' +
        'or AUTH_JWKS_URL (an identity provider\'s public key set): refusing to start without a way to verify tokens',
    );
  }
  if (config.dataDir.startsWith('memory://')) return { kind: 'secret', key: randomBytes(32), source: 'ephemeral', ...claims };
  const file = path.join(config.dataDir, JWT_SECRET_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!isJwtSecret(text)) throw new Error(`${file} does not hold a base64 key of at least 32 bytes`);
    return { kind: 'secret', key: decodeSecret(text), source: 'key-file', ...claims };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64');
  try {
    // 'wx': never overwrite a key another process (the api, or `cli token`) wrote meanwhile.
    writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return resolveJwtKey(config);
    throw e;
  }
  chmodSync(file, 0o600);
  return { kind: 'secret', key: Buffer.from(generated, 'base64'), source: 'generated-key-file', ...claims };
}

function decodeSecret(value: string): Uint8Array {
  return Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
}
