/**
 * Key tasks (重点任务清单, seeds/key-tasks.json): progress reports (`POST /api/v1/key-tasks/{taskNo}/progress-reports`)
 * and completions (`…/items/{itemNo}/completion`) over every annex item and obligation year, and the
 * `measurements` of every plan target no fact stream computes, so that each target has data in 2024–2026.
 *
 * Shares per item and obligation year (synthetic): 30% completed on time after a progress report, 10%
 * completed on the deadline day itself at 23:59:59 CST (on time), 15% completed late (one of them at
 * 00:00 the day after the deadline: already late), 20% progress only (overdue once the deadline has
 * passed, in progress before), 25% nothing; 长期坚持 items get progress in 60% of the years. The report
 * names the item's first lead unit as normalised (a district-level unit names a district).
 *
 * Measurements: one report a year per measured indicator (on the target's annex item, `year` left to
 * its default), with a figure for every district in force in the year (district targets), every sector
 * (sector targets) or the city; rates are met in about 70% of the groups. Boundaries, in the first two
 * high-risk sectors: the professional rescue-team rate at 8/10 (meets 0.8 in 2025) and 7999/10000
 * (misses), and at 9/10 (meets 0.9 in 2026) and 8999/10000 (not met); one
 * district's hospital fire-lead coverage with no denominator in 2024 (no data); converted tractors 0 at
 * the 2025 cut (met).
 */
import { isDistrictLevelUnit, normaliseLeadUnits } from '#domain';
import { addDays, cstMidnight, DAY_MS, formatCst } from './cst-time.js';
import { districtsOn, officeInstant, post, type FigureContext, type KeyTaskSeed } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

/** The indicators the targets take from key-task measurements (README "The indicator catalogue": measured, or the rescue rates' fallback). */
export const MEASURED_INDICATORS: readonly string[] = [
  'hospital_fire_lead_training_coverage', 'city_leader_training_sessions', 'district_leader_training_sessions', 'party_government_leader_training_coverage',
  'township_park_lead_enforcement_training_coverage', 'enforcement_officer_training_coverage', 'enforcement_equipment_compliance_rate',
  'training_provider_compliance_rate', 'converted_tractors_remaining', 'risk_monitoring_coverage_rate', 'safety_demo_city_districts_started',
  'safety_demo_city_districts_succeeded', 'd_class_housing_relocation_rate', 'municipal_hydrant_provision_rate', 'unsafe_self_built_housing_rectified_rate',
  'urban_fire_water_supply_coverage', 'rescue_team_build_rate', 'village_rescue_station_build_rate', 'professional_rescue_team_build_rate',
];

type Item = KeyTaskSeed['items'][number];

/** The obligation years of an item (README "Key tasks"): year → its years; date → its year; yearly and ongoing → 2024–2026. */
export function obligationYears(item: Item): number[] {
  const d = item.deadline;
  if (d.kind === 'year') return [...d.years];
  if (d.kind === 'date') return [Number(d.date.slice(0, 4))];
  return [2024, 2025, 2026];
}

/** The deadline (CST date) of an obligation year, or null for 长期坚持. */
export function obligationDeadline(item: Item, year: number): string | null {
  const d = item.deadline;
  if (d.kind === 'ongoing') return null;
  if (d.kind === 'date') return d.date;
  return `${year}-12-31`;
}

/** The key-task facts of the figure workload (phase 1). */
export function generateKeyTasks(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const rng = ctx.rng('key-tasks');
  const tasks = ctx.reference.keyTasks ?? [];
  let lateNextDay = false;
  for (const task of tasks) {
    const path = `/api/v1/key-tasks/${task.taskNo}`;
    const stream = `task-${task.taskNo}`;
    for (const item of task.items) {
      const leadUnit = normaliseLeadUnits(item.leadUnits)[0]!;
      const progress = (ms: number, year: number, percent: number) => {
        if (ms > ctx.endMs) return;
        const district = isDistrictLevelUnit(leadUnit) ? { districtCode: rng.pick(districtsOn(ctx.reference, new Date(ms + 8 * 3600_000).toISOString().slice(0, 10))).code } : {};
        ops.push(post(`${path}/progress-reports`, stream, { itemNo: item.itemNo, year, leadUnit, ...district, summary: `${item.itemNo} 推进情况`, percentComplete: percent, reportedAt: formatCst(ms) }));
      };
      const complete = (ms: number, year: number) => {
        if (ms <= ctx.endMs) ops.push(post(`${path}/items/${item.itemNo}/completion`, stream, { year, leadUnit, evidence: `${item.itemNo} 完成情况报告及佐证材料`, completedAt: formatCst(ms) }));
      };
      for (const year of obligationYears(item).filter((y) => ctx.years.includes(y))) {
        const deadline = obligationDeadline(item, year);
        const from = item.deadline.kind === 'date' ? '2024-01-01' : `${year}-01-01`;
        const r = rng.next();
        if (deadline === null) {
          if (r < 0.6) for (let k = rng.int(1, 2); k > 0; k--) progress(officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs) ?? Infinity, year, rng.int(10, 90));
          continue;
        }
        const early = officeInstant(rng, from, addDays(deadline, -20) < from ? from : addDays(deadline, -20), ctx.endMs) ?? Infinity;
        if (r < 0.75) progress(early, year, rng.int(10, 80));
        if (r < 0.3) complete(Math.min(early + rng.int(1, 15) * DAY_MS, cstMidnight(deadline) + 17 * 3600_000), year);
        else if (r < 0.4) complete(cstMidnight(deadline) + DAY_MS - 1000, year);
        else if (r < 0.55) {
          complete(lateNextDay ? cstMidnight(addDays(deadline, 1)) + rng.int(1, 90) * DAY_MS : cstMidnight(addDays(deadline, 1)), year);
          lateNextDay = true;
        }
      }
    }
  }
  ops.push(...measurementReports(ctx, tasks));
  return ops;
}

