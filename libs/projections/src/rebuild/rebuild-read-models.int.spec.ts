/**
 * Rebuild on PGlite and PostgreSQL: after a scenario projected live (in several runs), read models
 * damaged by hand are rebuilt from the store into fresh tables and switched to; every read-model
 * table and its row-version history then equal, row for row, what live processing had written. The
 * live tables answer with their own rows until the switch; `only` rebuilds one projection's tables
 * and leaves the others alone; the live runner goes on from the rebuilt checkpoint.
 */
import { PgDatabase } from '#database';
import { versionedTables } from '../as-of/read-model-versioning.js';
import { createReadModelDataSource } from '../data-source.js';
import { allProjections } from '../projections.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { AccidentScenario } from '../testing/accident-scenario.js';
import { recordTestDrill } from '../testing/drill-scenario.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestInspection } from '../testing/inspection-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { PROJECTION_TABLES } from './projection-tables.js';
import { rebuildReadModels, RebuildInProgressError, type RebuildOptions } from './rebuild-read-models.js';

const A = testUscc('500101', 1);
const B = testUscc('500102', 2);

/** Every row of a table as sorted JSON lines (row order is not part of a table's content). */
async function rowsOf(t: TestStore, table: string): Promise<string[]> {
  const rows: Record<string, unknown>[] = await t.dataSource.query(`SELECT * FROM "${table}"`);
  return rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] instanceof Date ? (r[k] as Date).toISOString() : r[k]]))).sort();
}

/** Every versioned table and its history, by name. */
async function snapshot(t: TestStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of versionedTables(t.dataSource)) {
    out[table] = await rowsOf(t, table);
    out[`${table}__versions`] = await rowsOf(t, `${table}__versions`);
  }
  return out;
}

/** The options of a rebuild of every projection of `t` (no reference check), with `overrides`. */
function rebuildOf(t: TestStore, overrides: Partial<RebuildOptions> = {}): RebuildOptions {
  return { kind: t.kind, store: t.store, dataSource: t.dataSource, projections: allProjections(), logger: new RecordingLogger(), check: null, ...overrides };
}

async function checkpoints(t: TestStore): Promise<Record<string, string>> {
  const rows: { name: string; position: string }[] = await t.dataSource.query('SELECT name, position::text AS position FROM projection_checkpoints ORDER BY name');
  return Object.fromEntries(rows.map((r) => [r.name, r.position]));
}

