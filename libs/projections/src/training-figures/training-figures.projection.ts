import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EnterpriseEvent, type TrainingEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects trainings, certificates and the enterprise register into the facts the yearly training
 * figures are computed from (`training_figure_*`): the plan's training targets (task 6 主要负责人
 * 培训覆盖, 特种作业人员持证上岗, 高危行业领域培训考核合格率, 党政领导干部和执法人员培训).
 */
export class TrainingFiguresProjection implements Projection {
  readonly name = 'training-figures';
  readonly eventTypes: ReadonlySet<string> = new Set([
    'TrainingRecorded',
    'CertificateIssued',
    'CertificateRevoked',
    'EnterpriseRegistered',
    'EnterpriseClosed',
  ]);

  /**
   * Applies a batch in order. Trainings are keyed by (stream, revision), certificates and
   * enterprises by their id; a revocation or closure sets a date to the same value on replay, so a
   * replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as TrainingEvent | EnterpriseEvent;
      const rev = recorded.revision.toString();
      switch (event.type) {
        case 'TrainingRecorded': {
          const d = event.data;
          await em.query(
            `INSERT INTO training_figure_trainings (stream_id, revision, training_id, audience, person_ref, district_code,
               sector, enterprise_uscc, completed_date, passed) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING`,
            [recorded.streamId, rev, d.trainingId, d.audience, d.personRef, d.districtCode, d.sector, d.enterpriseUscc, cstDate(d.completedAt), d.passed],
          );
          break;
        }
        case 'CertificateIssued': {
          const d = event.data;
          await em.query(
            `INSERT INTO training_figure_certificates (certificate_id, stream_id, revision, person_ref, enterprise_uscc,
               district_code, sector, operation_type, issued_date, valid_until, revoked_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,NULL) ON CONFLICT DO NOTHING`,
            [d.certificateId, recorded.streamId, rev, d.personRef, d.enterpriseUscc, d.districtCode, d.sector, d.operationType, cstDate(d.issuedAt), d.validUntil],
          );
          break;
        }
        case 'CertificateRevoked':
          await em.query('UPDATE training_figure_certificates SET revoked_date = $2 WHERE certificate_id = $1', [
            event.data.certificateId,
            cstDate(event.data.revokedAt),
          ]);
          break;
        case 'EnterpriseRegistered': {
          const d = event.data;
          await em.query(
            `INSERT INTO training_figure_enterprises (uscc, district_code, sector, registered_date, closed_date)
             VALUES ($1,$2,$3,$4,NULL) ON CONFLICT DO NOTHING`,
            [d.uscc, d.districtCode, d.sector, cstDate(d.registeredAt)],
          );
          break;
        }
        case 'EnterpriseClosed':
          await em.query('UPDATE training_figure_enterprises SET closed_date = $2 WHERE uscc = $1', [event.data.uscc, cstDate(event.data.closedAt)]);
          break;
        default:
          break; // the other event types change no training figure
      }
    }
  }
}
