/**
 * The batch writer against the per-event row trigger, on PGlite and PostgreSQL: one batch whose
 * events touch the same keys several times (twice in one event, no-op updates, delete and re-insert
 * in one event, a row made and deleted by one event, the same instant written in another notation)
 * leaves, at every position inside the batch, exactly the rows the per-event writes recorded through
 * the trigger (as-of/read-model-versioning.ts) — read through the as-of views.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { asOfSearchPath, readModelsAsOf } from '../as-of/read-model-versioning.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RowChanges, type Row } from './row-changes.js';

const A = randomUUID();
const B = randomUUID();
const C = randomUUID();
const H = randomUUID();

/** One write of the scenario: the SQL a per-event projector would run, and the same change for the batch writer. */
interface Step {
  position: bigint;
  sql: string;
  params: unknown[];
  change: (rows: RowChanges) => void;
}

const HAZARDS = 'enterprise_profile_hazards';
const LEDGER = 'hazard_ledger';

const upsertHazard = (position: bigint, hazardId: string, grade: string, isOpen: boolean): Step => ({
  position,
  sql: `INSERT INTO enterprise_profile_hazards (hazard_id, uscc, grade, is_open) VALUES ($1, 'U1', $2, $3)
        ON CONFLICT (hazard_id) DO UPDATE SET uscc = EXCLUDED.uscc, grade = EXCLUDED.grade, is_open = EXCLUDED.is_open`,
  params: [hazardId, grade, isOpen],
  change: (rows) => rows.put(HAZARDS, position, { hazard_id: hazardId, uscc: 'U1', grade, is_open: isOpen }),
});
const deleteHazard = (position: bigint, hazardId: string): Step => ({
  position,
  sql: 'DELETE FROM enterprise_profile_hazards WHERE hazard_id = $1',
  params: [hazardId],
  change: (rows) => rows.remove(HAZARDS, position, { hazard_id: hazardId }),
});

const ledgerRow = (status: string, closedAt: string | null, history: unknown[]): Row => ({
  hazard_id: H,
  enterprise_uscc: 'U1',
  district_code: '500101',
  sector: 'commerce_trade',
  grade: 'general',
  criterion_code: null,
  channel: 'self_inspection',
  title: '消防通道堵塞',
  description: '二楼',
  status,
  discovered_at: '2024-03-01T10:00:00+08:00',
  discovered_date: '2024-03-01',
  deadline: '2024-03-31',
  closed_at: closedAt,
  plan: { fundsFen: 120_000, measures: ['清理'] },
  history,
  missed_deadlines: [],
  revision: '0',
  position: '0',
});
const putLedger = (position: bigint, row: Row): Step => ({
  position,
  sql: `INSERT INTO hazard_ledger SELECT * FROM jsonb_populate_record(NULL::hazard_ledger, $1::jsonb)
        ON CONFLICT (hazard_id) DO UPDATE SET status = EXCLUDED.status, closed_at = EXCLUDED.closed_at, history = EXCLUDED.history`,
  params: [JSON.stringify(row)],
  change: (rows) => rows.put(LEDGER, position, row),
});

/** Before the batch: B and the ledger row stand from position 100 (written per event, through the trigger). */
const BEFORE: Step[] = [upsertHazard(100n, B, 'general', true), putLedger(100n, ledgerRow('planned', null, [{ type: 'HazardReported', n: 1 }]))];

/** The batch: positions 101 to 106. */
const BATCH: Step[] = [
  upsertHazard(101n, A, 'general', true),
  upsertHazard(101n, A, 'major', true), // the same event again: only this one stood
  upsertHazard(102n, A, 'major', false),
  upsertHazard(102n, B, 'general', true), // B as it was: records nothing
  upsertHazard(103n, A, 'major', false), // A as it was: records nothing
  deleteHazard(103n, B),
  putLedger(103n, ledgerRow('closed', '2024-03-20T10:00:00+08:00', [{ type: 'HazardReported', n: 1 }, { type: 'HazardClosed' }])),
  deleteHazard(104n, A),
  upsertHazard(104n, A, 'general', true), // deleted and made again by one event
  // The same instant in another notation: the row is unchanged.
  putLedger(104n, ledgerRow('closed', '2024-03-20T02:00:00.000Z', [{ type: 'HazardReported', n: 1 }, { type: 'HazardClosed' }])),
  upsertHazard(105n, B, 'general', true), // B back as it was before it was deleted
  upsertHazard(105n, A, 'major', false),
  upsertHazard(106n, C, 'major', true),
  deleteHazard(106n, C), // made and deleted by one event: never stood
  putLedger(106n, ledgerRow('planned', null, [{ type: 'HazardReported', n: 1 }, { type: 'HazardClosed' }, { type: 'HazardReopened' }])),
];

