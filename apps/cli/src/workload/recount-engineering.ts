/**
 * An independent recount of `GET /api/v1/statistics/engineering` (groupBy=district only) from the
 * operations sent, by README.md "What the engineering figures mean" (plan 三(七)20).
 */
import { cstDateOf } from './cst-time.js';
import { groupKey, rowsFor, sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

const FIELD: Record<string, string> = {
  rural_dangerous_bridge: 'ruralDangerousBridges', life_protection_road: 'lifeProtectionRoadMetres', reservoir_reinforcement: 'reservoirsReinforced',
  hydrant: 'hydrantsBuilt', self_built_housing: 'selfBuiltHousingBuildings', old_community_renovation: 'oldCommunities',
};

/** The plan's city target for a figure in a year, or null (README: elevators 1,000 a year; 2024 communities, area, bridges; 2025 reservoirs). */
function targetOf(field: string, year: number): number | null {
  if (field === 'elevatorsChecked') return year >= 2024 && year <= 2026 ? 1000 : null;
  if (year === 2024) return ({ oldCommunities: 1835, oldCommunityAreaSquareMetres: 41_860_000, ruralDangerousBridges: 36 } as Record<string, number>)[field] ?? null;
  if (year === 2025 && field === 'reservoirsReinforced') return 115;
  return null;
}

/**
 * Per district, facts dated (CST) in the year: elevators checked and defective, and each project's
 * quantity (communities and their m², bridges, road metres, reservoirs, hydrants, buildings).
 * `cityTotals`: each summed as { value, target, met = value ≥ target } (null where no target); road
 * metres also `threeYearValue` (2024 to the year), judged against 8,000,000 m (null outside 2024–2026);
 * `elevatorDefects` a plain number.
 */
export function recountEngineering(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const y = String(q.year);
  const fields = ['elevatorsChecked', 'elevatorDefects', 'oldCommunities', 'oldCommunityAreaSquareMetres', 'ruralDangerousBridges', 'lifeProtectionRoadMetres', 'reservoirsReinforced', 'hydrantsBuilt', 'selfBuiltHousingBuildings'];
  const rows = rowsFor(q, () => Object.fromEntries(fields.map((f) => [f, 0])) as Record<string, number>);
  const total = Object.fromEntries(fields.map((f) => [f, 0])) as Record<string, number>;
  let roadSince2024 = 0;
  const add = (district: string, date: string, field: string, n: number) => {
    if (date.slice(0, 4) !== y) return;
    total[field]! += n;
    const row = rows.get(groupKey(q, district, null, date) ?? '');
    if (row) row[field]! += n;
  };
  for (const op of sentTo(operations, '/api/v1/elevator-spot-checks')) {
    const date = cstDateOf(String(op.body['checkedAt']));
    add(String(op.body['districtCode']), date, 'elevatorsChecked', Number(op.body['elevators']));
    add(String(op.body['districtCode']), date, 'elevatorDefects', Number(op.body['defectsFound']));
  }
  for (const op of sentTo(operations, '/api/v1/engineering-progress')) {
    const date = cstDateOf(String(op.body['completedAt']));
    const project = String(op.body['project']);
    add(String(op.body['districtCode']), date, FIELD[project]!, Number(op.body['quantity']));
    if (project === 'old_community_renovation') add(String(op.body['districtCode']), date, 'oldCommunityAreaSquareMetres', Number(op.body['areaSquareMetres']));
    const year = Number(date.slice(0, 4));
    if (project === 'life_protection_road' && year >= 2024 && year <= q.year) roadSince2024 += Number(op.body['quantity']);
  }
  const judged = (field: string) => {
    const target = targetOf(field, q.year);
    return { value: total[field]!, target, met: target === null ? null : total[field]! >= target };
  };
  const inPlan = q.year >= 2024 && q.year <= 2026;
  const cityTotals = {
    ...Object.fromEntries(fields.filter((f) => f !== 'elevatorDefects' && f !== 'lifeProtectionRoadMetres').map((f) => [f, judged(f)])),
    elevatorDefects: total['elevatorDefects'],
    lifeProtectionRoadMetres: {
      value: total['lifeProtectionRoadMetres'], target: inPlan ? 8_000_000 : null,
      met: inPlan ? roadSince2024 >= 8_000_000 : null, threeYearValue: inPlan ? roadSince2024 : null,
    },
  };
  return { rows: [...rows.values()], cityTotals };
}
