import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import type { EstablishResponsibilitySystem } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';
import type { EstablishResponsibilitySystemDto } from './establish-responsibility-system.dto.js';
import { runEnterpriseCommand } from './run-enterprise-command.js';

/** EstablishResponsibilitySystem at the app edge: the enterprise of the path, the validated body and the request's context. */
export class EstablishResponsibilitySystemCommand extends Command<AppendResult> {
  constructor(
    readonly uscc: string,
    readonly body: EstablishResponsibilitySystemDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Hands EstablishResponsibilitySystem to the enterprise decider; an unregistered enterprise is 404. */
@CommandHandler(EstablishResponsibilitySystemCommand)
export class EstablishResponsibilitySystemHandler implements ICommandHandler<EstablishResponsibilitySystemCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ uscc, body, context }: EstablishResponsibilitySystemCommand): Promise<AppendResult> {
    const command: EstablishResponsibilitySystem = {
      type: 'EstablishResponsibilitySystem',
      data: { uscc, establishedAt: body.establishedAt, postsCovered: body.postsCovered },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    return runEnterpriseCommand(this.store, command, context);
  }
}
