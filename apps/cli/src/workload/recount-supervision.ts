/**
 * An independent recount of `GET /api/v1/statistics/enforcement` from the operations sent, by README.md
 * "What the enforcement figures mean" (plan 三(二)3, 三(五)12 零处罚).
 */
import { cstDateOf } from './cst-time.js';
import { groupKey, rowsFor, sentEnterprises, sentTo, zeros, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { WorkloadOperation } from './workload-model.js';

const METHODS = ['four_no_two_direct', 'double_random', 'cross_regional', 'special_supervision', 'routine'] as const;
const LEVELS = ['city_on_district', 'district_on_sector'] as const;
const KINDS = ['fine', 'suspension_for_rectification', 'closure', 'upper_limit_penalty', 'joint_punishment', 'warning'] as const;

/**
 * Facts dated (CST) in the year, under the district and sector recorded on them (the enterprise's
 * sector, or the one given): `inspections` by method and special-supervision level; `actions` by kind;
 * `penaltyAmountFen` summed; `zeroPenalty` on a district row: inspections > 0 and no fine or
 * upper-limit penalty, else false; null on sector rows.
 */
export function recountSupervision(operations: readonly WorkloadOperation[], q: FigureQuery): FigureAnswer {
  const y = String(q.year);
  const enterprises = sentEnterprises(operations);
  const rows = rowsFor(q, () => ({
    inspections: 0, inspectionsByMethod: zeros(METHODS), specialSupervisions: zeros(LEVELS), actions: 0, actionsByKind: zeros(KINDS),
    penaltyAmountFen: 0, zeroPenalty: null as boolean | null,
  }));
  const sectorOf = (b: Record<string, unknown>) => (b['enterpriseUscc'] !== undefined ? enterprises.get(String(b['enterpriseUscc']))!.sector : String(b['sector']));
  for (const op of sentTo(operations, '/api/v1/supervisory-inspections')) {
    const date = cstDateOf(String(op.body['inspectedAt']));
    if (date.slice(0, 4) !== y) continue;
    const row = rows.get(groupKey(q, String(op.body['districtCode']), sectorOf(op.body), date) ?? '');
    if (!row) continue;
    row.inspections++;
    row.inspectionsByMethod[op.body['method'] as (typeof METHODS)[number]]++;
    if (op.body['specialSupervisionLevel'] !== undefined) row.specialSupervisions[op.body['specialSupervisionLevel'] as (typeof LEVELS)[number]]++;
  }
  const penalised = new Set<string>();
  for (const op of sentTo(operations, '/api/v1/enforcement-actions')) {
    const date = cstDateOf(String(op.body['decidedAt']));
    if (date.slice(0, 4) !== y) continue;
    const kind = op.body['kind'] as (typeof KINDS)[number];
    if (kind === 'fine' || kind === 'upper_limit_penalty') penalised.add(groupKey({ ...q, groupBy: 'district' }, String(op.body['districtCode']), null, date)!);
    const row = rows.get(groupKey(q, String(op.body['districtCode']), sectorOf(op.body), date) ?? '');
    if (!row) continue;
    row.actions++;
    row.actionsByKind[kind]++;
    row.penaltyAmountFen += Number(op.body['amountFen']);
  }
  if (q.groupBy === 'district') for (const row of rows.values()) row.zeroPenalty = row.inspections > 0 && !penalised.has(row.key);
  return { rows: [...rows.values()] };
}
