/**
 * The rebuild figure: every read model built from scratch from the whole store, against reading the
 * whole event table raw. When the built CLI has a `rebuild` command, that is what is timed (its own
 * last line gives the events and events/s). Otherwise this does what one would, with every process of
 * the instance stopped: every read-model table and its row-version history truncated, every
 * checkpoint reset to 0, then the projection runner's `catchUp()` over every projection, in this process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '#database';
import { PostgresEventStore } from '#event-store';
import { allProjections, createReadModelDataSource, initialiseReadModels, ProjectionRunner, versionedTables } from '#projections';
import { profileThisProcess, summariseProfile, type CpuProfile } from './profile.js';

/** What {@link measureRebuild} measured. */
export interface Rebuild {
  events: number;
  /** Events projected per second (every projection over every event). */
  perSecond: number;
  /** Events read per second by a raw `SELECT … ORDER BY position` in batches of 1,000. */
  rawPerSecond: number;
  seconds: number;
  /** The CPU profile of the process that rebuilt (when asked). */
  profile?: string;
  /** How it was rebuilt: 'the rebuild command' or 'truncate + catchUp()'. */
  method: string;
}

/**
 * @param databaseUrl the filled store's database (every api and worker on it stopped)
 * @param profile also profile the rebuild
 * @param env the app's environment (the rebuild command loads the configuration)
 * @param workDir where the rebuild command's profile goes
 * @throws Error when a projection fails or the rebuild command fails (its output)
 */
export async function measureRebuild(databaseUrl: string, profile: boolean, env: Record<string, string>, workDir: string, distDir: string): Promise<Rebuild> {
  const cli = path.join(distDir, 'apps/cli/src/main.js');
  const hasCommand = spawnSync(process.execPath, [cli, 'rebuild', '--help'], { encoding: 'utf8' }).status === 0;
  const rawPerSecond = await rawRead(databaseUrl);
  if (hasCommand) return { ...(await rebuildCommand(cli, env, profile, workDir, distDir)), rawPerSecond };
  return { ...(await truncateAndCatchUp(databaseUrl, profile)), rawPerSecond };
}

/** Runs `zhiben rebuild` and reads its last line: '… N events in S s, R events/s …'. */
async function rebuildCommand(cli: string, env: Record<string, string>, profile: boolean, workDir: string, distDir: string): Promise<Omit<Rebuild, 'rawPerSecond'>> {
  const file = path.join(workDir, 'rebuild.cpuprofile');
  const flags = profile ? ['--import', path.join(distDir, 'apps/cli/src/bench/profile-preload.js')] : [];
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...flags, cli, 'rebuild'], {
    env: { ...process.env, ...env, ...(profile ? { BENCH_PROFILE_FILE: file, BENCH_PROFILE_NOW: '1' } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-20_000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const m = /([\d,]+) events in ([\d.]+) s, ([\d,]+) events\/s/.exec(stderr.split('\n').filter((l) => l.trim()).pop() ?? '');
  if (code !== 0 || !m) throw new Error(`the rebuild command failed (exit ${code}): ${stderr.slice(-1500)}`);
  const summary = profile && existsSync(file) ? summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile) : undefined;
  const events = Number(m[1]!.replace(/,/g, ''));
  const seconds = Number(m[2]);
  return { events, perSecond: Number(m[3]!.replace(/,/g, '')), seconds, method: 'the rebuild command (`zhiben rebuild`, its own last line)', ...(summary ? { profile: summary } : {}) };
}

/** Events per second of reading the whole event table raw, 1,000 rows per SELECT. */
async function rawRead(databaseUrl: string): Promise<number> {
  const admin = createDatabase({ databaseUrl });
  try {
    const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM es_events');
    const started = performance.now();
    for (let after = '0'; ; ) {
      const { rows: batch } = await admin.query<{ position: string }>(
        'SELECT position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at FROM es_events WHERE position > $1 ORDER BY position LIMIT 1000',
        [after],
      );
      if (batch.length === 0) break;
      after = String(batch[batch.length - 1]!.position);
    }
    return Number(rows[0]!.n) / ((performance.now() - started) / 1000);
  } finally {
    await admin.close();
  }
}

async function truncateAndCatchUp(databaseUrl: string, profile: boolean): Promise<Omit<Rebuild, 'rawPerSecond'>> {
  const admin = createDatabase({ databaseUrl });
  const db = createDatabase({ databaseUrl, pg: { applicationName: 'zhiben-bench-rebuild' } });
  const ds = createReadModelDataSource(db, databaseUrl);
  try {
    const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM es_events');
    const events = Number(rows[0]!.n);
    await initialiseReadModels(ds, 'postgres');
    await resetReadModels(admin, versionedTables(ds));
    const failures: string[] = [];
    const runner = new ProjectionRunner(new PostgresEventStore(db), ds, allProjections(), { log: () => undefined, error: (m) => void failures.push(m) });
    const stop = profile ? profileThisProcess() : null;
    const started = performance.now();
    await runner.catchUp();
    const seconds = (performance.now() - started) / 1000;
    const summary = stop ? summariseProfile(await stop()) : undefined;
    const errors = (await runner.status()).filter((s) => s.lastError !== null);
    if (errors.length > 0 || failures.length > 0) throw new Error(`rebuild failed: ${[...errors.map((e) => `${e.name}: ${e.lastError}`), ...failures].join('; ')}`);
    return { events, perSecond: events / seconds, seconds, method: "truncate + the projection runner's catchUp() (no rebuild command in this build)", ...(summary ? { profile: summary } : {}) };
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.close();
    await admin.close();
  }
}

/** Truncates every read-model table, its `__versions` history and the parked events, and sets every checkpoint to 0, in one transaction. */
async function resetReadModels(admin: ReturnType<typeof createDatabase>, tables: readonly string[]): Promise<void> {
  const candidates = [...tables, ...tables.map((t) => `${t}__versions`), 'projection_parked_events'];
  const { rows } = await admin.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY ($1::text[])`,
    [candidates],
  );
  await admin.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${rows.map((r) => `"${r.name}"`).join(', ')}`);
    await tx.query('UPDATE projection_checkpoints SET position = 0');
  });
}
