/**
 * `zhiben`: the project's command line (`npm run cli -- <command> [options]`). One file per command.
 */
import { Command } from 'commander';
import { DataDirInUseError } from '#database';
import { RebuildInProgressError } from '#projections';
import { benchCommand } from './bench.command.js';
import { demoCommand } from './demo.command.js';
import { importCommand } from './import.command.js';
import { tokenCommand } from './token.command.js';
import { err } from './output.js';
import { auditExportCommand } from './audit-export.command.js';
import { verifyCommand } from './verify.command.js';
import { rebuildCommand } from './rebuild.command.js';
import { retryParkedCommand } from './retry-parked.command.js';

const program = new Command('zhiben')
  .description("Zhiben (治本): command line of the event-sourced backend for Chongqing's 2024–2026 work-safety action")
  .showHelpAfterError()
  .addCommand(demoCommand())
  .addCommand(benchCommand())
  .addCommand(importCommand())
  .addCommand(tokenCommand())
  .addCommand(verifyCommand())
  .addCommand(auditExportCommand())
  .addCommand(retryParkedCommand())
  .addCommand(rebuildCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A state the user can fix (the database is open elsewhere, a rebuild runs): its message, no stack.
  const plain = error instanceof DataDirInUseError || error instanceof RebuildInProgressError;
  err(error instanceof Error ? (plain ? error.message : (error.stack ?? error.message)) : String(error));
  process.exitCode = 1;
}
