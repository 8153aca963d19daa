/**
 * The read models' row-version history on PGlite and PostgreSQL: at every global position of a
 * scenario that inserts, updates and re-updates rows of many read models, every versioned table read
 * through the as-of views equals the same table replayed from scratch up to that position (the replay
 * path, which knows nothing of versions); plus where the history cannot serve (before it starts,
 * projections lagging) the reader falls back to the replay, and a TRUNCATE (a rebuild) empties it.
 */
import { allProjections } from '../projections.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { AccidentScenario } from '../testing/accident-scenario.js';
import { recordTestDrill } from '../testing/drill-scenario.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestInspection } from '../testing/inspection-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { buildReadModelsAsOf } from './as-of-replay.js';
import { AsOfViews } from './as-of-views.js';
import { asOfSearchPath, installReadModelVersioning, readModelsAsOf, versionedFrom, versionedTables } from './read-model-versioning.js';
import type { ReadModelReader } from '../read-model-reader.js';
import pg from 'pg';

const A = testUscc('500101', 1);
const B = testUscc('500102', 2);

/** Every row of a table as sorted JSON lines (row order is not part of a table's content). */
async function rowsOf(reader: ReadModelReader, table: string): Promise<string[]> {
  const rows: Record<string, unknown>[] = await reader.query(`SELECT * FROM "${table}"`);
  return rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] instanceof Date ? (r[k] as Date).toISOString() : r[k]]))).sort();
}

