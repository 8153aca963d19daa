import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  enterpriseDecider,
  enterpriseStreamId,
  hazardDecider,
  hazardStreamId,
  selfInspectionDecider,
  selfInspectionEventOccurredAt,
  selfInspectionStreamId,
  type EnterpriseEvent,
  type HazardEvent,
  type HazardState,
  type SelfInspectionCommand,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';
import type { RecordSelfInspectionDto } from './self-inspection.dto.js';

/** Namespace of inspection ids derived from an `Idempotency-Key` (UUID v5). */
const INSPECTION_ID_NAMESPACE = '8b7f2d4e-6a1c-4f3b-9e5d-2c4a6b8d0e17';

/** RecordSelfInspection at the app edge. The result carries the inspection id made here. */
export class RecordSelfInspectionCommand extends Command<{ inspectionId: string; result: AppendResult }> {
  constructor(
    readonly body: RecordSelfInspectionDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Folds the enterprise's state and each named hazard's state from their streams (the source of
 * truth, not read models that may lag) and hands RecordSelfInspection to the self-inspection decider
 * on `inspection-{uscc}-{CST year of inspectedAt}`.
 */
@CommandHandler(RecordSelfInspectionCommand)
export class RecordSelfInspectionHandler implements ICommandHandler<RecordSelfInspectionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RecordSelfInspectionCommand): Promise<{ inspectionId: string; result: AppendResult }> {
    // With an Idempotency-Key the id is derived from it, so a retry names the same inspection.
    const inspectionId = context.idempotencyKey ? uuidv5(context.idempotencyKey, INSPECTION_ID_NAMESPACE) : uuidv7();
    const enterprise = (await this.store.readStream(enterpriseStreamId(body.enterpriseUscc)))
      .map(toDomainEvent<EnterpriseEvent>)
      .reduce(enterpriseDecider.evolve, enterpriseDecider.initialState);
    // Hazard streams are named by the lower-case id (as the hazard routes do).
    const hazardIds = body.hazardIds.map((id) => id.toLowerCase());
    const hazards: Record<string, HazardState> = {};
    for (const id of new Set(hazardIds)) {
      hazards[id] = (await this.store.readStream(hazardStreamId(id)))
        .map(toDomainEvent<HazardEvent>)
        .reduce(hazardDecider.evolve, hazardDecider.initialState);
    }
    const command: SelfInspectionCommand = {
      type: 'RecordSelfInspection',
      data: { inspectionId, enterpriseUscc: body.enterpriseUscc, level: body.level, inspectedAt: body.inspectedAt, hazardIds, findings: body.findings },
      context: { enterprise, hazards },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    const result = await handleCommand(this.store, {
      streamId: selfInspectionStreamId(body.enterpriseUscc, body.inspectedAt),
      decider: selfInspectionDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: selfInspectionEventOccurredAt,
    });
    return { inspectionId, result };
  }
}
