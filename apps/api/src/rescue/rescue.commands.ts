import { ConflictException, Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand } from '#command-handling';
import {
  DomainError,
  rescueDecider,
  rescueEventOccurredAt,
  rescueStreamId,
  type CommandMetadata,
  type RescueCommand,
  type RescueReference,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { DistributeEquipmentDto, EstablishRescueTeamDto } from './rescue.dto.js';

/** Namespace of team and distribution ids derived from an `Idempotency-Key` (UUID v5). */
const RESCUE_ID_NAMESPACE = '8b1e2f60-7c3d-4a9e-b5f2-3d6c9e1a7b40';

/** EstablishRescueTeam at the app edge. The result carries the team id made here. */
export class EstablishRescueTeamCommand extends Command<{ teamId: string; result: AppendResult }> {
  constructor(
    readonly body: EstablishRescueTeamDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** DistributeEquipment at the app edge. The result carries the distribution id made here. */
export class DistributeEquipmentCommand extends Command<{ distributionId: string; result: AppendResult }> {
  constructor(
    readonly body: DistributeEquipmentDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const newId = (context: CommandContext, salt: string): string =>
  context.idempotencyKey ? uuidv5(`${salt}:${context.idempotencyKey}`, RESCUE_ID_NAMESPACE) : uuidv7();

const metadataOf = (context: CommandContext, now: Date): CommandMetadata => ({
  actor: context.actor,
  now: now.toISOString(),
  correlationId: context.correlationId,
  causationId: null,
});

const referenceOf = (reference: ReferenceData): RescueReference => ({
  districtCodes: new Set(reference.districts.map((d) => d.code)),
  sectorCodes: new Set(reference.sectorList.map((s) => s.code)),
});

/** Runs a rescue command on `rescue-{districtCode}`; `team_exists` and `distribution_exists` answer 409. */
async function runRescue(store: EventStore, command: RescueCommand, context: CommandContext): Promise<AppendResult> {
  try {
    return await handleCommand(store, {
      streamId: rescueStreamId(command.data.districtCode),
      decider: rescueDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: rescueEventOccurredAt,
    });
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'team_exists' || error.code === 'distribution_exists')) {
      throw new ConflictException({ error: error.code, message: error.message });
    }
    throw error;
  }
}

/** Hands EstablishRescueTeam to the rescue decider on `rescue-{districtCode}` with the reference data's codes. */
@CommandHandler(EstablishRescueTeamCommand)
export class EstablishRescueTeamHandler implements ICommandHandler<EstablishRescueTeamCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: EstablishRescueTeamCommand): Promise<{ teamId: string; result: AppendResult }> {
    const teamId = newId(context, 'team');
    const command: RescueCommand = {
      type: 'EstablishRescueTeam',
      data: {
        teamId,
        districtCode: body.districtCode,
        level: body.level,
        sector: body.sector ?? null,
        unitRef: body.unitRef ?? null,
        members: body.members,
        establishedAt: body.establishedAt,
      },
      reference: referenceOf(this.reference),
      metadata: metadataOf(context, this.clock()),
    };
    return { teamId, result: await runRescue(this.store, command, context) };
  }
}

/** Hands DistributeEquipment to the rescue decider on `rescue-{districtCode}`. */
@CommandHandler(DistributeEquipmentCommand)
export class DistributeEquipmentHandler implements ICommandHandler<DistributeEquipmentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: DistributeEquipmentCommand): Promise<{ distributionId: string; result: AppendResult }> {
    const distributionId = newId(context, 'distribution');
    const command: RescueCommand = {
      type: 'DistributeEquipment',
      data: {
        distributionId,
        districtCode: body.districtCode,
        sets: body.sets,
        recipientLevel: body.recipientLevel,
        distributedAt: body.distributedAt,
      },
      reference: referenceOf(this.reference),
      metadata: metadataOf(context, this.clock()),
    };
    return { distributionId, result: await runRescue(this.store, command, context) };
  }
}
