import type { ReadModelReader } from '../read-model-reader.js';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** Why the leaders' and officers' coverage is null: the register has no denominator for them. */
export const TRAINING_COVERAGE_NOTE =
  'partyGovernmentLeadersCoverage and enforcementOfficersCoverage are null: the register holds no roster of party/government leaders or enforcement officers to divide by, so only the trained are counted.';

/**
 * One group's training figures for a year (API.md `GET /api/v1/statistics/training`); every rate is
 * numerator ÷ denominator in [0, 1], `null` when the denominator is 0.
 */
export interface TrainingFiguresRow {
  key: string;
  name: string;
  /** Denominator: enterprises of the key sectors of plan task 6 (`keySectorForPrincipalTraining`) open at the cut. */
  principalsInKeySectors: number;
  /** Numerator: of those enterprises, the distinct ones with a passed `principal` training completed in the year. */
  principalsTrained: number;
  principalCoverage: number | null;
  /** Denominator: distinct personRefs with a `special_operations` training completed in the year. */
  specialOperationsTrainees: number;
  /** Numerator: of them, those holding a certificate valid at the cut (issued, not expired, not revoked by then). */
  specialOperationsCertified: number;
  certificationRate: number | null;
  /** Denominator: distinct personRefs trained in the year in a high-risk sector. */
  highRiskTrainees: number;
  /** Numerator: of them, those with at least one passed training in a high-risk sector in the year. */
  highRiskPassed: number;
  highRiskPassRate: number | null;
  /** Distinct personRefs with a passed `party_government_leader` training in the year (count only). */
  partyGovernmentLeadersTrained: number;
  /** Always null: no denominator (see {@link TRAINING_COVERAGE_NOTE}). */
  partyGovernmentLeadersCoverage: null;
  /** Distinct personRefs with a passed `enforcement_officer` training in the year (count only). */
  enforcementOfficersTrained: number;
  /** Always null: no denominator (see {@link TRAINING_COVERAGE_NOTE}). */
  enforcementOfficersCoverage: null;
  note: string;
}

export interface TrainingStatisticsQuery {
  groupBy: 'district' | 'sector';
  year: number;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year. */
  today: string;
  /** Every group in the reference data, ordered by code: each gets a row, zeros included. */
  groups: readonly { code: string; name: string }[];
  /** District remap rules (`districtRemap` of #reference-data; see `districtUnitSql`); none when omitted. */
  remap?: readonly DistrictRemapRule[];
  /** Sector codes flagged `keySectorForPrincipalTraining` (plan task 6). */
  keySectors: readonly string[];
  /** Sector codes flagged `highRisk` (高危行业领域). */
  highRiskSectors: readonly string[];
}

const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

/**
 * Computes the training figures per district or per sector for a year from the `training_figure_*`
 * facts: the plan's training targets — principals of key sectors trained each year (task 6), special
 * operators certified (持证上岗), high-risk sectors' pass rate (100% in 2026), party/government leaders
 * and enforcement officers trained. Years and the cut are CST dates; the cut is 31 December of the
 * year, or today in the current year. Trainings count under the district and sector they were
 * recorded with; enterprises under their registered district and sector; a training without sector
 * counts in no sector row. By district with `q.remap`, trainings count under the unit in force on their
 * completion date, enterprises under the unit in force at the cut (see `districtUnitSql`).
 */
