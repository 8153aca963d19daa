/**
 * Enterprise lifecycle facts: 安全生产标准化 grades (`POST /api/v1/enterprises/{uscc}/standardization`),
 * the all-staff responsibility system (`…/responsibility-system`, 两单两卡) and closures (`…/closure`),
 * plan 三(三)4–5.
 *
 * Shares (synthetic; the plan's targets are all mines graded and civil explosives at level 2 by 2025,
 * the 工贸 industries' large enterprises essentially all graded, the responsibility system everywhere
 * in 2024): graded at some time — mines 90%, civil explosives 95% (levels 1–2), the eight 工贸
 * industries 60%, other sectors 15%; levels 1 : 2 : 3 ≈ 5 : 35 : 60; half of the graded hold a grade
 * from 2022–2023 (then 70% are re-graded within ±60 days of its expiry, so some lapse for a while),
 * the others are graded in 2024–2025. One grade is dated 2022-12-31T10:00+08:00, so it is valid through
 * 2025-12-31 inclusive (counts at the 2025 cut, not 2026's). The responsibility system is established
 * by 55% of enterprises in 2024, 25% in 2025, 10% in 2026. Gradings and responsibility systems are sent
 * in phase 2 (on the enterprise's stream, which a hazard report waits for); closures (drawn in
 * `figure-context.ts`) in phase 3.
 */
import { addDays, cstDateOf, cstMidnight, DAY_MS, formatCst } from './cst-time.js';
import { activeAt, officeInstant, post, type FigureContext } from './figure-context.js';
import { enterpriseStream, type WorkloadOperation } from './workload-model.js';

const MINES = new Set(['coal_mine', 'non_coal_mine']);

/** The standardization, responsibility-system and closure commands of the figure workload. */
export function generateStandardization(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const trade = new Set(ctx.reference.sectorList.filter((s) => s.industryAndTrade).map((s) => s.code));
  let exactPlaced = false;
  ctx.enterprises.forEach((e, i) => {
    const rng = ctx.rng('standardization', i);
    const stream = enterpriseStream(e.uscc);
    const grade = (at: number | string | null, level: number) => {
      let ms = typeof at === 'string' ? Date.parse(at) : at;
      // No grade on 29 February: "the same date three years on" would not exist.
      if (ms !== null && cstDateOf(ms).endsWith('-02-29')) ms += DAY_MS;
      if (ms === null || ms > ctx.endMs || !activeAt(e, ms, ctx.reference)) return null;
      ops.push(post(`/api/v1/enterprises/${e.uscc}/standardization`, stream, { level, gradedAt: typeof at === 'string' ? at : formatCst(ms) }, { phase: 2 }));
      return ms;
    };
    const p = MINES.has(e.sector) ? 0.9 : e.sector === 'civil_explosives' ? 0.95 : trade.has(e.sector) ? 0.6 : 0.15;
    if (rng.chance(p)) {
      const level = e.sector === 'civil_explosives' ? rng.pick([1, 2, 2]) : rng.weighted([[1, 5], [2, 35], [3, 60]] as const);
      if (!exactPlaced && e.closedMs === Infinity && e.registeredMs < cstMidnight('2022-12-31')) {
        exactPlaced = grade('2022-12-31T10:00:00+08:00', 2) !== null;
      } else if (rng.chance(0.5)) {
        const first = grade(officeInstant(rng, addDays(cstDateOf(e.registeredMs), 1), '2023-12-31', ctx.endMs), level);
        if (first !== null && rng.chance(0.7)) {
          const expiry = `${Number(cstDateOf(first).slice(0, 4)) + 3}${cstDateOf(first).slice(4)}`;
          grade(officeInstant(rng, addDays(expiry, -60), addDays(expiry, 60), ctx.endMs), Math.max(1, level - (rng.chance(0.2) ? 1 : 0)));
        }
      } else {
        grade(officeInstant(rng, '2024-01-01', '2025-12-31', ctx.endMs), level);
      }
    }
    const r = rng.next();
    const year = r < 0.55 ? 2024 : r < 0.8 ? 2025 : r < 0.9 ? 2026 : null;
    const at = year === null ? null : officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
    if (at !== null && activeAt(e, at, ctx.reference)) {
      ops.push(post(`/api/v1/enterprises/${e.uscc}/responsibility-system`, stream, { establishedAt: formatCst(at), postsCovered: rng.int(5, 200) }, { phase: 2 }));
    }
    if (e.closedMs !== Infinity) {
      ops.push(post(`/api/v1/enterprises/${e.uscc}/closure`, stream, { closedAt: formatCst(e.closedMs), reason: rng.pick(['依法关闭取缔', '企业注销', '停业转产']) }, { phase: 3 }));
    }
  });
  return ops;
}
