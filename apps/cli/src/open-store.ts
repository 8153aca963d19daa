import { loadConfig } from '#bootstrap';
import { createDatabase, type Database } from '#database';

/**
 * Opens the configured store's database for reading (`DATABASE_URL`, else embedded PGlite in `DATA_DIR`),
 * as the api and the worker would. Embedded: stop the api first (PGlite is one process's database).
 * @throws Error when the database holds no Zhiben store (no `es_events` / `es_seals`: start the api once to migrate it)
 */
export async function openStoreDatabase(): Promise<Database> {
  const config = loadConfig();
  const db = createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pg: { applicationName: 'zhiben-cli', poolSize: config.databasePoolSize } });
  const { rows } = await db.query<{ events: string | null; seals: string | null }>(
    `SELECT to_regclass('es_events')::text AS events, to_regclass('es_seals')::text AS seals`,
  );
  if (rows[0]?.events == null || rows[0]?.seals == null) {
    await db.close();
    throw new Error(`no Zhiben store with seals in ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir} (start the api once to create or migrate it)`);
  }
  return db;
}
