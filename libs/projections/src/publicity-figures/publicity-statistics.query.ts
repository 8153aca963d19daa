import type { ReadModelReader } from '../read-model-reader.js';
import { DEMONSTRATION_SETTINGS, SCIENCE_HALL_LEVELS, type DemonstrationSetting, type ScienceHallLevel } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** 各区县每年至少新建5个 安全宣传"五进"示范点 (plan 三(八)22): the yearly target per district. */
export const DEMONSTRATION_SITES_TARGET_PER_DISTRICT = 5;

/** 千师万讲 近万场 (plan 三(八)22): the city-wide lecture target in 2025 and in 2026. */
export const CITY_LECTURE_TARGET = 10_000;

/** The city-wide lecture target of `year`: 10,000 in 2025 and 2026, else null (the plan sets none). */
export const cityLectureTarget = (year: number): number | null => (year === 2025 || year === 2026 ? CITY_LECTURE_TARGET : null);

/** One group's publicity figures for a year (API.md: `publicity` topic). Counts are whole numbers. */
export interface PublicityFiguresRow {
  key: string;
  name: string;
  /** Lectures held in Y on or before the cut (by sector: only lectures recorded with that sector). */
  lectures: number;
  /** People in those lectures, summed. */
  lectureAudience: number;
  /** Demonstration sites built in Y on or before the cut (0 on sector rows: sites have no sector). */
  demonstrationSitesNew: number;
  /** Those sites per 五进 setting, every setting a key. */
  demonstrationSitesBySetting: Record<DemonstrationSetting, number>;
  /** 5 on district rows (三(八)22 各区县每年至少新建5个); null on sector rows. */
  demonstrationSitesTarget: number | null;
  /** demonstrationSitesNew ≥ demonstrationSitesTarget on district rows; null on sector rows. */
  demonstrationSitesMet: boolean | null;
  /** Science halls established on or before the cut (any year), per level (0 on sector rows). */
  scienceHallsByLevel: Record<ScienceHallLevel, number>;
}

/** The city-wide lecture figures: lectures held in Y by the cut across all districts, and the target. */
export interface PublicityCityTotals {
  lectures: number;
  /** 10,000 for 2025 and 2026 (千师万讲 近万场), else null. */
  lectureTarget: number | null;
}

/** What {@link queryPublicityStatistics} computes: grouping, year, today's CST date and the groups. */
export interface PublicityStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year. */
  today: string;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Computes the publicity figures per district or sector for year Y from `publicity_figure_*` (plan
 * 三(八)22: 千师万讲 近万场, 各区县每年至少新建5个"五进"示范点, 应急科普体验馆). The cut is 31 December of Y,
 * or today in the current year; all dates are CST. Sector rows count only lectures recorded with a
 * sector; sites and halls carry none, so they are zeros there and target/met are null.
 *
 * @returns the rows (one per group of `q.groups`, in that order) and the city totals
 */
export async function queryPublicityStatistics(
  ds: ReadModelReader,
  q: PublicityStatisticsQuery,
): Promise<{ rows: PublicityFiguresRow[]; cityTotals: PublicityCityTotals }> {
  const cut = cutOf(q.year, q.today);
  const start = `${String(q.year).padStart(4, '0')}-01-01`;
  const byDistrict = q.groupBy === 'district';
  const remap = q.remap ?? [];
  const lectureParams: unknown[] = [start, cut];
  const groupColumn = byDistrict ? districtUnitSql('district_code', 'held_date', remap, lectureParams) : 'sector';
  const lectures: { key: string | null; lectures: string; audience: string }[] = await ds.query(
    `SELECT ${groupColumn} AS key, count(*) AS lectures, coalesce(sum(audience_size), 0) AS audience
       FROM publicity_figure_lectures WHERE held_date BETWEEN $1::date AND $2::date GROUP BY ${groupColumn}`,
    lectureParams,
  );
  const siteParams: unknown[] = [start, cut];
  const siteUnit = districtUnitSql('district_code', 'built_date', remap, siteParams);
  const hallParams: unknown[] = [cut];
  const hallUnit = districtUnitSql('district_code', '$1::date', remap, hallParams);
  const sites: { key: string; setting: string; n: string }[] = byDistrict
    ? await ds.query(
        `SELECT ${siteUnit} AS key, setting, count(*) AS n FROM publicity_figure_sites
          WHERE built_date BETWEEN $1::date AND $2::date GROUP BY ${siteUnit}, setting`,
        siteParams,
      )
    : [];
  const halls: { key: string; level: string; n: string }[] = byDistrict
    ? await ds.query(
        `SELECT ${hallUnit} AS key, level, count(*) AS n FROM publicity_figure_halls WHERE established_date <= $1::date GROUP BY ${hallUnit}, level`,
        hallParams,
      )
    : [];
  const lecturesByKey = new Map(lectures.map((r) => [r.key, r]));
  const rows = q.groups.map(({ code, name }): PublicityFiguresRow => {
    const l = lecturesByKey.get(code);
    const bySetting = zeros(DEMONSTRATION_SETTINGS);
    for (const s of sites) if (s.key === code && s.setting in bySetting) bySetting[s.setting as DemonstrationSetting] += Number(s.n);
    const byLevel = zeros(SCIENCE_HALL_LEVELS);
    for (const h of halls) if (h.key === code && h.level in byLevel) byLevel[h.level as ScienceHallLevel] += Number(h.n);
    const sitesNew = Object.values(bySetting).reduce((a, b) => a + b, 0);
    return {
      key: code,
      name,
      lectures: l ? Number(l.lectures) : 0,
      lectureAudience: l ? Number(l.audience) : 0,
      demonstrationSitesNew: sitesNew,
      demonstrationSitesBySetting: bySetting,
      demonstrationSitesTarget: byDistrict ? DEMONSTRATION_SITES_TARGET_PER_DISTRICT : null,
      demonstrationSitesMet: byDistrict ? sitesNew >= DEMONSTRATION_SITES_TARGET_PER_DISTRICT : null,
      scienceHallsByLevel: byLevel,
    };
  });
  const [total]: { n: string }[] = await ds.query(
    'SELECT count(*) AS n FROM publicity_figure_lectures WHERE held_date BETWEEN $1::date AND $2::date',
    [start, cut],
  );
  return { rows, cityTotals: { lectures: Number(total?.n ?? 0), lectureTarget: cityLectureTarget(q.year) } };
}
