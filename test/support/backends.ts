import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ZhibenConfig } from '#bootstrap';
import { createMigratedTestDatabase } from '../../libs/projections/src/testing/migrated-template.js';
import { startApp, type RunningApp } from './app-harness.js';

/**
 * A valid USCC for tests: the 17 characters given and the GB 32100-2015 check character, computed
 * here independently of the domain's own `usccCheckCharacter`.
 */
export function testUscc(first17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + chars.indexOf(c) * weights[i]!, 0);
  return first17 + chars[(31 - (sum % 31)) % 31];
}

/** A database made for one test file on the server of `baseUrl`, dropped by `drop`. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database `<prefix>_test_<random>` on the server `baseUrl` points at, as a copy of
 * the migrated template (an app started on it finds no migration pending).
 * @throws Error when `prefix` is not a plain lower-case identifier
 */
export async function createTestDatabase(baseUrl: string, prefix = 'zhiben_e2e'): Promise<TestDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`invalid database prefix ${prefix}`);
  const name = `${prefix}_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = await createMigratedTestDatabase(baseUrl, name);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A started app and how to stop it (and drop its database). */
export interface StartedApp {
  app: RunningApp;
  done(): Promise<void>;
}

/**
 * The backends an end-to-end suite runs against, for `describe.each`: embedded in-memory PGlite
 * always, and PostgreSQL (a fresh database per suite) when `TEST_DATABASE_URL` is set.
 */
export function appBackends(options: Partial<ZhibenConfig> = {}, prefix = 'zhiben_e2e'): [string, () => Promise<StartedApp>][] {
  const backends: [string, () => Promise<StartedApp>][] = [
    ['embedded PGlite', async () => {
      const app = await startApp(options);
      return { app, done: () => app.close() };
    }],
  ];
  const base = process.env['TEST_DATABASE_URL'];
  if (base) {
    backends.push(['PostgreSQL', async () => {
      const db = await createTestDatabase(base, prefix);
      const app = await startApp({ ...options, databaseUrl: db.url });
      return { app, done: async () => { await app.close(); await db.drop(); } };
    }]);
  }
  return backends;
}
