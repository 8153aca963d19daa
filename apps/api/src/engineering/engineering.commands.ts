import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand } from '#command-handling';
import { engineeringDecider, engineeringEventOccurredAt, engineeringStreamId, type CommandMetadata, type EngineeringCommand } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { RecordElevatorSpotCheckDto, RecordEngineeringProgressDto } from './engineering.dto.js';

/** Namespaces of ids derived from an `Idempotency-Key` (UUID v5), so a retry names the same fact. */
const CHECK_ID_NAMESPACE = '3f8b2d61-9c4e-4a7b-8e15-6d2a0c9f4b71';
const PROGRESS_ID_NAMESPACE = 'a71c5e92-4d3b-4f08-b6a2-9e0d1c7f3a58';

const metadataOf = (context: CommandContext, now: Date): CommandMetadata => ({
  actor: context.actor,
  now: now.toISOString(),
  correlationId: context.correlationId,
  causationId: null,
});

/** RecordElevatorSpotCheck at the app edge; the result carries the check id made here. */
export class RecordElevatorSpotCheckCommand extends Command<{ checkId: string; result: AppendResult }> {
  constructor(
    readonly body: RecordElevatorSpotCheckDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** RecordEngineeringProgress at the app edge; the result carries the progress id made here. */
export class RecordEngineeringProgressCommand extends Command<{ progressId: string; result: AppendResult }> {
  constructor(
    readonly body: RecordEngineeringProgressDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Hands RecordElevatorSpotCheck to the engineering decider on `engineering-{district}-{CST year of checkedAt}`. */
@CommandHandler(RecordElevatorSpotCheckCommand)
export class RecordElevatorSpotCheckHandler implements ICommandHandler<RecordElevatorSpotCheckCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RecordElevatorSpotCheckCommand): Promise<{ checkId: string; result: AppendResult }> {
    const checkId = context.idempotencyKey ? uuidv5(context.idempotencyKey, CHECK_ID_NAMESPACE) : uuidv7();
    const command: EngineeringCommand = {
      type: 'RecordElevatorSpotCheck',
      data: { checkId, districtCode: body.districtCode, elevators: body.elevators, items: body.items, defectsFound: body.defectsFound, checkedAt: body.checkedAt },
      reference: { districtCodes: new Set(this.reference.districts.map((d) => d.code)) },
      metadata: metadataOf(context, this.clock()),
    };
    const result = await handleCommand(this.store, {
      streamId: engineeringStreamId(body.districtCode, body.checkedAt),
      decider: engineeringDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: engineeringEventOccurredAt,
    });
    return { checkId, result };
  }
}

/** Hands RecordEngineeringProgress to the engineering decider on `engineering-{district}-{CST year of completedAt}`. */
@CommandHandler(RecordEngineeringProgressCommand)
export class RecordEngineeringProgressHandler implements ICommandHandler<RecordEngineeringProgressCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RecordEngineeringProgressCommand): Promise<{ progressId: string; result: AppendResult }> {
    const progressId = context.idempotencyKey ? uuidv5(context.idempotencyKey, PROGRESS_ID_NAMESPACE) : uuidv7();
    const command: EngineeringCommand = {
      type: 'RecordEngineeringProgress',
      data: {
        progressId,
        districtCode: body.districtCode,
        project: body.project,
        quantity: body.quantity,
        areaSquareMetres: body.areaSquareMetres,
        completedAt: body.completedAt,
      },
      reference: { districtCodes: new Set(this.reference.districts.map((d) => d.code)) },
      metadata: metadataOf(context, this.clock()),
    };
    const result = await handleCommand(this.store, {
      streamId: engineeringStreamId(body.districtCode, body.completedAt),
      decider: engineeringDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: engineeringEventOccurredAt,
    });
    return { progressId, result };
  }
}
