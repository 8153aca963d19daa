/**
 * Evacuation drills (疏散逃生演练, plan 三(四)7: every enterprise at least one a year, high-risk sectors
 * at least one each half-year), `POST /api/v1/drills`.
 *
 * Shares (synthetic; the plan's frequencies are the yardstick): a general enterprise drills in a year
 * with probability 0.88 (once, or twice for 20% of them); a high-risk one drills in the first half
 * with probability 0.9 and in the second half with 0.85, so roughly three in four meet the
 * half-yearly rule. 10–300 participants (20–500 in high-risk sectors). Drills fall only while the
 * enterprise is registered and open. Two drills are placed at CST New Year (2024-12-31T16:00:00Z and
 * 2025-12-31T16:00:00Z, i.e. 1 January 00:00 CST), which count in the later year; a high-risk and a
 * general enterprise drill exactly once in 2025 (2025-05-15): the first misses, the second meets.
 */
import { cstMidnight, formatCst } from './cst-time.js';
import { activeAt, officeInstant, post, type FigureContext } from './figure-context.js';
import { enterpriseStream, type WorkloadOperation } from './workload-model.js';

/** The drills of the figure workload, phase 1, each after its enterprise's registration. */
export function generateDrills(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const drill = (uscc: string, at: number | string, participants: number) =>
    ops.push(post('/api/v1/drills', `drill-${uscc}`, { enterpriseUscc: uscc, kind: 'evacuation', heldAt: typeof at === 'string' ? at : formatCst(at), participants }, { after: enterpriseStream(uscc) }));
  // Boundary cases: a high-risk and a general enterprise open all through 2025 drill exactly once in 2025.
  const whole2025 = (e: (typeof ctx.enterprises)[number]) => ctx.years.includes(2025) && e.registeredMs < cstMidnight('2025-01-01') && e.closedMs === Infinity && Date.parse('2025-12-31T23:59:59+08:00') <= ctx.endMs;
  const once = new Set([ctx.enterprises.find((e) => e.highRisk && whole2025(e)), ctx.enterprises.find((e) => !e.highRisk && whole2025(e))].filter((e) => e !== undefined));
  for (const e of once) drill(e.uscc, '2025-05-15T10:00:00+08:00', 60);
  ctx.enterprises.forEach((e, i) => {
    const rng = ctx.rng('drills', i);
    const people = () => (e.highRisk ? rng.int(20, 500) : rng.int(10, 300));
    for (const year of ctx.years) {
      const halves: [string, string, number][] = e.highRisk
        ? [[`${year}-01-01`, `${year}-06-30`, 0.9], [`${year}-07-01`, `${year}-12-31`, 0.85]]
        : [[`${year}-01-01`, `${year}-12-31`, 0.88]];
      if (year === 2025 && once.has(e)) continue;
      for (const [from, to, p] of halves) {
        if (!rng.chance(p)) continue;
        const n = !e.highRisk && rng.chance(0.2) ? 2 : 1;
        const times = Array.from({ length: n }, () => officeInstant(rng, from, to, ctx.endMs)).filter((t): t is number => t !== null && activeAt(e, t, ctx.reference));
        for (const t of times.sort((a, b) => a - b)) drill(e.uscc, t, people());
      }
    }
  });
  for (const instant of ['2024-12-31T16:00:00Z', '2025-12-31T16:00:00Z']) {
    const ms = Date.parse(instant);
    const e = ctx.enterprises.find((x) => !x.highRisk && activeAt(x, ms, ctx.reference) && x.closedMs === Infinity);
    if (e && ms <= ctx.endMs && ms >= cstMidnight('2024-01-01')) drill(e.uscc, instant, 42);
  }
  return ops;
}
