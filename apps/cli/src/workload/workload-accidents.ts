/**
 * Production-safety accidents (`POST /api/v1/accidents`), toll revisions (a seriously injured person
 * dies later: `…/toll-revision`) and investigation conclusions (一案双查, `…/investigation-conclusion`).
 *
 * Shares (synthetic; the plan's outcome is 事故总量和较大事故起数同比持续下降): accidents a year ≈ 3% of the
 * enterprises (at least 20), falling by about 7% a year from 2023 (2023 is there for 2024's
 * year-on-year); 70% at a registered enterprise (its district and sector), 30% without one (road
 * and construction sites). Grade by toll (国务院令第493号): about 92% general (0–2 deaths), 7.5% larger
 * (3–9 deaths, or ≥ 1000万元), 0.5% major (10–12 deaths). Loss 5万–500万元 for a general one. 15% get
 * one toll revision 3–40 days later (one more death, which may move an accident of late December up a
 * grade or across the year's cut), 60% an investigation conclusion 60–180 days after. Thresholds are
 * hit exactly on purpose: 3 deaths (larger), 1,000,000,000 fen = 1000万元 (larger), 9 serious injuries
 * (still general); one accident at 2024-12-31T16:00:00Z (2025-01-01 00:00 CST).
 */
import { DAY_MS, formatCst } from './cst-time.js';
import { activeAt, districtsOn, officeInstant, post, type FigureContext } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';
import { cstDateOf } from './cst-time.js';

type Toll = { deaths: number; seriousInjuries: number; directLossFen: number };

/** The accidents of the figure workload (phase 1), each accident's commands on its own stream in time order. */
export function generateAccidents(ctx: FigureContext): WorkloadOperation[] {
  const rng = ctx.rng('accidents');
  const ops: WorkloadOperation[] = [];
  const fixed: (Toll | string)[] = [
    { deaths: 3, seriousInjuries: 0, directLossFen: 120_000_000 },
    { deaths: 0, seriousInjuries: 2, directLossFen: 1_000_000_000 },
    { deaths: 1, seriousInjuries: 9, directLossFen: 30_000_000 },
    '2024-12-31T16:00:00Z',
  ];
  const base = Math.max(20, Math.round(ctx.enterprises.length * 0.03));
  let seq = 0;
  for (const year of [2023, ...ctx.years]) {
    const n = Math.round(base * Math.pow(0.93, year - 2023));
    for (let k = 0; k < n; k++) {
      let at: number | null = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
      let atText: string | null = null;
      let toll: Toll | null = null;
      const special = year === 2024 ? fixed.shift() : undefined;
      if (typeof special === 'string') {
        atText = special;
        at = Date.parse(special);
      } else if (special) toll = special;
      if (at === null || at > ctx.endMs) continue;
      toll ??= drawToll(rng);
      const id = rng.uuid();
      const stream = `accident-${id}`;
      const enterprise = rng.chance(0.7) ? rng.pick(ctx.enterprises) : null;
      const withEnterprise = enterprise && activeAt(enterprise, at, ctx.reference) ? enterprise : null;
      const district = withEnterprise?.districtCode ?? rng.pick(districtsOn(ctx.reference, cstDateOf(at))).code;
      const sector = withEnterprise?.sector ?? rng.pick(['road_transport', 'construction', 'road_transport', 'other', 'waterway_transport', 'self_built_housing']);
      ops.push(post('/api/v1/accidents', stream, {
        accidentId: id, districtCode: district, sector, ...(withEnterprise ? { enterpriseUscc: withEnterprise.uscc } : {}),
        occurredAt: atText ?? formatCst(at), ...toll, summary: `${seq++ + 1}号生产安全事故（合成数据）`,
      }));
      let last = at;
      if (rng.chance(0.15)) {
        const t = last + rng.int(3, 40) * DAY_MS;
        if (t <= ctx.endMs) {
          toll = { ...toll, deaths: toll.deaths + 1, seriousInjuries: Math.max(0, toll.seriousInjuries - 1) };
          ops.push(post(`/api/v1/accidents/${id}/toll-revision`, stream, { ...toll, revisedAt: formatCst(t), reason: '重伤人员经抢救无效死亡，核报伤亡人数。' }));
          last = t;
        }
      }
      if (rng.chance(0.6)) {
        const t = last + rng.int(60, 180) * DAY_MS;
        if (t <= ctx.endMs) {
          ops.push(post(`/api/v1/accidents/${id}/investigation-conclusion`, stream, {
            concludedAt: formatCst(t), causes: '违章作业，安全管理缺失。', hazardsFound: [],
            enterpriseAccountability: '企业主要负责人被依法处罚。', regulatorAccountability: '属地监管部门约谈。',
          }));
        }
      }
    }
  }
  return ops;
}

function drawToll(rng: ReturnType<FigureContext['rng']>): Toll {
  const r = rng.next();
  if (r < 0.005) return { deaths: rng.int(10, 12), seriousInjuries: rng.int(0, 20), directLossFen: rng.int(500_000_000, 3_000_000_000) };
  if (r < 0.08) return { deaths: rng.int(3, 9), seriousInjuries: rng.int(0, 12), directLossFen: rng.int(100_000_000, 900_000_000) };
  const d = rng.next();
  return { deaths: d < 0.25 ? 0 : d < 0.85 ? 1 : 2, seriousInjuries: rng.int(0, 5), directLossFen: rng.int(5_000_000, 500_000_000) };
}
