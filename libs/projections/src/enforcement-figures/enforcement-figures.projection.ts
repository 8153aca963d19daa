import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type SupervisionEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, type RowIntent } from '../batch/row-intents.js';

/**
 * Projects supervisory inspections and enforcement actions into the facts the yearly enforcement
 * figures are computed from (`enforcement_figure_*`): inspections by method, special supervisions by
 * level, actions by kind, penalty amounts, and the plan's "零处罚" districts (三(五)12).
 */
export class EnforcementFiguresProjection implements Projection {
  readonly name = 'enforcement-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['SupervisoryInspectionRecorded', 'EnforcementActionRecorded']);

  readonly batched = true;

  /** Applies a batch in order, set-based. Each row is keyed by (stream, revision) and inserted once: a replay changes nothing. Dates are the CST dates of the facts. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as SupervisionEvent;
      const at = recorded.position;
      const key = { stream_id: recorded.streamId, revision: recorded.revision.toString() };
      switch (event.type) {
        case 'SupervisoryInspectionRecorded': {
          const d = event.data;
          intents.push(insertOnce('enforcement_figure_inspections', at, { ...key, inspection_id: d.inspectionId, district_code: d.districtCode, sector: d.sector, method: d.method, special_supervision_level: d.specialSupervisionLevel, inspected_date: cstDate(d.inspectedAt) }));
          break;
        }
        case 'EnforcementActionRecorded': {
          const d = event.data;
          intents.push(insertOnce('enforcement_figure_actions', at, { ...key, action_id: d.actionId, district_code: d.districtCode, sector: d.sector, kind: d.kind, amount_fen: String(d.amountFen), decided_date: cstDate(d.decidedAt) }));
          break;
        }
        default:
          break;
      }
    }
    await applyRowIntents(em, intents);
  }
}
