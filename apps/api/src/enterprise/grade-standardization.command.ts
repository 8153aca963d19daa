import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import type { GradeStandardization } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';
import type { GradeStandardizationDto } from './grade-standardization.dto.js';
import { runEnterpriseCommand } from './run-enterprise-command.js';

/** GradeStandardization at the app edge: the enterprise of the path, the validated body and the request's context. */
export class GradeStandardizationCommand extends Command<AppendResult> {
  constructor(
    readonly uscc: string,
    readonly body: GradeStandardizationDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Hands GradeStandardization to the enterprise decider; an unregistered enterprise is 404. */
@CommandHandler(GradeStandardizationCommand)
export class GradeStandardizationHandler implements ICommandHandler<GradeStandardizationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ uscc, body, context }: GradeStandardizationCommand): Promise<AppendResult> {
    const command: GradeStandardization = {
      type: 'GradeStandardization',
      data: { uscc, level: body.level, gradedAt: body.gradedAt },
      metadata: { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null },
    };
    return runEnterpriseCommand(this.store, command, context);
  }
}
