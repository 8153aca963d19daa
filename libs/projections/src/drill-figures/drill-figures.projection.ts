import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type DrillEvent, type EnterpriseEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, updateRow, type RowIntent } from '../batch/row-intents.js';

/**
 * Projects drills and the enterprise register into the facts the yearly drill figures are computed
 * from (`drill_figure_*`): the plan's drill frequency (三(四)7 每年至少组织开展1次疏散逃生演练，
 * 高危行业领域每半年至少1次).
 */
export class DrillFiguresProjection implements Projection {
  readonly name = 'drill-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['DrillHeld', 'EnterpriseRegistered', 'EnterpriseClosed']);

  readonly batched = true;

  /**
   * Applies a batch in order, set-based. A drill row is keyed by (stream, revision) and an enterprise
   * row by its USCC, inserted once; a closure sets the closing date to the same value however often
   * it is replayed: a replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as DrillEvent | EnterpriseEvent;
      const at = recorded.position;
      switch (event.type) {
        case 'DrillHeld': {
          const d = event.data;
          intents.push(insertOnce('drill_figure_drills', at, {
            stream_id: recorded.streamId, revision: recorded.revision.toString(), drill_id: d.drillId, enterprise_uscc: d.enterpriseUscc,
            district_code: d.districtCode, sector: d.sector, high_risk: d.highRisk, held_date: cstDate(d.heldAt), participants: d.participants,
          }));
          break;
        }
        case 'EnterpriseRegistered': {
          const d = event.data;
          intents.push(insertOnce('drill_figure_enterprises', at, {
            uscc: d.uscc, district_code: d.districtCode, sector: d.sector, high_risk: d.highRisk, registered_date: cstDate(d.registeredAt), closed_date: null,
          }));
          break;
        }
        case 'EnterpriseClosed': {
          const closed = cstDate(event.data.closedAt);
          intents.push(updateRow('drill_figure_enterprises', at, { uscc: event.data.uscc }, (row) => ({ ...row, closed_date: closed })));
          break;
        }
        default:
          break; // the other enterprise events change no drill figure
      }
    }
    await applyRowIntents(em, intents);
  }
}
