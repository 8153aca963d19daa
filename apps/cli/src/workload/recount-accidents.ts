/**
 * An independent recount of `GET /api/v1/statistics/accidents` from the operations sent, by README.md
 * "What the accident figures mean" (国务院令第493号 grades; the plan's 事故总量同比下降).
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rate, rowsFor, sentTo, zeros, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

const GRADES = ['general', 'larger', 'major', 'especially_major'] as const;
type Toll = { deaths: number; seriousInjuries: number; directLossFen: number };

/** 国务院令第493号 第三条: lower bounds included; the highest grade any criterion reaches. */
export function accidentGradeOf(t: Toll): (typeof GRADES)[number] {
  if (t.deaths >= 30 || t.seriousInjuries >= 100 || t.directLossFen >= 10_000_000_000) return 'especially_major';
  if (t.deaths >= 10 || t.seriousInjuries >= 50 || t.directLossFen >= 5_000_000_000) return 'major';
  if (t.deaths >= 3 || t.seriousInjuries >= 10 || t.directLossFen >= 1_000_000_000) return 'larger';
  return 'general';
}

/**
 * `accidents` (and `byGrade`, `deaths`, `seriousInjuries`, `directLossFen`): accidents dated (CST) in the
 * year on or before the cut, with the toll as revised on or before the cut; `deathsPreviousYear`: deaths
 * of the previous year's accidents, tolls as revised by the same cut; `deathsChangeOnYear` = deaths −
 * that; `deathsChangeOnYearRate` = change ÷ previous, null when the previous year had no deaths.
 */
export function recountAccidents(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const rows = rowsFor(q, () => ({
    accidents: 0, byGrade: zeros(GRADES), deaths: 0, seriousInjuries: 0, directLossFen: 0,
    deathsPreviousYear: 0, deathsChangeOnYear: 0, deathsChangeOnYearRate: null as number | null,
  }));
  const accidents = new Map<string, { date: string; district: string; sector: string; tolls: { date: string; toll: Toll }[] }>();
  const toll = (b: Record<string, unknown>): Toll => ({ deaths: Number(b['deaths']), seriousInjuries: Number(b['seriousInjuries']), directLossFen: Number(b['directLossFen']) });
  for (const op of sentTo(operations, /^\/api\/v1\/accidents(\/[^/]+\/toll-revision)?$/)) {
    if (op.path === '/api/v1/accidents') {
      const date = cstDateOf(String(op.body['occurredAt']));
      accidents.set(String(op.body['accidentId']), { date, district: String(op.body['districtCode']), sector: String(op.body['sector']), tolls: [{ date, toll: toll(op.body) }] });
    } else {
      accidents.get(op.path.split('/')[4]!)!.tolls.push({ date: cstDateOf(String(op.body['revisedAt'])), toll: toll(op.body) });
    }
  }
  for (const a of accidents.values()) {
    const row = rows.get(groupKey(q, a.district, a.sector, a.date) ?? '');
    if (!row || a.date > cut) continue;
    const t = a.tolls.filter((x) => x.date <= cut).at(-1)!.toll;
    const year = Number(a.date.slice(0, 4));
    if (year === q.year) {
      row.accidents++;
      row.byGrade[accidentGradeOf(t)]++;
      row.deaths += t.deaths;
      row.seriousInjuries += t.seriousInjuries;
      row.directLossFen += t.directLossFen;
    } else if (year === q.year - 1) {
      row.deathsPreviousYear += t.deaths;
    }
  }
  for (const row of rows.values()) {
    row.deathsChangeOnYear = row.deaths - row.deathsPreviousYear;
    row.deathsChangeOnYearRate = rate(row.deathsChangeOnYear, row.deathsPreviousYear);
  }
  return { rows: [...rows.values()] };
}
