import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE, REFERENCE_DATA } from '#bootstrap';
import { handleCommand } from '#command-handling';
import { enterpriseDecider, enterpriseEventOccurredAt, enterpriseStreamId, type EnterpriseCommand } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { ReferenceData } from '#reference-data';
import type { CommandContext } from '../conventions/command-context.js';
import type { RegisterEnterpriseDto } from './register-enterprise.dto.js';

/** RegisterEnterprise at the app edge: the validated body and the request's command context. */
export class RegisterEnterpriseCommand extends Command<AppendResult> {
  constructor(
    readonly body: RegisterEnterpriseDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Hands RegisterEnterprise to the enterprise decider with the reference data it judges against. */
@CommandHandler(RegisterEnterpriseCommand)
export class RegisterEnterpriseHandler implements ICommandHandler<RegisterEnterpriseCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ body, context }: RegisterEnterpriseCommand): Promise<AppendResult> {
    const now = this.clock().toISOString();
    const command: EnterpriseCommand = {
      type: 'RegisterEnterprise',
      data: {
        uscc: body.uscc,
        name: body.name,
        districtCode: body.districtCode,
        sector: body.sector,
        industryCode: body.industryCode,
        riskTags: body.riskTags ?? [],
        highRisk: body.highRisk ?? null,
        registeredAt: body.registeredAt ?? now,
      },
      reference: {
        districtCodes: this.reference.districtCodes,
        sectors: this.reference.sectors,
        riskTags: this.reference.riskTagCodes,
      },
      metadata: { actor: context.actor, now, correlationId: context.correlationId, causationId: null },
    };
    return handleCommand(this.store, {
      streamId: enterpriseStreamId(body.uscc),
      decider: enterpriseDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: enterpriseEventOccurredAt,
    });
  }
}
