import type { ReadModelReader } from '../read-model-reader.js';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** The 2024 大排查's deadline (plan 三(二)2): a survey dated on or before this CST date counts. */
export const SURVEY_DEADLINE = '2024-06-30';

/** One group's self-inspection figures for a year (API.md: `inspections` topic). Counts are whole numbers. */
export interface InspectionFiguresRow {
  key: string;
  name: string;
  /** Denominator of the survey rate: enterprises of the group registered on or before the cut and still open at it (not closed on or before it). */
  enterprises: number;
  /** Y = 2024 only (else null): of `enterprises`, those with a major_hazard_survey dated on or before 2024-06-30 (plan 三(二)2, target 100%). */
  surveyDoneBy20240630: number | null;
  /** surveyDoneBy20240630 ÷ enterprises; null for Y ≠ 2024 or when enterprises is 0. */
  surveyDoneRate: number | null;
  /** Denominator: of `enterprises`, those with at least one due period (quarter; month when high-risk) — see {@link duePeriods}. */
  principalLedRequired: number;
  /** Numerator: of those, the ones with a principal_led inspection in every due period. */
  principalLedCompliant: number;
  /** principalLedCompliant ÷ principalLedRequired; null when principalLedRequired is 0. */
  principalLedRate: number | null;
  /** Denominator: of `enterprises`, those with at least one due month. */
  regimeRequired: number;
  /** Numerator: of those, the ones with a director_monthly inspection in every due month (日周月 regime, monthly tier). */
  regimeCompliant: number;
  /** regimeCompliant ÷ regimeRequired; null when regimeRequired is 0. */
  regimeRate: number | null;
  /** team_daily inspections dated in Y on or before the cut, under the district and sector recorded on them (counted, not judged). */
  teamDailyRecords: number;
  /** department_weekly inspections dated in Y on or before the cut, likewise (counted, not judged). */
  departmentWeeklyRecords: number;
}

export interface InspectionStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year, and what decides which periods have ended. */
  today: string;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const lastDayOfMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The periods of `year` an enterprise is judged on at `today` (CST dates 'YYYY-MM-DD'): months 1–12
 * or quarters 1–4 that have ENDED before today (their last CST day is before `today`: the current
 * period is not yet due; a past year has all its periods due) and that began on or after the
 * enterprise's registration date (a period it was not registered for at its start is not judged).
 *
 * @returns the due period numbers, ascending (months 1–12 or quarters 1–4)
 */
export function duePeriods(year: number, today: string, registeredDate: string, period: 'month' | 'quarter'): number[] {
  const y = pad(year, 4);
  const due: number[] = [];
  const count = period === 'month' ? 12 : 4;
  for (let p = 1; p <= count; p++) {
    const firstMonth = period === 'month' ? p : 3 * p - 2;
    const lastMonth = period === 'month' ? p : 3 * p;
    const first = `${y}-${pad(firstMonth)}-01`;
    const last = `${y}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`;
    if (last < today && first >= registeredDate) due.push(p);
  }
  return due;
}

/** True when every due period holds at least one of `months` (months 1–12; a quarter holds its three). */
function coversEvery(due: number[], period: 'month' | 'quarter', months: ReadonlySet<number>): boolean {
  return due.every((p) => (period === 'month' ? months.has(p) : [3 * p - 2, 3 * p - 1, 3 * p].some((m) => months.has(m))));
}

const monthsOf = (list: string | null): Set<number> => new Set((list ?? '').split(',').filter((s) => s !== '').map(Number));
const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/**
 * Computes the self-inspection figures per district or per sector for a year from the
 * `inspection_figure_*` facts: the 2024 大排查 by 30 June (三(二)2), the principal-led inspections
 * (each quarter; each month in high-risk sectors) and the 日周月 regime's monthly tier. Enterprises
 * count under their registered district, sector and high-risk flag; the record counts under those on
 * the inspection. All dates are CST dates; the cut is 31 December of Y, or today in the current year.
 * By district with `q.remap`, enterprises count under the unit in force at the cut, records under the
 * unit in force on their inspected date (see `districtUnitSql`).
 *
 * @returns one row per group of `q.groups`, in that order, zeros included
 */
