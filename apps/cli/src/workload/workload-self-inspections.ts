/**
 * Enterprises' self-inspections (`POST /api/v1/self-inspections`): the 2024 重大事故隐患大排查 (三(二)2, by
 * 30 June 2024), inspections led by the principal (each quarter; each month in high-risk sectors) and
 * the 日周月 regime (director monthly; team daily and department weekly, counted but not judged).
 *
 * Shares (synthetic; a city system holds only the inspections entered into it): 90% of enterprises
 * finish the 大排查 between March and 30 June 2024, 6% late (July–September), 4% never; one enterprise
 * finishes exactly at 2024-06-30T23:59:00+08:00 (counts) and one at 2024-06-30T16:00:00Z (1 July CST,
 * does not). In a year, 20% of enterprises have a principal-led inspection in every period their
 * sector asks for; 10% of the high-risk ones inspect only quarterly (and so miss); the rest record
 * one or two at random (35%). 5% record a director's inspection every month, 35% of the rest one.
 * 30% of enterprises a year record a team-daily and 30% a department-weekly inspection. Half the
 * hazards an enterprise found itself (channel self_inspection) are named by a team-daily inspection at
 * the hazard's discovery (sent in phase 2, after the hazards).
 */
import { cstMidnight, formatCst } from './cst-time.js';
import { activeAt, officeInstant, post, type FigureContext } from './figure-context.js';
import { enterpriseStream, type WorkloadOperation } from './workload-model.js';

const pad = (n: number) => String(n).padStart(2, '0');
const monthEnd = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/** The self-inspections of the figure workload. */
export function generateSelfInspections(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const hazardsBy = new Map<string, typeof ctx.hazards>();
  for (const h of ctx.hazards) if (h.channel === 'self_inspection') hazardsBy.set(h.enterpriseUscc, [...(hazardsBy.get(h.enterpriseUscc) ?? []), h]);
  const boundary = ['2024-06-30T23:59:00+08:00', '2024-06-30T16:00:00Z'];
  ctx.enterprises.forEach((e, i) => {
    const rng = ctx.rng('self-inspections', i);
    const stream = `inspection-${e.uscc}`;
    const inspect = (level: string, at: number | string | null, extra: Partial<WorkloadOperation> = {}, hazardIds: string[] = []) => {
      const ms = typeof at === 'string' ? Date.parse(at) : at;
      if (ms === null || ms > ctx.endMs || !activeAt(e, ms, ctx.reference)) return;
      ops.push(post('/api/v1/self-inspections', stream, {
        enterpriseUscc: e.uscc, level, inspectedAt: typeof at === 'string' ? at : formatCst(ms), hazardIds, findings: hazardIds.length > 0 ? '发现隐患，已登记。' : '未发现重大事故隐患。',
      }, { after: enterpriseStream(e.uscc), ...extra }));
    };
    if (ctx.years.includes(2024)) {
      const r = rng.next();
      const fixed = e.registeredMs < cstMidnight('2024-01-01') && !e.highRisk ? boundary.shift() : undefined;
      if (fixed) inspect('major_hazard_survey', fixed);
      else if (r < 0.9) inspect('major_hazard_survey', officeInstant(rng, '2024-03-01', '2024-06-30', ctx.endMs));
      else if (r < 0.96) inspect('major_hazard_survey', officeInstant(rng, '2024-07-01', '2024-09-30', ctx.endMs));
    }
    for (const year of ctx.years) {
      const months = Array.from({ length: 12 }, (_, m) => [`${year}-${pad(m + 1)}-01`, monthEnd(year, m + 1)] as const);
      const quarters = [0, 3, 6, 9].map((m) => [`${year}-${pad(m + 1)}-01`, monthEnd(year, m + 3)] as const);
      const periods = e.highRisk ? months : quarters;
      const r = rng.next();
      if (r < 0.2) for (const [a, b] of periods) inspect('principal_led', officeInstant(rng, a, b, ctx.endMs));
      else if (e.highRisk && r < 0.3) for (const [a, b] of quarters) inspect('principal_led', officeInstant(rng, a, b, ctx.endMs));
      else if (rng.chance(0.35)) for (let n = rng.int(1, 2); n > 0; n--) inspect('principal_led', officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs));
      if (rng.chance(0.05)) for (const [a, b] of months) inspect('director_monthly', officeInstant(rng, a, b, ctx.endMs));
      else if (rng.chance(0.35)) inspect('director_monthly', officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs));
      if (rng.chance(0.3)) inspect('team_daily', officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs));
      if (rng.chance(0.3)) inspect('department_weekly', officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs));
    }
    for (const h of hazardsBy.get(e.uscc) ?? []) {
      if (h.discoveredMs >= cstMidnight('2024-01-01') && rng.chance(0.5)) inspect('team_daily', h.discoveredMs, { phase: 2 }, [h.hazardId]);
    }
  });
  return ops;
}
