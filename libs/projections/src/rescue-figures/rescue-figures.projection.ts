import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type RescueEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, type RowIntent } from '../batch/row-intents.js';

/**
 * Projects a district's rescue capacity into the facts the rescue figures are computed from
 * (`rescue_figure_*`): the plan's rescue targets (三(五)14: 应急救援队伍, 村(社区)应急救援站(点),
 * 专业救援队伍 built; 2024 18,000 救援装备 sets distributed).
 */
export class RescueFiguresProjection implements Projection {
  readonly name = 'rescue-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['RescueTeamEstablished', 'EquipmentDistributed']);

  readonly batched = true;

  /** Applies a batch in order, set-based; each row is keyed by (stream, revision) and inserted once: a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as RescueEvent;
      const at = recorded.position;
      const key = { stream_id: recorded.streamId, revision: recorded.revision.toString() };
      switch (event.type) {
        case 'RescueTeamEstablished': {
          const d = event.data;
          intents.push(insertOnce('rescue_figure_teams', at, { ...key, team_id: d.teamId, district_code: d.districtCode, level: d.level, sector: d.sector, unit_ref: d.unitRef, members: d.members, established_date: cstDate(d.establishedAt) }));
          break;
        }
        case 'EquipmentDistributed': {
          const d = event.data;
          intents.push(insertOnce('rescue_figure_distributions', at, { ...key, distribution_id: d.distributionId, district_code: d.districtCode, sets: d.sets, recipient_level: d.recipientLevel, distributed_date: cstDate(d.distributedAt) }));
          break;
        }
        default:
          break;
      }
    }
    await applyRowIntents(em, intents);
  }
}
