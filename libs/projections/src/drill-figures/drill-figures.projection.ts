import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type DrillEvent, type EnterpriseEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects drills and the enterprise register into the facts the yearly drill figures are computed
 * from (`drill_figure_*`): the plan's drill frequency (三(四)7 每年至少组织开展1次疏散逃生演练，
 * 高危行业领域每半年至少1次).
 */
export class DrillFiguresProjection implements Projection {
  readonly name = 'drill-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['DrillHeld', 'EnterpriseRegistered', 'EnterpriseClosed']);

  /**
   * Applies a batch in order. A drill row is keyed by (stream, revision) and an enterprise row by its
   * USCC, inserted once; a closure sets the closing date to the same value however often it is
   * replayed: a replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as DrillEvent | EnterpriseEvent;
      switch (event.type) {
        case 'DrillHeld': {
          const d = event.data;
          await em.query(
            `INSERT INTO drill_figure_drills (stream_id, revision, drill_id, enterprise_uscc, district_code, sector, high_risk,
               held_date, participants)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.drillId, d.enterpriseUscc, d.districtCode, d.sector, d.highRisk,
              cstDate(d.heldAt), d.participants],
          );
          break;
        }
        case 'EnterpriseRegistered': {
          const d = event.data;
          await em.query(
            `INSERT INTO drill_figure_enterprises (uscc, district_code, sector, high_risk, registered_date, closed_date)
             VALUES ($1,$2,$3,$4,$5,NULL) ON CONFLICT (uscc) DO NOTHING`,
            [d.uscc, d.districtCode, d.sector, d.highRisk, cstDate(d.registeredAt)],
          );
          break;
        }
        case 'EnterpriseClosed':
          await em.query('UPDATE drill_figure_enterprises SET closed_date = $2 WHERE uscc = $1', [
            event.data.uscc,
            cstDate(event.data.closedAt),
          ]);
          break;
        default:
          break; // the other enterprise events change no drill figure
      }
    }
  }
}
