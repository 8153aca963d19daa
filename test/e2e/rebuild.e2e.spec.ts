/**
 * Rebuild after the demo workload (embedded PGlite; PostgreSQL too when TEST_DATABASE_URL is set).
 * The demo's workload (apps/cli/src/workload: enterprises, hazard lifecycles and every figure
 * topic's facts, small size) goes through the real app over HTTP and is projected live. Then every
 * read model is rebuilt from the whole store into fresh tables and switched to
 * (libs/projections/src/rebuild), while the app and its in-process worker keep running. Afterwards
 * every read-model table and its row-version history are, row for row, what live processing wrote,
 * and every statistics route (topic × grouping × year), /targets and /scoreboard answer byte for byte
 * as before. So that the comparison can fail, the figures are damaged by hand first and must differ
 * before the rebuild.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DATABASE, EVENT_STORE, READ_MODELS, REFERENCE_DATA } from '#bootstrap';
import type { Database } from '#database';
import type { EventStore } from '#event-store';
import { allProjections, rebuildReadModels, unknownReferenceCodes, versionedTables } from '#projections';
import { loadReferenceData, type ReferenceData } from '#reference-data';
import { ADMIN_AUTH, http } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';
import { generateFigureWorkload } from '../../apps/cli/src/workload/figure-workload.js';
import { generateWorkload, toWorkloadReference, type WorkloadOperation } from '../../apps/cli/src/workload/generate-workload.js';
import { sendWorkload } from '../../apps/cli/src/workload/send-workload.js';
import { FIGURE_TOPICS } from '../../apps/cli/src/workload/topics.js';

const reference = loadReferenceData();
const YEARS = [2024, 2025, 2026];
const END_MS = Date.parse('2026-10-31T23:59:59+08:00');
// The deadline watcher looks once at start (nothing there yet), then not again during the test: its
// DeadlineMissed appends would otherwise move the head between the live snapshot and the rebuild.
const modes = appBackends({ reporterKek: randomBytes(32).toString('base64'), deadlineWatchIntervalMs: 86_400_000 }, 'zhiben_e2e');
const TOPICS: { name: string; groupBys: readonly string[] }[] = [{ name: 'hazards', groupBys: ['district', 'sector'] }, ...FIGURE_TOPICS.map((t) => ({ name: t.name, groupBys: t.groupBys }))];

const base = generateWorkload({ seed: 17, enterprises: 12, hazardsPerEnterprise: 1, reference: toWorkloadReference(reference) });
const workload = [...base, ...generateFigureWorkload(base, reference, 17, END_MS)];
const phases = ([1, 2, 3] as const).map((p) => workload.filter((op: WorkloadOperation) => (op.phase ?? 1) === p));

/** Every route's answer body (`position` aside: it names the read models' checkpoint), as text. */
async function routes(url: string, minPosition: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const take = async (key: string, path: string) => {
    const res = await http(url, 'GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${minPosition}`);
    expect({ key, status: res.status }).toEqual({ key, status: 200 });
    const { position: _position, ...rest } = res.body as Record<string, unknown>;
    out[key] = JSON.stringify(rest);
  };
  for (const year of YEARS) {
    for (const t of TOPICS) for (const g of t.groupBys) await take(`${t.name}/${g}/${year}`, `/api/v1/statistics/${t.name}?groupBy=${g}&year=${year}`);
    await take(`targets/${year}`, `/api/v1/targets?year=${year}`);
    await take(`scoreboard/${year}`, `/api/v1/scoreboard?year=${year}`);
  }
  return out;
}

/** Every read-model table and its history, each as its rows in sorted JSON lines. */
async function tables(ds: DataSource): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of versionedTables(ds)) {
    for (const name of [table, `${table}__versions`]) {
      const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM "${name}"`);
      out[name] = rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] instanceof Date ? (r[k] as Date).toISOString() : r[k]]))).sort();
    }
  }
  return out;
}

describe.each(modes)('rebuild after the demo workload (%s)', (_mode, start) => {
  let started: Awaited<ReturnType<typeof start>>;
  let url: string;
  let ds: DataSource;
  let store: EventStore;
  let head = '0';

  beforeAll(async () => {
    started = await start();
    url = started.app.baseUrl;
    ds = started.app.app.get<DataSource>(READ_MODELS);
    store = started.app.app.get<EventStore>(EVENT_STORE);
    const captured = new Map<string, string>();
    for (const ops of phases) {
      const { lastPosition } = await sendWorkload(ops, { baseUrl: url, concurrency: 8, captured, headers: ADMIN_AUTH });
      if (BigInt(lastPosition) > BigInt(head)) head = lastPosition;
    }
  }, 300_000);

  afterAll(async () => {
    await started?.done();
  });

  it('equals live processing after the rebuild: every read-model table, its history, and every statistics route', async () => {
    expect(BigInt(head)).toBeGreaterThan(1000n);
    const liveRoutes = await routes(url, head);
    // wait until every projection has passed the head (routes waited for the ones they read)
    const projections = allProjections();
    for (let i = 0; ; i++) {
      const rows: { n: string }[] = await ds.query('SELECT count(*)::text AS n FROM projection_checkpoints WHERE position >= $1', [head]);
      if (Number(rows[0]!.n) >= projections.length) break;
      if (i > 600) throw new Error('projections did not reach the head');
      await new Promise((r) => setTimeout(r, 100));
    }
    const liveTables = await tables(ds);
    const nonEmpty = Object.entries(liveTables).filter(([name, rows]) => !name.endsWith('__versions') && rows.length > 0).map(([name]) => name);
    expect(nonEmpty.length).toBeGreaterThanOrEqual(20);

    // Damage the figures by hand, so that an equal answer after the rebuild means something.
    await ds.query('DELETE FROM hazard_figure_hazards WHERE hazard_id IN (SELECT hazard_id FROM hazard_figure_hazards ORDER BY hazard_id LIMIT 3)');
    await ds.query('DELETE FROM training_figure_trainings');
    const damaged = await routes(url, head);
    expect(Object.keys(damaged).filter((k) => damaged[k] !== liveRoutes[k]).length).toBeGreaterThan(0);

    const appReference = started.app.app.get<ReferenceData>(REFERENCE_DATA);
    const summary = await rebuildReadModels({
      kind: started.app.app.get<Database>(DATABASE).kind,
      store,
      dataSource: ds,
      projections,
      check: (event) => unknownReferenceCodes(event, appReference),
      logger: { log: () => undefined, error: () => undefined },
    });
    expect(summary.events).toBe(Number(head));
    expect(summary.tables.length).toBe(versionedTables(ds).length);

    const after = await tables(ds);
    for (const name of Object.keys(liveTables)) expect({ name, rows: after[name] }).toEqual({ name, rows: liveTables[name] });
    expect(await routes(url, head)).toEqual(liveRoutes);
  }, 600_000);
});
