import { ConflictException, Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  cstYear,
  DomainError,
  enterpriseDecider,
  enterpriseStreamId,
  hazardStreamId,
  supervisionDecider,
  supervisionEventOccurredAt,
  supervisionStreamId,
  type EnterpriseEvent,
  type EnterpriseState,
  type SupervisionCommand,
  type SupervisionEvent,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { RecordEnforcementActionDto, RecordSupervisoryInspectionDto } from './supervision.dto.js';

/** Namespaces of inspection and action ids derived from an `Idempotency-Key` (UUID v5). */
const INSPECTION_ID_NAMESPACE = '3b8e1f52-7c4d-4a09-9e61-2d5f0c8b7a13';
const ACTION_ID_NAMESPACE = '8f2c6d40-1a3b-4e57-b9c8-6e0d4f2a1b95';

/** RecordSupervisoryInspection at the app edge. The result carries the inspection id made here. */
export class RecordSupervisoryInspectionCommand extends Command<{ inspectionId: string; result: AppendResult }> {
  constructor(
    readonly body: RecordSupervisoryInspectionDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** RecordEnforcementAction at the app edge. The result carries the action id made here. */
export class RecordEnforcementActionCommand extends Command<{ actionId: string; result: AppendResult }> {
  constructor(
    readonly body: RecordEnforcementActionDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

async function foldEnterprise(store: EventStore, uscc: string): Promise<EnterpriseState> {
  return (await store.readStream(enterpriseStreamId(uscc))).map(toDomainEvent<EnterpriseEvent>).reduce(enterpriseDecider.evolve, enterpriseDecider.initialState);
}

/** Runs a supervision command on its stream; an id already recorded (a server-made id colliding) is 409. */
async function run(store: EventStore, streamId: string, command: SupervisionCommand, context: CommandContext): Promise<AppendResult> {
  try {
    return await handleCommand(store, {
      streamId,
      decider: supervisionDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: supervisionEventOccurredAt,
    });
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'inspection_exists' || error.code === 'action_exists')) {
      throw new ConflictException({ error: error.code, message: error.message });
    }
    throw error;
  }
}

/**
 * Loads what RecordSupervisoryInspection is judged against — the reference data's districts and
 * sectors, the named enterprise folded from its stream, and which hazards found have a `hazard-{id}`
 * stream — and hands it to the supervision decider on `supervision-{district}-{CST year of inspectedAt}`.
 */
@CommandHandler(RecordSupervisoryInspectionCommand)
export class RecordSupervisoryInspectionHandler implements ICommandHandler<RecordSupervisoryInspectionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RecordSupervisoryInspectionCommand): Promise<{ inspectionId: string; result: AppendResult }> {
    const inspectionId = context.idempotencyKey ? uuidv5(context.idempotencyKey, INSPECTION_ID_NAMESPACE) : uuidv7();
    const enterprise = body.enterpriseUscc === undefined ? null : await foldEnterprise(this.store, body.enterpriseUscc);
    // Hazard ids are UUIDs; streams are named in lower case.
    const hazardsFound = body.hazardsFound.map((id) => id.toLowerCase());
    const existingHazardIds = new Set<string>();
    for (const id of new Set(hazardsFound)) {
      if ((await this.store.streamRevision(hazardStreamId(id))) !== null) existingHazardIds.add(id);
    }
    const command: SupervisionCommand = {
      type: 'RecordSupervisoryInspection',
      data: {
        inspectionId,
        districtCode: body.districtCode,
        enterpriseUscc: body.enterpriseUscc ?? null,
        sector: body.sector ?? null,
        method: body.method,
        specialSupervisionLevel: body.specialSupervisionLevel ?? null,
        inspectedAt: body.inspectedAt,
        hazardsFound,
        findings: body.findings,
      },
      context: { districtCodes: this.reference.districtCodes, sectors: new Set(this.reference.sectors.keys()), enterprise, existingHazardIds },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    const result = await run(this.store, supervisionStreamId(body.districtCode, body.inspectedAt), command, context);
    return { inspectionId, result };
  }
}

/**
 * Loads what RecordEnforcementAction is judged against — the reference data's districts, the
 * enterprise folded from its stream and, when an inspection is named, the inspections recorded in the
 * district in the CST year of decidedAt and the year before — and hands it to the supervision decider
 * on `supervision-{district}-{CST year of decidedAt}`.
 */
@CommandHandler(RecordEnforcementActionCommand)
export class RecordEnforcementActionHandler implements ICommandHandler<RecordEnforcementActionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RecordEnforcementActionCommand): Promise<{ actionId: string; result: AppendResult }> {
    const actionId = context.idempotencyKey ? uuidv5(context.idempotencyKey, ACTION_ID_NAMESPACE) : uuidv7();
    const enterprise = await foldEnterprise(this.store, body.enterpriseUscc);
    const inspectionId = body.inspectionId?.toLowerCase() ?? null;
    const knownInspectionIds = new Set<string>();
    if (inspectionId !== null) {
      const year = cstYear(body.decidedAt);
      for (const streamId of [`supervision-${body.districtCode}-${year - 1}`, `supervision-${body.districtCode}-${year}`]) {
        for (const recorded of await this.store.readStream(streamId)) {
          const event = toDomainEvent<SupervisionEvent>(recorded);
          if (event.type === 'SupervisoryInspectionRecorded') knownInspectionIds.add(event.data.inspectionId);
        }
      }
    }
    const command: SupervisionCommand = {
      type: 'RecordEnforcementAction',
      data: {
        actionId,
        districtCode: body.districtCode,
        enterpriseUscc: body.enterpriseUscc,
        kind: body.kind,
        amountFen: body.amountFen,
        decidedAt: body.decidedAt,
        documentNumber: body.documentNumber,
        inspectionId,
      },
      context: { districtCodes: this.reference.districtCodes, enterprise, knownInspectionIds },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    const result = await run(this.store, supervisionStreamId(body.districtCode, body.decidedAt), command, context);
    return { actionId, result };
  }
}
