import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type HazardEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { RowChanges, type Row } from '../batch/row-changes.js';

/**
 * Projects hazard events into the facts the yearly hazard figures are computed from
 * (`hazard_figure_*`): the plan's district- and sector-level statistics (三(二)3 分区域、分行业重大事故隐患统计分析机制).
 */
export class HazardFiguresProjection implements Projection {
  readonly name = 'hazard-figures';
  readonly eventTypes: ReadonlySet<string> = new Set([
    'HazardReported',
    'RectificationPlanned',
    'DeadlineExtended',
    'HazardClosed',
    'HazardReopened',
    'HazardEscalated',
    'ListedSupervisionOrdered',
    'HazardListed',
  ]);

  readonly batched = true;

  /**
   * Applies a batch in order, set-based: every fact is inserted once, keyed by hazard (discovery) or
   * (hazard, revision), so a replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const facts: { table: string; position: bigint; row: Row }[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as HazardEvent;
      const rev = recorded.revision.toString();
      const add = (table: string, row: Row) => facts.push({ table, position: recorded.position, row });
      const deadlineRow = (hazardId: string, at: string, deadline: string) =>
        add('hazard_figure_deadlines', { hazard_id: hazardId, revision: rev, effective_date: cstDate(at), deadline });
      const measureRow = (hazardId: string, kind: string, value: string, at: string) =>
        add('hazard_figure_measures', { hazard_id: hazardId, revision: rev, kind, value, effective_date: cstDate(at) });
      switch (event.type) {
        case 'HazardReported': {
          const d = event.data;
          add('hazard_figure_hazards', {
            hazard_id: d.hazardId,
            district_code: d.districtCode,
            sector: d.sector,
            grade: d.grade,
            channel: d.channel,
            discovered_date: cstDate(d.discoveredAt),
          });
          break;
        }
        case 'RectificationPlanned':
          deadlineRow(event.data.hazardId, event.data.plannedAt, event.data.deadline);
          break;
        case 'DeadlineExtended':
          deadlineRow(event.data.hazardId, event.data.extendedAt, event.data.deadline);
          break;
        case 'HazardReopened':
          deadlineRow(event.data.hazardId, event.data.reopenedAt, event.data.deadline);
          add('hazard_figure_closures', { hazard_id: event.data.hazardId, revision: rev, kind: 'reopened', effective_date: cstDate(event.data.reopenedAt), deadline_in_force: null });
          break;
        case 'HazardClosed':
          add('hazard_figure_closures', {
            hazard_id: event.data.hazardId,
            revision: rev,
            kind: 'closed',
            effective_date: cstDate(event.data.closedAt),
            deadline_in_force: event.data.deadlineInForce,
          });
          break;
        case 'HazardEscalated':
          measureRow(event.data.hazardId, 'escalation', event.data.measure, event.data.decidedAt);
          break;
        case 'ListedSupervisionOrdered':
          // 挂牌督办 ordered with its document is the `listed_supervision` escalation measure.
          measureRow(event.data.hazardId, 'escalation', 'listed_supervision', event.data.orderedAt);
          break;
        case 'HazardListed':
          measureRow(event.data.hazardId, 'problem_list', event.data.list, event.data.listedAt);
          break;
        default:
          break; // the other hazard events change no figure
      }
    }
    const rows = new RowChanges(em);
    for (const table of new Set(facts.map((f) => f.table))) await rows.load(table, facts.filter((f) => f.table === table).map((f) => f.row));
    // Insert-only: a fact already there (a replay) stays as it is.
    for (const f of facts) if (!rows.get(f.table, f.row)) rows.put(f.table, f.position, f.row);
    await rows.write();
  }
}
