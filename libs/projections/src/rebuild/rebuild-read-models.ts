/**
 * Rebuilding read models from the whole store while the current ones keep answering.
 *
 * 1. A rebuild schema `<live>_rebuild` gets an empty copy of every read-model table (`LIKE … INCLUDING
 *    ALL`), of the checkpoints, of the versioning registry and of the parked events; the read models'
 *    row-version history is generated for those copies (`installReadModelVersioning`, in their own
 *    `<live>_rebuild_as_of`), so the rebuilt history is complete from position 0.
 * 2. A projection runner with the chosen projections catches up from position 0 to the head, with
 *    `search_path` = rebuild schema, live schema (the event store's tables stay the live ones), while
 *    the live read models, their runner and every query go on untouched.
 * 3. The switch, in one transaction on the live schema: the chosen projections' checkpoint rows are
 *    locked (as their runner locks them, so no live batch interleaves), then their tables; each
 *    table and its history are replaced by the rebuilt rows (its versioning trigger stands aside for
 *    the copy), the history is marked complete from position 0, the checkpoints and parked events
 *    become the rebuild's. Readers wait for the copy (seconds), then read the rebuilt figures; a live
 *    runner continues from the rebuilt checkpoint (it re-reads it: its cached one no longer matches).
 * 4. The rebuild schema is dropped. A failure before the switch leaves the live read models as they were.
 *
 * One rebuild at a time: a second one is refused (`RebuildInProgressError`) in the same process and,
 * on PostgreSQL, in any other (a session advisory lock held for the whole rebuild). Every statement of
 * the build checks that the rebuild schema is still the one it created: were it dropped, the search
 * path would silently fall back to the live tables.
 */
import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '#event-store';
import { installReadModelVersioning, versionedTables } from '../as-of/read-model-versioning.js';
import type { Projection } from '../runner/projection.js';
import { ProjectionRunner, type RunnerLogger } from '../runner/projection-runner.js';
import { tablesOf } from './projection-tables.js';
import { scopedDataSource } from './scoped-data-source.js';

/** What a rebuild did. */
export interface RebuildSummary {
  /** The projections rebuilt. */
  projections: string[];
  /** The read-model tables replaced. */
  tables: string[];
  /** The global position the rebuilt read models stand at (their checkpoint). */
  position: bigint;
  /** Events in the store up to that position (what was read). */
  events: number;
  /** Wall time of the whole rebuild, in seconds, and of the switch alone. */
  seconds: number;
  switchSeconds: number;
  /** events / seconds. */
  eventsPerSecond: number;
}

/** What `rebuildReadModels` works on and how it reports. */
export interface RebuildOptions {
  /** The database kind: on PostgreSQL an advisory lock keeps rebuilds of several processes apart. */
  kind: 'postgres' | 'pglite';
  store: EventStore;
  /** The live read models (migrated, with their row-version history installed). */
  dataSource: DataSource;
  /** Every projection the worker runs (`allProjections()`). */
  projections: readonly Projection[];
  /** Rebuild only these (names); default all. */
  only?: readonly string[];
  logger: RunnerLogger;
  /**
   * The live runner's check before applying an event (the worker's: `unknownReferenceCodes` against
   * the reference data), or null for none. Required, so that a rebuild parks what live processing
   * parks: a rebuild without it would count events the live read models leave out.
   */
  check: ((event: RecordedEvent) => string | null) | null;
  /**
   * Called about every 250 ms while catching up, and once when caught up (before the switch): the
   * rebuilt read models' lowest checkpoint and the store's head. A returned promise is awaited.
   */
  onProgress?: (position: bigint, head: bigint) => void | Promise<void>;
  /** Events read per batch by the rebuild's runner (default 5,000: one transaction per projection per batch). */
  batchSize?: number;
}

/** Key of the session advisory lock a rebuild holds on PostgreSQL ('zhiben' ‖ 0003). */
export const REBUILD_LOCK_KEY = 0x7a686962656e0003n;

/** Another rebuild of the same read models is running (in this process or, on PostgreSQL, another). */
export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
  constructor() {
    super('another rebuild of these read models is running: wait for it to finish');
  }
}

/** The DataSources a rebuild of this process is running on (PGlite's is one process's database). */
const running = new WeakSet<DataSource>();

