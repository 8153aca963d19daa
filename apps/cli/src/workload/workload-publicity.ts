/**
 * Publicity (安全宣传, plan 三(八)22): 千师万讲 lectures (`POST /api/v1/lectures`), 安全宣传"五进"
 * demonstration sites (`/demonstration-sites`, at least 5 new per district a year) and 应急科普体验馆
 * (`/science-halls`).
 *
 * Shares (synthetic; the plan's city-wide 近万场 lectures are far more than a demo sends, so the lecture
 * target is missed here on purpose — it is reported, not faked): 8–30 lectures per district a year of
 * 30–500 listeners, 40% recorded with a sector; 5–8 new sites per district a year, except that each
 * year three districts (drawn from the seed) build exactly 5 (meets) and three exactly 4 (misses);
 * settings enterprise 30 : community 25 : village 20 : school 15 : family 10; one city hall, a district
 * hall in 40% of districts and 0–3 township / 0–4 village halls, 2023–2026. One lecture is held at
 * 2024-12-31T16:00:00Z (2025 in CST).
 */
import { cstDateOf, formatCst } from './cst-time.js';
import { districtExistsOn, districtsOn, officeInstant, post, scaled, type FigureContext } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

const SETTINGS = [['enterprise', 30], ['community', 25], ['village', 20], ['school', 15], ['family', 10]] as const;
const SECTORS = ['hazardous_chemicals', 'construction', 'fire_safety', 'road_transport', 'gas', 'commerce_trade'];

/** The publicity facts of the figure workload (phase 1). */
export function generatePublicity(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const rng = ctx.rng('publicity');
  const at = (ms: number | string) => (typeof ms === 'string' ? ms : formatCst(ms));
  const lecture = (d: string, t: number | string) =>
    ops.push(post('/api/v1/lectures', `publicity-${d}`, { districtCode: d, ...(rng.chance(0.4) ? { sector: rng.pick(SECTORS) } : {}), topic: '安全生产法律法规与事故警示', audienceSize: rng.int(30, 500), heldAt: at(t) }));
  for (const year of ctx.years) {
    const districts = districtsOn(ctx.reference, `${year}-06-30`);
    const shuffled = [...districts].sort(() => rng.next() - 0.5);
    const exact = new Map<string, number>([...shuffled.slice(0, 3).map((d) => [d.code, 5] as const), ...shuffled.slice(3, 6).map((d) => [d.code, 4] as const)]);
    for (const d of districts) {
      for (let n = scaled(ctx, rng.int(8, 30)); n > 0; n--) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        if (t !== null) lecture(d.code, t);
      }
      for (let n = exact.get(d.code) ?? rng.int(5, 8), k = 0; k < n; k++) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-10-31`, ctx.endMs);
        const setting = rng.weighted(SETTINGS);
        if (t !== null) ops.push(post('/api/v1/demonstration-sites', `publicity-${d.code}`, { districtCode: d.code, setting, name: `${d.name}${year}年第${k + 1}个"五进"示范点`, builtAt: at(t) }));
      }
    }
  }
  const hall = (d: string, level: string, t: number | null, name: string) => {
    if (t !== null && districtExistsOn(ctx.reference.districts.find((x) => x.code === d)!, cstDateOf(t))) ops.push(post('/api/v1/science-halls', `publicity-${d}`, { districtCode: d, level, name, establishedAt: at(t) }));
  };
  const districts = districtsOn(ctx.reference, '2024-01-01');
  hall(districts[0]!.code, 'city', officeInstant(rng, '2023-05-01', '2023-05-31', ctx.endMs), '重庆市应急科普体验馆');
  for (const d of districts) {
    if (rng.chance(0.4)) hall(d.code, 'district', officeInstant(rng, '2023-01-01', '2026-12-31', ctx.endMs), `${d.name}应急科普体验馆`);
    for (let n = rng.int(0, 3); n > 0; n--) hall(d.code, 'township', officeInstant(rng, '2023-01-01', '2026-12-31', ctx.endMs), `${d.name}街镇科普点${n}`);
    for (let n = rng.int(0, 4); n > 0; n--) hall(d.code, 'village', officeInstant(rng, '2023-01-01', '2026-12-31', ctx.endMs), `${d.name}村社科普点${n}`);
  }
  if (Date.parse('2024-12-31T16:00:00Z') <= ctx.endMs) lecture(districts[0]!.code, '2024-12-31T16:00:00Z');
  return ops;
}
