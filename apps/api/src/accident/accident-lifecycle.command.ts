import { Inject, NotFoundException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import { handleCommand } from '#command-handling';
import { accidentDecider, accidentEventOccurredAt, accidentStreamId, DomainError, hazardStreamId, type AccidentCommand } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';

/** A command on a reported accident, as its data alone (the handler adds context and metadata). */
export type AccidentLifecycleCommandBody =
  | { type: 'ReviseAccidentToll'; data: Extract<AccidentCommand, { type: 'ReviseAccidentToll' }>['data'] }
  | { type: 'ConcludeInvestigation'; data: Extract<AccidentCommand, { type: 'ConcludeInvestigation' }>['data'] };

/** ReviseAccidentToll or ConcludeInvestigation on accident `accidentId`. */
export class AccidentLifecycleCommand extends Command<AppendResult> {
  constructor(
    readonly accidentId: string,
    readonly command: AccidentLifecycleCommandBody,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs a command on one accident through the accident decider: read → fold → decide → append. For a
 * conclusion it first looks up which of the hazards named exist (a stream `hazard-{id}` with events).
 * An unknown accident is `404 accident_not_found`.
 */
@CommandHandler(AccidentLifecycleCommand)
export class AccidentLifecycleHandler implements ICommandHandler<AccidentLifecycleCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ accidentId, command, context }: AccidentLifecycleCommand): Promise<AppendResult> {
    if (!UUID.test(accidentId)) throw notFound(`no accident ${accidentId}`);
    const metadata = { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null };
    let domainCommand: AccidentCommand;
    if (command.type === 'ConcludeInvestigation') {
      const ids = [...new Set(command.data.hazardsFound.map((id) => id.toLowerCase()))];
      const found = await Promise.all(ids.map(async (id) => ((await this.store.streamRevision(hazardStreamId(id))) !== null ? id : null)));
      domainCommand = {
        type: 'ConcludeInvestigation',
        data: { ...command.data, hazardsFound: command.data.hazardsFound.map((id) => id.toLowerCase()) },
        context: { reportedHazardIds: new Set(found.filter((id): id is string => id !== null)) },
        metadata,
      };
    } else {
      domainCommand = { ...command, metadata };
    }
    try {
      return await handleCommand(this.store, {
        streamId: accidentStreamId(accidentId.toLowerCase()),
        decider: accidentDecider,
        command: domainCommand,
        expectedRevision: context.expectedRevision,
        idempotencyKey: context.idempotencyKey,
        occurredAt: accidentEventOccurredAt,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'accident_not_found') throw notFound(error.message);
      throw error;
    }
  }
}

function notFound(message: string): NotFoundException {
  return new NotFoundException({ error: 'accident_not_found', message });
}
