import type { ReferenceData } from '#reference-data';
import { GONGMAO_SECTORS, GONGMAO_SIZE_NOTE } from '../standardization-figures/standardization-statistics.query.js';
import type { FigureSources, GroupBy } from './figure-sources.js';
import type { IndicatorBehaviour } from './target-status.js';

/**
 * One group's raw figure: `numerator` over `denominator` (null = unknown for a ratio; ignored for a
 * count); a change on the year carries this year's and last year's counts (numerator = their difference).
 */
export interface Part {
  readonly numerator: number;
  readonly denominator: number | null;
  readonly change?: { readonly current: number; readonly previous: number };
}

/** A group without a figure, and why. */
export interface Missing {
  readonly missing: string;
}

/** What an indicator is computed from: the year, the date figures are taken at, the queries. */
export interface IndicatorContext {
  readonly year: number;
  /** The earlier of today and the target's cut (CST 'YYYY-MM-DD'): the queries' `today`. */
  readonly asOf: string;
  readonly sources: FigureSources;
  readonly reference: ReferenceData;
}

/**
 * How one `indicator` of seeds/plan-targets.json is computed. `parts` gives every group of the
 * grouping (district codes or sector codes) a figure; the city figure is `city` when defined and
 * not undefined, else the sum of the groups' numerators over the sum of their denominators.
 */
export interface IndicatorDefinition {
  readonly kind: 'count' | 'ratio';
  readonly behaviour: IndicatorBehaviour;
  /** The figure it is read from (a statistics route and field, or the key-task measurements). */
  readonly source: string;
  readonly numerator: string;
  /** The denominator's meaning; null for a count. */
  readonly denominator: string | null;
  /** A caveat shown with every figure of this indicator. */
  readonly note?: string;
  /** The sectors a `sector` target of this indicator concerns (plan clause / seed note); all sectors when absent. */
  readonly sectors?: (reference: ReferenceData) => readonly string[];
  parts(ctx: IndicatorContext, groupBy: GroupBy): Promise<Map<string, Part | Missing>>;
  city?(ctx: IndicatorContext): Promise<Part | Missing | undefined>;
}

const byKey = <R extends { key: string }>(rows: readonly R[], f: (row: R) => Part | Missing): Map<string, Part | Missing> =>
  new Map(rows.map((r) => [r.key, f(r)]));

const MEASUREMENT_SOURCE = 'key-task measurements (TaskProgressReported.measurements, latest per indicator and group)';

/**
 * An indicator only the lead units measure: their latest measurement reported on a key-task stream in
 * Y by the cut, per district (districtCode) or sector; the city figure is the city-wide measurement
 * (no district, no sector) when one was reported, else the sum over the groups that reported.
 */
function measured(
  kind: 'count' | 'ratio',
  behaviour: IndicatorBehaviour,
  indicator: string,
  numerator: string,
  denominator: string | null,
  extra: Partial<Pick<IndicatorDefinition, 'note' | 'sectors'>> = {},
): IndicatorDefinition {
  const part = (m: { numerator: number; denominator: number | null }): Part => ({ numerator: m.numerator, denominator: m.denominator });
  return {
    kind,
    behaviour,
    source: MEASUREMENT_SOURCE,
    numerator,
    denominator,
    ...extra,
    async parts(ctx, groupBy) {
      const all = (await ctx.sources.measurements(ctx.year, ctx.asOf)).filter((m) => m.indicator === indicator);
      const out = new Map<string, Part | Missing>();
      for (const g of ctx.sources.groups[groupBy]) {
        const m = all.find((x) => (groupBy === 'district' ? x.districtCode === g.code && x.sector === null : x.sector === g.code && x.districtCode === null));
        out.set(g.code, m ? part(m) : { missing: `no measurement of ${indicator} reported for ${g.code} in ${ctx.year} by ${ctx.asOf}` });
      }
      return out;
    },
    async city(ctx) {
      const m = (await ctx.sources.measurements(ctx.year, ctx.asOf)).find((x) => x.indicator === indicator && x.districtCode === null && x.sector === null);
      return m ? part(m) : undefined;
    },
  };
}

