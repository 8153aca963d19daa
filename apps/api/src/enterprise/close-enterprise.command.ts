import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import type { CloseEnterprise } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';
import type { CloseEnterpriseDto } from './close-enterprise.dto.js';
import { runEnterpriseCommand } from './run-enterprise-command.js';

/** CloseEnterprise at the app edge: the enterprise of the path, the validated body and the request's context. */
export class CloseEnterpriseCommand extends Command<AppendResult> {
  constructor(
    readonly uscc: string,
    readonly body: CloseEnterpriseDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Hands CloseEnterprise to the enterprise decider; an unregistered enterprise is 404. */
@CommandHandler(CloseEnterpriseCommand)
export class CloseEnterpriseHandler implements ICommandHandler<CloseEnterpriseCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ uscc, body, context }: CloseEnterpriseCommand): Promise<AppendResult> {
    const command: CloseEnterprise = {
      type: 'CloseEnterprise',
      data: { uscc, closedAt: body.closedAt, reason: body.reason },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    return runEnterpriseCommand(this.store, command, context);
  }
}
