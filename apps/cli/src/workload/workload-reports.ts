/**
 * Whistle-blower reports (举报, DOMAIN.md §3; 《安全生产领域举报奖励办法》应急〔2018〕19号): `POST
 * /api/v1/reports` (the answer's `reportId` is captured), then `/reports/{id}/verification` and
 * `/reports/{id}/reward-payment`.
 *
 * Shares (synthetic): 1–4 reports per district a year (scaled), half of them with a reporter
 * identity, 40% naming an open enterprise of the district (with its sector), else 30% with a sector
 * only; 75% verified 3–60 days later, 60% of those substantiated, a substantiated one carrying a fine
 * half of the time and linking a reported hazard in 20% (sent in phase 2, after the hazards); 70% of the
 * substantiated ones rewarded 5–40 days after verification, one in five of those with another amount
 * than the suggested reward and a reason. Boundaries: fines of 0, 2,000,000 (15% = exactly the ¥3,000
 * floor), 20,000,010 (half-up to 3,000,002), 3,333,337 (500,000.55 → 500,001), 200,000,000 (the
 * ¥300,000 cap) in the first district each year; one report received at 2024-12-31T16:00:00Z (2025 CST).
 */
import { cstDateOf, DAY_MS, formatCst } from './cst-time.js';
import { activeAt, districtsOn, officeInstant, post, scaled, type FigureContext } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

const CHANNELS = ['phone', 'online', 'letter', 'visit'] as const;
const BOUNDARY_FINES = [0, 2_000_000, 20_000_010, 3_333_337, 200_000_000] as const;

/** The reward the 奖励办法 suggests for a fine (fen): 15%, half-up to the fen, at least ¥3,000, at most ¥300,000. */
export function suggestedRewardFen(fineFen: number | null): number {
  const raw = Number((BigInt(fineFen ?? 0) * 15n + 50n) / 100n);
  return Math.min(30_000_000, Math.max(300_000, raw));
}

/** The report facts of the figure workload (receipts phase 1; verifications and rewards phase 2). */
export function generateReports(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const rng = ctx.rng('reports');
  let n = 0;
  const report = (districtCode: string, receivedMs: number, fine?: number) => {
    const name = `report${++n}`;
    const stream = `report-${name}`;
    const at = cstDateOf(receivedMs);
    const open = ctx.enterprises.filter((e) => e.districtCode === districtCode && activeAt(e, receivedMs, ctx.reference));
    const enterprise = open.length > 0 && rng.chance(0.4) ? rng.pick(open) : null;
    const sector = enterprise ? enterprise.sector : rng.chance(0.3) ? rng.pick(ctx.reference.sectorList).code : null;
    ops.push(post('/api/v1/reports', stream, {
      districtCode, ...(sector ? { sector } : {}), ...(enterprise ? { enterpriseUscc: enterprise.uscc } : {}), channel: rng.pick(CHANNELS),
      summary: `群众举报${at}安全生产违法行为`, receivedAt: formatCst(receivedMs), ...(rng.chance(0.5) ? { reporter: { name: `举报人${n}`, contact: `1380000${String(n).padStart(4, '0')}` } } : {}),
    }, { capture: { field: 'reportId', as: name } }));
    if (fine === undefined && !rng.chance(0.75)) return;
    const verifiedMs = receivedMs + rng.int(3, 60) * DAY_MS;
    if (verifiedMs > ctx.endMs) return;
    const substantiated = fine !== undefined || rng.chance(0.6);
    const fineFen = fine ?? (substantiated && rng.chance(0.5) ? rng.int(1, 400) * 100_000 : null);
    const hazard = substantiated && fine === undefined && rng.chance(0.2)
      ? ctx.hazards.filter((h) => h.discoveredMs < verifiedMs).at(-1 - rng.int(0, 20)) ?? null : null;
    ops.push(post(`/api/v1/reports/{{${name}}}/verification`, stream, {
      substantiated, ...(hazard ? { hazardId: hazard.hazardId } : {}), ...(fineFen !== null ? { fineFen } : {}), verifiedAt: formatCst(verifiedMs),
    }, { phase: 2 }));
    if (!substantiated || (fine === undefined && !rng.chance(0.7))) return;
    const paidMs = verifiedMs + rng.int(5, 40) * DAY_MS;
    if (paidMs > ctx.endMs) return;
    const suggested = suggestedRewardFen(fineFen);
    const override = fine === undefined && rng.chance(0.2);
    ops.push(post(`/api/v1/reports/{{${name}}}/reward-payment`, stream, {
      amountFen: override ? suggested + rng.int(1, 50) * 10_000 : suggested, ...(override ? { overrideReason: '举报线索对排除重大事故隐患有重大贡献，经集体研究提高奖励' } : {}), paidAt: formatCst(paidMs),
    }, { phase: 2 }));
  };
  for (const year of ctx.years) {
    const districts = districtsOn(ctx.reference, `${year}-06-30`);
    districts.forEach((d, i) => {
      for (let k = scaled(ctx, rng.int(1, 4)); k > 0; k--) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        if (t !== null) report(d.code, t);
      }
      if (i === 0) {
        for (const fine of BOUNDARY_FINES) {
          const t = officeInstant(rng, `${year}-01-01`, `${year}-06-30`, ctx.endMs);
          if (t !== null) report(d.code, t, fine);
        }
      }
    });
  }
  const first = districtsOn(ctx.reference, '2024-12-31')[0]!;
  if (Date.parse('2024-12-31T16:00:00Z') <= ctx.endMs) report(first.code, Date.parse('2024-12-31T16:00:00Z'));
  return ops;
}
