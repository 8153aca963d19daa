import type { ReadModelReader } from '../read-model-reader.js';
import { ENFORCEMENT_KINDS, INSPECTION_METHODS, SPECIAL_SUPERVISION_LEVELS, type EnforcementKind, type InspectionMethod, type SpecialSupervisionLevel } from '#domain';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';

/** One group's enforcement figures for a year (API.md: `enforcement` topic). Counts are whole numbers. */
export interface EnforcementFiguresRow {
  key: string;
  name: string;
  /** Supervisory inspections dated (CST) in Y, under their district and sector. */
  inspections: number;
  /** Those inspections per method, every method present (zeros included); they sum to `inspections`. */
  inspectionsByMethod: Record<InspectionMethod, number>;
  /** Special supervisions (专项督查) in Y per level, every level present. */
  specialSupervisions: Record<SpecialSupervisionLevel, number>;
  /** Enforcement actions decided (CST) in Y. */
  actions: number;
  /** Those actions per kind, every kind present; they sum to `actions`. */
  actionsByKind: Record<EnforcementKind, number>;
  /** The amounts of those actions, summed in integer fen. */
  penaltyAmountFen: number;
  /**
   * District rows: true when the district had inspections in Y but no fine and no upper-limit penalty
   * decided in Y (the plan's "零处罚" districts to be interviewed, 三(五)12); null on sector rows.
   */
  zeroPenalty: boolean | null;
}

export interface EnforcementStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Computes the enforcement figures per district or per sector for year Y (1 January – 31 December,
 * China Standard Time dates of the facts) from the `enforcement_figure_*` facts: inspections by
 * method (四不两直, 双随机, 异地交叉执法, 专项督查 by level, routine), actions by kind, penalty amounts
 * in fen, and the "零处罚" flag on district rows (plan 三(五)12). Every fact counts under the district
 * and sector recorded on it; by district with `q.remap`, under the unit in force on its date (see
 * `districtUnitSql`). Sums are taken in PostgreSQL as exact integers (no float).
 *
 * @returns one row per group of `q.groups`, in that order, zeros included
 */
export async function queryEnforcementStatistics(ds: ReadModelReader, q: EnforcementStatisticsQuery): Promise<EnforcementFiguresRow[]> {
  const y = String(q.year).padStart(4, '0');
  const start = `${y}-01-01`;
  const end = `${y}-12-31`;
  const byDistrict = q.groupBy === 'district';
  const inspectionParams: unknown[] = [start, end];
  // inspections, inspectionsByMethod, specialSupervisions: the fact's date is the inspected date
  const inspectionColumn = byDistrict ? districtUnitSql('district_code', 'inspected_date', q.remap ?? [], inspectionParams) : 'sector';
  const actionParams: unknown[] = [start, end];
  // actions, actionsByKind, penaltyAmountFen: the fact's date is the decision date
  const actionColumn = byDistrict ? districtUnitSql('district_code', 'decided_date', q.remap ?? [], actionParams) : 'sector';
  const inspections: { key: string; method: string; level: string | null; n: string }[] = await ds.query(
    `SELECT ${inspectionColumn} AS key, method, special_supervision_level AS level, count(*) AS n
       FROM enforcement_figure_inspections WHERE inspected_date BETWEEN $1::date AND $2::date
      GROUP BY ${inspectionColumn}, method, special_supervision_level`,
    inspectionParams,
  );
  const actions: { key: string; kind: string; n: string; fen: string }[] = await ds.query(
    `SELECT ${actionColumn} AS key, kind, count(*) AS n, coalesce(sum(amount_fen), 0)::text AS fen
       FROM enforcement_figure_actions WHERE decided_date BETWEEN $1::date AND $2::date
      GROUP BY ${actionColumn}, kind`,
    actionParams,
  );
  const rows = new Map(
    q.groups.map(({ code, name }) => [
      code,
      {
        key: code,
        name,
        inspections: 0,
        inspectionsByMethod: zeros(INSPECTION_METHODS),
        specialSupervisions: zeros(SPECIAL_SUPERVISION_LEVELS),
        actions: 0,
        actionsByKind: zeros(ENFORCEMENT_KINDS),
        penaltyAmountFen: 0,
        zeroPenalty: null as boolean | null,
      },
    ]),
  );
  for (const r of inspections) {
    const row = rows.get(r.key);
    if (!row) continue; // a code no longer in the reference data has no row
    const n = Number(r.n);
    row.inspections += n;
    row.inspectionsByMethod[r.method as InspectionMethod] += n;
    if (r.level !== null) row.specialSupervisions[r.level as SpecialSupervisionLevel] += n;
  }
  const fenByKey = new Map<string, bigint>();
  for (const r of actions) {
    const row = rows.get(r.key);
    if (!row) continue;
    const n = Number(r.n);
    row.actions += n;
    row.actionsByKind[r.kind as EnforcementKind] += n;
    fenByKey.set(r.key, (fenByKey.get(r.key) ?? 0n) + BigInt(r.fen));
  }
  return [...rows.values()].map((row) => {
    const penalties = row.actionsByKind.fine + row.actionsByKind.upper_limit_penalty;
    return {
      ...row,
      penaltyAmountFen: Number(fenByKey.get(row.key) ?? 0n),
      zeroPenalty: q.groupBy === 'district' ? row.inspections > 0 && penalties === 0 : null,
    };
  });
}
