/**
 * An independent recount of `GET /api/v1/statistics/reports` from the operations sent, by the reports
 * README ("Figures", DOMAIN.md §3 "Reports: received, substantiated, rewards paid (no identities)").
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rate, rowsFor, sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

/**
 * Each fact in the year of its own CST date, by the cut (31 December or today), under the unit in
 * force on that date: `received`; `substantiated` / `unsubstantiated` and `hazardsLinked` (verified in
 * the year); `rewardsPaid`, `rewardsPaidFen` (paid in the year). `pendingVerification`: received by the
 * cut (any year) and not verified by it, under the unit in force at the cut. `substantiationRate` =
 * substantiated ÷ (substantiated + unsubstantiated), null for 0/0. Sector rows: reports recorded with
 * that sector only.
 */
export function recountReports(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const inYear = (d: string) => d.slice(0, 4) === String(q.year) && d <= cut;
  const rows = rowsFor(q, () => ({
    received: 0, substantiated: 0, unsubstantiated: 0, pendingVerification: 0, substantiationRate: null as number | null,
    rewardsPaid: 0, rewardsPaidFen: 0, hazardsLinked: 0,
  }));
  const reports = new Map<string, { district: string; sector: string | null; received: string; verified: { date: string; substantiated: boolean; hazard: boolean } | null; paid: { date: string; fen: number } | null }>();
  for (const op of sentTo(operations, /^\/api\/v1\/reports(\/\{\{[\w-]+\}\}\/(verification|reward-payment))?$/)) {
    const b = op.body;
    if (op.path === '/api/v1/reports') {
      reports.set(op.capture!.as, { district: String(b['districtCode']), sector: (b['sector'] as string | undefined) ?? null, received: cstDateOf(String(b['receivedAt'])), verified: null, paid: null });
      continue;
    }
    const r = reports.get(/\{\{([\w-]+)\}\}/.exec(op.path)![1]!)!;
    if (op.path.endsWith('/verification')) r.verified = { date: cstDateOf(String(b['verifiedAt'])), substantiated: b['substantiated'] === true, hazard: b['hazardId'] !== undefined };
    else r.paid = { date: cstDateOf(String(b['paidAt'])), fen: Number(b['amountFen']) };
  }
  const rowOn = (r: { district: string; sector: string | null }, date: string) => rows.get(groupKey(q, r.district, r.sector, date) ?? '');
  for (const r of reports.values()) {
    const received = rowOn(r, r.received);
    if (received && inYear(r.received)) received.received++;
    const pending = rowOn(r, cut);
    if (pending && r.received <= cut && (r.verified === null || r.verified.date > cut)) pending.pendingVerification++;
    const verified = r.verified && rowOn(r, r.verified.date);
    if (r.verified && verified && inYear(r.verified.date)) {
      if (r.verified.substantiated) verified.substantiated++;
      else verified.unsubstantiated++;
      if (r.verified.hazard) verified.hazardsLinked++;
    }
    const paid = r.paid && rowOn(r, r.paid.date);
    if (r.paid && paid && inYear(r.paid.date)) {
      paid.rewardsPaid++;
      paid.rewardsPaidFen += r.paid.fen;
    }
  }
  for (const row of rows.values()) row.substantiationRate = rate(row.substantiated, row.substantiated + row.unsubstantiated);
  return { rows: [...rows.values()] };
}