export async function queryTrainingStatistics(ds: ReadModelReader, q: TrainingStatisticsQuery): Promise<TrainingFiguresRow[]> {
  const start = `${String(q.year).padStart(4, '0')}-01-01`;
  const end = `${String(q.year).padStart(4, '0')}-12-31`;
  const cut = cutOf(q.year, q.today);
  const byDistrict = q.groupBy === 'district';
  const remap = q.remap ?? [];
  const principalParams: unknown[] = [start, end, cut, JSON.stringify(q.keySectors)];
  // principalsInKeySectors, principalsTrained (an enterprise-based denominator and its numerator): the cut
  const principalColumn = byDistrict ? districtUnitSql('e.district_code', '$3::date', remap, principalParams) : 'e.sector';
  const principals: Record<string, string>[] = await ds.query(
    `SELECT ${principalColumn} AS key, count(*) AS denominator,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM training_figure_trainings t
               WHERE t.enterprise_uscc = e.uscc AND t.audience = 'principal' AND t.passed
                 AND t.completed_date BETWEEN $1::date AND $2::date)) AS numerator
       FROM training_figure_enterprises e
      WHERE e.sector IN (SELECT jsonb_array_elements_text($4::jsonb))
        AND e.registered_date <= $3::date AND (e.closed_date IS NULL OR e.closed_date > $3::date)
      GROUP BY ${principalColumn}`,
    principalParams,
  );
  const specialParams: unknown[] = [start, end, cut];
  // specialOperationsTrainees, specialOperationsCertified: the fact's date is the training's completion date
  const specialColumn = byDistrict ? districtUnitSql('t.district_code', 't.completed_date', remap, specialParams) : 't.sector';
  const specialOperations: Record<string, string>[] = await ds.query(
    `WITH p AS (
       SELECT DISTINCT ${specialColumn} AS key, t.person_ref FROM training_figure_trainings t
        WHERE t.audience = 'special_operations' AND t.completed_date BETWEEN $1::date AND $2::date AND ${specialColumn} IS NOT NULL)
     SELECT key, count(*) AS denominator,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM training_figure_certificates c
               WHERE c.person_ref = p.person_ref AND c.issued_date <= $3::date AND c.valid_until >= $3::date
                 AND (c.revoked_date IS NULL OR c.revoked_date > $3::date))) AS numerator
       FROM p GROUP BY key`,
    specialParams,
  );
  const highRiskParams: unknown[] = [start, end, JSON.stringify(q.highRiskSectors)];
  // highRiskTrainees, highRiskPassed: the fact's date is the training's completion date
  const highRiskColumn = byDistrict ? districtUnitSql('t.district_code', 't.completed_date', remap, highRiskParams) : 't.sector';
  const highRisk: Record<string, string>[] = await ds.query(
    `SELECT ${highRiskColumn} AS key, count(DISTINCT t.person_ref) AS denominator,
            count(DISTINCT t.person_ref) FILTER (WHERE t.passed) AS numerator
       FROM training_figure_trainings t
      WHERE t.sector IN (SELECT jsonb_array_elements_text($3::jsonb)) AND t.completed_date BETWEEN $1::date AND $2::date
      GROUP BY ${highRiskColumn}`,
    highRiskParams,
  );
  const countParams: unknown[] = [start, end];
  // partyGovernmentLeadersTrained, enforcementOfficersTrained: the fact's date is the training's completion date
  const countColumn = byDistrict ? districtUnitSql('t.district_code', 't.completed_date', remap, countParams) : 't.sector';
  const counts: Record<string, string>[] = await ds.query(
    `SELECT ${countColumn} AS key,
            count(DISTINCT t.person_ref) FILTER (WHERE t.audience = 'party_government_leader') AS leaders,
            count(DISTINCT t.person_ref) FILTER (WHERE t.audience = 'enforcement_officer') AS officers
       FROM training_figure_trainings t
      WHERE t.passed AND t.completed_date BETWEEN $1::date AND $2::date AND ${countColumn} IS NOT NULL
      GROUP BY ${countColumn}`,
    countParams,
  );
  const index = (rows: Record<string, string>[]) => new Map(rows.map((r) => [String(r['key']), r]));
  const [p, s, h, c] = [index(principals), index(specialOperations), index(highRisk), index(counts)];
  const n = (row: Record<string, string> | undefined, column: string): number => (row ? Number(row[column] ?? 0) : 0);
  return q.groups.map(({ code, name }) => {
    const principalsInKeySectors = n(p.get(code), 'denominator');
    const principalsTrained = n(p.get(code), 'numerator');
    const specialOperationsTrainees = n(s.get(code), 'denominator');
    const specialOperationsCertified = n(s.get(code), 'numerator');
    const highRiskTrainees = n(h.get(code), 'denominator');
    const highRiskPassed = n(h.get(code), 'numerator');
    return {
      key: code,
      name,
      principalsInKeySectors,
      principalsTrained,
      principalCoverage: rate(principalsTrained, principalsInKeySectors),
      specialOperationsTrainees,
      specialOperationsCertified,
      certificationRate: rate(specialOperationsCertified, specialOperationsTrainees),
      highRiskTrainees,
      highRiskPassed,
      highRiskPassRate: rate(highRiskPassed, highRiskTrainees),
      partyGovernmentLeadersTrained: n(c.get(code), 'leaders'),
      partyGovernmentLeadersCoverage: null,
      enforcementOfficersTrained: n(c.get(code), 'officers'),
      enforcementOfficersCoverage: null,
      note: TRAINING_COVERAGE_NOTE,
    };
  });
}