function measurementReports(ctx: FigureContext, tasks: readonly KeyTaskSeed[]): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const rng = ctx.rng('key-tasks', 'measurements');
  const items = new Map(tasks.flatMap((t) => t.items.map((i) => [i.itemNo, { task: t.taskNo, item: i }] as const)));
  for (const year of ctx.years) {
    const targets = (ctx.reference.planTargets ?? []).filter((t) => MEASURED_INDICATORS.includes(t.indicator) && t.year === year);
    const seen = new Set<string>();
    for (const target of targets) {
      if (seen.has(target.indicator)) continue;
      seen.add(target.indicator);
      const found = items.get(target.keyTaskItem ?? '6.1') ?? items.get('6.1')!;
      const leadUnit = normaliseLeadUnits(found.item.leadUnits)[0]!;
      // before the 2025 re-division (2025-11-05), so that every unit of the year is in force when reported
      const ms = officeInstant(rng, `${year}-03-01`, `${year}-09-30`, ctx.endMs);
      if (ms === null) continue;
      const date = new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
      const ratio = target.unit === 'ratio';
      const figure = (boundary?: [number, number | null]) => {
        if (boundary) return { numerator: boundary[0], ...(boundary[1] === null ? {} : { denominator: boundary[1] }) };
        if (!ratio) {
          if (target.indicator === 'converted_tractors_remaining') return { numerator: year >= 2025 ? 0 : rng.int(1, 40) };
          return { numerator: rng.chance(0.8) ? rng.int(Math.max(1, Math.ceil(target.threshold)), Math.ceil(target.threshold) + 5) : rng.int(0, Math.max(0, Math.ceil(target.threshold) - 1)) };
        }
        const denominator = rng.int(20, 200);
        return { numerator: rng.chance(0.7) ? denominator : rng.int(0, denominator - 1), denominator };
      };
      const measurements: Record<string, unknown>[] = [];
      if (target.grouping === 'district') {
        const units = ctx.reference.districts.filter((d) => (d.validFrom ?? '0000') <= `${year}-12-31` && (d.validTo ?? '9999') >= `${year}-01-01`);
        units.forEach((d, i) => {
          const boundary = target.indicator === 'hospital_fire_lead_training_coverage' && year === 2024 && i === 1 ? ([0, null] as [number, null]) : undefined;
          measurements.push({ indicator: target.indicator, districtCode: d.code, ...figure(boundary) });
        });
      } else if (target.grouping === 'sector') {
        const highRisk = ctx.reference.sectorList.filter((x) => x.highRisk).map((x) => x.code);
        ctx.reference.sectorList.forEach((s) => {
          let boundary: [number, number] | undefined;
          const i = highRisk.indexOf(s.code);
          if (target.indicator === 'professional_rescue_team_build_rate' && i >= 0 && i < 2) boundary = year === 2026 ? (i === 0 ? [9, 10] : [8999, 10000]) : i === 0 ? [8, 10] : [7999, 10000];
          measurements.push({ indicator: target.indicator, sector: s.code, ...figure(boundary) });
        });
      } else {
        measurements.push({ indicator: target.indicator, ...figure() });
      }
      const district = isDistrictLevelUnit(leadUnit) ? { districtCode: districtsOn(ctx.reference, date)[0]!.code } : {};
      for (let k = 0; k < measurements.length; k += 100) {
        ops.push(post(`/api/v1/key-tasks/${found.task}/progress-reports`, `task-${found.task}`, {
          itemNo: found.item.itemNo, leadUnit, ...district, summary: `${target.indicator} ${year}年数据`, measurements: measurements.slice(k, k + 100), reportedAt: formatCst(ms + k),
        }));
      }
    }
  }
  return ops;
}
