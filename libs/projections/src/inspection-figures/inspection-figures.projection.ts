import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EnterpriseEvent, type SelfInspectionEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects self-inspections and the enterprise register into the facts the yearly inspection figures
 * are computed from (`inspection_figure_*`): the 2024 重大事故隐患大排查 (三(二)2), the principal-led
 * inspections and the 日周月 regime.
 */
export class InspectionFiguresProjection implements Projection {
  readonly name = 'inspection-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['SelfInspectionRecorded', 'EnterpriseRegistered', 'EnterpriseClosed']);

  /**
   * Applies a batch in order. An inspection row is keyed by (stream, revision) and an enterprise row
   * by its USCC, inserted once; a closure sets the closing date to the same value however often it
   * is replayed: a replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as SelfInspectionEvent | EnterpriseEvent;
      switch (event.type) {
        case 'SelfInspectionRecorded': {
          const d = event.data;
          await em.query(
            `INSERT INTO inspection_figure_inspections (stream_id, revision, inspection_id, enterprise_uscc, district_code, sector,
               high_risk, level, inspected_date, hazards_found)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.inspectionId, d.enterpriseUscc, d.districtCode, d.sector, d.highRisk,
              d.level, cstDate(d.inspectedAt), d.hazardIds.length],
          );
          break;
        }
        case 'EnterpriseRegistered': {
          const d = event.data;
          await em.query(
            `INSERT INTO inspection_figure_enterprises (uscc, district_code, sector, high_risk, registered_date, closed_date)
             VALUES ($1,$2,$3,$4,$5,NULL) ON CONFLICT (uscc) DO NOTHING`,
            [d.uscc, d.districtCode, d.sector, d.highRisk, cstDate(d.registeredAt)],
          );
          break;
        }
        case 'EnterpriseClosed':
          await em.query('UPDATE inspection_figure_enterprises SET closed_date = $2 WHERE uscc = $1', [
            event.data.uscc,
            cstDate(event.data.closedAt),
          ]);
          break;
        default:
          break; // the other enterprise events change no inspection figure
      }
    }
  }
}
