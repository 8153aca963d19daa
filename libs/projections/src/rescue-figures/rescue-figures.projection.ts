import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type RescueEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects a district's rescue capacity into the facts the rescue figures are computed from
 * (`rescue_figure_*`): the plan's rescue targets (三(五)14: 应急救援队伍, 村(社区)应急救援站(点),
 * 专业救援队伍 built; 2024 18,000 救援装备 sets distributed).
 */
export class RescueFiguresProjection implements Projection {
  readonly name = 'rescue-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['RescueTeamEstablished', 'EquipmentDistributed']);

  /** Applies a batch in order; each row is keyed by (stream, revision) and inserted once: a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as RescueEvent;
      switch (event.type) {
        case 'RescueTeamEstablished': {
          const d = event.data;
          await em.query(
            `INSERT INTO rescue_figure_teams (stream_id, revision, team_id, district_code, level, sector, unit_ref, members, established_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.teamId, d.districtCode, d.level, d.sector, d.unitRef, d.members,
              cstDate(d.establishedAt)],
          );
          break;
        }
        case 'EquipmentDistributed': {
          const d = event.data;
          await em.query(
            `INSERT INTO rescue_figure_distributions (stream_id, revision, distribution_id, district_code, sets, recipient_level, distributed_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.distributionId, d.districtCode, d.sets, d.recipientLevel,
              cstDate(d.distributedAt)],
          );
          break;
        }
        default:
          break;
      }
    }
  }
}
