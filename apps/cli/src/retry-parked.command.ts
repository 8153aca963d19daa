/**
 * `zhiben retry-parked`: re-applies the events the projections parked (issue 9, part 3) after a fix
 * to a projector or to the reference data, against the configured store (`DATABASE_URL`, else the
 * embedded `DATA_DIR`: stop the api first, PGlite is one process's database). Each event goes
 * through the reference-data check the runner makes, then its projection, in its own transaction;
 * applied ones are no longer parked, the others stay parked with their new error.
 * Prints one line per parked event on stdout (`applied|failed|skipped <projection> <position>
 * <eventId> <eventType>[: error | (+N later events of its stream)]`) and a count on stderr; exit code 0 when nothing still fails, 1 otherwise.
 */
import { Command } from 'commander';
import { loadConfig, type ZhibenConfig } from '#bootstrap';
import type { Database } from '#database';
import { PostgresEventStore } from '#event-store';
import { allProjections, createReadModelDataSource, initialiseReadModels, retryParked, unknownReferenceCodes, type RetryOutcome } from '#projections';
import { loadReferenceData } from '#reference-data';
import { openStoreDatabase } from './open-store.js';
import { err, out } from './output.js';

/** The `retry-parked` sub-command, ready to add to the program. */
export function retryParkedCommand(): Command {
  return new Command('retry-parked')
    .description('re-apply the events the projections parked (after a fix); prints what it applied and what still fails, exit 1 if any still fails')
    .action(async () => {
      const config = loadConfig();
      const db = await openStoreDatabase();
      try {
        process.exitCode = await runRetryParked(db, config, out, err);
      } finally {
        await db.close();
      }
    });
}

/**
 * One line for an outcome: `applied hazard-ledger 1024 <eventId> HazardReported`, with `: <error>` when
 * it did not apply, or ` (+N later events of its stream)` when those were applied after it.
 */
export function outcomeLine(o: RetryOutcome): string {
  const line = `${o.outcome.padEnd(7)} ${o.projection} ${o.position} ${o.eventId} ${o.eventType}`;
  if (o.error !== null) return `${line}: ${o.error}`;
  return o.followers === 0 ? line : `${line} (+${o.followers} later event${o.followers === 1 ? '' : 's'} of its stream)`;
}

/**
 * Retries every parked event over `db` (its read models migrated first, as the api does) with every
 * projection and the reference data of `config.seedsDir`; writes one line per event with `write`
 * and a summary with `note`. The caller closes `db`.
 * @returns the exit code: 0 when no event still fails, 1 otherwise
 */
export async function runRetryParked(db: Database, config: Pick<ZhibenConfig, 'databaseUrl' | 'seedsDir'>, write: (line: string) => void, note: (line: string) => void): Promise<number> {
  const reference = loadReferenceData(config.seedsDir);
  const dataSource = createReadModelDataSource(db, config.databaseUrl);
  try {
    await initialiseReadModels(dataSource, db.kind);
    const outcomes = await retryParked(new PostgresEventStore(db), dataSource, allProjections(), { check: (event) => unknownReferenceCodes(event, reference) });
    for (const o of outcomes) write(outcomeLine(o));
    const count = (kind: RetryOutcome['outcome']) => outcomes.filter((o) => o.outcome === kind).length;
    note(outcomes.length === 0 ? 'retry-parked: nothing is parked' : `retry-parked: ${count('applied')} applied, ${count('failed')} still failing, ${count('skipped')} skipped`);
    return count('failed') > 0 ? 1 : 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