export async function queryInspectionStatistics(ds: ReadModelReader, q: InspectionStatisticsQuery): Promise<InspectionFiguresRow[]> {
  const cut = cutOf(q.year, q.today);
  const start = `${pad(q.year, 4)}-01-01`;
  const byDistrict = q.groupBy === 'district';
  const enterpriseParams: unknown[] = [start, cut, SURVEY_DEADLINE];
  // enterprises and every enterprise-based figure (survey, principal-led, regime): the cut
  const enterpriseColumn = byDistrict ? districtUnitSql('en.district_code', '$2::date', q.remap ?? [], enterpriseParams) : 'en.sector';
  const recordParams: unknown[] = [start, cut];
  // teamDailyRecords, departmentWeeklyRecords: the fact's date is the inspected date
  const recordColumn = byDistrict ? districtUnitSql('district_code', 'inspected_date', q.remap ?? [], recordParams) : 'sector';
  const monthsOfLevel = (level: string) =>
    `(SELECT string_agg(DISTINCT extract(month FROM i.inspected_date)::int::text, ',') FROM inspection_figure_inspections i
       WHERE i.enterprise_uscc = en.uscc AND i.level = '${level}' AND i.inspected_date BETWEEN $1::date AND $2::date)`;
  const enterprises: {
    key: string; high_risk: boolean; registered_date: string; principal_months: string | null; director_months: string | null; survey_done: boolean;
  }[] = await ds.query(
    `SELECT ${enterpriseColumn} AS key, en.high_risk, en.registered_date::text AS registered_date,
            ${monthsOfLevel('principal_led')} AS principal_months,
            ${monthsOfLevel('director_monthly')} AS director_months,
            EXISTS (SELECT 1 FROM inspection_figure_inspections i WHERE i.enterprise_uscc = en.uscc
                      AND i.level = 'major_hazard_survey' AND i.inspected_date <= $3::date) AS survey_done
       FROM inspection_figure_enterprises en
      WHERE en.registered_date <= $2::date AND (en.closed_date IS NULL OR en.closed_date > $2::date)`,
    enterpriseParams,
  );
  const records: { key: string; team: string; department: string }[] = await ds.query(
    `SELECT ${recordColumn} AS key, count(*) FILTER (WHERE level = 'team_daily') AS team,
            count(*) FILTER (WHERE level = 'department_weekly') AS department
       FROM inspection_figure_inspections WHERE inspected_date BETWEEN $1::date AND $2::date GROUP BY ${recordColumn}`,
    recordParams,
  );
  const blank = () => ({ enterprises: 0, survey: 0, plRequired: 0, plCompliant: 0, regRequired: 0, regCompliant: 0 });
  const byKey = new Map<string, ReturnType<typeof blank>>();
  for (const e of enterprises) {
    const g = byKey.get(e.key) ?? blank();
    byKey.set(e.key, g);
    g.enterprises += 1;
    if (e.survey_done) g.survey += 1;
    const plPeriod = e.high_risk ? 'month' : 'quarter';
    const plDue = duePeriods(q.year, q.today, e.registered_date, plPeriod);
    if (plDue.length > 0) {
      g.plRequired += 1;
      if (coversEvery(plDue, plPeriod, monthsOf(e.principal_months))) g.plCompliant += 1;
    }
    const monthsDue = duePeriods(q.year, q.today, e.registered_date, 'month');
    if (monthsDue.length > 0) {
      g.regRequired += 1;
      if (coversEvery(monthsDue, 'month', monthsOf(e.director_months))) g.regCompliant += 1;
    }
  }
  const recordsByKey = new Map(records.map((r) => [r.key, r]));
  const surveyYear = q.year === 2024;
  return q.groups.map(({ code, name }) => {
    const g = byKey.get(code) ?? blank();
    const r = recordsByKey.get(code);
    return {
      key: code,
      name,
      enterprises: g.enterprises,
      surveyDoneBy20240630: surveyYear ? g.survey : null,
      surveyDoneRate: surveyYear ? rate(g.survey, g.enterprises) : null,
      principalLedRequired: g.plRequired,
      principalLedCompliant: g.plCompliant,
      principalLedRate: rate(g.plCompliant, g.plRequired),
      regimeRequired: g.regRequired,
      regimeCompliant: g.regCompliant,
      regimeRate: rate(g.regCompliant, g.regRequired),
      teamDailyRecords: r ? Number(r.team) : 0,
      departmentWeeklyRecords: r ? Number(r.department) : 0,
    };
  });
}