const allSectors = (r: ReferenceData) => r.sectorList.map((s) => s.code);
const keySectors = (r: ReferenceData) => r.sectorList.filter((s) => s.keySectorForPrincipalTraining).map((s) => s.code);
const highRiskSectors = (r: ReferenceData) => r.sectorList.filter((s) => s.highRisk).map((s) => s.code);
const gongmaoSectors = (r: ReferenceData) => r.sectorList.filter((s) => GONGMAO_SECTORS.has(s.code)).map((s) => s.code);
const only = (...codes: string[]) => (r: ReferenceData) => codes.filter((c) => r.sectors.has(c));

const RESCUE_FALLBACK =
  'The rescue figures count the teams established, but their denominators (townships, villages, professional teams required) are not in the reference data; where the rescue rate is null the lead unit\'s measurement is used.';

/**
 * A rescue build rate: the rescue figures' rate where its denominator is known, else the lead unit's
 * measurement of `indicator`, else no data.
 */
function rescueRate(
  indicator: string,
  numerator: string,
  denominator: string,
  pick: (row: import('../rescue-figures/rescue-statistics.query.js').RescueFiguresRow) => { n: number; d: number | null },
  sectors?: (r: ReferenceData) => readonly string[],
): IndicatorDefinition {
  const fallback = measured('ratio', 'level', indicator, numerator, denominator);
  return {
    kind: 'ratio',
    behaviour: 'level',
    source: `GET /api/v1/statistics/rescue (${numerator} ÷ ${denominator}); else ${MEASUREMENT_SOURCE}`,
    numerator,
    denominator,
    note: RESCUE_FALLBACK,
    ...(sectors ? { sectors } : {}),
    async parts(ctx, groupBy) {
      const rows = await ctx.sources.rescue(groupBy, ctx.year, ctx.asOf);
      const measuredParts = await fallback.parts(ctx, groupBy);
      return byKey(rows, (r) => {
        const { n, d } = pick(r);
        if (d !== null) return { numerator: n, denominator: d };
        return measuredParts.get(r.key) ?? { missing: `${denominator} unknown and no measurement of ${indicator}` };
      });
    },
    city: (ctx) => fallback.city!(ctx),
  };
}

/** A change on the year of a count: `count(Y) − count(Y−1)`, each taken from `rows(year)`. */
function changeOnYear(
  source: string,
  numerator: string,
  rows: (ctx: IndicatorContext, groupBy: GroupBy, year: number) => Promise<readonly { key: string; value: number }[]>,
): IndicatorDefinition {
  return {
    kind: 'count',
    behaviour: 'change_on_year',
    source,
    numerator,
    denominator: null,
    async parts(ctx, groupBy) {
      const current = await rows(ctx, groupBy, ctx.year);
      const previous = new Map((await rows(ctx, groupBy, ctx.year - 1)).map((r) => [r.key, r.value]));
      return byKey(current, (r) => {
        const p = previous.get(r.key) ?? 0;
        return { numerator: r.value - p, denominator: null, change: { current: r.value, previous: p } };
      });
    },
  };
}

/** A count summed from district rows of a query. */
const count = (
  behaviour: IndicatorBehaviour,
  source: string,
  numerator: string,
  rows: (ctx: IndicatorContext, groupBy: GroupBy) => Promise<readonly { key: string; value: number }[]>,
  note?: string,
): IndicatorDefinition => ({
  kind: 'count',
  behaviour,
  source,
  numerator,
  denominator: null,
  ...(note ? { note } : {}),
  async parts(ctx, groupBy) {
    return new Map((await rows(ctx, groupBy)).map((r) => [r.key, { numerator: r.value, denominator: null }]));
  },
});

