import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type HazardEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

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

  /** Applies a batch in order; each write is keyed by (hazard, revision), so a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as HazardEvent;
      const rev = recorded.revision.toString();
      const deadlineRow = (hazardId: string, at: string, deadline: string) =>
        em.query(
          `INSERT INTO hazard_figure_deadlines (hazard_id, revision, effective_date, deadline) VALUES ($1,$2,$3,$4)
           ON CONFLICT DO NOTHING`,
          [hazardId, rev, cstDate(at), deadline],
        );
      const measureRow = (hazardId: string, kind: string, value: string, at: string) =>
        em.query(
          `INSERT INTO hazard_figure_measures (hazard_id, revision, kind, value, effective_date) VALUES ($1,$2,$3,$4,$5)
           ON CONFLICT DO NOTHING`,
          [hazardId, rev, kind, value, cstDate(at)],
        );
      switch (event.type) {
        case 'HazardReported': {
          const d = event.data;
          await em.query(
            `INSERT INTO hazard_figure_hazards (hazard_id, district_code, sector, grade, channel, discovered_date)
             VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
            [d.hazardId, d.districtCode, d.sector, d.grade, d.channel, cstDate(d.discoveredAt)],
          );
          break;
        }
        case 'RectificationPlanned':
          await deadlineRow(event.data.hazardId, event.data.plannedAt, event.data.deadline);
          break;
        case 'DeadlineExtended':
          await deadlineRow(event.data.hazardId, event.data.extendedAt, event.data.deadline);
          break;
        case 'HazardReopened':
          await deadlineRow(event.data.hazardId, event.data.reopenedAt, event.data.deadline);
          await em.query(
            `INSERT INTO hazard_figure_closures (hazard_id, revision, kind, effective_date, deadline_in_force)
             VALUES ($1,$2,'reopened',$3,NULL) ON CONFLICT DO NOTHING`,
            [event.data.hazardId, rev, cstDate(event.data.reopenedAt)],
          );
          break;
        case 'HazardClosed':
          await em.query(
            `INSERT INTO hazard_figure_closures (hazard_id, revision, kind, effective_date, deadline_in_force)
             VALUES ($1,$2,'closed',$3,$4) ON CONFLICT DO NOTHING`,
            [event.data.hazardId, rev, cstDate(event.data.closedAt), event.data.deadlineInForce],
          );
          break;
        case 'HazardEscalated':
          await measureRow(event.data.hazardId, 'escalation', event.data.measure, event.data.decidedAt);
          break;
        case 'ListedSupervisionOrdered':
          // 挂牌督办 ordered with its document is the `listed_supervision` escalation measure.
          await measureRow(event.data.hazardId, 'escalation', 'listed_supervision', event.data.orderedAt);
          break;
        case 'HazardListed':
          await measureRow(event.data.hazardId, 'problem_list', event.data.list, event.data.listedAt);
          break;
        default:
          break; // the other hazard events change no figure
      }
    }
  }
}
