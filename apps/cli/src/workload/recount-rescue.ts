/**
 * An independent recount of `GET /api/v1/statistics/rescue` from the operations sent, by README.md
 * "What the rescue figures mean" (plan 三(五)14), with the townships and villages of each district from
 * the reference data as the denominators of the township and village-station rates.
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, groupKey, rate, rowsFor, sentTo, zeros, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

const LEVELS = ['city', 'district', 'township', 'village_station', 'sector_professional'] as const;

/**
 * `teamsByLevel`: teams established on or before the cut (any year) under their district; by sector
 * only sector_professional teams, in their sector's row. `villageStations`, `professionalTeams`: those
 * two levels. `townshipsRequired`, `villagesRequired`: the district's townships and villages in the
 * reference data (null when absent, and on sector rows); `professionalTeamsRequired`: null.
 * `townshipTeamRate` = township teams ÷ townships, `villageStationRate` = stations ÷ villages (null when
 * the denominator is null or 0), `professionalTeamRate` null. `equipmentSetsDistributed`: sets
 * distributed in the year by the cut (null by sector).
 */
export function recountRescue(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const counts = new Map((q.districts ?? []).map((d) => [d.code, d]));
  const district = q.groupBy === 'district';
  const rows = rowsFor(q, () => ({
    teamsByLevel: zeros(LEVELS), villageStations: 0, professionalTeams: 0,
    townshipsRequired: null as number | null, villagesRequired: null as number | null, professionalTeamsRequired: null,
    townshipTeamRate: null as number | null, villageStationRate: null as number | null, professionalTeamRate: null,
    equipmentSetsDistributed: (district ? 0 : null) as number | null,
  }));
  for (const op of sentTo(operations, '/api/v1/rescue-teams')) {
    const date = cstDateOf(String(op.body['establishedAt']));
    const level = op.body['level'] as (typeof LEVELS)[number];
    if (date > cut || (!district && level !== 'sector_professional')) continue;
    const row = rows.get(groupKey(q, String(op.body['districtCode']), (op.body['sector'] as string | undefined) ?? null, cut) ?? '');
    if (row) row.teamsByLevel[level]++;
  }
  if (district) {
    for (const op of sentTo(operations, '/api/v1/rescue-equipment-distributions')) {
      const date = cstDateOf(String(op.body['distributedAt']));
      const row = rows.get(groupKey(q, String(op.body['districtCode']), null, date) ?? '');
      if (row && date.slice(0, 4) === String(q.year) && date <= cut) row.equipmentSetsDistributed! += Number(op.body['sets']);
    }
  }
  for (const row of rows.values()) {
    row.villageStations = row.teamsByLevel.village_station;
    row.professionalTeams = row.teamsByLevel.sector_professional;
    if (!district) continue;
    const ref = counts.get(row.key);
    row.townshipsRequired = ref?.townships ?? null;
    row.villagesRequired = ref?.villages ?? null;
    row.townshipTeamRate = row.townshipsRequired ? rate(row.teamsByLevel.township, row.townshipsRequired) : null;
    row.villageStationRate = row.villagesRequired ? rate(row.villageStations, row.villagesRequired) : null;
  }
  return { rows: [...rows.values()] };
}
