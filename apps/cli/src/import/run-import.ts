/**
 * The ledger import from file to report: read → pre-check (with the server's reference data and
 * stored streams) → send in batches with a progress bar → report.
 */
import cliProgress from 'cli-progress';
import { cstDate } from '#domain';
import { err, out } from '../output.js';
import { fetchReference, headPosition, readStream, type ApiTarget } from './import-api.js';
import { buildReport, formatReport, writeReportJson, type ImportReport } from './import-report.js';
import { precheckLedger } from './precheck.js';
import { readLedgerFile, UnreadableLedgerError } from './read-ledger.js';
import { sendPlan } from './send-rows.js';

/** Options of {@link runImport}, as the command line parses them. */
export interface ImportOptions {
  file: string;
  /** Base URL of the running API, e.g. http://localhost:3000. */
  url: string;
  /** Rows per batch. */
  batch: number;
  /** Rows in flight at once. */
  concurrency: number;
  /** Write the report as JSON here too. */
  report?: string | undefined;
  /** XLSX: worksheet name or 1-based number. */
  sheet?: string | undefined;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string | undefined;
  /** Print the report and progress (default true); tests turn it off. */
  print?: boolean;
}

/** Exit codes: every row accepted; some row rejected or refused; nothing could be done. */
export const EXIT_ALL_ACCEPTED = 0;
export const EXIT_SOME_REJECTED = 1;
export const EXIT_UNUSABLE = 2;

/**
 * Runs one import.
 * @returns the exit code ({@link EXIT_ALL_ACCEPTED} 0 when every row was imported, updated or
 *   unchanged; {@link EXIT_SOME_REJECTED} 1 when any row was rejected or refused — the others are
 *   imported all the same; {@link EXIT_UNUSABLE} 2 when the file cannot be read as a ledger or the
 *   API cannot be reached) and the report (null with exit code 2)
 */
export async function runImport(options: ImportOptions): Promise<{ exitCode: number; report: ImportReport | null }> {
  const print = options.print ?? true;
  const started = Date.now();
  const api: ApiTarget = {
    baseUrl: options.url.replace(/\/+$/, ''),
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  };

  let table;
  try {
    table = await readLedgerFile(options.file, { sheet: options.sheet });
  } catch (error) {
    if (!(error instanceof UnreadableLedgerError)) throw error;
    if (print) err(`${options.file}: ${error.message}`);
    return { exitCode: EXIT_UNUSABLE, report: null };
  }
  if (print && table.header.ignored.length > 0) err(`columns not imported: ${table.header.ignored.join(', ')}`);

  let reference;
  try {
    await headPosition(api);
    reference = await fetchReference(api);
  } catch (error) {
    if (print) {
      err(`cannot reach a Zhiben API at ${api.baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
      err('start one first, e.g.: npm start   (or PORT=3999 DATA_DIR=/tmp/zhiben node dist/apps/api/src/main.js)');
    }
    return { exitCode: EXIT_UNUSABLE, report: null };
  }

  const now = new Date();
  const plan = await precheckLedger(table.rows, table.header, {
    reference,
    today: cstDate(now),
    now: now.toISOString(),
    loadStream: (streamId) => readStream(api, streamId),
    concurrency: options.concurrency,
  });

  const toSend = plan.rows.filter((r) => r.requests.length > 0).length;
  const bar = new cliProgress.SingleBar(
    {
      format: 'importing |{bar}| {percentage}% | {value}/{total} rows | ETA {eta_formatted}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  if (print && toSend > 0) bar.start(toSend, 0);
  const sent = await sendPlan(plan, api, {
    batch: options.batch,
    concurrency: options.concurrency,
    onProgress: (done) => {
      if (print) bar.update(done);
    },
  });
  if (print && toSend > 0) bar.stop();

  const report = buildReport({ file: options.file, url: api.baseUrl, table }, plan, sent, Date.now() - started);
  if (print) for (const line of formatReport(report)) out(line);
  if (options.report) await writeReportJson(report, options.report);
  const exitCode = report.rejected > 0 || report.failed.length > 0 ? EXIT_SOME_REJECTED : EXIT_ALL_ACCEPTED;
  return { exitCode, report };
}
