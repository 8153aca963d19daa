import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EnterpriseEvent, type TrainingEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, updateRow, type RowIntent } from '../batch/row-intents.js';

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

  readonly batched = true;

  /**
   * Applies a batch in order, set-based. Trainings are keyed by (stream, revision), certificates and
   * enterprises by their id; a revocation or closure sets a date to the same value on replay, so a
   * replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as TrainingEvent | EnterpriseEvent;
      const rev = recorded.revision.toString();
      const at = recorded.position;
      switch (event.type) {
        case 'TrainingRecorded': {
          const d = event.data;
          intents.push(insertOnce('training_figure_trainings', at, {
            stream_id: recorded.streamId, revision: rev, training_id: d.trainingId, audience: d.audience, person_ref: d.personRef,
            district_code: d.districtCode, sector: d.sector, enterprise_uscc: d.enterpriseUscc, completed_date: cstDate(d.completedAt), passed: d.passed,
          }));
          break;
        }
        case 'CertificateIssued': {
          const d = event.data;
          intents.push(insertOnce('training_figure_certificates', at, {
            certificate_id: d.certificateId, stream_id: recorded.streamId, revision: rev, person_ref: d.personRef, enterprise_uscc: d.enterpriseUscc,
            district_code: d.districtCode, sector: d.sector, operation_type: d.operationType, issued_date: cstDate(d.issuedAt), valid_until: d.validUntil,
            revoked_date: null,
          }));
          break;
        }
        case 'CertificateRevoked': {
          const revoked = cstDate(event.data.revokedAt);
          intents.push(updateRow('training_figure_certificates', at, { certificate_id: event.data.certificateId }, (row) => ({ ...row, revoked_date: revoked })));
          break;
        }
        case 'EnterpriseRegistered': {
          const d = event.data;
          intents.push(insertOnce('training_figure_enterprises', at, {
            uscc: d.uscc, district_code: d.districtCode, sector: d.sector, registered_date: cstDate(d.registeredAt), closed_date: null,
          }));
          break;
        }
        case 'EnterpriseClosed': {
          const closed = cstDate(event.data.closedAt);
          intents.push(updateRow('training_figure_enterprises', at, { uscc: event.data.uscc }, (row) => ({ ...row, closed_date: closed })));
          break;
        }
        default:
          break; // the other event types change no training figure
      }
    }
    await applyRowIntents(em, intents);
  }
}
