import type { ReadModelReader } from '../read-model-reader.js';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** One group's drill figures for a year (API.md: `drills` topic). Counts are whole numbers. */
export interface DrillFiguresRow {
  key: string;
  name: string;
  /** Denominator: enterprises of the group registered on or before the cut and not closed before 1 January of Y. */
  enterprises: number;
  /** Numerator: of those, the ones meeting the plan's drill frequency for Y at the cut. */
  enterprisesMeetingFrequency: number;
  /** enterprisesMeetingFrequency ÷ enterprises, in [0, 1]; null when enterprises is 0. */
  complianceRate: number | null;
  /** Drills held in Y, on or before the cut, counted under the district and sector the enterprise had when it drilled. */
  drills: number;
  /** People who took part in those drills, summed. */
  participants: number;
}

export interface DrillStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year (a query may use the clock; a projector may not). */
  today: string;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

/** The half-years of year Y as judged at `cut` (CST dates 'YYYY-MM-DD'). */
export interface DrillHalves {
  start: string;
  /** The last day of the first half counted: 30 June, or the cut when it falls earlier. */
  firstHalfEnd: string;
  secondHalfStart: string;
  /** True when the cut is on or after 1 July: the second half-year has begun and is judged too. */
  secondHalfBegun: boolean;
}

/**
 * The half-years (Jan–Jun, Jul–Dec, CST) of `year` as judged at `cut`.
 * @param cut a CST date 'YYYY-MM-DD' (see `cutOf`)
 */
export function drillHalves(year: number, cut: string): DrillHalves {
  const y = String(year).padStart(4, '0');
  const juneEnd = `${y}-06-30`;
  const secondHalfStart = `${y}-07-01`;
  return { start: `${y}-01-01`, firstHalfEnd: cut < juneEnd ? cut : juneEnd, secondHalfStart, secondHalfBegun: cut >= secondHalfStart };
}

/**
 * Computes the drill figures per district or per sector for year Y from the `drill_figure_*` facts:
 * the plan's drill frequency (三(四)7: 生产经营单位每年至少组织开展1次疏散逃生演练, 高危行业领域每半年至少1次).
 *
 * At the cut (31 December of Y, or today in the current year), an enterprise meets the frequency when
 * - general: it held ≥ 1 drill dated in Y on or before the cut;
 * - high-risk: it held ≥ 1 drill in the first half (1 January – 30 June) and, when the cut is in the
 *   second half, ≥ 1 in the second half (1 July – the cut) too: the current year is judged on the
 *   half-years begun by the cut.
 * Enterprises count under their registered district and sector with their registered high-risk flag;
 * drills and participants under the district and sector recorded on the drill. All dates are CST.
 * By district with `q.remap`, enterprises count under the unit in force at the cut, drills under the
 * unit in force on their held date (see `districtUnitSql`).
 *
 * @returns one row per group of `q.groups`, in that order, zeros included
 */
export async function queryDrillStatistics(ds: ReadModelReader, q: DrillStatisticsQuery): Promise<DrillFiguresRow[]> {
  const cut = cutOf(q.year, q.today);
  const h = drillHalves(q.year, cut);
  const byDistrict = q.groupBy === 'district';
  const remap = q.remap ?? [];
  const enterpriseParams: unknown[] = [h.start, h.firstHalfEnd, h.secondHalfStart, cut, h.secondHalfBegun];
  // enterprises, enterprisesMeetingFrequency (an enterprise-based denominator and its numerator): the cut
  const enterpriseColumn = byDistrict ? districtUnitSql('en.district_code', '$4::date', remap, enterpriseParams) : 'en.sector';
  const enterprises: { key: string; enterprises: string; meeting: string }[] = await ds.query(
    `WITH e AS (
       SELECT ${enterpriseColumn} AS key, en.high_risk,
              (SELECT count(*) FROM drill_figure_drills d
                WHERE d.enterprise_uscc = en.uscc AND d.held_date BETWEEN $1::date AND $2::date) AS first_half,
              (SELECT count(*) FROM drill_figure_drills d
                WHERE d.enterprise_uscc = en.uscc AND d.held_date BETWEEN $3::date AND $4::date) AS second_half
         FROM drill_figure_enterprises en
        WHERE en.registered_date <= $4::date AND (en.closed_date IS NULL OR en.closed_date >= $1::date)
     )
     SELECT key, count(*) AS enterprises,
            count(*) FILTER (WHERE CASE WHEN high_risk THEN first_half >= 1 AND (NOT $5::boolean OR second_half >= 1)
                                        ELSE first_half + second_half >= 1 END) AS meeting
       FROM e GROUP BY key`,
    enterpriseParams,
  );
  const drillParams: unknown[] = [h.start, cut];
  // drills, participants: the fact's date is the drill's held date
  const drillColumn = byDistrict ? districtUnitSql('district_code', 'held_date', remap, drillParams) : 'sector';
  const drills: { key: string; drills: string; participants: string }[] = await ds.query(
    `SELECT ${drillColumn} AS key, count(*) AS drills, coalesce(sum(participants), 0) AS participants
       FROM drill_figure_drills WHERE held_date BETWEEN $1::date AND $2::date GROUP BY ${drillColumn}`,
    drillParams,
  );
  const enterprisesByKey = new Map(enterprises.map((r) => [r.key, r]));
  const drillsByKey = new Map(drills.map((r) => [r.key, r]));
  return q.groups.map(({ code, name }) => {
    const e = enterprisesByKey.get(code);
    const d = drillsByKey.get(code);
    const total = e ? Number(e.enterprises) : 0;
    const meeting = e ? Number(e.meeting) : 0;
    return {
      key: code,
      name,
      enterprises: total,
      enterprisesMeetingFrequency: meeting,
      complianceRate: total === 0 ? null : meeting / total,
      drills: d ? Number(d.drills) : 0,
      participants: d ? Number(d.participants) : 0,
    };
  });
}
