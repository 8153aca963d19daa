/**
 * Parsing of single ledger cells: dates, money, grade and channel. Each parser answers a value or
 * the reason the cell cannot be read, for the row's rejection.
 */
import { HAZARD_CHANNELS, MAX_FACT_YEAR, MIN_FACT_YEAR, isCstDate, type HazardChannel, type HazardGrade } from '#domain';
import type { CellValue } from './read-ledger.js';

/** A parsed cell or why it could not be parsed. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Days from 1970-01-01 back to Excel's day 0 in the 1900 date system (1899-12-30, past the 1900 leap-year bug). */
const EXCEL_EPOCH_OFFSET_DAYS = 25569;

const DATE_FORMS = 'YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 or an Excel date';

/**
 * A ledger date as a CST date 'YYYY-MM-DD'. Accepts 'YYYY-MM-DD', 'YYYY-M-D', 'YYYY/M/D', 'YYYY.M.D'
 * (a time after the date is ignored), 'YYYY年M月D日', 'YYYYMMDD', an Excel serial day number (1900
 * system: 45352 is 2024-03-01), and Date cells (ExcelJS gives a date cell as midnight UTC of the
 * date shown). The date must be real and within the years facts may carry (1950–2100).
 */
export function parseLedgerDate(cell: CellValue): Parsed<string> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return fail('the date cell holds no valid date');
    return checkedDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') return fromNumber(cell, String(cell));
  const text = String(cell ?? '').trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (!m) m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/.exec(text);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return checkedDate(Number(m[1]), Number(m[2]), Number(m[3]), text);
  if (/^\d{5}(?:\.\d+)?$/.test(text)) return fromNumber(Number(text), text);
  return fail(`'${text}' is not a date (write ${DATE_FORMS})`);
}

function fromNumber(n: number, text: string): Parsed<string> {
  if (Number.isInteger(n) && n >= 19_000_101 && n <= 21_001_231) {
    return checkedDate(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100, text);
  }
  if (!Number.isFinite(n) || n < 1) return fail(`'${text}' is not a date (write ${DATE_FORMS})`);
  const d = new Date((Math.floor(n) - EXCEL_EPOCH_OFFSET_DAYS) * 86_400_000);
  return checkedDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), text);
}

function checkedDate(year: number, month: number, day: number, text: string): Parsed<string> {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isCstDate(date)) return fail(`'${text}' is not a real calendar date`);
  if (year < MIN_FACT_YEAR || year > MAX_FACT_YEAR) return fail(`'${text}': the year must lie between ${MIN_FACT_YEAR} and ${MAX_FACT_YEAR}`);
  return ok(date);
}

/**
 * Money in integer fen, exactly (decimal digits are moved, never multiplied as floating point).
 * `unit` 'yuan' allows two decimals (1 fen), 'wan_yuan' (万元) six. Accepts thousands separators
 * (',' '，'), a leading ¥/￥, a trailing 元/万元, and number cells.
 */
export function parseFundsFen(cell: CellValue, unit: 'yuan' | 'wan_yuan'): Parsed<number> {
  const decimals = unit === 'yuan' ? 2 : 6;
  const raw = typeof cell === 'number' ? numberText(cell) : String(cell ?? '').trim();
  const text = raw.replace(/^[¥￥]\s*/, '').replace(/\s*(万元|元)$/, '').replace(/[,，\s]/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return fail(`'${raw}' is not an amount of money (digits, at most ${decimals} decimals, not negative)`);
  const fraction = m[2] ?? '';
  if (fraction.length > decimals) {
    return fail(`'${raw}' has ${fraction.length} decimals; ${unit === 'yuan' ? '元 take at most 2 (1 fen)' : '万元 take at most 6 (1 fen)'}`);
  }
  const fen = BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`'${raw}' is too large`);
  return ok(Number(fen));
}

/** A number cell's shortest decimal text; exponent forms (1e21, 1e-7) are left as they are and refused. */
function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NaN';
}

const GRADES: Readonly<Record<string, HazardGrade>> = {
  重大: 'major',
  重大隐患: 'major',
  重大事故隐患: 'major',
  major: 'major',
  一般: 'general',
  一般隐患: 'general',
  一般事故隐患: 'general',
  general: 'general',
};

/** 隐患等级: 重大 / 重大隐患 / 重大事故隐患 / major → major; 一般 / 一般隐患 / 一般事故隐患 / general → general. */
export function parseGrade(cell: CellValue): Parsed<HazardGrade> {
  const text = String(cell ?? '').trim();
  const grade = GRADES[text.toLowerCase()];
  return grade ? ok(grade) : fail(`'${text}' is not a hazard grade (重大 or 一般)`);
}

const CHANNELS: Readonly<Record<string, HazardChannel>> = {
  自查: 'self_inspection',
  企业自查: 'self_inspection',
  自查自报: 'self_inspection',
  监督检查: 'supervisory_inspection',
  检查: 'supervisory_inspection',
  执法检查: 'supervisory_inspection',
  督导检查: 'supervisory_inspection',
  部门检查: 'supervisory_inspection',
  举报: 'public_report',
  群众举报: 'public_report',
  投诉举报: 'public_report',
  执法: 'enforcement',
  行政执法: 'enforcement',
  事故调查: 'accident_investigation',
};

/**
 * 发现方式 / 来源: a channel code (self_inspection …) or its Chinese name (自查, 监督检查, 举报, 执法,
 * 事故调查 and the variants listed in CHANNELS); an empty cell is `self_inspection` (企业自查), the
 * way most ledger entries arise.
 */
export function parseChannel(cell: CellValue): Parsed<HazardChannel> {
  const text = String(cell ?? '').trim();
  if (text === '') return ok('self_inspection');
  if ((HAZARD_CHANNELS as readonly string[]).includes(text)) return ok(text as HazardChannel);
  const channel = CHANNELS[text];
  return channel ? ok(channel) : fail(`'${text}' is not a known 发现方式 (自查, 监督检查, 举报, 执法 or 事故调查)`);
}
