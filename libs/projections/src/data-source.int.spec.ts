/**
 * The read-model DataSource answers raw queries (what the API's query controllers and the statistics
 * use) with the same value types on PGlite and PostgreSQL, and as the Database port documents them
 * (database.port.ts): int8 as a decimal string, date as its CST 'YYYY-MM-DD' text, timestamptz as a Date.
 */
import { testBackends, type TestStore } from './testing/open-test-store.js';

describe.each(testBackends())('read-model DataSource value types ($name)', ({ open }) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  const SQL = `SELECT DATE '2025-03-31' AS deadline, 9007199254740993::bigint AS position,
                      TIMESTAMPTZ '2025-03-31T17:00:00Z' AS closed_at, '["2025-03-31"]'::jsonb AS missed`;

  it('returns int8 as a decimal string, timestamptz as a Date and jsonb parsed, as the Database port does', async () => {
    const [viaDataSource] = (await t.dataSource.query(SQL)) as Record<string, unknown>[];
    expect(viaDataSource!['position']).toBe('9007199254740993');
    expect(viaDataSource!['closed_at']).toEqual(new Date('2025-03-31T17:00:00Z'));
    expect(viaDataSource!['missed']).toEqual(['2025-03-31']);
  });

  it("returns a date column as its 'YYYY-MM-DD' text, as the Database port does (a JS Date would shift the CST day)", async () => {
    const { rows } = await t.db.query<Record<string, unknown>>(SQL);
    expect(rows[0]!['deadline']).toBe('2025-03-31');
    const [viaDataSource] = (await t.dataSource.query(SQL)) as Record<string, unknown>[];
    // hazard-queries.controller.ts reads hazard_ledger.deadline this way and compares it with today's date string.
    expect(viaDataSource!['deadline']).toBe('2025-03-31');
  });
});
