import { ConflictException, Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  accidentDecider,
  accidentEventOccurredAt,
  accidentStreamId,
  DomainError,
  enterpriseDecider,
  enterpriseStreamId,
  type AccidentCommand,
  type EnterpriseEvent,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { ReportAccidentDto } from './accident.dto.js';

/** Namespace of accident ids derived from an `Idempotency-Key` (UUID v5). */
const ACCIDENT_ID_NAMESPACE = '6d1c2f4e-8a3b-4c5d-9e7f-0a1b2c3d4e5f';

/** ReportAccident at the app edge. The result carries the accident id (chosen by the client or made here). */
export class ReportAccidentCommand extends Command<{ accidentId: string; result: AppendResult }> {
  constructor(
    readonly body: ReportAccidentDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Loads what ReportAccident is judged against — the district and sector codes of the reference data
 * and, when an enterprise is named, its state folded from its stream — and hands them to the
 * accident decider. An accident already reported under the id is `409 accident_exists`.
 */
@CommandHandler(ReportAccidentCommand)
export class ReportAccidentHandler implements ICommandHandler<ReportAccidentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: ReportAccidentCommand): Promise<{ accidentId: string; result: AppendResult }> {
    // With an Idempotency-Key the server-made id is derived from it, so a retry names the same accident.
    const accidentId =
      body.accidentId?.toLowerCase() ?? (context.idempotencyKey ? uuidv5(context.idempotencyKey, ACCIDENT_ID_NAMESPACE) : uuidv7());
    const enterprise =
      body.enterpriseUscc === undefined
        ? null
        : (await this.store.readStream(enterpriseStreamId(body.enterpriseUscc)))
            .map(toDomainEvent<EnterpriseEvent>)
            .reduce(enterpriseDecider.evolve, enterpriseDecider.initialState);
    const command: AccidentCommand = {
      type: 'ReportAccident',
      data: {
        accidentId,
        districtCode: body.districtCode,
        sector: body.sector,
        enterpriseUscc: body.enterpriseUscc ?? null,
        occurredAt: body.occurredAt,
        deaths: body.deaths,
        seriousInjuries: body.seriousInjuries,
        directLossFen: body.directLossFen,
        summary: body.summary,
      },
      context: { districtCodes: this.reference.districtCodes, sectors: new Set(this.reference.sectors.keys()), enterprise },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    try {
      const result = await handleCommand(this.store, {
        streamId: accidentStreamId(accidentId),
        decider: accidentDecider,
        command,
        expectedRevision: context.expectedRevision,
        idempotencyKey: context.idempotencyKey,
        occurredAt: accidentEventOccurredAt,
      });
      return { accidentId, result };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'accident_exists') {
        throw new ConflictException({ error: error.code, message: error.message });
      }
      throw error;
    }
  }
}