async function perEvent(em: EntityManager, steps: Step[]): Promise<void> {
  for (const step of steps) {
    await em.query(`SELECT set_config('zhiben.position', $1, true)`, [step.position.toString()]);
    await em.query(step.sql, step.params);
  }
}

describe.each(testBackends())('RowChanges ($name)', ({ open }) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Both tables as they stood at each position 99…107, through the as-of views (sorted JSON lines). */
  const history = async (): Promise<Record<string, string[]>> => {
    const path = await asOfSearchPath(t.dataSource);
    const out: Record<string, string[]> = {};
    for (let p = 99n; p <= 107n; p++) {
      const reader = readModelsAsOf(t.dataSource, path, p);
      const rows: unknown[] = [
        ...(await reader.query('SELECT hazard_id, uscc, grade, is_open FROM enterprise_profile_hazards ORDER BY hazard_id')),
        ...(await reader.query('SELECT hazard_id, status, closed_at::text, history, plan, deadline, discovered_date FROM hazard_ledger')),
      ];
      out[p.toString()] = rows.map((r) => JSON.stringify(r));
    }
    return out;
  };
  const reset = async () => {
    await t.dataSource.query(`TRUNCATE ${HAZARDS}, ${LEDGER}`);
    await t.dataSource.transaction((em) => perEvent(em, BEFORE));
  };

  it('records, at every position inside one batch, exactly the versions the per-event writes record through the trigger', async () => {
    await reset();
    await t.dataSource.transaction((em) => perEvent(em, BATCH));
    const expected = await history();
    const finalRows = await t.dataSource.query(`SELECT * FROM ${HAZARDS} ORDER BY hazard_id`);

    await reset();
    await t.dataSource.transaction(async (em) => {
      const rows = new RowChanges(em);
      await rows.load(HAZARDS, [{ hazard_id: A }, { hazard_id: B }, { hazard_id: C }]);
      await rows.load(LEDGER, [{ hazard_id: H }]);
      for (const step of BATCH) step.change(rows);
      await rows.write();
    });
    expect(await history()).toEqual(expected);
    expect(await t.dataSource.query(`SELECT * FROM ${HAZARDS} ORDER BY hazard_id`)).toEqual(finalRows);

    // And by hand, from the scenario: A stood as major from 101, closed from 102, general again from 104.
    const at = async (p: bigint, id: string) =>
      readModelsAsOf(t.dataSource, await asOfSearchPath(t.dataSource), p).query('SELECT grade, is_open FROM enterprise_profile_hazards WHERE hazard_id = $1', [id]);
    expect(await at(101n, A)).toEqual([{ grade: 'major', is_open: true }]);
    expect(await at(103n, A)).toEqual([{ grade: 'major', is_open: false }]);
    expect(await at(104n, A)).toEqual([{ grade: 'general', is_open: true }]);
    expect(await at(104n, B)).toEqual([]);
    expect(await at(106n, C)).toEqual([]);
    // Versions of the batch: A 101, 102, 104, 105; B closed at 103, again from 105; the ledger 103 and 106 (not 104).
    const versions = async (table: string) =>
      ((await t.dataSource.query(`SELECT valid_from::text AS f, valid_to::text AS t FROM ${table}__versions ORDER BY valid_from`)) as { f: string; t: string | null }[]).map((v) => `${v.f}-${v.t ?? ''}`);
    expect(await versions(LEDGER)).toEqual(['100-103', '103-106', '106-']);
    expect((await versions(HAZARDS)).sort()).toEqual(['100-103', '101-102', '102-104', '104-105', '105-', '105-'].sort());
  });

  it('writes nothing for a batch of no-op changes, and a row the batch only reads is left as it is', async () => {
    await reset();
    const before = await history();
    await t.dataSource.transaction(async (em) => {
      const rows = new RowChanges(em);
      await rows.load(HAZARDS, [{ hazard_id: B }]);
      const b = rows.get(HAZARDS, { hazard_id: B })!;
      expect(b).toEqual({ hazard_id: B, uscc: 'U1', grade: 'general', is_open: 'true' });
      rows.put(HAZARDS, 101n, { ...b });
      await rows.write();
    });
    expect(await history()).toEqual(before);
    const [{ n }]: { n: string }[] = await t.dataSource.query(`SELECT count(*)::text AS n FROM ${HAZARDS}__versions`);
    expect(n).toBe('1');
  });

  it('refuses a column the table does not have, and a key read before it was loaded', async () => {
    await t.dataSource.transaction(async (em) => {
      const rows = new RowChanges(em);
      expect(() => rows.put(HAZARDS, 1n, { hazard_id: A, no_such_column: 1 })).toThrow(/has no column no_such_column/);
      expect(() => rows.get(HAZARDS, { hazard_id: A })).toThrow(/read before it was loaded/);
    });
  });
});
