import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EngineeringEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects elevator spot checks and engineering progress into the facts the yearly engineering
 * figures are computed from (`engineering_*`): the plan's safety engineering (三(七)20 安全工程治理).
 */
export class EngineeringFiguresProjection implements Projection {
  readonly name = 'engineering-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['ElevatorSpotChecked', 'EngineeringProgressRecorded']);

  /** Applies a batch in order; every row is keyed by (stream, revision) and inserted once: a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as EngineeringEvent;
      switch (event.type) {
        case 'ElevatorSpotChecked': {
          const d = event.data;
          await em.query(
            `INSERT INTO engineering_elevator_checks (stream_id, revision, check_id, district_code, checked_date, elevators, defects_found)
             VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.checkId, d.districtCode, cstDate(d.checkedAt), d.elevators, d.defectsFound],
          );
          break;
        }
        case 'EngineeringProgressRecorded': {
          const d = event.data;
          await em.query(
            `INSERT INTO engineering_progress (stream_id, revision, progress_id, district_code, project, quantity, area_square_metres, completed_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.progressId, d.districtCode, d.project, d.quantity, d.areaSquareMetres,
              cstDate(d.completedAt)],
          );
          break;
        }
        default:
          break;
      }
    }
  }
}
