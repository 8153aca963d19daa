import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EnterpriseEvent, type SelfInspectionEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, updateRow, type RowIntent } from '../batch/row-intents.js';

/**
 * Projects self-inspections and the enterprise register into the facts the yearly inspection figures
 * are computed from (`inspection_figure_*`): the 2024 重大事故隐患大排查 (三(二)2), the principal-led
 * inspections and the 日周月 regime.
 */
export class InspectionFiguresProjection implements Projection {
  readonly name = 'inspection-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['SelfInspectionRecorded', 'EnterpriseRegistered', 'EnterpriseClosed']);

  readonly batched = true;

  /**
   * Applies a batch in order, set-based. An inspection row is keyed by (stream, revision) and an
   * enterprise row by its USCC, inserted once; a closure sets the closing date to the same value
   * however often it is replayed: a replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as SelfInspectionEvent | EnterpriseEvent;
      const at = recorded.position;
      switch (event.type) {
        case 'SelfInspectionRecorded': {
          const d = event.data;
          intents.push(insertOnce('inspection_figure_inspections', at, {
            stream_id: recorded.streamId, revision: recorded.revision.toString(), inspection_id: d.inspectionId, enterprise_uscc: d.enterpriseUscc,
            district_code: d.districtCode, sector: d.sector, high_risk: d.highRisk, level: d.level, inspected_date: cstDate(d.inspectedAt),
            hazards_found: d.hazardIds.length,
          }));
          break;
        }
        case 'EnterpriseRegistered': {
          const d = event.data;
          intents.push(insertOnce('inspection_figure_enterprises', at, {
            uscc: d.uscc, district_code: d.districtCode, sector: d.sector, high_risk: d.highRisk, registered_date: cstDate(d.registeredAt), closed_date: null,
          }));
          break;
        }
        case 'EnterpriseClosed': {
          const closed = cstDate(event.data.closedAt);
          intents.push(updateRow('inspection_figure_enterprises', at, { uscc: event.data.uscc }, (row) => ({ ...row, closed_date: closed })));
          break;
        }
        default:
          break; // the other enterprise events change no inspection figure
      }
    }
    await applyRowIntents(em, intents);
  }
}
