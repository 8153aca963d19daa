import { randomBytes } from 'node:crypto';
import { assertTestDatabase } from './create-database.js';
import { PgDatabase } from './pg-database.js';

const url = process.env.TEST_DATABASE_URL;

if (url !== undefined && url !== '') {
  describe('PgDatabase', () => {
    const schema = `zhiben_test_db_${randomBytes(4).toString('hex')}`;
    let admin: PgDatabase;
    let db: PgDatabase;

    beforeAll(async () => {
      assertTestDatabase(url);
      admin = new PgDatabase(url, { poolSize: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      db = new PgDatabase(url, { poolSize: 4, searchPath: schema });
      await db.query(`CREATE TABLE items (name text PRIMARY KEY)`);
    });

    afterAll(async () => {
      await db?.close();
      await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin?.close();
    });

    it('sets the search_path of every pooled connection', async () => {
      const paths = await Promise.all(
        Array.from({ length: 4 }, () => db.transaction(async (tx) => (await tx.query<{ p: string }>(`SELECT current_schema() AS p`)).rows[0].p)),
      );
      expect(new Set(paths)).toEqual(new Set([schema]));
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      await db.transaction((tx) => tx.query(`INSERT INTO items VALUES ('kept')`));
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO items VALUES ('lost')`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await db.query(`SELECT name FROM items`);
      expect(rows).toEqual([{ name: 'kept' }]);
    });

    it('refuses a transaction executor used after its transaction', async () => {
      let leaked: { query(sql: string): Promise<unknown> } | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.query(`SELECT 1`)).rejects.toThrow('after its transaction');
    });

    it('a connection lost mid-transaction is an error for the caller, not the end of the process; the pool goes on', async () => {
      const attempt = db.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
        await admin.query(`SELECT pg_terminate_backend($1)`, [rows[0].pid]);
        await new Promise((resolve) => setTimeout(resolve, 200)); // work between two statements
        await tx.query(`INSERT INTO items VALUES ('never')`);
      });
      await expect(attempt).rejects.toThrow();
      const { rows } = await db.query<{ name: string }>(`SELECT name FROM items WHERE name = 'never'`);
      expect(rows).toEqual([]);
      await db.transaction((tx) => tx.query(`INSERT INTO items VALUES ('after')`));
      expect((await db.query(`SELECT name FROM items WHERE name = 'after'`)).rows).toEqual([{ name: 'after' }]);
    });

    it('rejects a search_path that is not a list of identifiers', () => {
      expect(() => new PgDatabase(url, { searchPath: 'x; DROP TABLE y' })).toThrow('invalid search_path');
    });
  });
} else {
  describe('PgDatabase', () => {
    it('is not run here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(process.env.TEST_DATABASE_URL ?? '').toBe('');
    });
  });
}
