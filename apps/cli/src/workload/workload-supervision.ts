/**
 * Supervisory inspections (`POST /api/v1/supervisory-inspections`) and enforcement actions
 * (`POST /api/v1/enforcement-actions`), plan 三(二)3 and 三(五)12.
 *
 * Shares (synthetic): in a year, 35% of open enterprises are inspected (10% of those twice); method
 * 常规 routine 40 : 双随机 30 : 四不两直 20 : 异地交叉 7 : 专项督查 3 (district on sector); each district also
 * inspects 1–3 sites without a registered enterprise (construction, road transport), holds one
 * district-on-sector special supervision a year (the plan's 3.7), and half the districts a year get
 * a city-on-district one (3.6). 20% of enterprise inspections name a hazard the enterprise reported
 * before (sent in phase 2). 30% of enterprise inspections lead to an action 5–30 days later: fine 50 :
 * warning 25 : 停产整顿 10 : 上限处罚 5 : 联合惩戒 5 : 关闭取缔 5, fines 1万–50万元 and upper-limit penalties
 * 50万–200万元 in integer fen. Two districts a year (drawn from the seed) impose no fine at all although
 * they inspect: the plan's "零处罚" districts (their actions are warnings). One inspection is at
 * 2024-12-31T16:00:00Z (2025 in CST).
 */
import { cstDateOf, DAY_MS, formatCst } from './cst-time.js';
import { activeAt, districtsOn, officeInstant, post, type FigureContext } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

const METHODS = [['routine', 40], ['double_random', 30], ['four_no_two_direct', 20], ['cross_regional', 7], ['special_supervision', 3]] as const;
const KINDS = [['fine', 50], ['warning', 25], ['suspension_for_rectification', 10], ['upper_limit_penalty', 5], ['joint_punishment', 5], ['closure', 5]] as const;

/** The supervisory inspections and enforcement actions of the figure workload. */
export function generateSupervision(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const hazardsBy = new Map<string, typeof ctx.hazards>();
  for (const h of ctx.hazards) hazardsBy.set(h.enterpriseUscc, [...(hazardsBy.get(h.enterpriseUscc) ?? []), h]);
  let docNo = 0;
  const inspect = (districtCode: string, at: number | string, body: Record<string, unknown>, phase: 1 | 2 = 1) => {
    const text = typeof at === 'string' ? at : formatCst(at);
    ops.push(post('/api/v1/supervisory-inspections', `supervision-${districtCode}-${cstDateOf(text).slice(0, 4)}`, {
      districtCode, inspectedAt: text, hazardsFound: [], findings: '检查安全生产主体责任落实情况。', ...body,
    }, { phase }));
  };
  for (const year of ctx.years) {
    const rng = ctx.rng('supervision', year);
    const districts = districtsOn(ctx.reference, `${year}-06-30`);
    const zero = new Set([rng.pick(districts).code, rng.pick(districts).code]);
    for (const d of districts) {
      const special = officeInstant(rng, `${year}-03-01`, `${year}-11-30`, ctx.endMs);
      const sector = rng.pick(['hazardous_chemicals', 'construction', 'gas', 'fire_safety']);
      if (special !== null) inspect(d.code, special, { sector, method: 'special_supervision', specialSupervisionLevel: 'district_on_sector' });
      if (rng.chance(0.5)) {
        const t = officeInstant(rng, `${year}-04-01`, `${year}-10-31`, ctx.endMs);
        if (t !== null) inspect(d.code, t, { sector: 'other', method: 'special_supervision', specialSupervisionLevel: 'city_on_district', findings: '市安委会专项督查重大事故隐患排查整治。' });
      }
      for (let n = rng.int(1, 3); n > 0; n--) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        if (t !== null) inspect(d.code, t, { sector: rng.pick(['construction', 'road_transport']), method: rng.pick(['routine', 'four_no_two_direct']) });
      }
    }
    ctx.enterprises.forEach((e, i) => {
      if (!rng.chance(0.35)) return;
      const r2 = ctx.rng('supervision', year, i);
      for (let n = r2.chance(0.1) ? 2 : 1; n > 0; n--) {
        const t = officeInstant(r2, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        if (t === null || !activeAt(e, t, ctx.reference)) continue;
        const method = r2.weighted(METHODS);
        const known = (hazardsBy.get(e.uscc) ?? []).filter((h) => h.discoveredMs <= t);
        const named = known.length > 0 && r2.chance(0.2) ? [r2.pick(known).hazardId] : [];
        inspect(e.districtCode, t, {
          enterpriseUscc: e.uscc, method, ...(method === 'special_supervision' ? { specialSupervisionLevel: 'district_on_sector' } : {}), hazardsFound: named,
        }, named.length > 0 ? 2 : 1);
        const at = t + r2.int(5, 30) * DAY_MS;
        if (!r2.chance(0.3) || at > ctx.endMs || !activeAt(e, at, ctx.reference)) continue;
        let kind: string = r2.weighted(KINDS);
        if (zero.has(e.districtCode) && (kind === 'fine' || kind === 'upper_limit_penalty')) kind = 'warning';
        const amountFen = kind === 'fine' ? r2.int(10_000, 500_000) * 100 : kind === 'upper_limit_penalty' ? r2.int(500_000, 2_000_000) * 100 : 0;
        ops.push(post('/api/v1/enforcement-actions', `supervision-${e.districtCode}-${cstDateOf(at).slice(0, 4)}`, {
          districtCode: e.districtCode, enterpriseUscc: e.uscc, kind, amountFen, decidedAt: formatCst(at), documentNumber: `渝应急罚〔${cstDateOf(at).slice(0, 4)}〕${++docNo}号`,
        }));
      }
    });
  }
  const ny = '2024-12-31T16:00:00Z';
  if (Date.parse(ny) <= ctx.endMs) inspect(districtsOn(ctx.reference, '2025-01-01')[0]!.code, ny, { sector: 'fire_safety', method: 'four_no_two_direct', findings: '元旦前夜消防安全暗查暗访。' });
  return ops;
}
