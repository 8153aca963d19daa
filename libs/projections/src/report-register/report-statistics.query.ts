import type { ReadModelReader } from '../read-model-reader.js';
import type { DistrictRemapRule } from '#reference-data';
import { districtUnitSql } from '../district-units/district-unit-sql.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** One group's whistle-blower report figures for a year (API.md: `reports` topic). No identities. */
export interface ReportFiguresRow {
  key: string;
  name: string;
  /** Reports received (CST date of receivedAt) in Y on or before the cut. */
  received: number;
  /** Reports verified in Y (CST date of verifiedAt) and found substantiated. */
  substantiated: number;
  /** Reports verified in Y and found not substantiated. */
  unsubstantiated: number;
  /** Reports received on or before the cut (any year) and not verified by the cut. */
  pendingVerification: number;
  /** substantiated ÷ (substantiated + unsubstantiated); null when none was verified in Y. */
  substantiationRate: number | null;
  /** Rewards paid in Y (CST date of paidAt). */
  rewardsPaid: number;
  /** Their amounts summed, fen. */
  rewardsPaidFen: number;
  /** Reports verified in Y with a linked hazard. */
  hazardsLinked: number;
}

/** What {@link queryReportStatistics} computes. */
export interface ReportStatisticsQuery {
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
 * Computes the whistle-blower report figures (DOMAIN.md §3 "Reports: received, substantiated, rewards
 * paid (no identities)"; 《安全生产领域举报奖励办法》) per district or sector for year Y from
 * `report_register`. Each fact counts in the year of its own CST date; the cut is 31 December of Y,
 * or today in the current year. A report without a sector is on no sector row. By district with
 * `q.remap`, each figure counts under the unit in force on its fact's date (see `districtUnitSql`).
 *
 * @returns one row per group of `q.groups`, in that order
 */
export async function queryReportStatistics(ds: ReadModelReader, q: ReportStatisticsQuery): Promise<ReportFiguresRow[]> {
  const cut = cutOf(q.year, q.today);
  const start = `${String(q.year).padStart(4, '0')}-01-01`;
  const byDistrict = q.groupBy === 'district';
  const remap = q.remap ?? [];
  const params: unknown[] = [start, cut];
  const unitOn = (dateSql: string) => (byDistrict ? districtUnitSql('district_code', dateSql, remap, params) : 'sector');
  // received: the fact's date is the received date
  const receivedUnit = unitOn('received_date');
  // substantiated, unsubstantiated, hazardsLinked: the fact's date is the verification date
  const verifiedUnit = unitOn('verified_date');
  // rewardsPaid, rewardsPaidFen: the fact's date is the payment date
  const paidUnit = unitOn('paid_date');
  // pendingVerification: standing stock at the cut, so the cut
  const cutUnit = unitOn('$2::date');
  // Each report is counted once per role (r: received, v: verified, p: paid, s: pending at the cut) under that role's unit.
  const rows: Record<string, string | null>[] = await ds.query(
    `SELECT u.key,
            count(*) FILTER (WHERE u.role = 'r' AND received_date BETWEEN $1::date AND $2::date) AS received,
            count(*) FILTER (WHERE u.role = 'v' AND verified_date BETWEEN $1::date AND $2::date AND substantiated) AS substantiated,
            count(*) FILTER (WHERE u.role = 'v' AND verified_date BETWEEN $1::date AND $2::date AND NOT substantiated) AS unsubstantiated,
            count(*) FILTER (WHERE u.role = 's' AND received_date <= $2::date AND (verified_date IS NULL OR verified_date > $2::date)) AS pending,
            count(*) FILTER (WHERE u.role = 'p' AND paid_date BETWEEN $1::date AND $2::date) AS rewards,
            coalesce(sum(reward_fen) FILTER (WHERE u.role = 'p' AND paid_date BETWEEN $1::date AND $2::date), 0) AS reward_fen,
            count(*) FILTER (WHERE u.role = 'v' AND verified_date BETWEEN $1::date AND $2::date AND hazard_id IS NOT NULL) AS hazards
       FROM report_register
      CROSS JOIN LATERAL (VALUES ('r', ${receivedUnit}), ('v', ${verifiedUnit}), ('p', ${paidUnit}), ('s', ${cutUnit})) AS u(role, key)
      WHERE u.key IS NOT NULL GROUP BY u.key`,
    params,
  );
  const byKey = new Map(rows.map((r) => [r['key'], r]));
  return q.groups.map(({ code, name }): ReportFiguresRow => {
    const r = byKey.get(code);
    const n = (field: string) => Number(r?.[field] ?? 0);
    const substantiated = n('substantiated');
    const verified = substantiated + n('unsubstantiated');
    return {
      key: code,
      name,
      received: n('received'),
      substantiated,
      unsubstantiated: n('unsubstantiated'),
      pendingVerification: n('pending'),
      substantiationRate: verified === 0 ? null : substantiated / verified,
      rewardsPaid: n('rewards'),
      rewardsPaidFen: n('reward_fen'),
      hazardsLinked: n('hazards'),
    };
  });
}
