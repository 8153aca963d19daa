import type { ReadModelReader } from '../read-model-reader.js';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/**
 * The eight industry-and-trade industries (工贸八大行业, DOMAIN.md): the plan asks their large
 * (规模以上) enterprises to be graded, but the register carries no size, so their rows count them all.
 */
export const GONGMAO_SECTORS: ReadonlySet<string> = new Set([
  'metallurgy',
  'nonferrous',
  'building_materials',
  'machinery',
  'light_industry',
  'textiles',
  'tobacco',
  'commerce_trade',
]);

/** The note on the sector rows of {@link GONGMAO_SECTORS}. */
export const GONGMAO_SIZE_NOTE =
  'The plan (三(三)4) targets the large (规模以上) enterprises of the eight 工贸 industries; the register has no enterprise size, ' +
  'so these figures count every enterprise of the sector.';

/** One group's standardization and responsibility-system figures at the cut of a year (API.md: `standardization` topic). */
export interface StandardizationFiguresRow {
  key: string;
  name: string;
  /** Denominator of every rate: enterprises open at the cut (registered on or before it, not closed on or before it). */
  enterprises: number;
  /** Numerator of gradedRate: of those, the ones holding a grade valid at the cut (graded on or before it, validUntil on or after it). */
  graded: number;
  /** `graded` split by the level held (1 highest … 3). */
  gradedByLevel: { '1': number; '2': number; '3': number };
  /** Numerator of level2OrAboveRate: graded at level 1 or 2. */
  gradedLevel2OrAbove: number;
  /** graded ÷ enterprises; null when enterprises is 0. */
  gradedRate: number | null;
  /** gradedLevel2OrAbove ÷ enterprises; null when enterprises is 0. */
  level2OrAboveRate: number | null;
  /** Numerator of responsibilitySystemRate: enterprises whose responsibility system was established on or before the cut. */
  responsibilitySystemEstablished: number;
  /** responsibilitySystemEstablished ÷ enterprises; null when enterprises is 0. */
  responsibilitySystemRate: number | null;
  /** A caveat on the figures of this row, or null (set on the sector rows of the eight 工贸 industries). */
  note: string | null;
}

/** What {@link queryStandardizationStatistics} is asked. */
export interface StandardizationStatisticsQuery {
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
 * Computes the standardization figures per district or sector at the cut of year Y (31 December, or
 * today in the current year; CST dates) from the `standardization_figure_*` facts — plan 三(三)4–5:
 * by 2025 every mine (coal_mine, non_coal_mine) graded, civil explosives graded at level 2 or above,
 * the eight 工贸 industries' large enterprises essentially all graded; the all-staff responsibility
 * system (全员安全生产责任制 / 两单两卡) established in 2024.
 *
 * The grade an enterprise holds at the cut is its latest grading dated on or before the cut; it counts
 * when valid through the cut (validUntil, three years after grading, inclusive). Enterprises count under
 * their registered district and sector; by district with `q.remap`, under the unit in force at the cut.
 *
 * @returns one row per group of `q.groups`, in that order, zeros included
 */
export async function queryStandardizationStatistics(
  ds: ReadModelReader,
  q: StandardizationStatisticsQuery,
): Promise<StandardizationFiguresRow[]> {
  const cut = cutOf(q.year, q.today);
  const params: unknown[] = [cut];
  // every figure is standing stock of registered enterprises at the cut: the cut
  const groupColumn = q.groupBy === 'district' ? districtUnitSql('district_code', '$1::date', q.remap ?? [], params) : 'sector';
  const rows: {
    key: string; enterprises: string; graded: string; l1: string; l2: string; l3: string; established: string;
  }[] = await ds.query(
    `WITH e AS (
       SELECT uscc, ${groupColumn} AS key, responsibility_date FROM standardization_figure_enterprises
        WHERE registered_date <= $1::date AND (closed_date IS NULL OR closed_date > $1::date)
     ), g AS (
       SELECT DISTINCT ON (uscc) uscc, level, valid_until FROM standardization_figure_grades
        WHERE graded_date <= $1::date ORDER BY uscc, graded_date DESC, revision DESC
     ), held AS (
       SELECT e.key, e.responsibility_date, CASE WHEN g.valid_until >= $1::date THEN g.level END AS level
         FROM e LEFT JOIN g ON g.uscc = e.uscc
     )
     SELECT key, count(*) AS enterprises, count(level) AS graded,
            count(*) FILTER (WHERE level = 1) AS l1, count(*) FILTER (WHERE level = 2) AS l2,
            count(*) FILTER (WHERE level = 3) AS l3,
            count(*) FILTER (WHERE responsibility_date <= $1::date) AS established
       FROM held GROUP BY key`,
    params,
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);
  return q.groups.map(({ code, name }) => {
    const r = byKey.get(code);
    const enterprises = r ? Number(r.enterprises) : 0;
    const graded = r ? Number(r.graded) : 0;
    const l1 = r ? Number(r.l1) : 0;
    const l2 = r ? Number(r.l2) : 0;
    const l3 = r ? Number(r.l3) : 0;
    const established = r ? Number(r.established) : 0;
    return {
      key: code,
      name,
      enterprises,
      graded,
      gradedByLevel: { '1': l1, '2': l2, '3': l3 },
      gradedLevel2OrAbove: l1 + l2,
      gradedRate: rate(graded, enterprises),
      level2OrAboveRate: rate(l1 + l2, enterprises),
      responsibilitySystemEstablished: established,
      responsibilitySystemRate: rate(established, enterprises),
      note: q.groupBy === 'sector' && GONGMAO_SECTORS.has(code) ? GONGMAO_SIZE_NOTE : null,
    };
  });
}
