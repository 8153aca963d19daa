/**
 * An independent recount of `GET /api/v1/statistics/publicity` from the operations sent, by README.md
 * "What the publicity figures mean" (plan 三(八)22).
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rowsFor, sentTo, zeros, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

const SETTINGS = ['enterprise', 'village', 'community', 'school', 'family'] as const;
const HALLS = ['city', 'district', 'township', 'village'] as const;

/**
 * `lectures` / `lectureAudience`: lectures held in the year by the cut (by sector: only those recorded
 * with it); `demonstrationSitesNew` (by setting): built in the year by the cut, target 5 and met = new ≥ 5
 * on district rows; `scienceHallsByLevel`: established on or before the cut, any year; sites and halls
 * are zeros on sector rows, where target and met are null. `cityTotals`: all lectures of the year by
 * the cut, target 10000 for 2025 and 2026, else null.
 */
export function recountPublicity(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const y = String(q.year);
  const district = q.groupBy === 'district';
  const inYear = (d: string) => d.slice(0, 4) === y && d <= cut;
  const rows = rowsFor(q, () => ({
    lectures: 0, lectureAudience: 0, demonstrationSitesNew: 0, demonstrationSitesBySetting: zeros(SETTINGS),
    demonstrationSitesTarget: (district ? 5 : null) as number | null, demonstrationSitesMet: null as boolean | null, scienceHallsByLevel: zeros(HALLS),
  }));
  let cityLectures = 0;
  for (const op of sentTo(operations, '/api/v1/lectures')) {
    const date = cstDateOf(String(op.body['heldAt']));
    if (!inYear(date)) continue;
    cityLectures++;
    const row = rows.get(groupKey(q, String(op.body['districtCode']), (op.body['sector'] as string | undefined) ?? null, date) ?? '');
    if (!row) continue;
    row.lectures++;
    row.lectureAudience += Number(op.body['audienceSize']);
  }
  if (district) {
    for (const op of sentTo(operations, '/api/v1/demonstration-sites')) {
      const date = cstDateOf(String(op.body['builtAt']));
      const row = rows.get(groupKey(q, String(op.body['districtCode']), null, date) ?? '');
      if (!row || !inYear(date)) continue;
      row.demonstrationSitesNew++;
      row.demonstrationSitesBySetting[op.body['setting'] as (typeof SETTINGS)[number]]++;
    }
    for (const op of sentTo(operations, '/api/v1/science-halls')) {
      const date = cstDateOf(String(op.body['establishedAt']));
      const row = rows.get(groupKey(q, String(op.body['districtCode']), null, cut) ?? '');
      if (row && date <= cut) row.scienceHallsByLevel[op.body['level'] as (typeof HALLS)[number]]++;
    }
    for (const row of rows.values()) row.demonstrationSitesMet = row.demonstrationSitesNew >= 5;
  }
  return { rows: [...rows.values()], cityTotals: { lectures: cityLectures, lectureTarget: q.year === 2025 || q.year === 2026 ? 10000 : null } };
}
