/**
 * The import's end report: counts, every rejected row with line, column and reason, every row the
 * server refused, events appended and time taken — as text for the terminal and as JSON.
 */
import { writeFile } from 'node:fs/promises';
import { displayWidth, pad } from '../output.js';
import type { Rejection } from './parse-row.js';
import type { ImportPlan } from './precheck.js';
import type { LedgerTable } from './read-ledger.js';
import type { SendOutcome, FailedRow } from './send-rows.js';

/** The report of one import run (also written as JSON with `--report`). */
export interface ImportReport {
  file: string;
  format: 'csv' | 'xlsx';
  /** CSV: 'utf-8', 'utf-8-bom' or 'gb18030'; XLSX: null. */
  encoding: string | null;
  sheet: string | null;
  url: string;
  /** Non-empty rows below the header. */
  rowsRead: number;
  /** Rows whose hazard was new and is now recorded with all the row states. */
  imported: number;
  /** Rows whose hazard was recorded before with part of the row's history; the rest was appended. */
  updated: number;
  /** Rows whose hazard already holds all the row states: nothing sent. */
  unchanged: number;
  /** Rows rejected by the pre-check (distinct lines): nothing sent for them. */
  rejected: number;
  /** Each problem of each rejected row, ordered by line. */
  rejections: Rejection[];
  /** Rows the server refused although the pre-check passed them. */
  failed: FailedRow[];
  /** Commands the server accepted, each appending one event. */
  eventsAppended: number;
  /** The highest position answered ('0' when nothing was sent): a query with `minPosition` sees the import. */
  lastPosition: string;
  elapsedMs: number;
}

/** Counts the outcome of a plan and its sending into a report. */
export function buildReport(
  source: { file: string; url: string; table: LedgerTable },
  plan: ImportPlan,
  sent: SendOutcome,
  elapsedMs: number,
): ImportReport {
  const failedLines = new Set(sent.failed.map((f) => f.line));
  const count = (outcome: string) => plan.rows.filter((r) => r.outcome === outcome && !failedLines.has(r.line)).length;
  return {
    file: source.file,
    format: source.table.format,
    encoding: source.table.encoding,
    sheet: source.table.sheet,
    url: source.url,
    rowsRead: plan.rowsRead,
    imported: count('imported'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: new Set(plan.rejections.map((r) => r.line)).size,
    rejections: plan.rejections,
    failed: sent.failed,
    eventsAppended: sent.eventsAppended,
    lastPosition: sent.lastPosition,
    elapsedMs,
  };
}

/** The report as lines of text for the terminal. */
export function formatReport(report: ImportReport): string[] {
  const lines = [
    `ledger import: ${report.file} (${report.format.toUpperCase()}${report.encoding ? `, ${report.encoding}` : ''}${report.sheet ? `, sheet ${report.sheet}` : ''}) → ${report.url}`,
    `rows read ${report.rowsRead} · imported ${report.imported} · updated ${report.updated} · unchanged ${report.unchanged} · rejected ${report.rejected} · failed ${report.failed.length}`,
    report.eventsAppended === 0
      ? `events appended 0 in ${(report.elapsedMs / 1000).toFixed(1)} s (nothing new: the ledger's rows are all in the store already or rejected)`
      : `events appended ${report.eventsAppended} in ${(report.elapsedMs / 1000).toFixed(1)} s (last position ${report.lastPosition})`,
  ];
  if (report.rejections.length > 0) {
    const width = Math.max(...report.rejections.map((r) => displayWidth(r.column)));
    const digits = String(Math.max(...report.rejections.map((r) => r.line))).length;
    lines.push('rejected (nothing was sent for these rows):');
    for (const r of report.rejections) lines.push(`  line ${pad(String(r.line), digits, 'right')}  ${pad(r.column, width)}  ${r.reason}`);
  }
  if (report.failed.length > 0) {
    lines.push('refused by the server after the pre-check (run the import again once the cause is fixed):');
    for (const f of report.failed) lines.push(`  line ${f.line}  ${f.reason}`);
  }
  return lines;
}

/** Writes the report as JSON (two-space indent) to `path`. */
export async function writeReportJson(report: ImportReport, path: string): Promise<void> {
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