describe.each(testBackends())('rebuild of the read models ($name)', ({ open }) => {
  let t: TestStore;
  let live: ProjectionRunner;
  let s: HazardScenario;
  let projected: Record<string, string[]>;

  beforeAll(async () => {
    t = await open();
    live = new ProjectionRunner(t.store, t.dataSource, allProjections(), new RecordingLogger());
    s = new HazardScenario(t.store);
    const accidents = new AccidentScenario(t.store);
    await s.registerEnterprise({ uscc: A, districtCode: '500101', sector: 'hazardous_chemicals', registeredAt: '2024-01-02T09:00:00+08:00' });
    await s.registerEnterprise({ uscc: B, districtCode: '500102', sector: 'commerce_trade', registeredAt: '2024-01-03T09:00:00+08:00' });
    await live.catchUp();
    const h1 = (await s.reportHazard({ uscc: A, grade: 'major', channel: 'enforcement', discoveredAt: '2024-03-01T10:00:00+08:00' })).hazardId;
    const h2 = (await s.reportHazard({ uscc: A, grade: 'major', channel: 'self_inspection', discoveredAt: '2024-03-02T10:00:00+08:00' })).hazardId;
    await s.plan(h1, { deadline: '2024-04-30', plannedAt: '2024-03-05T10:00:00+08:00', fundsFen: 500_000 });
    await s.plan(h2, { deadline: '2024-03-20', plannedAt: '2024-03-05T11:00:00+08:00' });
    await live.catchUp();
    await s.extend(h1, '2024-05-31', '2024-04-20T10:00:00+08:00');
    await s.escalate(h2, 'interview', '2024-03-25T10:00:00+08:00');
    await s.completeVerifyClose(h1, '2024-05-20T10:00:00+08:00');
    await recordTestDrill(t.store, A, '2024-06-10T10:00:00+08:00');
    await recordTestInspection(t.store, A, 'director_monthly', '2024-06-11T10:00:00+08:00', [h2]);
    await live.catchUp();
    await s.reopen(h1, '2024-07-01T10:00:00+08:00', '2024-08-31');
    const { accidentId } = await accidents.report({ occurredAt: '2024-07-02T10:00:00+08:00', deaths: 1 });
    await accidents.revise(accidentId, { deaths: 3, revisedAt: '2024-07-09T10:00:00+08:00' });
    await s.closeEnterprise(B, '2024-08-01T10:00:00+08:00', '停产关闭');
    await live.catchUp();
    projected = await snapshot(t);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('knows every read-model table as exactly one projection’s', () => {
    const mapped = Object.values(PROJECTION_TABLES).flat();
    expect(new Set(mapped).size).toBe(mapped.length);
    expect([...mapped].sort()).toEqual(versionedTables(t.dataSource));
    expect(Object.keys(PROJECTION_TABLES).sort()).toEqual(allProjections().map((p) => p.name).sort());
  });

  it('rebuilds one projection: its damaged tables come back as projected, the others stay as they are', async () => {
    // Damage two projections' tables by hand (a data fix gone wrong); the triggers record it as history.
    await t.dataSource.query('DELETE FROM hazard_ledger');
    await t.dataSource.query('DELETE FROM drill_figure_drills');
    const damagedDrills = await rowsOf(t, 'drill_figure_drills');
    expect(damagedDrills).toEqual([]);
    expect(projected['drill_figure_drills']!.length).toBeGreaterThan(0);

    const summary = await rebuildReadModels(rebuildOf(t, { only: ['hazard-ledger'] }));
    expect(summary.projections).toEqual(['hazard-ledger']);
    expect(summary.tables).toEqual(['hazard_ledger']);
    expect(summary.position).toBe(await t.store.headPosition());
    expect(summary.events).toBe(Number(await t.store.headPosition()));
    expect(await rowsOf(t, 'hazard_ledger')).toEqual(projected['hazard_ledger']);
    expect(await rowsOf(t, 'hazard_ledger__versions')).toEqual(projected['hazard_ledger__versions']);
    expect(await rowsOf(t, 'drill_figure_drills')).toEqual(damagedDrills);
    // The rebuild schema is gone.
    const schemas: { n: string }[] = await t.dataSource.query(`SELECT count(*)::text AS n FROM pg_namespace WHERE nspname LIKE '%\\_rebuild%'`);
    expect(schemas[0]!.n).toBe('0');
  }, 300_000);

  it('while it builds, the live tables answer with their own rows; after the switch every table and history equals live processing', async () => {
    await t.dataSource.query('DELETE FROM hazard_figure_deadlines');
    await t.dataSource.query(`UPDATE accident_register SET deaths = deaths + 100`);
    const duringBuild: { position: bigint; deadlines: number; deaths: string[] }[] = [];
    const summary = await rebuildReadModels(rebuildOf(t, {
      batchSize: 7,
      onProgress: async (position) => {
        // A reader of the live tables while the rebuild runs (the last call comes once it has caught up, before the switch).
        const deadlines: { n: string }[] = await t.dataSource.query('SELECT count(*)::text AS n FROM hazard_figure_deadlines');
        const deaths: { deaths: string }[] = await t.dataSource.query('SELECT deaths::text AS deaths FROM accident_register ORDER BY 1');
        duringBuild.push({ position, deadlines: Number(deadlines[0]!.n), deaths: deaths.map((d) => d.deaths) });
      },
    }));
    const head = (await t.store.headPosition()).toString();
    expect(duringBuild.length).toBeGreaterThan(0);
    expect(duringBuild[duringBuild.length - 1]!.position.toString()).toBe(head);
    for (const seen of duringBuild) expect(seen).toMatchObject({ deadlines: 0, deaths: ['103'] });
    expect(summary.tables.sort()).toEqual(versionedTables(t.dataSource));
    expect(await snapshot(t)).toEqual(projected);
    expect(Object.values(await checkpoints(t))).toEqual(Array(allProjections().length).fill(head));
    const started: { n: string }[] = await t.dataSource.query('SELECT count(*)::text AS n FROM read_model_versioning WHERE started_at <> 0');
    expect(started[0]!.n).toBe('0');
  }, 300_000);

  it('refuses a second rebuild while one runs, and changes nothing for it', async () => {
    const before = await snapshot(t);
    let second: Promise<unknown> | undefined;
    // On PostgreSQL, another process's rebuild too: its own pool and DataSource on the same database.
    let otherProcess: Promise<unknown> | undefined;
    const otherDb = t.url ? new PgDatabase(t.url, { poolSize: 2 }) : undefined;
    const otherDs = otherDb ? createReadModelDataSource(otherDb, t.url) : undefined;
    if (otherDs) await otherDs.initialize();
    // Each outcome is taken at once (resolved or the error): a refusal that waited unobserved until the
    // first rebuild ended would be an unhandled rejection.
    const outcome = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'completed', (error: unknown) => error);
    const first = rebuildReadModels(rebuildOf(t, {
      onProgress: () => {
        second ??= outcome(rebuildReadModels(rebuildOf(t)));
        if (otherDs) otherProcess ??= outcome(rebuildReadModels(rebuildOf(t, { kind: 'postgres', dataSource: otherDs })));
      },
    }));
    try {
      await first;
      expect(await second).toBeInstanceOf(RebuildInProgressError);
      if (otherDs) expect(await otherProcess).toBeInstanceOf(RebuildInProgressError);
    } finally {
      if (otherDs) await otherDs.destroy();
      await otherDb?.close();
    }
    expect(await snapshot(t)).toEqual(before);
  }, 300_000);

  it('the live runner goes on from the rebuilt checkpoint', async () => {
    const before = (await rowsOf(t, 'hazard_ledger')).length;
    await s.reportHazard({ uscc: A, grade: 'general', channel: 'self_inspection', discoveredAt: '2024-09-01T10:00:00+08:00' });
    await live.catchUp();
    expect((await rowsOf(t, 'hazard_ledger')).length).toBe(before + 1);
    const head = (await t.store.headPosition()).toString();
    expect(Object.values(await checkpoints(t))).toEqual(Array(allProjections().length).fill(head));
  }, 120_000);
});
