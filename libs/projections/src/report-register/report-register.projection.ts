import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, REPORT_EVENT_TYPES, type ReportEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects whistle-blower reports into `report_register`: one row per report, updated by each event
 * whose stream revision is newer than the row's (a replay changes nothing). The reporter's identity
 * envelope is never copied: the row keeps only `has_identity`, `identity_shredded`, `identity_reads`.
 */
export class ReportRegisterProjection implements Projection {
  readonly name = 'report-register';
  readonly eventTypes: ReadonlySet<string> = new Set(REPORT_EVENT_TYPES);

  /** Applies a batch in global order. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ReportEvent;
      const revision = recorded.revision.toString();
      // Each update applies only to a row at an older revision of the same stream.
      const update = (set: string, values: unknown[]) =>
        em.query(`UPDATE report_register SET ${set}, revision = $2 WHERE report_id = $1 AND revision < $2`, [event.data.reportId, revision, ...values]);
      switch (event.type) {
        case 'ReportReceived': {
          const d = event.data;
          await em.query(
            `INSERT INTO report_register (report_id, stream_id, revision, district_code, sector, enterprise_uscc, channel, summary,
               received_at, received_date, has_identity, status)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'received') ON CONFLICT (report_id) DO NOTHING`,
            [d.reportId, recorded.streamId, revision, d.districtCode, d.sector, d.enterpriseUscc, d.channel, d.summary, d.receivedAt, cstDate(d.receivedAt), d.reporterIdentity !== null],
          );
          break;
        }
        case 'ReportVerified': {
          const d = event.data;
          await update("status = 'verified', substantiated = $3, hazard_id = $4, fine_fen = $5, verified_at = $6, verified_date = $7", [
            d.substantiated, d.hazardId, d.fineFen, d.verifiedAt, cstDate(d.verifiedAt),
          ]);
          break;
        }
        case 'RewardPaid': {
          const d = event.data;
          await update("status = 'rewarded', reward_fen = $3, suggested_fen = $4, override_reason = $5, paid_at = $6, paid_date = $7", [
            d.amountFen, d.suggestedFen, d.overrideReason, d.paidAt, cstDate(d.paidAt),
          ]);
          break;
        }
        case 'ReporterIdentityRead':
          await update('identity_reads = identity_reads + 1', []);
          break;
        case 'ReporterIdentityShredded':
          await update('identity_shredded = true', []);
          break;
        default: {
          const unhandled: never = event;
          throw new Error(`unhandled report event ${(unhandled as ReportEvent).type}`);
        }
      }
    }
  }
}
