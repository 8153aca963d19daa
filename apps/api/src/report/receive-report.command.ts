import { Inject, ServiceUnavailableException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA, REPORTER_KEK, type ReporterKek } from '#bootstrap';
import { encryptReporterIdentity, handleCommand, toDomainEvent } from '#command-handling';
import { enterpriseDecider, enterpriseStreamId, reportDecider, reportEventOccurredAt, reportStreamId, type EnterpriseEvent, type ReportCommand, type ReporterIdentityEnvelope } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { ReceiveReportDto } from './report.dto.js';
import { ReporterKeys } from './reporter-keys.repository.js';

/** Namespace of report ids derived from an `Idempotency-Key` (UUID v5): a retry names the same report. */
const REPORT_ID_NAMESPACE = '8c0f4a7e-2d1b-4e9a-9b3c-5d6e7f8a9b0c';

/** ReceiveReport at the app edge; the result carries the report id made here. */
export class ReceiveReportCommand extends Command<{ reportId: string; result: AppendResult }> {
  constructor(
    readonly body: ReceiveReportDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Receives a whistle-blower report: makes its id, encrypts the reporter's identity (when given) under a
 * fresh data key, stores the wrapped key in `reporter_keys`, then decides and appends ReportReceived with
 * the envelope only. A refused report leaves no key behind.
 * @throws ServiceUnavailableException (503 `reporter_kek_unconfigured`) for an identity when no KEK is configured
 */
@CommandHandler(ReceiveReportCommand)
export class ReceiveReportHandler implements ICommandHandler<ReceiveReportCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(REPORTER_KEK) private readonly kek: ReporterKek,
    private readonly keys: ReporterKeys,
  ) {}

  async execute({ body, context }: ReceiveReportCommand): Promise<{ reportId: string; result: AppendResult }> {
    const reportId = context.idempotencyKey ? uuidv5(context.idempotencyKey, REPORT_ID_NAMESPACE) : uuidv7();
    const streamId = reportStreamId(reportId);
    const exists = (await this.store.streamRevision(streamId)) !== null;
    let envelope: ReporterIdentityEnvelope | null = null;
    let keyStored = false;
    if (body.reporter !== undefined) {
      if (this.kek.key === null) {
        throw new ServiceUnavailableException({ error: 'reporter_kek_unconfigured', message: 'reports with a reporter identity need REPORTER_KEK to be configured' });
      }
      const sealed = encryptReporterIdentity(body.reporter, reportId, this.kek.key);
      envelope = sealed.envelope;
      // A retry of a report already appended (same Idempotency-Key) keeps its first key: handleCommand answers it unchanged.
      if (!exists) keyStored = await this.keys.insert(reportId, sealed.wrappedKey);
    }
    const enterprise =
      body.enterpriseUscc === undefined
        ? null
        : (await this.store.readStream(enterpriseStreamId(body.enterpriseUscc))).map(toDomainEvent<EnterpriseEvent>).reduce(enterpriseDecider.evolve, enterpriseDecider.initialState);
    const command: ReportCommand = {
      type: 'ReceiveReport',
      data: {
        reportId,
        districtCode: body.districtCode,
        sector: body.sector ?? null,
        enterpriseUscc: body.enterpriseUscc ?? null,
        channel: body.channel,
        summary: body.summary,
        receivedAt: body.receivedAt,
        reporterIdentity: envelope,
      },
      context: { districtCodes: this.reference.districtCodes, sectorCodes: new Set(this.reference.sectors.keys()), enterprise },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    try {
      const result = await handleCommand(this.store, {
        streamId,
        decider: reportDecider,
        command,
        expectedRevision: context.expectedRevision,
        idempotencyKey: context.idempotencyKey,
        occurredAt: reportEventOccurredAt,
      });
      return { reportId, result };
    } catch (error) {
      if (keyStored) await this.keys.delete(reportId);
      throw error;
    }
  }
}
