/**
 * Engineering works (安全工程治理, plan 三(七)20): elevator spot checks (`POST /api/v1/elevator-spot-checks`)
 * and progress of the plan's projects (`POST /api/v1/engineering-progress`), by district (six-digit
 * codes only: the functional zones record none).
 *
 * Shares (synthetic, sized to the plan's city targets): elevators checked city-wide 1,180 in 2024,
 * exactly 1,000 in 2025 (the target, met) and 999 in 2026 (one short, missed), in checks of 5–40
 * elevators with defects in 0–20% of them; 老旧小区 20–45 communities per record (18,000–28,000 m² each),
 * one or two records per district in 2024 (≈ 1,900 communities against the 1,835 target), fewer later;
 * 农村公路危桥 1–3 bridges in 60% of districts a year; 生命防护工程 10–90 km per record, 1–2 records a
 * district a year (≈ 8,000 km over the three years); 病险水库 1–8 in 70% of districts a year; hydrants
 * 50–500 and self-built housing 100–2,000 buildings a district a year. One record is completed at
 * 2024-12-31T16:00:00Z (2025 in CST).
 */
import { formatCst } from './cst-time.js';
import { districtsOn, officeInstant, post, type FigureContext } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

const ELEVATORS_BY_YEAR: Record<number, number> = { 2024: 1180, 2025: 1000, 2026: 999 };
const ITEMS = ['door_lock', 'emergency_alarm', 'intercom'];

/** The engineering facts of the figure workload (phase 1). */
export function generateEngineering(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const rng = ctx.rng('engineering');
  const progress = (d: string, project: string, quantity: number, t: number | string | null, area: number | null = null) => {
    if (t !== null) {
      ops.push(post('/api/v1/engineering-progress', `engineering-${d}`, { districtCode: d, project, quantity, areaSquareMetres: area, completedAt: typeof t === 'string' ? t : formatCst(t) }));
    }
  };
  for (const year of ctx.years) {
    const districts = districtsOn(ctx.reference, `${year}-06-30`).filter((d) => /^\d{6}$/.test(d.code));
    const last = Math.min(ctx.endMs, Date.parse(`${year}-12-31T18:00:00+08:00`));
    let left = ELEVATORS_BY_YEAR[year] ?? 1000;
    for (let i = 0; left > 0; i++) {
      const d = districts[i % districts.length]!;
      const elevators = Math.min(left, rng.int(5, 40));
      const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, last) ?? last - i * 60_000;
      ops.push(post('/api/v1/elevator-spot-checks', `engineering-${d.code}`, {
        districtCode: d.code, elevators, items: ITEMS.filter(() => rng.chance(0.7)).concat(['door_lock']).filter((x, k, a) => a.indexOf(x) === k),
        defectsFound: rng.int(0, Math.floor(elevators * 0.2)), checkedAt: formatCst(t),
      }));
      left -= elevators;
    }
    const when = () => officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
    for (const d of districts) {
      for (let n = year === 2024 ? rng.int(1, 2) : rng.int(0, 1); n > 0; n--) {
        const q = rng.int(20, 45);
        progress(d.code, 'old_community_renovation', q, when(), q * rng.int(18_000, 28_000));
      }
      if (rng.chance(0.6)) progress(d.code, 'rural_dangerous_bridge', rng.int(1, 3), when());
      for (let n = rng.int(1, 2); n > 0; n--) progress(d.code, 'life_protection_road', rng.int(10_000, 90_000), when());
      if (rng.chance(0.7)) progress(d.code, 'reservoir_reinforcement', rng.int(1, 8), when());
      progress(d.code, 'hydrant', rng.int(50, 500), when());
      progress(d.code, 'self_built_housing', rng.int(100, 2000), when());
    }
  }
  const first = districtsOn(ctx.reference, '2025-01-01').find((d) => /^\d{6}$/.test(d.code))!;
  if (Date.parse('2024-12-31T16:00:00Z') <= ctx.endMs) progress(first.code, 'hydrant', 120, '2024-12-31T16:00:00Z');
  return ops;
}
