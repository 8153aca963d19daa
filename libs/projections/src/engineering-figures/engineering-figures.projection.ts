import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EngineeringEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, type RowIntent } from '../batch/row-intents.js';

/**
 * Projects elevator spot checks and engineering progress into the facts the yearly engineering
 * figures are computed from (`engineering_*`): the plan's safety engineering (三(七)20 安全工程治理).
 */
export class EngineeringFiguresProjection implements Projection {
  readonly name = 'engineering-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['ElevatorSpotChecked', 'EngineeringProgressRecorded']);

  readonly batched = true;

  /** Applies a batch in order, set-based; every row is keyed by (stream, revision) and inserted once: a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as EngineeringEvent;
      const at = recorded.position;
      const key = { stream_id: recorded.streamId, revision: recorded.revision.toString() };
      switch (event.type) {
        case 'ElevatorSpotChecked': {
          const d = event.data;
          intents.push(insertOnce('engineering_elevator_checks', at, { ...key, check_id: d.checkId, district_code: d.districtCode, checked_date: cstDate(d.checkedAt), elevators: d.elevators, defects_found: d.defectsFound }));
          break;
        }
        case 'EngineeringProgressRecorded': {
          const d = event.data;
          intents.push(insertOnce('engineering_progress', at, { ...key, progress_id: d.progressId, district_code: d.districtCode, project: d.project, quantity: d.quantity, area_square_metres: d.areaSquareMetres, completed_date: cstDate(d.completedAt) }));
          break;
        }
        default:
          break;
      }
    }
    await applyRowIntents(em, intents);
  }
}
