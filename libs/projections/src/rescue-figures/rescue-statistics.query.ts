import type { ReadModelReader } from '../read-model-reader.js';
import { RESCUE_TEAM_LEVELS, type RescueTeamLevel } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** What is still missing: the professional teams a sector needs are not in the reference data. */
export const RESCUE_DENOMINATOR_NOTE =
  'professionalTeamsRequired (the professional teams a sector needs) is not in the reference data: professionalTeamRate is null. townshipsRequired / villagesRequired are the township (街道+镇+乡) and village (村委会+居委会) counts of the district in the reference data (NBS 2023 lists), null where unknown; they are null on sector rows.';

/** One group's rescue-capacity figures for a year (API.md: `rescue` topic). Counts are whole numbers. */
export interface RescueFiguresRow {
  key: string;
  name: string;
  /** Teams established on or before the cut (cumulative, not only in Y), per level; by sector only sector_professional teams have one. */
  teamsByLevel: Record<RescueTeamLevel, number>;
  /** Numerator of villageStationRate: village_station teams established on or before the cut. */
  villageStations: number;
  /** Numerator of professionalTeamRate: sector_professional teams established on or before the cut. */
  professionalTeams: number;
  /** Denominator of townshipTeamRate: townships (街道+镇+乡) of the district from the reference data; null when unknown and on sector rows. */
  townshipsRequired: number | null;
  /** Denominator of villageStationRate: villages (村委会+居委会) of the district from the reference data; null when unknown and on sector rows. */
  villagesRequired: number | null;
  /** Denominator of professionalTeamRate: professional teams the group needs. Not in the reference data: null. */
  professionalTeamsRequired: number | null;
  /** teamsByLevel.township ÷ townshipsRequired; null while the denominator is unknown or 0. */
  townshipTeamRate: number | null;
  /** villageStations ÷ villagesRequired; null while the denominator is unknown or 0. */
  villageStationRate: number | null;
  /** professionalTeams ÷ professionalTeamsRequired; null while the denominator is unknown or 0. */
  professionalTeamRate: number | null;
  /** Equipment sets distributed in Y on or before the cut, summed; null by sector (a distribution has no sector). */
  equipmentSetsDistributed: number | null;
  /** {@link RESCUE_DENOMINATOR_NOTE}. */
  note: string;
}

export interface RescueStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year. */
  today: string;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string; townships?: number | null; villages?: number | null }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

/** numerator ÷ denominator, null when the denominator is unknown (null) or 0. */
export function rateOf(numerator: number, denominator: number | null): number | null {
  return denominator === null || denominator === 0 ? null : numerator / denominator;
}

/**
 * Computes the rescue-capacity figures per district or per sector for year Y from the
 * `rescue_figure_*` facts: the plan's rescue targets (三(五)14: 2024 18,000 equipment sets city-wide;
 * 2025 city/district/township teams 100 %, village stations 90 %, professional teams 80 %; 2026
 * village stations 100 %, professional teams 90 %).
 *
 * The cut is 31 December of Y, or today in the current year. Teams count when established (CST date)
 * on or before the cut, whatever the year; equipment sets when distributed in Y on or before the cut.
 * By district every team counts under its district; by sector only sector_professional teams (the
 * only ones with a sector) count, and equipment sets are null.
 *
 * @returns one row per group of `q.groups`, in that order, zeros included
 */
export async function queryRescueStatistics(ds: ReadModelReader, q: RescueStatisticsQuery): Promise<RescueFiguresRow[]> {
  const cut = cutOf(q.year, q.today);
  const start = `${String(q.year).padStart(4, '0')}-01-01`;
  const remap = q.remap ?? [];
  const teamParams: unknown[] = [cut];
  const groupColumn = q.groupBy === 'district' ? districtUnitSql('district_code', '$1::date', remap, teamParams) : 'sector';
  const teams: { key: string; level: string; teams: string }[] = await ds.query(
    `SELECT ${groupColumn} AS key, level, count(*) AS teams FROM rescue_figure_teams
      WHERE established_date <= $1::date AND ${groupColumn} IS NOT NULL GROUP BY ${groupColumn}, level`,
    teamParams,
  );
  const setParams: unknown[] = [start, cut];
  const setUnit = districtUnitSql('district_code', 'distributed_date', remap, setParams);
  const sets: { key: string; sets: string }[] =
    q.groupBy === 'district'
      ? await ds.query(
          `SELECT ${setUnit} AS key, coalesce(sum(sets), 0) AS sets FROM rescue_figure_distributions
            WHERE distributed_date BETWEEN $1::date AND $2::date GROUP BY ${setUnit}`,
          setParams,
        )
      : [];
  const setsByKey = new Map(sets.map((r) => [r.key, Number(r.sets)]));
  return q.groups.map(({ code, name, townships, villages }) => {
    const teamsByLevel = Object.fromEntries(RESCUE_TEAM_LEVELS.map((l) => [l, 0])) as Record<RescueTeamLevel, number>;
    for (const t of teams) if (t.key === code && t.level in teamsByLevel) teamsByLevel[t.level as RescueTeamLevel] = Number(t.teams);
    const townshipsRequired = q.groupBy === 'district' ? (townships ?? null) : null;
    const villagesRequired = q.groupBy === 'district' ? (villages ?? null) : null;
    const professionalTeamsRequired = null;
    return {
      key: code,
      name,
      teamsByLevel,
      villageStations: teamsByLevel.village_station,
      professionalTeams: teamsByLevel.sector_professional,
      townshipsRequired,
      villagesRequired,
      professionalTeamsRequired,
      townshipTeamRate: rateOf(teamsByLevel.township, townshipsRequired),
      villageStationRate: rateOf(teamsByLevel.village_station, villagesRequired),
      professionalTeamRate: rateOf(teamsByLevel.sector_professional, professionalTeamsRequired),
      equipmentSetsDistributed: q.groupBy === 'district' ? (setsByKey.get(code) ?? 0) : null,
      note: RESCUE_DENOMINATOR_NOTE,
    };
  });
}
