/**
 * An independent recount of `GET /api/v1/statistics/drills` from the operations sent, by README.md
 * "What the drill figures mean" (plan 三(四)7).
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rate, rowsFor, sentEnterprises, sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

/**
 * - `enterprises`: registered on or before the cut and not closed before 1 January of the year;
 * - `enterprisesMeetingFrequency`: of those, a general one with ≥ 1 drill dated in the year by the cut;
 *   a high-risk one with ≥ 1 in 1 Jan – 30 Jun and, when the cut is on or after 1 July, ≥ 1 in 1 Jul – cut;
 * - `complianceRate` = meeting ÷ enterprises (null for 0/0); `drills`, `participants`: drills dated in
 *   the year by the cut, under the enterprise's district and sector.
 */
export function recountDrills(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const start = `${q.year}-01-01`;
  const mid = `${q.year}-07-01`;
  const highRisk = new Set(q.sectors.filter((s) => s.highRisk).map((s) => s.code));
  const enterprises = sentEnterprises(operations);
  const rows = rowsFor(q, () => ({ enterprises: 0, enterprisesMeetingFrequency: 0, complianceRate: null as number | null, drills: 0, participants: 0 }));
  const dates = new Map<string, string[]>();
  for (const op of sentTo(operations, '/api/v1/drills')) {
    const date = cstDateOf(String(op.body['heldAt']));
    if (date < start || date > cut) continue;
    const e = enterprises.get(String(op.body['enterpriseUscc']))!;
    const row = rows.get(groupKey(q, e.districtCode, e.sector, date) ?? '');
    if (row) {
      row.drills++;
      row.participants += Number(op.body['participants']);
    }
    dates.set(e.uscc, [...(dates.get(e.uscc) ?? []), date]);
  }
  for (const e of enterprises.values()) {
    if (e.registered > cut || (e.closed !== null && e.closed < start)) continue;
    const row = rows.get(groupKey(q, e.districtCode, e.sector, cut) ?? '');
    if (!row) continue;
    row.enterprises++;
    const held = dates.get(e.uscc) ?? [];
    const meets = highRisk.has(e.sector)
      ? held.some((d) => d < mid) && (cut < mid || held.some((d) => d >= mid))
      : held.length > 0;
    if (meets) row.enterprisesMeetingFrequency++;
  }
  for (const row of rows.values()) row.complianceRate = rate(row.enterprisesMeetingFrequency, row.enterprises);
  return { rows: [...rows.values()] };
}
