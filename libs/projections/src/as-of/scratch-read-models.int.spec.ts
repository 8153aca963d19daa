/**
 * Scratch read-model databases copied from the migrated image: every migration recorded (counted
 * from the migration files on disk, in migrations/ and in the read-model folders), no rows, and each copy independent of the others.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openScratchReadModels, ScratchReadModelsPool } from './scratch-read-models.js';

/** Migration files on disk: `<13-digit timestamp>-<title>.ts` in migrations/ and `….migration.ts` beside each projector. */
const migrationFiles = async () =>
  (await readdir(fileURLToPath(new URL('../', import.meta.url)), { recursive: true })).filter((f) => /(^|\/)\d{13}-[^/]*\.ts$/.test(f) && !f.includes('.spec.')).length;

describe('scratch read models', () => {
  it('copies are migrated, empty and independent of each other', async () => {
    const a = await openScratchReadModels();
    const b = await openScratchReadModels();
    try {
      const [{ n }]: { n: number }[] = await a.dataSource.query('SELECT count(*)::int AS n FROM migrations');
      expect(n).toBe(await migrationFiles());
      await a.dataSource.query("INSERT INTO read_model_snapshots (position) VALUES (42)");
      expect(await a.dataSource.query('SELECT position FROM read_model_snapshots')).toEqual([{ position: '42' }]);
      expect(await b.dataSource.query('SELECT position FROM read_model_snapshots')).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);

  it('the pool hands out its spare, then a new one; refuses once closed', async () => {
    const pool = new ScratchReadModelsPool();
    pool.prepareSpare();
    const first = await pool.take();
    const second = await pool.take();
    expect(first.dataSource).not.toBe(second.dataSource);
    await first.dataSource.query('INSERT INTO read_model_snapshots (position) VALUES (1)');
    expect(await second.dataSource.query('SELECT count(*)::int AS n FROM read_model_snapshots')).toEqual([{ n: 0 }]);
    await first.close();
    await second.close();
    pool.prepareSpare();
    await pool.close();
    await expect(pool.take()).rejects.toThrow('closed');
  }, 120_000);
});
