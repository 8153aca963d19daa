import type { ReadModelReader } from '../read-model-reader.js';
import { ACCIDENT_GRADES, type AccidentGrade } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** One group's accident figures for a year (API.md "accidents"; README "What the accident figures mean"). */
export interface AccidentFiguresRow {
  key: string;
  name: string;
  /** Accidents that occurred (CST date of occurredAt) in the year, on or before the cut. */
  accidents: number;
  /** Those accidents by grade, as graded by their toll at the cut; the four grades always present. */
  byGrade: Record<AccidentGrade, number>;
  deaths: number;
  seriousInjuries: number;
  /** Integer fen. */
  directLossFen: number;
  /** Deaths in accidents of the previous year (the denominator of the change rate), tolls as revised by the same cut. */
  deathsPreviousYear: number;
  /** deaths − deathsPreviousYear. */
  deathsChangeOnYear: number;
  /** deathsChangeOnYear ÷ deathsPreviousYear; null when deathsPreviousYear is 0. */
  deathsChangeOnYearRate: number | null;
}

/** What {@link queryAccidentStatistics} is asked: grouping, year, today (for the cut) and the groups. */
export interface AccidentStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year. */
  today: string;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

/**
 * Computes the accident figures per district or sector for year Y from `accident_register` and
 * `accident_tolls`: accidents by grade, deaths, serious injuries, direct loss and the year-on-year
 * change of deaths — the plan's outcome figures (事故总量和较大事故起数同比持续下降，坚决杜绝重特大事故;
 * the city's yearly work points, e.g. 2025: 较大 ≤ 10, deaths −5%).
 *
 * An accident counts in the year of the CST date of its occurredAt, under the district and sector it
 * was reported in, with its toll (and so its grade) as revised on or before the cut (31 December of Y,
 * or today in the current year). Y−1's deaths are taken with the tolls as revised by the same cut.
 * By district with `q.remap`, an accident counts under the unit in force on its occurred date.
 */
export async function queryAccidentStatistics(ds: ReadModelReader, q: AccidentStatisticsQuery): Promise<AccidentFiguresRow[]> {
  const y = (year: number) => String(year).padStart(4, '0');
  const start = `${y(q.year)}-01-01`;
  const end = `${y(q.year)}-12-31`;
  const previousStart = `${y(q.year - 1)}-01-01`;
  const previousEnd = `${y(q.year - 1)}-12-31`;
  const cut = cutOf(q.year, q.today);
  const params: unknown[] = [start, end, previousStart, previousEnd, cut];
  // every figure, Y's and Y−1's deaths alike: the fact's date is the accident's occurred date
  const groupColumn = q.groupBy === 'district' ? districtUnitSql('r.district_code', 'r.occurred_date', q.remap ?? [], params) : 'r.sector';
  const figures: Record<string, string | number | null>[] = await ds.query(
    `WITH a AS (
       SELECT ${groupColumn} AS key, r.occurred_date, t.deaths, t.serious_injuries, t.direct_loss_fen, t.grade
         FROM accident_register r
         JOIN LATERAL (
           SELECT x.deaths, x.serious_injuries, x.direct_loss_fen, x.grade FROM accident_tolls x
            WHERE x.accident_id = r.accident_id AND x.effective_date <= $5::date ORDER BY x.revision DESC LIMIT 1) t ON true
        WHERE r.occurred_date BETWEEN $3::date AND $2::date AND r.occurred_date <= $5::date
     )
     SELECT key,
            count(*) FILTER (WHERE occurred_date >= $1::date) AS accidents,
            ${ACCIDENT_GRADES.map((g, i) => `count(*) FILTER (WHERE occurred_date >= $1::date AND grade = '${g}') AS g${i}`).join(',\n            ')},
            coalesce(sum(deaths) FILTER (WHERE occurred_date >= $1::date), 0) AS deaths,
            coalesce(sum(serious_injuries) FILTER (WHERE occurred_date >= $1::date), 0) AS serious_injuries,
            coalesce(sum(direct_loss_fen) FILTER (WHERE occurred_date >= $1::date), 0) AS direct_loss_fen,
            coalesce(sum(deaths) FILTER (WHERE occurred_date <= $4::date), 0) AS deaths_previous
       FROM a GROUP BY key`,
    params,
  );
  const byKey = new Map(figures.map((r) => [String(r['key']), r]));
  return q.groups.map(({ code, name }) => {
    const r = byKey.get(code);
    const n = (column: string) => (r ? Number(r[column] ?? 0) : 0);
    const deaths = n('deaths');
    const deathsPreviousYear = n('deaths_previous');
    const deathsChangeOnYear = deaths - deathsPreviousYear;
    return {
      key: code,
      name,
      accidents: n('accidents'),
      byGrade: Object.fromEntries(ACCIDENT_GRADES.map((g, i) => [g, n(`g${i}`)])) as Record<AccidentGrade, number>,
      deaths,
      seriousInjuries: n('serious_injuries'),
      directLossFen: n('direct_loss_fen'),
      deathsPreviousYear,
      deathsChangeOnYear,
      deathsChangeOnYearRate: deathsPreviousYear === 0 ? null : deathsChangeOnYear / deathsPreviousYear,
    };
  });
}
