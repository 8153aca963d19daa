/**
 * `zhiben verify [--file <export>]`: without `--file`, verifies the whole store (`DATABASE_URL` or
 * `DATA_DIR`): every stream's hash chain and every block seal; with `--file`, an audit export offline.
 * Prints the result as JSON on stdout, a summary on stderr; exit code 0 when it verifies, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { PostgresEventStore, verifyExport, verifyStore, type ExportVerification, type StoreVerification } from '#event-store';
import { openStoreDatabase } from './open-store.js';
import { err, out } from './output.js';

/** The `verify` sub-command. */
export function verifyCommand(): Command {
  return new Command('verify')
    .description('verify the store (hash chains and block seals) or, with --file, an audit export offline; exit 1 on any problem')
    .option('--file <path>', 'an audit export (JSON lines) to verify without the database')
    .action(async (options: { file?: string }) => {
      const result = options.file === undefined ? await verifyDatabase() : verifyExport(await readFile(options.file));
      out(JSON.stringify(result, null, 2));
      err(summary(result));
      process.exitCode = result.ok ? 0 : 1;
    });
}

async function verifyDatabase(): Promise<StoreVerification> {
  const db = await openStoreDatabase();
  const bar = new cliProgress.SingleBar({ format: 'verify |{bar}| {value}/{total} positions', stream: process.stderr }, cliProgress.Presets.shades_classic);
  try {
    const store = new PostgresEventStore(db);
    bar.start(Number(await store.headPosition()), 0);
    return await verifyStore(db, store, { onProgress: (position) => bar.update(Number(position)) });
  } finally {
    bar.stop();
    await db.close();
  }
}

/** One line for a person: verified or the first problem. */
export function summary(result: StoreVerification | ExportVerification): string {
  const first = 'problem' in result ? result.problem : (result.problems[0] ?? null);
  if (first === null) {
    const seal = result.lastSeal === null ? 'nothing sealed' : `last seal ${result.lastSeal.blockNo} ${result.lastSeal.sealHash}`;
    return `verified (${seal})`;
  }
  return `NOT verified: ${first.kind}: ${first.message}`;
}
