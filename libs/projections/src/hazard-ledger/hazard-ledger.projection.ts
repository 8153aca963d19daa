import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, HAZARD_EVENT_TYPES, type HazardEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { RowChanges, type Row } from '../batch/row-changes.js';

const TABLE = 'hazard_ledger';

/**
 * Projects hazard streams into `hazard_ledger`: the ledger (台账) and each hazard's current state.
 * Serves the plan's hazard database (三(二)3 健全重大事故隐患数据库).
 */
export class HazardLedgerProjection implements Projection {
  readonly name = 'hazard-ledger';
  readonly eventTypes: ReadonlySet<string> = new Set(HAZARD_EVENT_TYPES);

  readonly batched = true;

  /** Applies a batch of hazard events in order: loads the rows it touches, folds, writes them set-based. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const rows = new RowChanges(em);
    await rows.load(TABLE, events.map((e) => ({ hazard_id: (e.data as { hazardId: string }).hazardId })));
    for (const recorded of events) this.fold(recorded, rows);
    await rows.write();
  }

  private fold(recorded: RecordedEvent, rows: RowChanges): void {
    const event = { type: recorded.type, data: recorded.data } as HazardEvent;
    const rev = recorded.revision;
    const { hazardId, ...rest } = event.data as { hazardId: string } & Record<string, unknown>;
    // The entry as JSON would store it: keys with undefined values dropped.
    const historyEntry = JSON.parse(JSON.stringify({ type: event.type, ...rest })) as Record<string, unknown>;
    const key = { hazard_id: hazardId };
    // Guarded by revision: a replay over live rows (a reset checkpoint) changes nothing.
    const touch = (set: Row) => {
      const row = rows.get(TABLE, key);
      if (!row || BigInt(row['revision'] as string) >= rev) return;
      rows.put(TABLE, recorded.position, {
        ...row,
        ...set,
        history: [...(row['history'] as unknown[]), historyEntry],
        revision: rev.toString(),
        position: recorded.position.toString(),
      });
    };
    switch (event.type) {
      case 'HazardReported': {
        if (rows.get(TABLE, key)) return;
        const d = event.data;
        rows.put(TABLE, recorded.position, {
          hazard_id: d.hazardId,
          enterprise_uscc: d.enterpriseUscc,
          district_code: d.districtCode,
          sector: d.sector,
          grade: d.grade,
          criterion_code: d.criterionCode,
          channel: d.channel,
          title: d.title,
          description: d.description,
          status: 'reported',
          discovered_at: d.discoveredAt,
          discovered_date: cstDate(d.discoveredAt),
          deadline: null,
          closed_at: null,
          plan: null,
          history: [historyEntry],
          missed_deadlines: [],
          revision: rev.toString(),
          position: recorded.position.toString(),
        });
        return;
      }
      case 'RectificationPlanned': {
        const { deadline, plannedAt, measures, responsiblePerson, fundsFen, emergencyPlan } = event.data;
        const plan = JSON.parse(JSON.stringify({ measures, responsiblePerson, fundsFen, emergencyPlan, plannedAt })) as Row;
        return touch({ status: 'planned', deadline, plan });
      }
      case 'DeadlineExtended':
        return touch({ deadline: event.data.deadline });
      case 'RectificationCompleted':
        return touch({ status: 'completed' });
      case 'RectificationVerified':
        return touch({ status: 'verified' });
      case 'RectificationRejected':
        return touch({ status: 'planned' });
      case 'HazardClosed':
        return touch({ status: 'closed', closed_at: event.data.closedAt });
      case 'HazardReopened':
        return touch({ status: 'planned', closed_at: null, deadline: event.data.deadline });
      case 'HazardEscalated':
      case 'ListedSupervisionOrdered':
      case 'HazardListed':
        return touch({});
      case 'DeadlineMissed': {
        const row = rows.get(TABLE, key);
        return touch({ missed_deadlines: [...((row?.['missed_deadlines'] as unknown[]) ?? []), event.data.deadline] });
      }
      default: {
        const unhandled: never = event;
        throw new Error(`hazard-ledger: unhandled event ${(unhandled as HazardEvent).type}`);
      }
    }
  }
}
