import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isKek, type ZhibenConfig } from './config.js';

/** The reporters' key-encryption key as resolved at start, and where it came from (never the key itself in logs). */
export interface ReporterKek {
  /** 32 bytes, or null when none is configured (server mode without `REPORTER_KEK`). */
  key: Buffer | null;
  source: 'configuration' | 'key-file' | 'generated-key-file' | 'ephemeral' | 'none';
}

/** The embedded mode's key file in DATA_DIR. */
export const REPORTER_KEK_FILE = 'reporter-kek';

/**
 * Resolves the KEK of reporters' identities:
 * - `REPORTER_KEK` (config.reporterKek) when set;
 * - else, embedded mode on disk: `DATA_DIR/reporter-kek` (base64), generated with mode 0600 when absent;
 * - else, embedded in memory (`memory://`): a random key for this process (its data dies with it too);
 * - else (server mode without a key): none — identities cannot be stored or read (503), anonymous reports still can.
 *   Replicas of the server mode must share one KEK, so none is made up here.
 * @throws Error when the key file exists but does not hold a 32-byte base64 key
 */
export function resolveReporterKek(config: Pick<ZhibenConfig, 'reporterKek' | 'databaseUrl' | 'dataDir'>): ReporterKek {
  if (config.reporterKek) return { key: Buffer.from(config.reporterKek, 'base64'), source: 'configuration' };
  if (config.databaseUrl) return { key: null, source: 'none' };
  if (config.dataDir.startsWith('memory://')) return { key: randomBytes(32), source: 'ephemeral' };
  const file = path.join(config.dataDir, REPORTER_KEK_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!isKek(text)) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return { key: Buffer.from(text, 'base64'), source: 'key-file' };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64');
  // 'wx': never overwrite a key another process wrote meanwhile (that would orphan its identities).
  writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key: Buffer.from(generated, 'base64'), source: 'generated-key-file' };
}
