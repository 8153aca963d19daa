/**
 * The hazard figures of `GET /api/v1/statistics/hazards` as a plain text table, one row per district
 * or sector and a city-wide total.
 */
import type { HazardFiguresRow } from './workload/recount-hazard-figures.js';
import { displayWidth, pad } from './output.js';

const COLUMNS = ['code', 'name', 'reported', 'open', 'overdue', 'closed', 'on time', 'closure %', 'median days', 'stock open'] as const;

/**
 * Formats rows as a text table: code, name, reported, open, overdue, closed, on time, closure rate
 * (per cent, one decimal), median days to close, stock open; then a 合计 (total) line whose closure
 * rate is computed from the summed counts (a median cannot be summed: shown as '—').
 *
 * @param title the heading line, e.g. '2025 · by district'
 * @returns lines joined with '\n', no trailing newline
 */
export function formatHazardTable(title: string, rows: readonly HazardFiguresRow[]): string {
  const rate = (r: number | null) => (r === null ? '—' : (r * 100).toFixed(1));
  const sum = (f: (r: HazardFiguresRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const totalClosed = sum((r) => r.closed);
  const totalOpen = sum((r) => r.open);
  const body: string[][] = rows.map((r) => [
    r.key,
    r.name,
    String(r.reported),
    String(r.open),
    String(r.overdue),
    String(r.closed),
    String(r.closedOnTime),
    rate(r.closureRate),
    r.medianDaysToClose === null ? '—' : String(r.medianDaysToClose),
    String(r.stockOpen),
  ]);
  const total = [
    '',
    '合计',
    String(sum((r) => r.reported)),
    String(totalOpen),
    String(sum((r) => r.overdue)),
    String(totalClosed),
    String(sum((r) => r.closedOnTime)),
    rate(totalClosed + totalOpen === 0 ? null : totalClosed / (totalClosed + totalOpen)),
    '—',
    String(sum((r) => r.stockOpen)),
  ];
  const all = [[...COLUMNS], ...body, total];
  const widths = COLUMNS.map((_, c) => Math.max(...all.map((cells) => displayWidth(cells[c]!))));
  const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c]!, c < 2 ? 'left' : 'right')).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [title, line(all[0]!), rule, ...body.map(line), rule, line(total)].join('\n');
}
