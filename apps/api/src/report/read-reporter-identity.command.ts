import { GoneException, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, EVENT_STORE, REPORTER_KEK, type ReporterKek } from '#bootstrap';
import { decryptReporterIdentity, handleCommand, toDomainEvent, type ReporterIdentity } from '#command-handling';
import { reportDecider, reportEventOccurredAt, reportStreamId, type ReportCommand, type ReportEvent } from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';
import { reportHttpError, reportNotFound } from './report-lifecycle.command.js';
import { ReporterKeys } from './reporter-keys.repository.js';

/** ReadReporterIdentity at the app edge: the result carries the decrypted identity. */
export class ReadReporterIdentityCommand extends Command<{ result: AppendResult; identity: ReporterIdentity }> {
  constructor(
    readonly reportId: string,
    readonly purpose: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a reporter's identity: judges the read (who may, purpose, anonymous, shredded) on the folded
 * state, decrypts the envelope with the wrapped key, appends ReporterIdentityRead, and only then hands
 * the identity back — a read that could not be recorded returns nothing. Every read is a new fact (no
 * Idempotency-Key replay: the answer holds the identity and is never stored).
 * @throws GoneException (410 `identity_shredded`) after shredding, or when the key is gone
 * @throws ServiceUnavailableException (503) when no KEK is configured or the KEK cannot open the key
 */
@CommandHandler(ReadReporterIdentityCommand)
export class ReadReporterIdentityHandler implements ICommandHandler<ReadReporterIdentityCommand> {
  private readonly logger = new Logger('ReporterIdentity');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(REPORTER_KEK) private readonly kek: ReporterKek,
    private readonly keys: ReporterKeys,
  ) {}

  async execute({ reportId: rawId, purpose, context }: ReadReporterIdentityCommand): Promise<{ result: AppendResult; identity: ReporterIdentity }> {
    if (!UUID.test(rawId)) throw reportNotFound(rawId);
    const reportId = rawId.toLowerCase();
    const streamId = reportStreamId(reportId);
    const now = this.clock().toISOString();
    const command: ReportCommand = {
      type: 'ReadReporterIdentity',
      data: { purpose, readAt: now },
      metadata: { actor: context.actor, now, correlationId: context.correlationId, causationId: null },
    };
    try {
      const history = (await this.store.readStream(streamId)).map(toDomainEvent<ReportEvent>);
      // Judge first (pure): refusals answer before any key is touched.
      reportDecider.decide(command, history.reduce(reportDecider.evolve, reportDecider.initialState));
      const received = history.find((e) => e.type === 'ReportReceived');
      const envelope = received?.type === 'ReportReceived' ? received.data.reporterIdentity : null;
      const wrappedKey = await this.keys.find(reportId);
      if (envelope === null || wrappedKey === null) {
        throw new GoneException({ error: 'identity_shredded', message: `the reporter identity of report ${reportId} is no longer readable` });
      }
      if (this.kek.key === null) throw new ServiceUnavailableException({ error: 'reporter_kek_unconfigured', message: 'REPORTER_KEK is not configured' });
      let identity: ReporterIdentity;
      try {
        identity = decryptReporterIdentity(envelope, wrappedKey, reportId, this.kek.key);
      } catch (error) {
        this.logger.error(`report ${reportId}: ${(error as Error).message}`);
        throw new ServiceUnavailableException({ error: 'identity_unavailable', message: 'the reporter identity cannot be decrypted with the configured key' });
      }
      const result = await handleCommand(this.store, { streamId, decider: reportDecider, command, expectedRevision: context.expectedRevision, occurredAt: reportEventOccurredAt });
      return { result, identity };
    } catch (error) {
      throw reportHttpError(error, reportId);
    }
  }
}
