/**
 * `zhiben audit-export --stream <id> | --correlation <id> [--out <file>]`: writes an audit export
 * (JSON lines: header, events, the seals covering them with their block lists, trailer) that
 * `zhiben verify --file` checks without the database. To stdout unless `--out`.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command } from 'commander';
import { auditExportLines, type AuditExportSelection } from '#event-store';
import { openStoreDatabase } from './open-store.js';
import { err } from './output.js';

/** The `audit-export` sub-command. */
export function auditExportCommand(): Command {
  return new Command('audit-export')
    .description('export a stream or a correlation with its hashes and covering seals, verifiable offline (verify --file)')
    .option('--stream <id>', 'every event of one stream, from revision 0')
    .option('--correlation <id>', 'every event whose metadata.correlationId is this')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { stream?: string; correlation?: string; out?: string }) => {
      if ((options.stream === undefined) === (options.correlation === undefined)) {
        throw new Error('give exactly one of --stream <id> or --correlation <id>');
      }
      const selection: AuditExportSelection = options.stream !== undefined ? { streamId: options.stream } : { correlationId: options.correlation! };
      const db = await openStoreDatabase();
      const sink = options.out === undefined ? process.stdout : createWriteStream(options.out);
      let lines = 0;
      try {
        for await (const line of auditExportLines(db, selection)) {
          if (!sink.write(`${line}\n`)) await once(sink, 'drain');
          lines += 1;
        }
      } finally {
        await db.close();
        if (sink !== process.stdout) {
          sink.end();
          await once(sink, 'finish');
        }
      }
      err(`exported ${lines} lines${options.out === undefined ? '' : ` to ${options.out}`}`);
    });
}
