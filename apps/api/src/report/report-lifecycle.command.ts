import { GoneException, Inject, NotFoundException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import { handleCommand } from '#command-handling';
import { DomainError, hazardStreamId, reportDecider, reportEventOccurredAt, reportStreamId, type ReportCommand } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';
import { ReporterKeys } from './reporter-keys.repository.js';

/** A command on a received report, as its data alone (the handler adds context, times and metadata). */
export type ReportLifecycleBody =
  | { type: 'VerifyReport'; data: { substantiated: boolean; hazardId: string | null; fineFen: number | null; verifiedAt: string } }
  | { type: 'PayReward'; data: { amountFen: number; overrideReason: string | null; paidAt: string } }
  | { type: 'ShredReporterIdentity' };

/** VerifyReport, PayReward or ShredReporterIdentity on report `reportId`. */
export class ReportLifecycleCommand extends Command<AppendResult> {
  constructor(
    readonly reportId: string,
    readonly body: ReportLifecycleBody,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 404 `report_not_found`. */
export function reportNotFound(reportId: string): NotFoundException {
  return new NotFoundException({ error: 'report_not_found', message: `no report ${reportId.slice(0, 40)}` });
}

/** The HTTP answer for refusals with another status than 422: 404 not found, 410 shredded. */
export function reportHttpError(error: unknown, reportId: string): unknown {
  if (error instanceof DomainError && error.code === 'report_not_found') return reportNotFound(reportId);
  if (error instanceof DomainError && error.code === 'identity_shredded') return new GoneException({ error: 'identity_shredded', message: error.message });
  return error;
}

/**
 * Runs a command on one report: for a verification it first looks up whether the hazard named exists
 * (`unknown_hazard` otherwise); shredding appends ReporterIdentityShredded and then deletes the wrapped
 * data key — and deletes it again when the report is already shredded, so a shredding whose deletion
 * failed is completed by a retry (which still answers 410).
 */
@CommandHandler(ReportLifecycleCommand)
export class ReportLifecycleHandler implements ICommandHandler<ReportLifecycleCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly keys: ReporterKeys,
  ) {}

  async execute({ reportId: rawId, body, context }: ReportLifecycleCommand): Promise<AppendResult> {
    if (!UUID.test(rawId)) throw reportNotFound(rawId);
    const reportId = rawId.toLowerCase();
    const now = this.clock().toISOString();
    const metadata = { actor: context.actor, now, correlationId: context.correlationId, causationId: null };
    let command: ReportCommand;
    if (body.type === 'VerifyReport') {
      const hazardId = body.data.hazardId?.toLowerCase() ?? null;
      const hazardExists = hazardId !== null && (await this.store.streamRevision(hazardStreamId(hazardId))) !== null;
      command = { type: 'VerifyReport', data: { ...body.data, hazardId }, context: { hazardExists }, metadata };
    } else if (body.type === 'PayReward') {
      command = { type: 'PayReward', data: body.data, metadata };
    } else {
      command = { type: 'ShredReporterIdentity', data: { shreddedAt: now }, metadata };
    }
    try {
      const result = await handleCommand(this.store, {
        streamId: reportStreamId(reportId),
        decider: reportDecider,
        command,
        expectedRevision: context.expectedRevision,
        idempotencyKey: context.idempotencyKey,
        occurredAt: reportEventOccurredAt,
      });
      if (command.type === 'ShredReporterIdentity') await this.keys.delete(reportId);
      return result;
    } catch (error) {
      if (command.type === 'ShredReporterIdentity' && error instanceof DomainError && error.code === 'identity_shredded') await this.keys.delete(reportId);
      throw reportHttpError(error, reportId);
    }
  }
}
