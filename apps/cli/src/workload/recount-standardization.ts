/**
 * An independent recount of `GET /api/v1/statistics/standardization` from the operations sent, by
 * README.md "What the standardization figures mean" (plan 三(三)4–5).
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rate, rowsFor, sentEnterprises, sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

/**
 * `enterprises`: registered on or before the cut and not closed on or before it. `graded`: of those,
 * whose latest grading dated on or before the cut is valid at it (through the same CST date three
 * years on, inclusive), by level; `gradedLevel2OrAbove`: level 1 or 2; `responsibilitySystemEstablished`:
 * established on or before the cut. Rates over `enterprises`, null for 0/0.
 */
export function recountStandardization(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const gradings = new Map<string, { date: string; level: number }[]>();
  const established = new Map<string, string>();
  for (const op of sentTo(operations, /^\/api\/v1\/enterprises\/[^/]+\/(standardization|responsibility-system)$/)) {
    const uscc = op.path.split('/')[4]!;
    if (op.path.endsWith('/standardization')) {
      gradings.set(uscc, [...(gradings.get(uscc) ?? []), { date: cstDateOf(String(op.body['gradedAt'])), level: Number(op.body['level']) }]);
    } else {
      const date = cstDateOf(String(op.body['establishedAt']));
      if (!established.has(uscc) || date < established.get(uscc)!) established.set(uscc, date);
    }
  }
  const rows = rowsFor(q, () => ({
    enterprises: 0, graded: 0, gradedByLevel: { '1': 0, '2': 0, '3': 0 } as Record<string, number>, gradedLevel2OrAbove: 0,
    gradedRate: null as number | null, level2OrAboveRate: null as number | null, responsibilitySystemEstablished: 0, responsibilitySystemRate: null as number | null,
  }));
  for (const e of sentEnterprises(operations).values()) {
    if (e.registered > cut || (e.closed !== null && e.closed <= cut)) continue;
    const row = rows.get(groupKey(q, e.districtCode, e.sector, cut) ?? '');
    if (!row) continue;
    row.enterprises++;
    const latest = (gradings.get(e.uscc) ?? []).filter((g) => g.date <= cut).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).at(-1);
    if (latest && `${Number(latest.date.slice(0, 4)) + 3}${latest.date.slice(4)}` >= cut) {
      row.graded++;
      row.gradedByLevel[String(latest.level)]!++;
      if (latest.level <= 2) row.gradedLevel2OrAbove++;
    }
    if ((established.get(e.uscc) ?? '9999') <= cut) row.responsibilitySystemEstablished++;
  }
  for (const row of rows.values()) {
    row.gradedRate = rate(row.graded, row.enterprises);
    row.level2OrAboveRate = rate(row.gradedLevel2OrAbove, row.enterprises);
    row.responsibilitySystemRate = rate(row.responsibilitySystemEstablished, row.enterprises);
  }
  return { rows: [...rows.values()] };
}
