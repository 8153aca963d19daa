import { Inject, NotFoundException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  certificateIdOf,
  certificateStreamId,
  cstYear,
  enterpriseDecider,
  enterpriseStreamId,
  trainingDecider,
  trainingEventOccurredAt,
  trainingStreamId,
  type CommandMetadata,
  type EnterpriseEvent,
  type EnterpriseState,
  type TrainingCommand,
  type TrainingEvent,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { IssueCertificateDto, RecordTrainingDto, RevokeCertificateDto } from './training.dto.js';

/** Namespaces of ids derived from an `Idempotency-Key` (UUID v5), so a retry names the same fact. */
const TRAINING_ID_NAMESPACE = '8a4e2c6f-1b3d-4f5a-9c7e-2d6b8f0a1c53';
const CERTIFICATE_ID_NAMESPACE = 'c2d9e4a1-7f3b-4e8c-a5d0-6b1f9e3c7a24';

/** RecordTraining at the app edge; the result carries the training id. */
export class RecordTrainingCommand extends Command<{ trainingId: string; result: AppendResult }> {
  constructor(
    readonly body: RecordTrainingDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** IssueCertificate at the app edge; the result carries the certificate id made here. */
export class IssueCertificateCommand extends Command<{ certificateId: string; result: AppendResult }> {
  constructor(
    readonly body: IssueCertificateDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** RevokeCertificate at the app edge, for the certificate `certificateId`. */
export class RevokeCertificateCommand extends Command<AppendResult> {
  constructor(
    readonly certificateId: string,
    readonly body: RevokeCertificateDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const metadataOf = (context: CommandContext, now: Date): CommandMetadata => ({
  actor: context.actor,
  now: now.toISOString(),
  correlationId: context.correlationId,
  causationId: null,
});

/** Folds an enterprise's state from its own stream (the source of truth, not a read model that may lag). */
async function enterpriseState(store: EventStore, uscc: string): Promise<EnterpriseState> {
  return (await store.readStream(enterpriseStreamId(uscc)))
    .map(toDomainEvent<EnterpriseEvent>)
    .reduce(enterpriseDecider.evolve, enterpriseDecider.initialState);
}

/**
 * RecordTraining on `training-{orgKey}-{yyyy}`: orgKey the enterprise's USCC when one is named, else
 * the district code; yyyy the CST year of completedAt. Hands the decider the enterprise's folded
 * state and the reference data's district and sector codes.
 */
@CommandHandler(RecordTrainingCommand)
export class RecordTrainingHandler implements ICommandHandler<RecordTrainingCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RecordTrainingCommand): Promise<{ trainingId: string; result: AppendResult }> {
    const trainingId =
      body.trainingId?.toLowerCase() ?? (context.idempotencyKey ? uuidv5(context.idempotencyKey, TRAINING_ID_NAMESPACE) : uuidv7());
    const enterpriseUscc = body.enterpriseUscc ?? null;
    const enterprise = enterpriseUscc === null ? null : await enterpriseState(this.store, enterpriseUscc);
    const command: TrainingCommand = {
      type: 'RecordTraining',
      data: {
        trainingId,
        audience: body.audience,
        personRef: body.personRef,
        districtCode: body.districtCode,
        sector: body.sector ?? null,
        enterpriseUscc,
        topic: body.topic,
        completedAt: body.completedAt,
        passed: body.passed,
      },
      context: { enterprise },
      reference: {
        districtCodes: new Set(this.reference.districts.map((d) => d.code)),
        sectorCodes: new Set(this.reference.sectorList.map((s) => s.code)),
      },
      metadata: metadataOf(context, this.clock()),
    };
    const result = await handleCommand(this.store, {
      streamId: trainingStreamId(enterpriseUscc ?? body.districtCode, cstYear(body.completedAt)),
      decider: trainingDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: trainingEventOccurredAt,
    });
    return { trainingId, result };
  }
}

/**
 * IssueCertificate on `training-{uscc}-{yyyy}` (yyyy the CST year of issuedAt); the certificate id
 * `{uscc}-{yyyy}-{uuid}` names that stream, so its revocation finds it.
 */
@CommandHandler(IssueCertificateCommand)
export class IssueCertificateHandler implements ICommandHandler<IssueCertificateCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: IssueCertificateCommand): Promise<{ certificateId: string; result: AppendResult }> {
    const year = cstYear(body.issuedAt);
    const uuid = context.idempotencyKey ? uuidv5(context.idempotencyKey, CERTIFICATE_ID_NAMESPACE) : uuidv7();
    const certificateId = certificateIdOf(body.enterpriseUscc, year, uuid);
    const command: TrainingCommand = {
      type: 'IssueCertificate',
      data: {
        certificateId,
        personRef: body.personRef,
        enterpriseUscc: body.enterpriseUscc,
        operationType: body.operationType,
        issuedAt: body.issuedAt,
        validUntil: body.validUntil ?? null,
      },
      context: { enterprise: await enterpriseState(this.store, body.enterpriseUscc) },
      metadata: metadataOf(context, this.clock()),
    };
    const result = await handleCommand(this.store, {
      streamId: trainingStreamId(body.enterpriseUscc, year),
      decider: trainingDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: trainingEventOccurredAt,
    });
    return { certificateId, result };
  }
}

/**
 * RevokeCertificate on the stream the certificate id names.
 * @throws NotFoundException (404) for an id of another form or a certificate not issued in that stream
 */
@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificateCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ certificateId, body, context }: RevokeCertificateCommand): Promise<AppendResult> {
    const streamId = certificateStreamId(certificateId);
    const issued =
      streamId !== null &&
      (await this.store.readStream(streamId))
        .map(toDomainEvent<TrainingEvent>)
        .some((e) => e.type === 'CertificateIssued' && e.data.certificateId === certificateId);
    if (streamId === null || !issued) throw new NotFoundException(`no certificate ${certificateId}`);
    return handleCommand(this.store, {
      streamId,
      decider: trainingDecider,
      command: {
        type: 'RevokeCertificate',
        data: { certificateId, revokedAt: body.revokedAt, reason: body.reason },
        metadata: metadataOf(context, this.clock()),
      },
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: trainingEventOccurredAt,
    });
  }
}
