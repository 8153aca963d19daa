import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type SupervisionEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects supervisory inspections and enforcement actions into the facts the yearly enforcement
 * figures are computed from (`enforcement_figure_*`): inspections by method, special supervisions by
 * level, actions by kind, penalty amounts, and the plan's "零处罚" districts (三(五)12).
 */
export class EnforcementFiguresProjection implements Projection {
  readonly name = 'enforcement-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['SupervisoryInspectionRecorded', 'EnforcementActionRecorded']);

  /**
   * Applies a batch in order. Each row is keyed by (stream, revision) and inserted once: a replay
   * changes nothing. Dates are the CST dates of the facts.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as SupervisionEvent;
      switch (event.type) {
        case 'SupervisoryInspectionRecorded': {
          const d = event.data;
          await em.query(
            `INSERT INTO enforcement_figure_inspections (stream_id, revision, inspection_id, district_code, sector, method,
               special_supervision_level, inspected_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.inspectionId, d.districtCode, d.sector, d.method,
              d.specialSupervisionLevel, cstDate(d.inspectedAt)],
          );
          break;
        }
        case 'EnforcementActionRecorded': {
          const d = event.data;
          await em.query(
            `INSERT INTO enforcement_figure_actions (stream_id, revision, action_id, district_code, sector, kind, amount_fen, decided_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.actionId, d.districtCode, d.sector, d.kind,
              String(d.amountFen), cstDate(d.decidedAt)],
          );
          break;
        }
        default:
          break;
      }
    }
  }
}