/** Tables that are not figures but travel with a rebuild: the checkpoints, the versioning registry and the parked events. */
const BOOKKEEPING = ['projection_checkpoints', 'read_model_versioning', 'projection_parked_events'];

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Rebuilds the chosen projections' read models from the whole store into fresh tables and switches
 * to them (see the file comment).
 * @returns what was rebuilt, to which position, and how fast
 * @throws Error naming an unknown projection; the database's error when a step fails (before the
 *   switch nothing live has changed; the switch is one transaction)
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildSummary> {
  const started = performance.now();
  const chosen = options.only && options.only.length > 0 ? [...new Set(options.only)] : options.projections.map((p) => p.name);
  const projections = chosen.map((name) => {
    const projection = options.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`unknown projection ${name} (known: ${options.projections.map((p) => p.name).join(', ')})`);
    return projection;
  });
  const tables = tablesOf(chosen);
  const live = options.dataSource;
  return exclusively(live, options.kind, async () => {
    const [{ schema }]: { schema: string }[] = await live.query('SELECT current_schema() AS schema');
    const rebuild = `${schema}_rebuild`;
    await dropRebuildSchemas(live, rebuild);
    try {
      const oid = await createRebuildSchema(live, schema, rebuild);
      const scoped = scopedDataSource(live, `${ident(rebuild)}, ${ident(schema)}`, { schema: rebuild, oid });
      await installReadModelVersioning(scoped);
      const runner = new ProjectionRunner(options.store, scoped, projections, options.logger, {
        batchSize: options.batchSize ?? 5000,
        ...(options.check && { check: options.check }),
      });
      await catchUpWithProgress(runner, live, rebuild, chosen, options);

      const switchStarted = performance.now();
      const position = await switchTo(live, rebuild, chosen, tables);
      const switchSeconds = (performance.now() - switchStarted) / 1000;
      const [{ events }]: { events: string }[] = await live.query('SELECT count(*)::text AS events FROM es_events WHERE position <= $1', [position.toString()]);
      const seconds = (performance.now() - started) / 1000;
      return { projections: chosen, tables, position, events: Number(events), seconds, switchSeconds, eventsPerSecond: Number(events) / seconds };
    } finally {
      await dropRebuildSchemas(live, rebuild);
    }
  });
}

/**
 * Runs `work` as the only rebuild of these read models: refused at once in this process when one
 * runs, and on PostgreSQL across processes by a session advisory lock held on a connection of its
 * own for the whole rebuild (released when it ends, or when the process dies).
 * @throws RebuildInProgressError when another rebuild holds them
 */
async function exclusively<T>(live: DataSource, kind: RebuildOptions['kind'], work: () => Promise<T>): Promise<T> {
  if (running.has(live)) throw new RebuildInProgressError();
  running.add(live);
  try {
    if (kind === 'pglite') return await work();
    const holder = live.createQueryRunner();
    await holder.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await holder.query(`SELECT pg_try_advisory_lock(${REBUILD_LOCK_KEY.toString()}) AS locked`);
      if (!locked) throw new RebuildInProgressError();
      try {
        return await work();
      } finally {
        await holder.query(`SELECT pg_advisory_unlock(${REBUILD_LOCK_KEY.toString()})`);
      }
    } finally {
      await holder.release();
    }
  } finally {
    running.delete(live);
  }
}

async function dropRebuildSchemas(live: DataSource, rebuild: string): Promise<void> {
  await live.query(`DROP SCHEMA IF EXISTS ${ident(`${rebuild}_as_of`)} CASCADE`);
  await live.query(`DROP SCHEMA IF EXISTS ${ident(rebuild)} CASCADE`);
}

/**
 * Empty copies of every read-model table, its history and the bookkeeping tables, in the rebuild
 * schema. Every table the runner, the projectors and the versioning generator name unqualified must
 * exist there: with the rebuild schema first on the search path, a name missing from it would
 * resolve to the live table.
 */
async function createRebuildSchema(live: DataSource, schema: string, rebuild: string): Promise<string> {
  return live.transaction(async (em) => {
    await em.query(`CREATE SCHEMA ${ident(rebuild)}`);
    const tables = versionedTables(live);
    for (const table of [...tables, ...tables.map((t) => `${t}__versions`), ...BOOKKEEPING]) {
      await em.query(`CREATE TABLE ${ident(rebuild)}.${ident(table)} (LIKE ${ident(schema)}.${ident(table)} INCLUDING ALL)`);
    }
    const [{ oid }]: { oid: string }[] = await em.query('SELECT oid::text AS oid FROM pg_namespace WHERE nspname = $1', [rebuild]);
    return oid;
  });
}

