/**
 * Cell parsers: every date form a ledger uses, money to exact fen, grades and channels. Expected
 * values are written out by hand (Excel serials checked against Excel's own 1900 date system:
 * 45352 is 2024-03-01, 45818 is 2025-06-10).
 */
import { parseChannel, parseFundsFen, parseGrade, parseLedgerDate } from './parse-cells.js';

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) => (p.ok ? p.value : `ERR ${p.reason}`);

describe('parseLedgerDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-3-5', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024/03/05', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024-03-05 14:30', '2024-03-05'],
    ['2024/3/5 9:05:00', '2024-03-05'],
    ['45352', '2024-03-01'],
    ['  2024-02-29 ', '2024-02-29'],
  ])('reads %j as %s', (cell, expected) => {
    expect(value(parseLedgerDate(cell))).toBe(expected);
  });

  it('reads number cells as Excel serial days or YYYYMMDD, and Date cells by their UTC date', () => {
    expect(value(parseLedgerDate(45818))).toBe('2025-06-10');
    expect(value(parseLedgerDate(45818.75))).toBe('2025-06-10');
    expect(value(parseLedgerDate(20250610))).toBe('2025-06-10');
    expect(value(parseLedgerDate(new Date(Date.UTC(2023, 11, 31))))).toBe('2023-12-31');
  });

  it.each([
    ['2024-02-30', "'2024-02-30' is not a real calendar date"],
    ['2023-02-29', "'2023-02-29' is not a real calendar date"],
    ['2024年13月1日', "'2024年13月1日' is not a real calendar date"],
    ['1949-12-31', "'1949-12-31': the year must lie between 1950 and 2100"],
    ['3月5日', "'3月5日' is not a date (write YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 or an Excel date)"],
    ['next week', "'next week' is not a date (write YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 or an Excel date)"],
  ])('refuses %j', (cell, reason) => {
    expect(parseLedgerDate(cell)).toEqual({ ok: false, reason });
  });
});

describe('parseFundsFen', () => {
  it.each([
    ['1200.50', 120050],
    ['1,200.5', 120050],
    ['¥358,000.00', 35800000],
    ['12,345.67元', 1234567],
    ['0.29', 29],
    ['0.57', 57],
    ['0', 0],
    ['90071992547409.91', 9007199254740991],
  ])('reads %j yuan as %d fen', (cell, fen) => {
    expect(value(parseFundsFen(cell, 'yuan'))).toBe(fen);
  });

  it('reads number cells without floating-point error (0.29 yuan is 29 fen, not 28.999…)', () => {
    expect(value(parseFundsFen(0.29, 'yuan'))).toBe(29);
    expect(value(parseFundsFen(4500.5, 'yuan'))).toBe(450050);
    expect(value(parseFundsFen(1.15, 'yuan'))).toBe(115);
  });

  it('reads 万元 with up to six decimals', () => {
    expect(value(parseFundsFen('1.25', 'wan_yuan'))).toBe(1250000);
    expect(value(parseFundsFen('0.000001', 'wan_yuan'))).toBe(1);
    expect(value(parseFundsFen('3.5万元', 'wan_yuan'))).toBe(3500000);
  });

  it.each([
    ['1.005', "'1.005' has 3 decimals; 元 take at most 2 (1 fen)"],
    ['-5', "'-5' is not an amount of money (digits, at most 2 decimals, not negative)"],
    ['abc', "'abc' is not an amount of money (digits, at most 2 decimals, not negative)"],
    ['90071992547409.92', "'90071992547409.92' is too large"],
  ])('refuses %j', (cell, reason) => {
    expect(parseFundsFen(cell, 'yuan')).toEqual({ ok: false, reason });
  });
});

describe('parseGrade / parseChannel', () => {
  it('reads the grade in Chinese or English', () => {
    for (const g of ['重大', '重大隐患', '重大事故隐患', 'major', 'Major']) expect(value(parseGrade(g))).toBe('major');
    for (const g of ['一般', '一般隐患', '一般事故隐患', 'general']) expect(value(parseGrade(g))).toBe('general');
    expect(parseGrade('较大')).toEqual({ ok: false, reason: "'较大' is not a hazard grade (重大 or 一般)" });
  });

  it('reads the channel, an empty cell being self-inspection', () => {
    expect(value(parseChannel(''))).toBe('self_inspection');
    expect(value(parseChannel(null))).toBe('self_inspection');
    expect(value(parseChannel('自查'))).toBe('self_inspection');
    expect(value(parseChannel('监督检查'))).toBe('supervisory_inspection');
    expect(value(parseChannel('举报'))).toBe('public_report');
    expect(value(parseChannel('执法'))).toBe('enforcement');
    expect(value(parseChannel('事故调查'))).toBe('accident_investigation');
    expect(value(parseChannel('public_report'))).toBe('public_report');
    expect(parseChannel('电话')).toEqual({ ok: false, reason: "'电话' is not a known 发现方式 (自查, 监督检查, 举报, 执法 or 事故调查)" });
  });
});
