import type { Database } from './database.port.js';
import { assertTestDatabase } from './create-database.js';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';

const url = process.env.TEST_DATABASE_URL;

/** Both adapters must hand back the same JavaScript values for the same SQL. */
function typeParsingSuite(name: string, open: () => Database): void {
  describe(`value types on ${name}`, () => {
    let db: Database;

    beforeAll(() => {
      db = open();
    });

    afterAll(async () => {
      await db.close();
    });

    it('returns int8 and numeric as strings, past 2^53 too', async () => {
      const { rows } = await db.query(
        `SELECT 9007199254740993::int8 AS big, (-5)::int8 AS neg, 12.50::numeric AS money, count(*) AS n,
                ARRAY[1, 9007199254740993]::int8[] AS bigs, 7::int4 AS small
         FROM (VALUES (1), (2)) AS v(x)`,
      );
      expect(rows).toEqual([
        { big: '9007199254740993', neg: '-5', money: '12.50', n: '2', bigs: ['1', '9007199254740993'], small: 7 },
      ]);
    });

    it("returns date as 'YYYY-MM-DD' whatever the zone, and accepts it as a parameter", async () => {
      const { rows } = await db.query(
        `SELECT '2024-03-01'::date AS d, $1::date AS p, ARRAY['2024-12-31'::date, '2025-01-01'::date] AS ds`,
        ['2026-12-31'],
      );
      expect(rows).toEqual([{ d: '2024-03-01', p: '2026-12-31', ds: ['2024-12-31', '2025-01-01'] }]);
    });

    it('returns timestamptz as a Date with milliseconds intact, and jsonb parsed', async () => {
      const at = new Date('2025-01-31T16:00:00.007Z');
      const { rows } = await db.query<{ at: Date; doc: unknown; t: boolean }>(
        `SELECT $1::timestamptz AS at, $2::jsonb AS doc, true AS t`,
        [at.toISOString(), JSON.stringify({ b: [1, null, 'x'], a: { c: 1.5 } })],
      );
      expect(rows[0].at).toBeInstanceOf(Date);
      expect(rows[0].at.getTime()).toBe(at.getTime());
      expect(rows[0].doc).toEqual({ a: { c: 1.5 }, b: [1, null, 'x'] });
      expect(rows[0].t).toBe(true);
    });

    it('reports rowCount of inserts and updates', async () => {
      const result = await db.transaction(async (tx) => {
        await tx.query(`CREATE TEMP TABLE t (x int) ON COMMIT DROP`);
        const inserted = await tx.query(`INSERT INTO t SELECT generate_series(1, 3)`);
        const updated = await tx.query(`UPDATE t SET x = x + 1 WHERE x > $1`, [1]);
        return [inserted.rowCount, updated.rowCount];
      });
      expect(result).toEqual([3, 2]);
    });
  });
}

typeParsingSuite('PGlite', () => new PgliteDatabase());

if (url !== undefined && url !== '') {
  assertTestDatabase(url);
  typeParsingSuite('PostgreSQL (TEST_DATABASE_URL)', () => new PgDatabase(url, { poolSize: 2 }));
} else {
  describe('value types on PostgreSQL', () => {
    it('are not checked here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(process.env.TEST_DATABASE_URL ?? '').toBe('');
    });
  });
}
