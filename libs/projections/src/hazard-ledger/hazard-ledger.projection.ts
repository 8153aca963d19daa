import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, HAZARD_EVENT_TYPES, type HazardEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects hazard streams into `hazard_ledger`: the ledger (台账) and each hazard's current state.
 * Serves the plan's hazard database (三(二)3 健全重大事故隐患数据库).
 */
export class HazardLedgerProjection implements Projection {
  readonly name = 'hazard-ledger';
  readonly eventTypes: ReadonlySet<string> = new Set(HAZARD_EVENT_TYPES);

  /** Applies a batch of hazard events in order. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) await this.applyOne(recorded, em);
  }

  private async applyOne(recorded: RecordedEvent, em: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as HazardEvent;
    const rev = recorded.revision.toString();
    const pos = recorded.position.toString();
    const { hazardId, ...rest } = event.data as { hazardId: string } & Record<string, unknown>;
    const historyEntry = JSON.stringify([{ type: event.type, ...rest }]);
    // Guarded by revision: a replay over live rows (a reset checkpoint) changes nothing.
    const touch = async (set: string, params: unknown[]) => {
      await em.query(
        `UPDATE hazard_ledger SET ${set}${set ? ', ' : ''}history = history || $2::jsonb, revision = $3, position = $4
         WHERE hazard_id = $1 AND revision < $3::bigint`,
        [hazardId, historyEntry, rev, pos, ...params],
      );
    };
    switch (event.type) {
      case 'HazardReported': {
        const d = event.data;
        await em.query(
          `INSERT INTO hazard_ledger (hazard_id, enterprise_uscc, district_code, sector, grade, criterion_code, channel,
             title, description, status, discovered_at, discovered_date, history, revision, position)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'reported',$10,$11,$12::jsonb,$13,$14)
           ON CONFLICT (hazard_id) DO NOTHING`,
          [d.hazardId, d.enterpriseUscc, d.districtCode, d.sector, d.grade, d.criterionCode, d.channel, d.title,
            d.description, d.discoveredAt, cstDate(d.discoveredAt), historyEntry, rev, pos],
        );
        return;
      }
      case 'RectificationPlanned': {
        const { deadline, plannedAt, measures, responsiblePerson, fundsFen, emergencyPlan } = event.data;
        const plan = { measures, responsiblePerson, fundsFen, emergencyPlan, plannedAt };
        return touch(`status = 'planned', deadline = $5, plan = $6::jsonb`, [deadline, JSON.stringify(plan)]);
      }
      case 'DeadlineExtended':
        return touch('deadline = $5', [event.data.deadline]);
      case 'RectificationCompleted':
        return touch(`status = 'completed'`, []);
      case 'RectificationVerified':
        return touch(`status = 'verified'`, []);
      case 'RectificationRejected':
        return touch(`status = 'planned'`, []);
      case 'HazardClosed':
        return touch(`status = 'closed', closed_at = $5`, [event.data.closedAt]);
      case 'HazardReopened':
        return touch(`status = 'planned', closed_at = NULL, deadline = $5`, [event.data.deadline]);
      case 'HazardEscalated':
      case 'ListedSupervisionOrdered':
      case 'HazardListed':
        return touch('', []);
      case 'DeadlineMissed':
        return touch('missed_deadlines = missed_deadlines || $5::jsonb', [JSON.stringify([event.data.deadline])]);
      default: {
        const unhandled: never = event;
        throw new Error(`hazard-ledger: unhandled event ${(unhandled as HazardEvent).type}`);
      }
    }
  }
}
