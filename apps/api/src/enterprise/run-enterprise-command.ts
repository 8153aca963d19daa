import { NotFoundException } from '@nestjs/common';
import { handleCommand } from '#command-handling';
import {
  DomainError,
  enterpriseDecider,
  enterpriseEventOccurredAt,
  enterpriseStreamId,
  type CloseEnterprise,
  type EstablishResponsibilitySystem,
  type GradeStandardization,
} from '#domain';
import type { AppendResult, EventStore } from '#event-store';
import type { CommandContext } from '../conventions/command-context.js';

/**
 * Runs a follow-up command on `enterprise-{uscc}` (the decider folds the stream itself). An enterprise
 * that is not registered is an unknown id in the path: 404 `{ error: 'enterprise_not_found', message }`.
 * @throws NotFoundException (404); DomainError (403 forbidden, 422 enterprise_closed and the command's own rules)
 */
export async function runEnterpriseCommand(
  store: EventStore,
  command: GradeStandardization | EstablishResponsibilitySystem | CloseEnterprise,
  context: CommandContext,
): Promise<AppendResult> {
  if (!/^[0-9A-Z]{18}$/.test(command.data.uscc)) {
    throw new NotFoundException({ error: 'enterprise_not_found', message: `no enterprise ${command.data.uscc.slice(0, 40)}` });
  }
  try {
    return await handleCommand(store, {
      streamId: enterpriseStreamId(command.data.uscc),
      decider: enterpriseDecider,
      command,
      expectedRevision: context.expectedRevision,
      idempotencyKey: context.idempotencyKey,
      occurredAt: enterpriseEventOccurredAt,
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'enterprise_not_found') {
      throw new NotFoundException({ error: 'enterprise_not_found', message: error.message });
    }
    throw error;
  }
}
