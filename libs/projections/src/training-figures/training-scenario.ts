/**
 * Test helper: training commands run through the real decider and `handleCommand`, so projection and
 * query tests read events exactly as the API would have appended them. Only tests import it.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  certificateIdOf,
  certificateStreamId,
  cstYear,
  enterpriseDecider,
  enterpriseStreamId,
  fold,
  trainingDecider,
  trainingEventOccurredAt,
  trainingStreamId,
  type EnterpriseEvent,
  type RecordTraining,
  type TrainingAudience,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import { TEST_CITY_ADMIN, TEST_REFERENCE } from '../testing/hazard-scenario.js';

const meta = (now: string) => ({ actor: TEST_CITY_ADMIN, now, correlationId: randomUUID(), causationId: null });
const reference = { districtCodes: TEST_REFERENCE.districtCodes, sectorCodes: new Set(TEST_REFERENCE.sectors.keys()) };

/** Records trainings and issues and revokes certificates as city_admin, `now` just after each fact. */
export class TrainingScenario {
  constructor(private readonly store: EventStore) {}

  /** RecordTraining; the enterprise (when named) is folded from its stream. */
  async train(input: {
    audience: TrainingAudience;
    personRef: string;
    districtCode: string;
    enterpriseUscc?: string;
    sector?: string;
    completedAt: string;
    passed?: boolean;
  }): Promise<{ trainingId: string; result: AppendResult }> {
    const trainingId = randomUUID();
    const uscc = input.enterpriseUscc ?? null;
    const enterprise = uscc === null ? null : await this.enterprise(uscc);
    const command: RecordTraining = {
      type: 'RecordTraining',
      data: {
        trainingId,
        audience: input.audience,
        personRef: input.personRef,
        districtCode: input.districtCode,
        sector: input.sector ?? null,
        enterpriseUscc: uscc,
        topic: '安全生产培训',
        completedAt: input.completedAt,
        passed: input.passed ?? true,
      },
      context: { enterprise },
      reference,
      metadata: meta(input.completedAt),
    };
    const result = await handleCommand(this.store, {
      streamId: trainingStreamId(uscc ?? input.districtCode, cstYear(input.completedAt)),
      decider: trainingDecider,
      command,
      occurredAt: trainingEventOccurredAt,
    });
    return { trainingId, result };
  }

  /** IssueCertificate; returns the certificate id. */
  async issue(input: { personRef: string; enterpriseUscc: string; issuedAt: string; validUntil?: string }): Promise<string> {
    const certificateId = certificateIdOf(input.enterpriseUscc, cstYear(input.issuedAt), randomUUID());
    await handleCommand(this.store, {
      streamId: trainingStreamId(input.enterpriseUscc, cstYear(input.issuedAt)),
      decider: trainingDecider,
      command: {
        type: 'IssueCertificate',
        data: {
          certificateId,
          personRef: input.personRef,
          enterpriseUscc: input.enterpriseUscc,
          operationType: '电工作业/低压电工作业',
          issuedAt: input.issuedAt,
          validUntil: input.validUntil ?? null,
        },
        context: { enterprise: await this.enterprise(input.enterpriseUscc) },
        metadata: meta(input.issuedAt),
      },
      occurredAt: trainingEventOccurredAt,
    });
    return certificateId;
  }

  /** RevokeCertificate, on the stream the id names. */
  revoke(certificateId: string, revokedAt: string): Promise<AppendResult> {
    return handleCommand(this.store, {
      streamId: certificateStreamId(certificateId)!,
      decider: trainingDecider,
      command: { type: 'RevokeCertificate', data: { certificateId, revokedAt, reason: '违章作业' }, metadata: meta(revokedAt) },
      occurredAt: trainingEventOccurredAt,
    });
  }

  private async enterprise(uscc: string) {
    const history = await this.store.readStream(enterpriseStreamId(uscc));
    return fold(enterpriseDecider, history.map((e) => toDomainEvent<EnterpriseEvent>(e)));
  }
}
