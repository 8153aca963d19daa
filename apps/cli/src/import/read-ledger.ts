/**
 * Reads a ledger file — CSV (UTF-8 or GB18030) or XLSX — into its header and data rows, each row
 * with the line number a spreadsheet shows for it (the first row of the file is line 1).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { looksLikeHeader, mapHeader, type HeaderMap } from './ledger-columns.js';
import { zipExpandedSize } from './zip-expansion.js';

/** A cell as read: text (CSV, XLSX strings), a number or a date (XLSX), a boolean, or empty. */
export type CellValue = string | number | Date | boolean | null;

/** One data row: its spreadsheet line and its cells, in the order of the header's cells. */
export interface LedgerRow {
  line: number;
  cells: CellValue[];
}

/** The encodings a CSV ledger may come in. `utf-8-bom`: UTF-8 with a byte-order mark (Excel's "CSV UTF-8"). */
export type LedgerEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** A ledger as read from its file. */
export interface LedgerTable {
  format: 'csv' | 'xlsx';
  /** CSV only. */
  encoding: LedgerEncoding | null;
  /** XLSX only: the worksheet read. */
  sheet: string | null;
  headerLine: number;
  header: HeaderMap;
  /** The non-empty rows below the header. */
  rows: LedgerRow[];
}

/** The file cannot be read as a ledger at all (exit code 2): unreadable, no header row, columns missing. */
export class UnreadableLedgerError extends Error {
  override readonly name = 'UnreadableLedgerError';
}

/** How many rows above the header a ledger may carry (a title, a date line …). */
const HEADER_SEARCH_ROWS = 10;

/**
 * The encoding of a CSV file's bytes: a UTF-8 byte-order mark, or bytes that decode as strict UTF-8,
 * are UTF-8; anything else is taken as GB18030 (which includes GBK and GB2312), the encoding
 * Chinese Excel and WPS save "CSV" in.
 */
export function detectEncoding(bytes: Uint8Array): LedgerEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * The text of a CSV file's bytes, decoded per {@link detectEncoding} (the BOM dropped). Node's
 * WHATWG TextDecoder (full ICU) decodes GB18030, so no other decoder is needed.
 */
export function decodeLedgerText(bytes: Uint8Array): { text: string; encoding: LedgerEncoding } {
  const encoding = detectEncoding(bytes);
  if (encoding === 'utf-8-bom') return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding };
  return { text: new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'gb18030').decode(bytes), encoding };
}

/** Splits CSV text into records of strings: comma-separated, or tab/semicolon when the first line says so. */
export function parseCsvText(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  const delimiter = [',', '\t', ';'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
  return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, relax_quotes: true, bom: false }) as string[][];
}

/**
 * Reads the ledger at `path`: `.xlsx` as a workbook (the sheet named or numbered by `sheet`, else
 * the first with rows), anything else as CSV.
 * @throws UnreadableLedgerError when the file cannot be read, has no header row in its first ten
 *   rows, or its header lacks a required column
 */
export async function readLedgerFile(path: string, options: { sheet?: string | undefined } = {}): Promise<LedgerTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UnreadableLedgerError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (extname(path).toLowerCase() === '.xlsx' || isZip(bytes)) {
    const { sheet, rows } = await readWorkbook(bytes, options.sheet);
    return toTable('xlsx', null, sheet, rows);
  }
  const { text, encoding } = decodeLedgerText(bytes);
  const records = parseCsvSafely(text);
  return toTable('csv', encoding, null, records.map((cells, i) => ({ line: i + 1, cells })));
}

function parseCsvSafely(text: string): string[][] {
  try {
    return parseCsvText(text);
  } catch (error) {
    throw new UnreadableLedgerError(`not a readable CSV file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function toTable(format: 'csv' | 'xlsx', encoding: LedgerEncoding | null, sheet: string | null, all: LedgerRow[]): LedgerTable {
  const headerAt = all.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => looksLikeHeader(row.cells.map(cellText)));
  if (headerAt < 0) {
    throw new UnreadableLedgerError(`no header row naming 隐患编号 and the other columns in the first ${HEADER_SEARCH_ROWS} rows`);
  }
  const headerRow = all[headerAt]!;
  const header = mapHeader(headerRow.cells.map(cellText));
  if (header.problems.length > 0) throw new UnreadableLedgerError(`header (line ${headerRow.line}): ${header.problems.join('; ')}`);
  const rows = all.slice(headerAt + 1).filter((row) => row.cells.some((c) => cellText(c) !== ''));
  return { format, encoding, sheet, headerLine: headerRow.line, header, rows };
}

/** A cell as text, for header matching and emptiness: trimmed; dates as ISO; empty for null. */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  return String(cell).trim();
}

async function readWorkbook(bytes: Buffer, wanted: string | undefined): Promise<{ sheet: string; rows: LedgerRow[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS inflates every entry in memory: measure the expansion first (a ZIP bomb stops here).
    await zipExpandedSize(bytes);
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableLedgerError(`not a readable XLSX workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sheets = workbook.worksheets;
  let sheet: ExcelJS.Worksheet | undefined;
  if (wanted !== undefined) {
    sheet = sheets.find((s) => s.name === wanted) ?? (/^\d+$/.test(wanted) ? sheets[Number(wanted) - 1] : undefined);
    if (!sheet) throw new UnreadableLedgerError(`no worksheet '${wanted}'; the workbook has: ${sheets.map((s) => s.name).join(', ')}`);
  } else {
    sheet = sheets.find((s) => s.actualRowCount > 0);
    if (!sheet) throw new UnreadableLedgerError('the workbook has no worksheet with rows');
  }
  const rows: LedgerRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push({ line, cells: Array.from({ length: values.length }, (_, i) => excelCell(values[i])) });
  });
  return { sheet: sheet.name, rows };
}

/** An ExcelJS cell value as a {@link CellValue}: rich text joined, hyperlinks as their text, formulas as their result. */
export function excelCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return excelCell(v.result);
    if (v.text !== undefined) return excelCell(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}