describe.each(testBackends())('read-model versioning ($name)', ({ open }) => {
  let t: TestStore;
  let runner: ProjectionRunner;
  let hazardIds: string[];
  afterAll(async () => {
    await t?.close();
  });

  beforeAll(async () => {
    t = await open();
    runner = new ProjectionRunner(t.store, t.dataSource, allProjections(), new RecordingLogger());
    const s = new HazardScenario(t.store);
    const accidents = new AccidentScenario(t.store);
    await s.registerEnterprise({ uscc: A, districtCode: '500101', sector: 'hazardous_chemicals', registeredAt: '2024-01-02T09:00:00+08:00' });
    await s.registerEnterprise({ uscc: B, districtCode: '500102', sector: 'commerce_trade', registeredAt: '2024-01-03T09:00:00+08:00' });
    await runner.catchUp(); // projected in several runs, as a live worker would
    const h1 = (await s.reportHazard({ uscc: A, grade: 'major', channel: 'enforcement', discoveredAt: '2024-03-01T10:00:00+08:00' })).hazardId;
    const h2 = (await s.reportHazard({ uscc: A, grade: 'major', channel: 'self_inspection', discoveredAt: '2024-03-02T10:00:00+08:00' })).hazardId;
    const h3 = (await s.reportHazard({ uscc: B, grade: 'general', channel: 'self_inspection', discoveredAt: '2024-03-03T10:00:00+08:00' })).hazardId;
    await s.plan(h1, { deadline: '2024-04-30', plannedAt: '2024-03-05T10:00:00+08:00', fundsFen: 500_000 });
    await s.plan(h2, { deadline: '2024-03-20', plannedAt: '2024-03-05T11:00:00+08:00' });
    await runner.catchUp();
    await s.extend(h1, '2024-05-31', '2024-04-20T10:00:00+08:00');
    await s.recordDeadlineMissed(h2, '2024-03-21T00:05:00+08:00');
    await s.escalate(h2, 'interview', '2024-03-25T10:00:00+08:00');
    await s.completeVerifyClose(h1, '2024-05-20T10:00:00+08:00');
    await s.gradeStandardization(A, 2, '2024-06-01T10:00:00+08:00');
    await recordTestDrill(t.store, A, '2024-06-10T10:00:00+08:00');
    await recordTestInspection(t.store, A, 'director_monthly', '2024-06-11T10:00:00+08:00', [h2]);
    await runner.catchUp();
    await s.reopen(h1, '2024-07-01T10:00:00+08:00', '2024-08-31');
    const { accidentId } = await accidents.report({ occurredAt: '2024-07-02T10:00:00+08:00', deaths: 1 });
    await accidents.revise(accidentId, { deaths: 3, revisedAt: '2024-07-09T10:00:00+08:00' });
    await s.closeEnterprise(B, '2024-08-01T10:00:00+08:00', '停产关闭');
    await runner.catchUp();
    hazardIds = [h1, h2, h3];
  }, 300_000);

  it('at every position, every versioned table read through the as-of views equals the same table replayed up to it', async () => {
    const head = await t.store.headPosition();
    expect(head).toBeGreaterThanOrEqual(20n);
    const tables = versionedTables(t.dataSource);
    expect(tables.length).toBeGreaterThan(25);
    const path = await asOfSearchPath(t.dataSource);
    let changedTables = 0;
    for (let p = 0n; p <= head; p++) {
      const replayed = await buildReadModelsAsOf(t.store, p);
      try {
        for (const table of tables) {
          const got = await rowsOf(readModelsAsOf(t.dataSource, path, p), table);
          expect({ p: p.toString(), table, rows: got }).toEqual({ p: p.toString(), table, rows: await rowsOf(replayed.dataSource, table) });
          if (p === head && got.length > 0) changedTables++;
        }
      } finally {
        await replayed.close();
      }
    }
    // The scenario touched the tables of hazards, enterprises, accidents, drills, inspections, standardization.
    expect(changedTables).toBeGreaterThanOrEqual(8);
    // And at the head the as-of views are the live tables themselves.
    for (const table of tables) expect(await rowsOf(readModelsAsOf(t.dataSource, path, head), table)).toEqual(await rowsOf(t.dataSource, table));
  }, 600_000);

  it('keeps the versions an event replaced: hazard h1 read as planned, extended, closed and reopened at the positions between', async () => {
    const path = await asOfSearchPath(t.dataSource);
    const events = (await t.store.readStream(`hazard-${hazardIds[0]}`)).map((e) => ({ type: e.type, position: e.position }));
    // By hand from the scenario: reported → planned (04-30) → extended (05-31) → completed, verified, closed → reopened (08-31).
    const expected: Record<string, [string, string | null]> = {
      HazardReported: ['reported', null],
      RectificationPlanned: ['planned', '2024-04-30'],
      DeadlineExtended: ['planned', '2024-05-31'],
      HazardClosed: ['closed', '2024-05-31'],
      HazardReopened: ['planned', '2024-08-31'],
    };
    let checked = 0;
    for (const e of events) {
      const want = expected[e.type];
      if (!want) continue;
      const rows: { status: string; deadline: string | null }[] = await readModelsAsOf(t.dataSource, path, e.position).query(
        'SELECT status, deadline FROM hazard_ledger WHERE hazard_id = $1',
        [hazardIds[0]],
      );
      expect([e.type, rows.map((r) => [r.status, r.deadline])]).toEqual([e.type, [want]]);
      checked++;
    }
    expect(checked).toBe(5);
  }, 120_000);

  it('serves from the history when the projections have passed the position, else replays; before the history starts, replays', async () => {
    const head = await t.store.headPosition();
    const views = new AsOfViews(t.store, t.dataSource, { snapshotEvery: 0, projectionWaitMs: 200 });
    try {
      expect((await views.reader(head)).source).toBe('history');
      // A new event no projection has seen: the history cannot serve it yet, the replay does — and counts it.
      await recordTestDrill(t.store, A, '2024-09-10T10:00:00+08:00');
      const later = await t.store.headPosition();
      const lagging = await views.reader(later);
      expect(lagging.source).toBe('replay');
      const drills: { n: string }[] = await lagging.reader.query('SELECT count(*)::text AS n FROM drill_figure_drills');
      expect(drills[0]!.n).toBe('2');
      await runner.catchUp();
      expect((await views.reader(later)).source).toBe('history');

      // A database that had rows before versioning: its history starts at the highest checkpoint.
      await t.dataSource.query('DELETE FROM read_model_versioning');
      expect(await versionedFrom(t.dataSource, versionedTables(t.dataSource))).toBeNull();
      expect((await views.reader(later)).source).toBe('replay');
      await installReadModelVersioning(t.dataSource);
      expect(await versionedFrom(t.dataSource, versionedTables(t.dataSource))).toBe(later);
      expect((await views.reader(later - 1n)).source).toBe('replay');
      expect((await views.reader(later)).source).toBe('history');
    } finally {
      await views.close();
    }
  }, 300_000);

  it('a TRUNCATE of a read model (a rebuild) empties its history; replaying it restores the versions at their own positions', async () => {
    const path = await asOfSearchPath(t.dataSource);
    const head = await t.store.headPosition();
    const replayed = await buildReadModelsAsOf(t.store, head - 5n);
    const before = await rowsOf(replayed.dataSource, 'hazard_ledger');
    await replayed.close();
    expect(before.length).toBe(3);
    await t.dataSource.query('TRUNCATE hazard_ledger');
    const [{ n }]: { n: string }[] = await t.dataSource.query('SELECT count(*)::text AS n FROM hazard_ledger__versions');
    expect(n).toBe('0');
    await t.dataSource.query("UPDATE projection_checkpoints SET position = 0 WHERE name = 'hazard-ledger'");
    await runner.catchUp();
    expect(await rowsOf(readModelsAsOf(t.dataSource, path, head - 5n), 'hazard_ledger')).toEqual(before);
  }, 120_000);

  it('a rebuild committed while an auditor reads: the reader answers from its snapshot, then from the replay — never the emptied history', async () => {
    const head = await t.store.headPosition();
    const views = new AsOfViews(t.store, t.dataSource, { snapshotEvery: 0, projectionWaitMs: 200 });
    const count = async (reader: ReadModelReader) => ((await reader.query('SELECT count(*)::int AS n FROM hazard_ledger')) as { n: number }[])[0]!.n;
    try {
      const { reader, source } = await views.reader(head);
      expect(source).toBe('history');
      expect(await count(reader)).toBe(3); // by hand: h1, h2, h3
      const rebuild = 'TRUNCATE hazard_ledger; UPDATE projection_checkpoints SET position = 0 WHERE name = \'hazard-ledger\'';
      if (t.kind === 'postgres') {
        // A rebuild in flight on another connection: not committed, so the history still answers.
        const other = new pg.Client({ connectionString: t.url });
        await other.connect();
        try {
          await other.query('BEGIN');
          await other.query(rebuild);
          expect(await count(reader)).toBe(3);
          await other.query('COMMIT');
        } finally {
          await other.end();
        }
      } else {
        await t.dataSource.transaction(async (em) => {
          for (const sql of rebuild.split('; ')) await em.query(sql);
        });
      }
      // Committed: the history of hazard_ledger is empty and its checkpoint behind: the same reader replays.
      const [{ n }]: { n: string }[] = await t.dataSource.query('SELECT count(*)::text AS n FROM hazard_ledger__versions');
      expect(n).toBe('0');
      expect(await count(reader)).toBe(3);
      await runner.catchUp();
      expect((await views.reader(head)).source).toBe('history');
      expect(await count((await views.reader(head)).reader)).toBe(3);
    } finally {
      await views.close();
    }
  }, 300_000);

  it('a data fix written outside the runner changes the figures from the next event on, never the past', async () => {
    const path = await asOfSearchPath(t.dataSource);
    const head = await t.store.headPosition();
    const title = async (p: bigint) =>
      ((await readModelsAsOf(t.dataSource, path, p).query('SELECT title FROM hazard_ledger WHERE hazard_id = $1', [hazardIds[2]])) as { title: string }[]).map((r) => r.title);
    const before = await title(head);
    expect(before).toHaveLength(1);
    await t.dataSource.query("UPDATE hazard_ledger SET title = '数据修正' WHERE hazard_id = $1", [hazardIds[2]]);
    expect(await title(head)).toEqual(before);
    expect(await title(head - 10n)).toEqual(before);
    expect(await title(head + 1n)).toEqual(['数据修正']);
  }, 60_000);

  it('a read model recreated with the same columns (its trigger gone) gets its history anew on the next start', async () => {
    await t.dataSource.query('CREATE TABLE drill_copy (LIKE drill_figure_drills INCLUDING ALL)');
    await t.dataSource.query('INSERT INTO drill_copy SELECT * FROM drill_figure_drills');
    await t.dataSource.query('DROP TABLE drill_figure_drills CASCADE');
    await t.dataSource.query('ALTER TABLE drill_copy RENAME TO drill_figure_drills');
    await installReadModelVersioning(t.dataSource);
    const [{ n }]: { n: string }[] = await t.dataSource.query("SELECT count(*)::text AS n FROM pg_trigger WHERE tgrelid = 'drill_figure_drills'::regclass AND NOT tgisinternal");
    expect(n).toBe('2');
    await recordTestDrill(t.store, A, '2024-10-10T10:00:00+08:00');
    await runner.catchUp();
    const head = await t.store.headPosition();
    const path = await asOfSearchPath(t.dataSource);
    const live = await rowsOf(t.dataSource, 'drill_figure_drills');
    expect(live).toHaveLength(3);
    expect(await rowsOf(readModelsAsOf(t.dataSource, path, head), 'drill_figure_drills')).toEqual(live);
    expect(await versionedFrom(t.dataSource, versionedTables(t.dataSource))).toBe(head - 1n);
  }, 120_000);
});
