import type { ReadModelReader } from '../read-model-reader.js';
import type { EngineeringProject } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';

/** What the engineering figures are computed for: calendar year Y (CST) and the districts to give rows for. */
export interface EngineeringStatisticsQuery {
  year: number;
  /** Every district of the reference data, ordered by code: each gets a row, zeros included. */
  groups: { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

/** One district's engineering figures in year Y (all counts of facts dated in Y, CST). */
export interface EngineeringFiguresRow {
  key: string;
  name: string;
  /** Elevators spot-checked (sum of `elevators`). */
  elevatorsChecked: number;
  /** Elevators found defective in those checks (sum of `defectsFound`). */
  elevatorDefects: number;
  /** old_community_renovation: communities renovated. */
  oldCommunities: number;
  /** old_community_renovation: m² renovated. */
  oldCommunityAreaSquareMetres: number;
  /** rural_dangerous_bridge: bridges rebuilt. */
  ruralDangerousBridges: number;
  /** life_protection_road: metres completed. */
  lifeProtectionRoadMetres: number;
  /** reservoir_reinforcement: reservoirs reinforced. */
  reservoirsReinforced: number;
  /** hydrant: municipal fire hydrants built. */
  hydrantsBuilt: number;
  /** self_built_housing: buildings remediated. */
  selfBuiltHousingBuildings: number;
}

/** A city total beside the plan's target for it: `met` is value ≥ target, null when the plan sets no target for Y. */
export interface EngineeringTotal {
  value: number;
  target: number | null;
  met: boolean | null;
}

/** The city's totals of year Y with the plan's targets (三(七)20). */
export interface EngineeringCityTotals {
  elevatorsChecked: EngineeringTotal;
  elevatorDefects: number;
  oldCommunities: EngineeringTotal;
  oldCommunityAreaSquareMetres: EngineeringTotal;
  ruralDangerousBridges: EngineeringTotal;
  /** `value` is Y's metres; `threeYearValue` the metres of 2024–Y, judged against the 2024–2026 target. */
  lifeProtectionRoadMetres: EngineeringTotal & { threeYearValue: number | null };
  reservoirsReinforced: EngineeringTotal;
  hydrantsBuilt: EngineeringTotal;
  selfBuiltHousingBuildings: EngineeringTotal;
}

/** Row field of each project's quantity. */
const PROJECT_FIELDS: Record<EngineeringProject, keyof EngineeringFiguresRow> = {
  old_community_renovation: 'oldCommunities',
  rural_dangerous_bridge: 'ruralDangerousBridges',
  life_protection_road: 'lifeProtectionRoadMetres',
  reservoir_reinforcement: 'reservoirsReinforced',
  hydrant: 'hydrantsBuilt',
  self_built_housing: 'selfBuiltHousingBuildings',
};

/** The first and last year of the plan (2024–2026). */
export const PLAN_FIRST_YEAR = 2024;
export const PLAN_LAST_YEAR = 2026;

/**
 * The plan's city targets for year Y (三(七)20), null where it sets none: elevators spot-checked
 * ≥ 1,000 each plan year; 2024: 1,835 old communities and 41,860,000 m², 36 rural dangerous bridges;
 * 2025: 115 reservoirs; life-protection roads 8,000 km = 8,000,000 m over 2024–2026 (a plan year's
 * target for the three-year total).
 */
export function engineeringTargets(year: number): {
  elevatorsChecked: number | null;
  oldCommunities: number | null;
  oldCommunityAreaSquareMetres: number | null;
  ruralDangerousBridges: number | null;
  lifeProtectionRoadMetres: number | null;
  reservoirsReinforced: number | null;
} {
  const planYear = year >= PLAN_FIRST_YEAR && year <= PLAN_LAST_YEAR;
  return {
    elevatorsChecked: planYear ? 1_000 : null,
    oldCommunities: year === 2024 ? 1_835 : null,
    oldCommunityAreaSquareMetres: year === 2024 ? 41_860_000 : null,
    ruralDangerousBridges: year === 2024 ? 36 : null,
    lifeProtectionRoadMetres: planYear ? 8_000_000 : null,
    reservoirsReinforced: year === 2025 ? 115 : null,
  };
}

const total = (value: number, target: number | null): EngineeringTotal => ({ value, target, met: target === null ? null : value >= target });

/**
 * Computes the engineering figures of year Y per district, and the city's totals beside the plan's
 * targets (三(七)20 安全工程治理): sums of the facts whose CST date lies in Y. Quantities are integers
 * in their unit (metres for roads), summed exactly. With `q.remap`, a fact counts under the district
 * unit in force on its date (see `districtUnitSql`); city totals are unaffected.
 *
 * @returns `rows`, one per district of `q.groups` in that order, zeros included; `cityTotals` over every fact
 */
export async function queryEngineeringStatistics(
  ds: ReadModelReader,
  q: EngineeringStatisticsQuery,
): Promise<{ rows: EngineeringFiguresRow[]; cityTotals: EngineeringCityTotals }> {
  const start = `${q.year}-01-01`;
  const end = `${q.year}-12-31`;
  const checkParams: unknown[] = [start, end];
  // elevatorsChecked, elevatorDefects: the fact's date is the check date
  const checkUnit = districtUnitSql('district_code', 'checked_date', q.remap ?? [], checkParams);
  const checks: { key: string; elevators: string; defects: string }[] = await ds.query(
    `SELECT ${checkUnit} AS key, sum(elevators) AS elevators, sum(defects_found) AS defects
       FROM engineering_elevator_checks WHERE checked_date BETWEEN $1::date AND $2::date GROUP BY ${checkUnit}`,
    checkParams,
  );
  const progressParams: unknown[] = [start, end];
  // project quantities and areas: the fact's date is the completion date
  const progressUnit = districtUnitSql('district_code', 'completed_date', q.remap ?? [], progressParams);
  const progress: { key: string; project: EngineeringProject; quantity: string; area: string | null }[] = await ds.query(
    `SELECT ${progressUnit} AS key, project, sum(quantity) AS quantity, sum(area_square_metres) AS area
       FROM engineering_progress WHERE completed_date BETWEEN $1::date AND $2::date GROUP BY ${progressUnit}, project`,
    progressParams,
  );
  const rows = q.groups.map(({ code, name }): EngineeringFiguresRow => {
    const row: EngineeringFiguresRow = {
      key: code, name, elevatorsChecked: 0, elevatorDefects: 0, oldCommunities: 0, oldCommunityAreaSquareMetres: 0,
      ruralDangerousBridges: 0, lifeProtectionRoadMetres: 0, reservoirsReinforced: 0, hydrantsBuilt: 0, selfBuiltHousingBuildings: 0,
    };
    const c = checks.find((r) => r.key === code);
    if (c) {
      row.elevatorsChecked = Number(c.elevators);
      row.elevatorDefects = Number(c.defects);
    }
    for (const p of progress.filter((r) => r.key === code)) {
      (row[PROJECT_FIELDS[p.project]] as number) = Number(p.quantity);
      if (p.project === 'old_community_renovation') row.oldCommunityAreaSquareMetres = Number(p.area ?? 0);
    }
    return row;
  });
  const sumOf = (project: EngineeringProject): number =>
    progress.filter((p) => p.project === project).reduce((s, p) => s + Number(p.quantity), 0);
  const targets = engineeringTargets(q.year);
  let threeYear: number | null = null;
  if (targets.lifeProtectionRoadMetres !== null) {
    const [r] = (await ds.query(
      `SELECT coalesce(sum(quantity), 0) AS metres FROM engineering_progress
        WHERE project = 'life_protection_road' AND completed_date BETWEEN $1::date AND $2::date`,
      [`${PLAN_FIRST_YEAR}-01-01`, end],
    )) as { metres: string }[];
    threeYear = Number(r?.metres ?? 0);
  }
  const cityTotals: EngineeringCityTotals = {
    elevatorsChecked: total(checks.reduce((s, c) => s + Number(c.elevators), 0), targets.elevatorsChecked),
    elevatorDefects: checks.reduce((s, c) => s + Number(c.defects), 0),
    oldCommunities: total(sumOf('old_community_renovation'), targets.oldCommunities),
    oldCommunityAreaSquareMetres: total(
      progress.filter((p) => p.project === 'old_community_renovation').reduce((s, p) => s + Number(p.area ?? 0), 0),
      targets.oldCommunityAreaSquareMetres,
    ),
    ruralDangerousBridges: total(sumOf('rural_dangerous_bridge'), targets.ruralDangerousBridges),
    lifeProtectionRoadMetres: {
      value: sumOf('life_protection_road'),
      threeYearValue: threeYear,
      target: targets.lifeProtectionRoadMetres,
      met: threeYear === null || targets.lifeProtectionRoadMetres === null ? null : threeYear >= targets.lifeProtectionRoadMetres,
    },
    reservoirsReinforced: total(sumOf('reservoir_reinforcement'), targets.reservoirsReinforced),
    hydrantsBuilt: total(sumOf('hydrant'), null),
    selfBuiltHousingBuildings: total(sumOf('self_built_housing'), null),
  };
  return { rows, cityTotals };
}
