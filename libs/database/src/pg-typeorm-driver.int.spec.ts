import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertTestDatabase } from './create-database.js';
import { PgDatabase } from './pg-database.js';
import { pgTypeormDriver } from './pg-typeorm-driver.js';

const url = process.env.TEST_DATABASE_URL;

if (url !== undefined && url !== '') {
  describe('pgTypeormDriver: TypeORM on a PgDatabase pool', () => {
    const schema = `zhiben_test_lend_${randomBytes(4).toString('hex')}`;
    const applicationName = `zhiben-lend-test-${randomBytes(4).toString('hex')}`;
    let admin: PgDatabase;
    let db: PgDatabase;
    let ds: DataSource;

    const connectionsNamed = async () =>
      Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rows[0]!.n);

    beforeAll(async () => {
      assertTestDatabase(url);
      admin = new PgDatabase(url, { poolSize: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      db = new PgDatabase(url, { poolSize: 3, searchPath: schema, applicationName });
      await db.query(`CREATE TABLE items (name text PRIMARY KEY, day date)`);
      ds = new DataSource({ type: 'postgres', driver: pgTypeormDriver(db) });
      await ds.initialize();
    });

    afterAll(async () => {
      if (ds?.isInitialized) await ds.destroy();
      await db?.close().catch(() => undefined);
      await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin?.close();
    });

    it("runs TypeORM's statements on the pool's connections: its search_path, application_name and type parsers", async () => {
      await ds.query(`INSERT INTO items VALUES ('a', '2025-03-01')`);
      const rows: { schema: string; app: string; day: unknown }[] = await ds.query(
        `SELECT current_schema() AS schema, current_setting('application_name') AS app, (SELECT day FROM items WHERE name = 'a') AS day`,
      );
      expect(rows).toEqual([{ schema, app: applicationName, day: '2025-03-01' }]);
      expect((await db.query<{ name: string }>('SELECT name FROM items')).rows).toEqual([{ name: 'a' }]);
    });

    it('never opens more connections than the pool size, TypeORM and the store together, under 40 concurrent statements', async () => {
      const peak = { n: 0 };
      const busy = Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? ds.transaction(async (em) => { await em.query('SELECT pg_sleep(0.02)'); })
          : db.transaction(async (tx) => { await tx.query('SELECT pg_sleep(0.02)'); }),
      );
      const watching = (async () => {
        for (let i = 0; i < 40; i++) {
          peak.n = Math.max(peak.n, await connectionsNamed());
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await Promise.all([...busy, watching]);
      expect(peak.n).toBe(3);
      expect(db.pool.totalCount).toBeLessThanOrEqual(3);
    });

    it('leaves the pool open when the DataSource is destroyed; closing the database ends it', async () => {
      await ds.destroy();
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await db.close();
      await expect(db.query('SELECT 1')).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 100));
      expect(await connectionsNamed()).toBe(0);
    });
  });
} else {
  describe('pgTypeormDriver: TypeORM on a PgDatabase pool', () => {
    it('is not run here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(process.env.TEST_DATABASE_URL ?? '').toBe('');
    });
  });
}
