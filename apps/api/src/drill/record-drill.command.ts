import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  drillDecider,
  drillEventOccurredAt,
  drillStreamId,
  enterpriseDecider,
  enterpriseStreamId,
  type DrillCommand,
  type EnterpriseEvent,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';
import type { RecordDrillDto } from './drill.dto.js';

/** Namespace of drill ids derived from an `Idempotency-Key` (UUID v5). */
const DRILL_ID_NAMESPACE = '5d0c6a1e-2f4b-4c8e-9b3a-1e7f6d2c9a40';

/** RecordDrill at the app edge. The result carries the drill id made here. */
export class RecordDrillCommand extends Command<{ drillId: string; result: AppendResult }> {
  constructor(
    readonly body: RecordDrillDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Folds the enterprise's state from its stream (the source of truth, not a read model that may lag)
 * and hands RecordDrill to the drill decider on `drill-{uscc}-{CST year of heldAt}`.
 */
@CommandHandler(RecordDrillCommand)
export class RecordDrillHandler implements ICommandHandler<RecordDrillCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RecordDrillCommand): Promise<{ drillId: string; result: AppendResult }> {
    // With an Idempotency-Key the id is derived from it, so a retry names the same drill.
    const drillId = context.idempotencyKey ? uuidv5(context.idempotencyKey, DRILL_ID_NAMESPACE) : uuidv7();
    const enterprise = (await this.store.readStream(enterpriseStreamId(body.enterpriseUscc)))
      .map(toDomainEvent<EnterpriseEvent>)
      .reduce(enterpriseDecider.evolve, enterpriseDecider.initialState);
    const command: DrillCommand = {
      type: 'RecordDrill',
      data: { drillId, enterpriseUscc: body.enterpriseUscc, kind: body.kind, heldAt: body.heldAt, participants: body.participants },
      context: { enterprise },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    const result = await handleCommand(this.store, {
      streamId: drillStreamId(body.enterpriseUscc, body.heldAt),
      decider: drillDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: drillEventOccurredAt,
    });
    return { drillId, result };
  }
}
