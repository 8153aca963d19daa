import type { ReadModelReader } from '../read-model-reader.js';
import { districtRemap, type DistrictRemapRule, type DistrictUnitsMode, type ReferenceData } from '#reference-data';
import { queryAccidentStatistics, type AccidentFiguresRow } from '../accident-register/accident-statistics.query.js';
import { queryDrillStatistics, type DrillFiguresRow } from '../drill-figures/drill-statistics.query.js';
import { queryEnforcementStatistics, type EnforcementFiguresRow } from '../enforcement-figures/enforcement-statistics.query.js';
import { queryEngineeringStatistics, type EngineeringCityTotals, type EngineeringFiguresRow } from '../engineering-figures/engineering-statistics.query.js';
import { queryHazardStatistics, type HazardFiguresRow } from '../hazard-figures/hazard-statistics.query.js';
import { queryInspectionStatistics, type InspectionFiguresRow } from '../inspection-figures/inspection-statistics.query.js';
import { queryPublicityStatistics, type PublicityFiguresRow } from '../publicity-figures/publicity-statistics.query.js';
import { queryRescueStatistics, type RescueFiguresRow } from '../rescue-figures/rescue-statistics.query.js';
import { queryStandardizationStatistics, type StandardizationFiguresRow } from '../standardization-figures/standardization-statistics.query.js';
import { queryTrainingStatistics, type TrainingFiguresRow } from '../training-figures/training-statistics.query.js';
import { latestTaskMeasurements, type TaskMeasurement } from './task-measurements.port.js';

/** A grouping of the statistics queries. */
export type GroupBy = 'district' | 'sector';

/** The groups every statistics query gives rows for (as parseStatisticsQuery builds them). */
export interface TargetGroups {
  readonly district: readonly { code: string; name: string }[];
  readonly sector: readonly { code: string; name: string }[];
  /** District remap rules (parseStatisticsQuery's `remap` for groupBy=district): facts count under the unit in force. */
  readonly remap?: readonly DistrictRemapRule[];
  /** The request's `units` (default `in_force`): how a figure summed over earlier years places their facts. */
  readonly units?: DistrictUnitsMode;
}

/**
 * The existing statistics queries of libs/projections, each run at most once per (year, `asOf`,
 * grouping) while the targets of a year are evaluated. `asOf` plays the queries' `today`: the
 * earlier of today and the target's cut, so a target due on 2024-06-30 is computed at that date.
 */
