import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import { handleCommand } from '#command-handling';
import { DomainError, hazardDecider, hazardEventOccurredAt, hazardStreamId, type HazardCommand } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';

/** Every hazard command after the report, as a domain command without its metadata. */
export type HazardLifecycleCommandBody = Exclude<HazardCommand, { type: 'ReportHazard' | 'RecordDeadlineMissed' }> extends infer C
  ? C extends { metadata: unknown }
    ? Omit<C, 'metadata'>
    : never
  : never;

/** A lifecycle command on one hazard (plan, extend, complete, verify, reject, close, reopen, escalate, list). */
export class HazardLifecycleCommand extends Command<AppendResult> {
  constructor(
    readonly hazardId: string,
    readonly command: HazardLifecycleCommandBody,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs a lifecycle command through the hazard decider: read → fold → decide → append. */
@CommandHandler(HazardLifecycleCommand)
export class HazardLifecycleHandler implements ICommandHandler<HazardLifecycleCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async execute({ hazardId, command, context }: HazardLifecycleCommand): Promise<AppendResult> {
    if (!UUID.test(hazardId)) throw new DomainError('hazard_not_found', `no hazard ${hazardId}`);
    const metadata = { actor: context.actor, now: this.clock().toISOString(), correlationId: context.correlationId, causationId: null };
    return handleCommand(this.store, {
      streamId: hazardStreamId(hazardId.toLowerCase()),
      decider: hazardDecider,
      command: { ...command, metadata } as HazardCommand,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: hazardEventOccurredAt,
    });
  }
}
