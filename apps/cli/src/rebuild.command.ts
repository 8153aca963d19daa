/**
 * `zhiben rebuild [--projection <name> ...]`: rebuilds read models from the whole store into fresh
 * tables while the current ones keep answering, then switches to them (see
 * libs/projections/src/rebuild/rebuild-read-models.ts). Server mode: the api and workers may keep
 * running. Embedded: stop the api first (PGlite is one process's database). A progress bar on
 * stderr; the last line says how many events were read and how fast.
 */
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '#bootstrap';
import { createDatabase } from '#database';
import { PostgresEventStore } from '#event-store';
import { allProjections, createReadModelDataSource, initialiseReadModels, rebuildReadModels, unknownReferenceCodes, type RebuildSummary } from '#projections';
import { loadReferenceData } from '#reference-data';
import { err, out } from './output.js';

/** The `rebuild` sub-command. */
export function rebuildCommand(): Command {
  return new Command('rebuild')
    .description('rebuild read models from the whole store into fresh tables, then switch to them (all, or --projection)')
    .option('--projection <name...>', `only these projections (${allProjections().map((p) => p.name).join(', ')})`)
    .action(async (options: { projection?: string[] }) => {
      const known = allProjections().map((p) => p.name);
      const unknown = (options.projection ?? []).filter((name) => !known.includes(name));
      if (unknown.length > 0) {
        // Before opening anything: a typo changes nothing and says so.
        err(`unknown projection ${unknown.join(', ')} (known: ${known.join(', ')})`);
        process.exitCode = 2;
        return;
      }
      const summary = await rebuild(options.projection ?? []);
      out(
        JSON.stringify({ ...summary, position: summary.position.toString() }, null, 2),
      );
      err(`rebuilt ${summary.projections.length} projection(s), ${summary.tables.length} tables: ${summary.events.toLocaleString('en-US')} events in ${summary.seconds.toFixed(1)} s, ${Math.round(summary.eventsPerSecond).toLocaleString('en-US')} events/s (switch ${summary.switchSeconds.toFixed(2)} s)`);
    });
}

async function rebuild(only: string[]): Promise<RebuildSummary> {
  const config = loadConfig();
  // The worker's check: events with codes the reference data does not know are parked, as live.
  const reference = loadReferenceData(config.seedsDir);
  const db = createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pg: { applicationName: 'zhiben-rebuild', poolSize: config.databasePoolSize } });
  const dataSource = createReadModelDataSource(db, config.databaseUrl);
  const bar = new cliProgress.SingleBar(
    { format: 'rebuild |{bar}| {value}/{total} positions | {eta_formatted} left', stream: process.stderr, etaBuffer: 40 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    await initialiseReadModels(dataSource, db.kind);
    return await rebuildReadModels({
      kind: db.kind,
      store: new PostgresEventStore(db),
      dataSource,
      projections: allProjections(),
      only,
      check: (event) => unknownReferenceCodes(event, reference),
      logger: { log: (message) => err(message), error: (message) => err(message) },
      onProgress: (position, head) => {
        if (!started) {
          bar.start(Number(head), Number(position));
          started = true;
        }
        bar.setTotal(Number(head));
        bar.update(Number(position));
      },
    });
  } finally {
    if (started) bar.stop();
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.close();
  }
}