export class FigureSources {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ds: ReadModelReader,
    private readonly reference: ReferenceData,
    readonly groups: TargetGroups,
  ) {}

  /** The remap for a district grouping (spread into each query; sector rows need none). */
  private remapOf(groupBy: GroupBy): { remap?: readonly DistrictRemapRule[] } {
    return groupBy === 'district' && this.groups.remap ? { remap: this.groups.remap } : {};
  }

  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = run();
      this.memo.set(key, p);
    }
    return p;
  }

  /** Hazard figures of major hazards (grade 'major'). */
  majorHazards(groupBy: GroupBy, year: number, asOf: string): Promise<HazardFiguresRow[]> {
    return this.once(`hazards:${groupBy}:${year}:${asOf}`, () =>
      queryHazardStatistics(this.ds, { groupBy, year, grade: 'major', today: asOf, groups: this.groups[groupBy], ...this.remapOf(groupBy) }),
    );
  }

  accidents(groupBy: GroupBy, year: number, asOf: string): Promise<AccidentFiguresRow[]> {
    return this.once(`accidents:${groupBy}:${year}:${asOf}`, () =>
      queryAccidentStatistics(this.ds, { groupBy, year, today: asOf, groups: this.groups[groupBy], ...this.remapOf(groupBy) }),
    );
  }

  drills(groupBy: GroupBy, year: number, asOf: string): Promise<DrillFiguresRow[]> {
    return this.once(`drills:${groupBy}:${year}:${asOf}`, () => queryDrillStatistics(this.ds, { groupBy, year, today: asOf, groups: this.groups[groupBy], ...this.remapOf(groupBy) }));
  }

  training(groupBy: GroupBy, year: number, asOf: string): Promise<TrainingFiguresRow[]> {
    return this.once(`training:${groupBy}:${year}:${asOf}`, () =>
      queryTrainingStatistics(this.ds, {
        groupBy,
        year,
        today: asOf,
        groups: this.groups[groupBy],
        ...this.remapOf(groupBy),
        keySectors: this.reference.sectorList.filter((s) => s.keySectorForPrincipalTraining).map((s) => s.code),
        highRiskSectors: this.reference.sectorList.filter((s) => s.highRisk).map((s) => s.code),
      }),
    );
  }

  standardization(groupBy: GroupBy, year: number, asOf: string): Promise<StandardizationFiguresRow[]> {
    return this.once(`standardization:${groupBy}:${year}:${asOf}`, () =>
      queryStandardizationStatistics(this.ds, { groupBy, year, today: asOf, groups: this.groups[groupBy], ...this.remapOf(groupBy) }),
    );
  }

  /** Enforcement figures count whole calendar years (the query takes no cut). */
  enforcement(groupBy: GroupBy, year: number): Promise<EnforcementFiguresRow[]> {
    return this.once(`enforcement:${groupBy}:${year}`, () => queryEnforcementStatistics(this.ds, { groupBy, year, groups: this.groups[groupBy], ...this.remapOf(groupBy) }));
  }

  inspections(groupBy: GroupBy, year: number, asOf: string): Promise<InspectionFiguresRow[]> {
    return this.once(`inspections:${groupBy}:${year}:${asOf}`, () =>
      queryInspectionStatistics(this.ds, { groupBy, year, today: asOf, groups: this.groups[groupBy], ...this.remapOf(groupBy) }),
    );
  }

  /** Rescue figures; district rows get the reference data's township and village counts (the build rates' denominators), as the rescue route gives them. */
  rescue(groupBy: GroupBy, year: number, asOf: string): Promise<RescueFiguresRow[]> {
    const groups = this.groups[groupBy].map((g) => {
      const d = groupBy === 'district' ? this.reference.districtByCode(g.code) : undefined;
      return { ...g, townships: d?.townships ?? null, villages: d?.villages ?? null };
    });
    return this.once(`rescue:${groupBy}:${year}:${asOf}`, () => queryRescueStatistics(this.ds, { groupBy, year, today: asOf, groups, ...this.remapOf(groupBy) }));
  }

  publicity(year: number, asOf: string): Promise<{ rows: PublicityFiguresRow[] }> {
    return this.once(`publicity:${year}:${asOf}`, () =>
      queryPublicityStatistics(this.ds, { groupBy: 'district', year, today: asOf, groups: this.groups.district, ...this.remapOf('district') }),
    );
  }

  /** Engineering figures count whole calendar years, by district only. */
  engineering(year: number): Promise<{ rows: EngineeringFiguresRow[]; cityTotals: EngineeringCityTotals }> {
    return this.once(`engineering:${year}`, () => queryEngineeringStatistics(this.ds, { year, groups: [...this.groups.district], ...this.remapOf('district') }));
  }

  /**
   * Engineering figures of an earlier year `year` for a figure summed up to year `upTo` (cumulative
   * targets): rows for `upTo`'s districts, every fact counted under the unit in force at `upTo`'s end
   * (or today's unit with units=current) — so works recorded under a unit retired since are not lost.
   */
  engineeringUpTo(year: number, upTo: number): Promise<{ rows: EngineeringFiguresRow[]; cityTotals: EngineeringCityTotals }> {
    if (year === upTo) return this.engineering(year);
    const remap = this.groups.units === 'current' ? (this.groups.remap ?? []) : districtRemap(this.reference, 'current', `${upTo}-12-31`);
    return this.once(`engineering:${year}:upTo:${upTo}`, () => queryEngineeringStatistics(this.ds, { year, groups: [...this.groups.district], remap }));
  }

  /** The lead units' latest measurements of year Y by `asOf` (see task-measurements.port.ts). */
  measurements(year: number, asOf: string): Promise<TaskMeasurement[]> {
    return this.once(`measurements:${year}:${asOf}`, () => latestTaskMeasurements(this.ds, { year, today: asOf }));
  }
}
