import type { ReadModelReader } from '../read-model-reader.js';
import { ESCALATION_MEASURES, HAZARD_CHANNELS, type HazardGrade } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';

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
 * Computes the hazard figures per district or per sector for a year from the `hazard_figure_*`
 * facts: the plan's 分区域、分行业 statistics (三(二)3) and its hazard targets (stock cleared in 2024,
 * increment contained in 2025, dynamic zero in 2026). All dates are CST dates.
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
  const remap = byDistrict ? (q.remap ?? []) : [];
  const groupColumn = byDistrict ? 'district_code' : 'sector';
  const params: unknown[] = [start, end, cut, q.grade];
  // reported, reportedByChannel, increment: the fact's date is the discovery date
  const discoveryUnit = districtUnitSql('code', 'discovered_date', remap, params);
  // closed, closedOnTime, medianDaysToClose: the fact's date is the closure date
  const closureUnit = districtUnitSql('code', 'last_date', remap, params);
  // open, overdue, stockOpen: standing stock at the cut, so the cut
  const cutUnit = districtUnitSql('code', '$3::date', remap, params);
  // Each hazard is counted once per role (d: discovery, c: closure, s: stock at the cut) under that role's unit.
  const figures: Record<string, string | number | null>[] = await ds.query(
    `WITH h AS (
       SELECT f.${groupColumn} AS code, f.channel, f.discovered_date,
              cl.kind AS last_kind, cl.effective_date AS last_date, cl.deadline_in_force, dl.deadline AS deadline_at_cut
         FROM hazard_figure_hazards f
         LEFT JOIN LATERAL (
           SELECT c.kind, c.effective_date, c.deadline_in_force FROM hazard_figure_closures c
            WHERE c.hazard_id = f.hazard_id AND c.effective_date <= $3::date ORDER BY c.revision DESC LIMIT 1) cl ON true
         LEFT JOIN LATERAL (
           SELECT d.deadline FROM hazard_figure_deadlines d
            WHERE d.hazard_id = f.hazard_id AND d.effective_date <= $3::date ORDER BY d.revision DESC LIMIT 1) dl ON true
        WHERE ($4::text IS NULL OR f.grade = $4::text)
     ), c AS (
       SELECT *, (discovered_date <= $3::date AND last_kind IS DISTINCT FROM 'closed') AS is_open,
                 (last_kind = 'closed' AND last_date BETWEEN $1::date AND $2::date) AS is_closed_in_year,
                 ${discoveryUnit} AS unit_d, ${closureUnit} AS unit_c, ${cutUnit} AS unit_s
         FROM h
     )
     SELECT u.key,
            count(*) FILTER (WHERE u.role = 'd' AND discovered_date BETWEEN $1::date AND $2::date) AS reported,
            ${HAZARD_CHANNELS.map((ch, i) => `count(*) FILTER (WHERE u.role = 'd' AND discovered_date BETWEEN $1::date AND $2::date AND channel = '${ch}') AS ch${i}`).join(',\n            ')},
            count(*) FILTER (WHERE u.role = 's' AND is_open) AS open,
            count(*) FILTER (WHERE u.role = 's' AND is_open AND deadline_at_cut < $3::date) AS overdue,
            count(*) FILTER (WHERE u.role = 'c' AND is_closed_in_year) AS closed,
            count(*) FILTER (WHERE u.role = 'c' AND is_closed_in_year AND last_date <= deadline_in_force) AS closed_on_time,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY (last_date - discovered_date)) FILTER (WHERE u.role = 'c' AND is_closed_in_year) AS median_days,
            count(*) FILTER (WHERE u.role = 's' AND is_open AND discovered_date < DATE '2024-01-01') AS stock_open
       FROM c CROSS JOIN LATERAL (VALUES ('d', c.unit_d), ('c', c.unit_c), ('s', c.unit_s)) AS u(role, key)
      GROUP BY u.key`,
    params,
  );
  const measureParams: unknown[] = [start, end, q.grade];
  // escalationsByMeasure, problemListEntries: the fact's date is the measure's effective date
  const measureColumn = byDistrict ? districtUnitSql('f.district_code', 'm.effective_date', remap, measureParams) : 'f.sector';
  const measures: { key: string; kind: string; value: string; n: string }[] = await ds.query(
    `SELECT ${measureColumn} AS key, m.kind, m.value, count(*) AS n
       FROM hazard_figure_measures m JOIN hazard_figure_hazards f ON f.hazard_id = m.hazard_id
      WHERE m.effective_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR f.grade = $3::text)
      GROUP BY ${measureColumn}, m.kind, m.value`,
    measureParams,
  );
  const byKey = new Map(figures.map((r) => [String(r['key']), r]));
  return q.groups.map(({ code, name }) => {
    const r = byKey.get(code);
    const n = (column: string) => (r ? Number(r[column] ?? 0) : 0);
    const reported = n('reported');
    const open = n('open');
    const closed = n('closed');
    const escalationsByMeasure = Object.fromEntries(ESCALATION_MEASURES.map((m) => [m, 0]));
    let problemListEntries = 0;
    for (const m of measures) {
      if (m.key !== code) continue;
      if (m.kind === 'escalation') escalationsByMeasure[m.value] = (escalationsByMeasure[m.value] ?? 0) + Number(m.n);
      else problemListEntries += Number(m.n);
    }
    const median = r?.['median_days'];
    return {
      key: code,
      name,
      reported,
      reportedByChannel: Object.fromEntries(HAZARD_CHANNELS.map((ch, i) => [ch, n(`ch${i}`)])),
      open,
      overdue: n('overdue'),
      closed,
      closedOnTime: n('closed_on_time'),
      closureRate: closed + open === 0 ? null : closed / (closed + open),
      medianDaysToClose: median === null || median === undefined ? null : Number(median),
      stockOpen: n('stock_open'),
      increment: q.year >= 2024 ? reported : 0,
      escalationsByMeasure,
      problemListEntries,
    };
  });
}
