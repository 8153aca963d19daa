import type { ReadModelReader } from '../read-model-reader.js';
import { ESCALATION_MEASURES, HAZARD_CHANNELS, type HazardGrade } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { NO_DATE } from './hazard-figure-tallies.js';

/** One group's hazard figures for a year, exactly as API.md "What the hazard figures mean" defines them. */
export interface HazardFiguresRow {
  key: string;
  name: string;
  reported: number;
  reportedByChannel: Record<string, number>;
  open: number;
  overdue: number;
  closed: number;
  closedOnTime: number;
  /** closed ÷ (closed + open), in [0, 1]; null when both are 0. */
  closureRate: number | null;
  /** Median whole days from discovery to closure over the hazards closed in the year (mean of the two middle values for an even count); null when none. */
  medianDaysToClose: number | null;
  stockOpen: number;
  increment: number;
  escalationsByMeasure: Record<string, number>;
  /** Problem-list (安全生产和自然灾害问题清单) entries made in the year. */
  problemListEntries: number;
}

export interface HazardStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  grade: HazardGrade | null;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year (a query may use the clock; a projector may not). */
  today: string;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

/**
 * The cut of year Y: its last day, or today when Y is the current year (or later).
 * @returns a CST date 'YYYY-MM-DD'
 */
export function cutOf(year: number, today: string): string {
  const end = `${String(year).padStart(4, '0')}-12-31`;
  return end < today ? end : today;
}

/**
 * Computes the hazard figures per district or per sector for a year: the plan's 分区域、分行业
 * statistics (三(二)3) and its hazard targets (stock cleared in 2024, increment contained in 2025,
 * dynamic zero in 2026). All dates are CST dates.
 *
 * One statement over the pre-counted `hazard_figure_tallies` (hazard-figure-tallies.ts), whose rows
 * are per group, figure and date — not per hazard — so the cost does not grow with the hazards; the
 * same statement serves the live read models and the as-of ones (the tallies are versioned like
 * every read-model table).
 *
 * By district with `q.remap`, a hazard counts under the unit in force at the date of each figure's
 * fact: the discovery date (reported, by channel, increment), the closure date (closed, closed on
 * time, median days), the cut (open, overdue, stockOpen) and the measure's date (escalations,
 * problem-list entries); see `districtUnitSql`.
 */
export async function queryHazardStatistics(ds: ReadModelReader, q: HazardStatisticsQuery): Promise<HazardFiguresRow[]> {
  const start = `${String(q.year).padStart(4, '0')}-01-01`;
  const end = `${String(q.year).padStart(4, '0')}-12-31`;
  const cut = cutOf(q.year, q.today);
  const byDistrict = q.groupBy === 'district';
  const params: unknown[] = [start, end, cut, q.grade, q.groupBy, NO_DATE];
  // A figure dated by its fact counts under the unit at that date; a standing figure under the cut's.
  const unit = byDistrict ? districtUnitSql('dim', 'unit_date', q.remap ?? [], params) : 'dim';
  const tallies: { key: string; figure: string; detail: string; days: number; n: string }[] = await ds.query(
    `SELECT ${unit} AS key, figure, detail, days, sum(n)::text AS n
       FROM (SELECT dim, figure, detail, days, n, CASE WHEN fact_date = $6::date THEN $3::date ELSE fact_date END AS unit_date
               FROM hazard_figure_tallies
              WHERE dim_kind = $5::text AND ($4::text IS NULL OR grade = $4::text) AND at <= $3::date
                AND (fact_date = $6::date OR fact_date BETWEEN $1::date AND $2::date)) t
      GROUP BY 1, figure, detail, days
     HAVING sum(n) <> 0`,
    params,
  );
  const byKey = new Map<string, typeof tallies>();
  for (const t of tallies) {
    const list = byKey.get(t.key);
    if (list) list.push(t);
    else byKey.set(t.key, [t]);
  }
  return q.groups.map(({ code, name }) => {
    const counts: Record<string, number> = {};
    const reportedByChannel: Record<string, number> = Object.fromEntries(HAZARD_CHANNELS.map((ch) => [ch, 0]));
    const escalationsByMeasure: Record<string, number> = Object.fromEntries(ESCALATION_MEASURES.map((m) => [m, 0]));
    const closedDays: [days: number, n: number][] = [];
    for (const t of byKey.get(code) ?? []) {
      const n = Number(t.n);
      counts[t.figure] = (counts[t.figure] ?? 0) + n;
      if (t.figure === 'reported' && t.detail in reportedByChannel) reportedByChannel[t.detail]! += n;
      else if (t.figure === 'escalation') escalationsByMeasure[t.detail] = (escalationsByMeasure[t.detail] ?? 0) + n;
      else if (t.figure === 'closed') closedDays.push([Number(t.days), n]);
    }
    const n = (figure: string) => counts[figure] ?? 0;
    const reported = n('reported');
    const open = n('open');
    const closed = n('closed');
    return {
      key: code,
      name,
      reported,
      reportedByChannel,
      open,
      overdue: n('overdue'),
      closed,
      closedOnTime: n('closed_on_time'),
      closureRate: closed + open === 0 ? null : closed / (closed + open),
      medianDaysToClose: medianOf(closedDays),
      stockOpen: n('stock_open'),
      increment: q.year >= 2024 ? reported : 0,
      escalationsByMeasure,
      problemListEntries: n('problem_list'),
    };
  });
}

/**
 * The median of a distribution given as (value, count) pairs — the mean of the two middle values
 * for an even count, as percentile_cont(0.5) computes it; null when the counts sum to 0.
 */
export function medianOf(distribution: readonly (readonly [value: number, count: number])[]): number | null {
  const sorted = [...distribution].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, c]) => sum + c, 0);
  if (total === 0) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const [value, c] of sorted) {
      seen += c;
      if (rank < seen) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  return (at(Math.floor((total - 1) / 2)) + at(Math.ceil((total - 1) / 2))) / 2;
}
