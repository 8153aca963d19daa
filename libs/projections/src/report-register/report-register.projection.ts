import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, REPORT_EVENT_TYPES, type ReportEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, updateRow, type RowIntent } from '../batch/row-intents.js';
import type { Row } from '../batch/row-changes.js';

const TABLE = 'report_register';

/**
 * Projects whistle-blower reports into `report_register`: one row per report, updated by each event
 * whose stream revision is newer than the row's (a replay changes nothing). The reporter's identity
 * envelope is never copied: the row keeps only `has_identity`, `identity_shredded`, `identity_reads`.
 */
export class ReportRegisterProjection implements Projection {
  readonly name = 'report-register';
  readonly eventTypes: ReadonlySet<string> = new Set(REPORT_EVENT_TYPES);

  readonly batched = true;

  /** Applies a batch in global order, set-based. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ReportEvent;
      const revision = recorded.revision.toString();
      const at = recorded.position;
      // Each update applies only to a row at an older revision of the same stream.
      const update = (set: (row: Row) => Row) =>
        intents.push(updateRow(TABLE, at, { report_id: event.data.reportId }, (row) =>
          BigInt(row['revision'] as string) < recorded.revision ? { ...set(row), revision } : null,
        ));
      switch (event.type) {
        case 'ReportReceived': {
          const d = event.data;
          intents.push(insertOnce(TABLE, at, {
            report_id: d.reportId, stream_id: recorded.streamId, revision, district_code: d.districtCode, sector: d.sector,
            enterprise_uscc: d.enterpriseUscc, channel: d.channel, summary: d.summary, received_at: d.receivedAt, received_date: cstDate(d.receivedAt),
            has_identity: d.reporterIdentity !== null, identity_shredded: false, identity_reads: 0, status: 'received',
          }));
          break;
        }
        case 'ReportVerified': {
          const d = event.data;
          update((row) => ({
            ...row, status: 'verified', substantiated: d.substantiated, hazard_id: d.hazardId, fine_fen: d.fineFen,
            verified_at: d.verifiedAt, verified_date: cstDate(d.verifiedAt),
          }));
          break;
        }
        case 'RewardPaid': {
          const d = event.data;
          update((row) => ({
            ...row, status: 'rewarded', reward_fen: d.amountFen, suggested_fen: d.suggestedFen, override_reason: d.overrideReason,
            paid_at: d.paidAt, paid_date: cstDate(d.paidAt),
          }));
          break;
        }
        case 'ReporterIdentityRead':
          update((row) => ({ ...row, identity_reads: String(Number(row['identity_reads']) + 1) }));
          break;
        case 'ReporterIdentityShredded':
          update((row) => ({ ...row, identity_shredded: true }));
          break;
        default: {
          const unhandled: never = event;
          throw new Error(`unhandled report event ${(unhandled as ReportEvent).type}`);
        }
      }
    }
    await applyRowIntents(em, intents);
  }
}
