import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand } from '#command-handling';
import { publicityDecider, publicityEventOccurredAt, publicityStreamId, type PublicityCommand, type PublicityReference } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { RecordDemonstrationSiteDto, RecordLectureDto, RecordScienceHallDto } from './publicity.dto.js';

/** Namespace of ids derived from an `Idempotency-Key` (UUID v5), so a retry names the same fact. */
const PUBLICITY_ID_NAMESPACE = '3f8b1c2d-6e4a-4b7c-8d9e-0a1b2c3d4e5f';

/** One publicity fact at the app edge: which command and its body; the result carries the id made here. */
export class RecordPublicityCommand extends Command<{ id: string; result: AppendResult }> {
  constructor(
    readonly kind: 'lecture' | 'site' | 'hall',
    readonly body: RecordLectureDto | RecordDemonstrationSiteDto | RecordScienceHallDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * RecordLecture / RecordDemonstrationSite / RecordScienceHall on `publicity-{districtCode}-{CST year of
 * the fact}`, with the reference data's district and sector codes handed to the decider.
 */
@CommandHandler(RecordPublicityCommand)
export class RecordPublicityHandler implements ICommandHandler<RecordPublicityCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ kind, body, context }: RecordPublicityCommand): Promise<{ id: string; result: AppendResult }> {
    const id = context.idempotencyKey ? uuidv5(`${kind}:${context.idempotencyKey}`, PUBLICITY_ID_NAMESPACE) : uuidv7();
    const reference: PublicityReference = {
      districtCodes: new Set(this.reference.districts.map((d) => d.code)),
      sectorCodes: new Set(this.reference.sectorList.map((s) => s.code)),
    };
    const metadata = { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null };
    let command: PublicityCommand;
    let at: string;
    if (kind === 'lecture') {
      const b = body as RecordLectureDto;
      at = b.heldAt;
      command = { type: 'RecordLecture', data: { lectureId: id, districtCode: b.districtCode, sector: b.sector ?? null, topic: b.topic, audienceSize: b.audienceSize, heldAt: b.heldAt }, reference, metadata };
    } else if (kind === 'site') {
      const b = body as RecordDemonstrationSiteDto;
      at = b.builtAt;
      command = { type: 'RecordDemonstrationSite', data: { siteId: id, districtCode: b.districtCode, setting: b.setting, name: b.name, builtAt: b.builtAt }, reference, metadata };
    } else {
      const b = body as RecordScienceHallDto;
      at = b.establishedAt;
      command = { type: 'RecordScienceHall', data: { hallId: id, districtCode: b.districtCode, level: b.level, name: b.name, establishedAt: b.establishedAt }, reference, metadata };
    }
    const result = await handleCommand(this.store, {
      streamId: publicityStreamId(body.districtCode, at),
      decider: publicityDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: publicityEventOccurredAt,
    });
    return { id, result };
  }
}
