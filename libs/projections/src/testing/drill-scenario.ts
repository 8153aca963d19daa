/**
 * Records drills through `handleCommand` and the real drill decider, as the API would, for the drill
 * figures' tests. Enterprises are registered and closed with {@link HazardScenario}. Each drill is
 * recorded by a city administrator at the time of the drill (`metadata.now` = `heldAt`).
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, EventStore } from '#event-store';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  drillDecider,
  drillEventOccurredAt,
  drillStreamId,
  enterpriseDecider,
  enterpriseStreamId,
  fold,
  type EnterpriseEvent,
} from '#domain';
import { TEST_CITY_ADMIN } from './hazard-scenario.js';

/** Records one evacuation drill of enterprise `uscc` held at `heldAt` with `participants` people. */
export async function recordTestDrill(store: EventStore, uscc: string, heldAt: string, participants = 50): Promise<AppendResult> {
  const history = await store.readStream(enterpriseStreamId(uscc));
  const enterprise = fold(enterpriseDecider, history.map((e) => toDomainEvent<EnterpriseEvent>(e)));
  return handleCommand(store, {
    streamId: drillStreamId(uscc, heldAt),
    decider: drillDecider,
    command: {
      type: 'RecordDrill',
      data: { drillId: randomUUID(), enterpriseUscc: uscc, kind: 'evacuation', heldAt, participants },
      context: { enterprise },
      metadata: { actor: TEST_CITY_ADMIN, now: heldAt, correlationId: randomUUID(), causationId: null },
    },
    occurredAt: drillEventOccurredAt,
  });
}