/**
 * Runs the rebuild's runner to the head, reporting progress every 250 ms: one statement on the live
 * DataSource reads the lowest rebuilt checkpoint (qualified by the rebuild schema), so that watching
 * costs the build nothing.
 */
async function catchUpWithProgress(runner: ProjectionRunner, live: DataSource, rebuild: string, chosen: string[], options: RebuildOptions): Promise<void> {
  const report = async () => {
    if (!options.onProgress) return;
    const [row]: { lowest: string; head: string }[] = await live.query(
      `SELECT coalesce(min(position), 0)::text AS lowest, (SELECT coalesce(max(position), 0) FROM es_events)::text AS head
         FROM ${ident(rebuild)}.projection_checkpoints WHERE name = ANY ($1)`,
      [chosen],
    );
    await options.onProgress(BigInt(row!.lowest), BigInt(row!.head));
  };
  let reporting = Promise.resolve();
  const timer = setInterval(() => {
    reporting = reporting.then(report).catch(() => undefined);
  }, 250);
  try {
    await runner.catchUp();
  } finally {
    clearInterval(timer);
    await reporting;
  }
  await report();
}

/**
 * The switch (one transaction): lock the chosen checkpoints, then the tables; replace each table's
 * rows and history with the rebuilt ones; take the rebuild's checkpoints, registry start and parked events.
 * A deadlock with a live runner (which moves several checkpoints in one statement) makes the switch
 * run again: it is one transaction, so nothing of a failed attempt remains.
 * @returns the position the switched read models stand at (the lowest rebuilt checkpoint)
 * @throws Error when the rebuild schema lacks a chosen projection's checkpoint (nothing is switched)
 */
async function switchTo(live: DataSource, rebuild: string, chosen: string[], tables: string[]): Promise<bigint> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await switchOnce(live, rebuild, chosen, tables);
    } catch (error) {
      if ((error as { driverError?: { code?: string }; code?: string }).driverError?.code === '40P01' && attempt < 5) continue;
      throw error;
    }
  }
}

async function switchOnce(live: DataSource, rebuild: string, chosen: string[], tables: string[]): Promise<bigint> {
  return live.transaction(async (em) => {
    await em.query('SELECT name FROM projection_checkpoints WHERE name = ANY ($1) ORDER BY name FOR UPDATE', [chosen]);
    const [{ built }]: { built: number }[] = await em.query(
      `SELECT count(*)::int AS built FROM ${ident(rebuild)}.projection_checkpoints WHERE name = ANY ($1)`,
      [chosen],
    );
    if (built !== chosen.length) throw new Error(`the rebuild schema holds ${built} of ${chosen.length} checkpoints: not switching`);
    const histories = tables.map((t) => `${t}__versions`);
    await em.query(`LOCK TABLE ${[...tables, ...histories].map(ident).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    for (const table of [...tables, ...histories]) {
      const columns: { name: string }[] = await em.query(
        `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [ident(table)],
      );
      const list = columns.map((c) => ident(c.name)).join(', ');
      await em.query(`ALTER TABLE ${ident(table)} DISABLE TRIGGER USER`);
      await em.query(`TRUNCATE ${ident(table)}`);
      await em.query(`INSERT INTO ${ident(table)} (${list}) SELECT ${list} FROM ${ident(rebuild)}.${ident(table)}`);
      await em.query(`ALTER TABLE ${ident(table)} ENABLE TRIGGER USER`);
    }
    await em.query(
      `UPDATE read_model_versioning l SET started_at = r.started_at FROM ${ident(rebuild)}.read_model_versioning r
        WHERE l.table_name = r.table_name AND l.table_name = ANY ($1)`,
      [tables],
    );
    await em.query(
      `UPDATE projection_checkpoints l SET position = r.position, updated_at = now() FROM ${ident(rebuild)}.projection_checkpoints r
        WHERE l.name = r.name AND l.name = ANY ($1)`,
      [chosen],
    );
    const [{ position }]: { position: string }[] = await em.query(
      'SELECT coalesce(min(position), 0)::text AS position FROM projection_checkpoints WHERE name = ANY ($1)',
      [chosen],
    );
    await em.query('DELETE FROM projection_parked_events WHERE projection = ANY ($1)', [chosen]);
    await em.query(`INSERT INTO projection_parked_events SELECT * FROM ${ident(rebuild)}.projection_parked_events WHERE projection = ANY ($1)`, [chosen]);
    // The as-of replay's snapshots were made by the code and rows the rebuild replaces: drop them.
    await em.query('DELETE FROM read_model_snapshots');
    return BigInt(position);
  });
}
