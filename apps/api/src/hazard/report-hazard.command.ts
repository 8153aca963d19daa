import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  enterpriseDecider,
  enterpriseStreamId,
  hazardDecider,
  hazardEventOccurredAt,
  hazardStreamId,
  type EnterpriseEvent,
  type HazardCommand,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { ReportHazardDto } from './hazard.dto.js';

/** An enterprise's state as its decider folds it. */
type EnterpriseState = typeof enterpriseDecider.initialState;

/** Namespace of hazard ids derived from an `Idempotency-Key` (UUID v5). */
const HAZARD_ID_NAMESPACE = 'b3f7a8e2-5c1d-4f0e-9a6b-7d2c8e4f1a30';

/** ReportHazard at the app edge. The result carries the hazard id (chosen by the client or made here). */
export class ReportHazardCommand extends Command<{ hazardId: string; result: AppendResult }> {
  constructor(
    readonly body: ReportHazardDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Loads what ReportHazard is judged against — the enterprise's state (folded from its stream, the
 * source of truth, not a read model that may lag) and the criterion from the catalogue — and hands it
 * to the hazard decider.
 */
@CommandHandler(ReportHazardCommand)
export class ReportHazardHandler implements ICommandHandler<ReportHazardCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: ReportHazardCommand): Promise<{ hazardId: string; result: AppendResult }> {
    // With an Idempotency-Key the server-made id is derived from it, so a retry names the same hazard.
    const hazardId =
      body.hazardId?.toLowerCase() ?? (context.idempotencyKey ? uuidv5(context.idempotencyKey, HAZARD_ID_NAMESPACE) : uuidv7());
    const found = body.criterionCode ? this.reference.criterionByCode(body.criterionCode) : undefined;
    const criterion = found ? { code: found.code, sectors: found.appliesToSectors, effectiveFrom: found.effectiveFrom } : null;
    const metadata = { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null };
    const reportFor = (enterprise: EnterpriseState): HazardCommand => ({
      type: 'ReportHazard',
      data: {
        hazardId,
        enterpriseUscc: body.enterpriseUscc,
        grade: body.grade,
        criterionCode: body.criterionCode ?? null,
        channel: body.channel,
        title: body.title,
        description: body.description,
        discoveredAt: body.discoveredAt,
      },
      context: { enterprise, criterion },
      metadata,
    });
    const result = await handleCommand(this.store, {
      streamId: hazardStreamId(hazardId),
      decider: hazardDecider,
      command: reportFor(enterpriseDecider.initialState),
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: hazardEventOccurredAt,
      // The enterprise's state is folded from its stream (the source of truth, not a read model that
      // may lag), read in the same statement as the hazard's on every attempt.
      readAlso: {
        streamIds: [enterpriseStreamId(body.enterpriseUscc)],
        prepare: ([enterpriseEvents]) =>
          reportFor(enterpriseEvents!.map(toDomainEvent<EnterpriseEvent>).reduce(enterpriseDecider.evolve, enterpriseDecider.initialState)),
      },
    });
    return { hazardId, result };
  }
}