/** A ratio numerator ÷ denominator of a query's rows. */
const ratio = <R extends { key: string }>(
  source: string,
  numerator: string,
  denominator: string,
  rows: (ctx: IndicatorContext, groupBy: GroupBy) => Promise<readonly R[]>,
  pick: (row: R) => { n: number; d: number },
  extra: Partial<Pick<IndicatorDefinition, 'note' | 'sectors'>> = {},
): IndicatorDefinition => ({
  kind: 'ratio',
  behaviour: 'level',
  source,
  numerator,
  denominator,
  ...extra,
  async parts(ctx, groupBy) {
    return byKey(await rows(ctx, groupBy), (r) => {
      const { n, d } = pick(r);
      return { numerator: n, denominator: d };
    });
  },
});

const mapRows = <R extends { key: string }>(rows: readonly R[], value: (r: R) => number) => rows.map((r) => ({ key: r.key, value: value(r) }));

/**
 * Every indicator of seeds/plan-targets.json and how its actual is computed (README "The indicator
 * catalogue"). A unit test fails for any seed indicator missing here.
 */
export const INDICATOR_CATALOGUE: Readonly<Record<string, IndicatorDefinition>> = {
  // 一 总体目标: accidents (国务院令第493号 grades, derived from the toll at the cut).
  major_or_especially_major_accidents: count('monotone', 'GET /api/v1/statistics/accidents byGrade', 'byGrade.major + byGrade.especially_major', async (ctx, g) =>
    mapRows(await ctx.sources.accidents(g, ctx.year, ctx.asOf), (r) => r.byGrade.major + r.byGrade.especially_major),
  ),
  accidents_change_on_year: changeOnYear('GET /api/v1/statistics/accidents accidents, year Y and Y−1', 'accidents(Y) − accidents(Y−1)', async (ctx, g, year) =>
    mapRows(await ctx.sources.accidents(g, year, ctx.asOf), (r) => r.accidents),
  ),
  larger_accidents_change_on_year: changeOnYear('GET /api/v1/statistics/accidents byGrade.larger, year Y and Y−1', 'byGrade.larger(Y) − byGrade.larger(Y−1)', async (ctx, g, year) =>
    mapRows(await ctx.sources.accidents(g, year, ctx.asOf), (r) => r.byGrade.larger),
  ),
  // 三(二)2–3: self-inspection and major hazards.
  self_inspection_completion_rate: ratio(
    'GET /api/v1/statistics/inspections (year 2024)',
    'surveyDoneBy20240630',
    'enterprises (open at the cut, 2024-06-30)',
    (ctx, g) => ctx.sources.inspections(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.surveyDoneBy20240630 ?? 0, d: r.surveyDoneBy20240630 === null ? 0 : r.enterprises }),
    { note: 'The register records the 大排查 survey (major_hazard_survey inspections); the 判定标准 training and the ledger are not judged separately.' },
  ),
  principal_led_inspection_compliance_rate: ratio(
    'GET /api/v1/statistics/inspections',
    'principalLedCompliant',
    'principalLedRequired',
    (ctx, g) => ctx.sources.inspections(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.principalLedCompliant, d: r.principalLedRequired }),
    { sectors: allSectors },
  ),
  major_stock_open: count('stock', 'GET /api/v1/statistics/hazards?grade=major', 'stockOpen (major, discovered before 2024-01-01, open at the cut)', async (ctx, g) =>
    mapRows(await ctx.sources.majorHazards(g, ctx.year, ctx.asOf), (r) => r.stockOpen),
  ),
  major_increment_change_on_year: changeOnYear('GET /api/v1/statistics/hazards?grade=major reported, year Y and Y−1', 'reported(Y) − reported(Y−1), major hazards', async (ctx, g, year) =>
    mapRows(await ctx.sources.majorHazards(g, year, ctx.asOf), (r) => r.reported),
  ),
  major_overdue: count('stock', 'GET /api/v1/statistics/hazards?grade=major', 'overdue (major, open past the deadline in force at the cut)', async (ctx, g) =>
    mapRows(await ctx.sources.majorHazards(g, ctx.year, ctx.asOf), (r) => r.overdue),
  ),
  city_special_supervision_count: count('monotone', 'GET /api/v1/statistics/enforcement specialSupervisions', 'specialSupervisions.city_on_district', async (ctx, g) =>
    mapRows(await ctx.sources.enforcement(g, ctx.year), (r) => r.specialSupervisions.city_on_district),
  ),
  district_special_supervision_count: count('monotone', 'GET /api/v1/statistics/enforcement specialSupervisions', 'specialSupervisions.district_on_sector', async (ctx, g) =>
    mapRows(await ctx.sources.enforcement(g, ctx.year), (r) => r.specialSupervisions.district_on_sector),
  ),
  // 三(三)4–5: standardization and the responsibility system.
  responsibility_system_rate: ratio(
    'GET /api/v1/statistics/standardization',
    'responsibilitySystemEstablished',
    'enterprises (open at the cut)',
    (ctx, g) => ctx.sources.standardization(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.responsibilitySystemEstablished, d: r.enterprises }),
  ),
  standardization_rate_industry_trade_key: ratio(
    'GET /api/v1/statistics/standardization',
    'graded',
    'enterprises (open at the cut)',
    (ctx, g) => ctx.sources.standardization(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.graded, d: r.enterprises }),
    { sectors: gongmaoSectors, note: GONGMAO_SIZE_NOTE },
  ),
  standardization_level2_rate_civil_explosives: ratio(
    'GET /api/v1/statistics/standardization',
    'gradedLevel2OrAbove',
    'enterprises (open at the cut)',
    (ctx, g) => ctx.sources.standardization(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.gradedLevel2OrAbove, d: r.enterprises }),
    { sectors: only('civil_explosives') },
  ),
  standardization_rate_mines: ratio(
    'GET /api/v1/statistics/standardization',
    'graded',
    'enterprises (open at the cut)',
    (ctx, g) => ctx.sources.standardization(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.graded, d: r.enterprises }),
    { sectors: only('coal_mine', 'non_coal_mine') },
  ),
  // 三(四)6–7: training and drills.
  principal_training_coverage_key_sectors: ratio(
    'GET /api/v1/statistics/training',
    'principalsTrained',
    'principalsInKeySectors',
    (ctx, g) => ctx.sources.training(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.principalsTrained, d: r.principalsInKeySectors }),
    { sectors: keySectors },
  ),
  hospital_fire_lead_training_coverage: measured('ratio', 'level', 'hospital_fire_lead_training_coverage', 'hospital fire-safety leads trained', 'fire-safety leads of grade-2 and grade-3 hospitals', {
    note: 'Trainings of the hospital_fire_lead audience are recorded, but no roster of grade-2/3 hospitals exists to divide by: the lead unit measures it.',
  }),
  drill_frequency_compliance_rate: ratio(
    'GET /api/v1/statistics/drills',
    'enterprisesMeetingFrequency',
    'enterprises',
    (ctx, g) => ctx.sources.drills(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.enterprisesMeetingFrequency, d: r.enterprises }),
    { sectors: allSectors },
  ),
  special_operations_certified_rate: ratio(
    'GET /api/v1/statistics/training',
    'specialOperationsCertified',
    'specialOperationsTrainees',
    (ctx, g) => ctx.sources.training(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.specialOperationsCertified, d: r.specialOperationsTrainees }),
    { sectors: allSectors },
  ),
  high_risk_training_pass_rate: ratio(
    'GET /api/v1/statistics/training',
    'highRiskPassed',
    'highRiskTrainees',
    (ctx, g) => ctx.sources.training(g, ctx.year, ctx.asOf),
    (r) => ({ n: r.highRiskPassed, d: r.highRiskTrainees }),
    { sectors: highRiskSectors },
  ),
  // 三(五)9–11: leaders, enforcement officers, enforcement equipment.
  city_leader_training_sessions: measured('count', 'monotone', 'city_leader_training_sessions', 'city-run training sessions for district leaders held', null, {
    note: 'The training register counts persons, not sessions: the lead unit reports the sessions.',
  }),
  district_leader_training_sessions: measured('count', 'monotone', 'district_leader_training_sessions', 'district-run training sessions for department and township leaders held', null, {
    note: 'The training register counts persons, not sessions: the lead unit reports the sessions.',
  }),
  party_government_leader_training_coverage: measured('ratio', 'level', 'party_government_leader_training_coverage', 'leaders trained', 'party and government leaders', {
    note: 'The training figures count partyGovernmentLeadersTrained but hold no roster to divide by: the lead unit measures the coverage.',
  }),
  township_park_lead_enforcement_training_coverage: measured('ratio', 'level', 'township_park_lead_enforcement_training_coverage', 'township and park safety leads trained', 'township (street) and industrial-park safety leads'),
  enforcement_officer_training_coverage: measured('ratio', 'level', 'enforcement_officer_training_coverage', 'enforcement officers trained', 'safety enforcement officers', {
    note: 'The training figures count enforcementOfficersTrained but hold no roster to divide by: the lead unit measures the coverage.',
  }),
  enforcement_equipment_compliance_rate: measured('ratio', 'level', 'enforcement_equipment_compliance_rate', 'enforcement bodies meeting the equipment standard', 'district and township comprehensive enforcement bodies'),
  // 三(五)14: rescue capacity.
  rescue_equipment_sets_distributed: count('monotone', 'GET /api/v1/statistics/rescue', 'equipmentSetsDistributed', async (ctx, g) =>
    mapRows(await ctx.sources.rescue(g, ctx.year, ctx.asOf), (r) => r.equipmentSetsDistributed ?? 0),
  ),
  rescue_team_build_rate: rescueRate('rescue_team_build_rate', 'teamsByLevel.township', 'townshipsRequired', (r) => ({ n: r.teamsByLevel.township, d: r.townshipsRequired })),
  village_rescue_station_build_rate: rescueRate('village_rescue_station_build_rate', 'villageStations', 'villagesRequired', (r) => ({ n: r.villageStations, d: r.villagesRequired })),
  professional_rescue_team_build_rate: rescueRate(
    'professional_rescue_team_build_rate',
    'professionalTeams',
    'professionalTeamsRequired',
    (r) => ({ n: r.professionalTeams, d: r.professionalTeamsRequired }),
    highRiskSectors,
  ),
  // 三(五)15, 三(六)18–19: measured by the lead units.
  training_provider_compliance_rate: measured('ratio', 'level', 'training_provider_compliance_rate', 'training providers meeting the standard', 'safety-training providers'),
  converted_tractors_remaining: measured('count', 'stock', 'converted_tractors_remaining', 'converted tractors still registered or in use', null),
  risk_monitoring_coverage_rate: measured('ratio', 'level', 'risk_monitoring_coverage_rate', 'enterprises connected to risk monitoring', 'enterprises with major hazard sources, steel, deep-well casting or key dust-explosion risks', {
    sectors: (r) => r.sectorList.filter((s) => s.code === 'hazardous_chemicals' || s.industryAndTrade).map((s) => s.code),
  }),
  safety_demo_city_districts_started: measured('count', 'level', 'safety_demo_city_districts_started', 'districts newly starting the 国家安全发展示范城市 creation', null),
  safety_demo_city_districts_succeeded: measured('count', 'level', 'safety_demo_city_districts_succeeded', 'districts recognised as 国家安全发展示范城市', null),
  // 三(七)20: engineering.
  old_communities_renovation_started: count('monotone', 'GET /api/v1/statistics/engineering', 'oldCommunities', async (ctx) =>
    mapRows((await ctx.sources.engineering(ctx.year)).rows, (r) => r.oldCommunities),
  ),
  old_communities_renovation_area_m2: count('monotone', 'GET /api/v1/statistics/engineering', 'oldCommunityAreaSquareMetres', async (ctx) =>
    mapRows((await ctx.sources.engineering(ctx.year)).rows, (r) => r.oldCommunityAreaSquareMetres),
  ),
  d_class_housing_relocation_rate: measured('ratio', 'level', 'd_class_housing_relocation_rate', 'residents of urban D-class housing moved out', 'residents of urban D-class housing in the survey database'),
  rural_dangerous_bridges_rebuilt: count('monotone', 'GET /api/v1/statistics/engineering', 'ruralDangerousBridges', async (ctx) =>
    mapRows((await ctx.sources.engineering(ctx.year)).rows, (r) => r.ruralDangerousBridges),
  ),
  elevators_spot_checked: count('monotone', 'GET /api/v1/statistics/engineering', 'elevatorsChecked', async (ctx) =>
    mapRows((await ctx.sources.engineering(ctx.year)).rows, (r) => r.elevatorsChecked),
  ),
  municipal_hydrant_provision_rate: measured('ratio', 'level', 'municipal_hydrant_provision_rate', 'municipal hydrants built', 'municipal hydrants required', {
    note: 'The engineering figures count hydrantsBuilt in the year, but not the hydrants required: the lead unit measures the provision rate.',
  }),
  unsafe_self_built_housing_rectified_rate: measured('ratio', 'level', 'unsafe_self_built_housing_rectified_rate', 'self-built houses with hazards rectified', 'self-built houses with hazards', {
    note: 'The engineering figures count selfBuiltHousingBuildings remediated in the year, but not the houses with hazards: the lead unit measures the rate.',
  }),
  dangerous_reservoirs_reinforced: count(
    'monotone',
    'GET /api/v1/statistics/engineering reservoirsReinforced, 2024 to Y',
    'reservoirsReinforced summed over 2024..Y',
    async (ctx) => {
      const sums = new Map<string, number>();
      for (let y = 2024; y <= ctx.year; y++) for (const r of (await ctx.sources.engineeringUpTo(y, ctx.year)).rows) sums.set(r.key, (sums.get(r.key) ?? 0) + r.reservoirsReinforced);
      return [...sums].map(([key, value]) => ({ key, value }));
    },
    'Cumulative from 2024 (the plan\'s first year) to the end of Y, as the target reads 「完成…115座」 by 2025.',
  ),
  urban_fire_water_supply_coverage: measured('ratio', 'level', 'urban_fire_water_supply_coverage', 'urban built-up area covered by fire-fighting water supply', 'urban built-up area'),
  highway_life_protection_km: {
    kind: 'ratio',
    behaviour: 'monotone',
    source: 'GET /api/v1/statistics/engineering lifeProtectionRoadMetres, 2024 to Y (cityTotals…threeYearValue)',
    numerator: 'metres of life-protection works 2024..Y',
    denominator: '1000 (metres per kilometre)',
    note: 'Kilometres = metres ÷ 1000, cumulative over 2024–2026.',
    async parts(ctx) {
      const sums = new Map<string, number>();
      for (let y = 2024; y <= ctx.year; y++) for (const r of (await ctx.sources.engineeringUpTo(y, ctx.year)).rows) sums.set(r.key, (sums.get(r.key) ?? 0) + r.lifeProtectionRoadMetres);
      return new Map([...sums].map(([key, metres]) => [key, { numerator: metres, denominator: 1000 }]));
    },
    /** The city's kilometres: all groups' metres over one 1000 (a unit conversion, not a denominator to sum). */
    async city(ctx) {
      let metres = 0;
      for (const p of (await this.parts(ctx, 'district')).values()) if (!('missing' in p)) metres += p.numerator;
      return { numerator: metres, denominator: 1000 };
    },
  },
  // 三(八)22: publicity.
  publicity_demo_sites_new: count('monotone', 'GET /api/v1/statistics/publicity', 'demonstrationSitesNew', async (ctx) =>
    mapRows((await ctx.sources.publicity(ctx.year, ctx.asOf)).rows, (r) => r.demonstrationSitesNew),
  ),
  qianshi_wanjiang_lectures: count('monotone', 'GET /api/v1/statistics/publicity', 'lectures', async (ctx) =>
    mapRows((await ctx.sources.publicity(ctx.year, ctx.asOf)).rows, (r) => r.lectures),
  ),
};
