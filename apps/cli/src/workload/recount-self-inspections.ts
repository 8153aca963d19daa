/**
 * An independent recount of `GET /api/v1/statistics/inspections` from the operations sent, by README.md
 * "What the self-inspection figures mean" (plan 三(二)2).
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rate, rowsFor, sentEnterprises, sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

const pad = (n: number) => String(n).padStart(2, '0');
const monthEnd = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * `enterprises`: registered on or before the cut and not closed on or before it. `surveyDoneBy20240630`
 * (2024 only, else null): of those, with a `major_hazard_survey` dated on or before 2024-06-30.
 * A month or quarter of the year is due when it ended before today and began on or after the
 * registration date; `principalLedRequired`: enterprises with a due period (quarters; months when
 * high-risk), `principalLedCompliant`: a `principal_led` inspection in every due period; `regime…`
 * likewise with `director_monthly` in every due month; `teamDailyRecords`, `departmentWeeklyRecords`:
 * dated in the year by the cut. Rates null for 0/0.
 */
export function recountSelfInspections(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const highRisk = new Set(q.sectors.filter((s) => s.highRisk).map((s) => s.code));
  const enterprises = sentEnterprises(operations);
  const rows = rowsFor(q, () => ({
    enterprises: 0, surveyDoneBy20240630: (q.year === 2024 ? 0 : null) as number | null, surveyDoneRate: null as number | null,
    principalLedRequired: 0, principalLedCompliant: 0, principalLedRate: null as number | null,
    regimeRequired: 0, regimeCompliant: 0, regimeRate: null as number | null, teamDailyRecords: 0, departmentWeeklyRecords: 0,
  }));
  const dates = new Map<string, string[]>(); // `${uscc} ${level}` → CST dates
  for (const op of sentTo(operations, '/api/v1/self-inspections')) {
    const uscc = String(op.body['enterpriseUscc']);
    const level = String(op.body['level']);
    const date = cstDateOf(String(op.body['inspectedAt']));
    dates.set(`${uscc} ${level}`, [...(dates.get(`${uscc} ${level}`) ?? []), date]);
    const e = enterprises.get(uscc)!;
    const row = rows.get(groupKey(q, e.districtCode, e.sector, date) ?? '');
    if (!row || date.slice(0, 4) !== String(q.year) || date > cut) continue;
    if (level === 'team_daily') row.teamDailyRecords++;
    if (level === 'department_weekly') row.departmentWeeklyRecords++;
  }
  const months = Array.from({ length: 12 }, (_, m) => [`${q.year}-${pad(m + 1)}-01`, monthEnd(q.year, m + 1)] as const);
  const quarters = [0, 3, 6, 9].map((m) => [`${q.year}-${pad(m + 1)}-01`, monthEnd(q.year, m + 3)] as const);
  for (const e of enterprises.values()) {
    if (e.registered > cut || (e.closed !== null && e.closed <= cut)) continue;
    const row = rows.get(groupKey(q, e.districtCode, e.sector, cut) ?? '');
    if (!row) continue;
    row.enterprises++;
    const of = (level: string) => dates.get(`${e.uscc} ${level}`) ?? [];
    if (row.surveyDoneBy20240630 !== null && of('major_hazard_survey').some((d) => d <= '2024-06-30')) row.surveyDoneBy20240630++;
    const due = (periods: readonly (readonly [string, string])[]) => periods.filter(([a, b]) => b < q.today && a >= e.registered);
    const judge = (periods: readonly (readonly [string, string])[], level: string): [boolean, boolean] => {
      const d = due(periods);
      const held = of(level);
      return [d.length > 0, d.length > 0 && d.every(([a, b]) => held.some((x) => a <= x && x <= b))];
    };
    const [pr, pc] = judge(highRisk.has(e.sector) ? months : quarters, 'principal_led');
    const [rr, rc] = judge(months, 'director_monthly');
    if (pr) row.principalLedRequired++;
    if (pc) row.principalLedCompliant++;
    if (rr) row.regimeRequired++;
    if (rc) row.regimeCompliant++;
  }
  for (const row of rows.values()) {
    row.surveyDoneRate = row.surveyDoneBy20240630 === null ? null : rate(row.surveyDoneBy20240630, row.enterprises);
    row.principalLedRate = rate(row.principalLedCompliant, row.principalLedRequired);
    row.regimeRate = rate(row.regimeCompliant, row.regimeRequired);
  }
  return { rows: [...rows.values()] };
}
