/**
 * Records self-inspections through `handleCommand` and the real self-inspection decider, as the API
 * would, for the inspection figures' tests. Enterprises and hazards are made with
 * {@link HazardScenario}. Each inspection is recorded by a city administrator at its own time
 * (`metadata.now` = `inspectedAt`).
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, EventStore } from '#event-store';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  enterpriseDecider,
  enterpriseStreamId,
  fold,
  hazardDecider,
  hazardStreamId,
  selfInspectionDecider,
  selfInspectionEventOccurredAt,
  selfInspectionStreamId,
  type EnterpriseEvent,
  type HazardEvent,
  type HazardState,
  type InspectionLevel,
} from '#domain';
import { TEST_CITY_ADMIN } from './hazard-scenario.js';

/** Records one self-inspection of enterprise `uscc` at `level`, held at `inspectedAt`, that found `hazardIds`. */
export async function recordTestInspection(
  store: EventStore,
  uscc: string,
  level: InspectionLevel,
  inspectedAt: string,
  hazardIds: string[] = [],
): Promise<AppendResult> {
  const enterprise = fold(enterpriseDecider, (await store.readStream(enterpriseStreamId(uscc))).map((e) => toDomainEvent<EnterpriseEvent>(e)));
  const hazards: Record<string, HazardState> = {};
  for (const id of hazardIds) {
    hazards[id] = fold(hazardDecider, (await store.readStream(hazardStreamId(id))).map((e) => toDomainEvent<HazardEvent>(e)));
  }
  return handleCommand(store, {
    streamId: selfInspectionStreamId(uscc, inspectedAt),
    decider: selfInspectionDecider,
    command: {
      type: 'RecordSelfInspection',
      data: { inspectionId: randomUUID(), enterpriseUscc: uscc, level, inspectedAt, hazardIds, findings: '检查记录' },
      context: { enterprise, hazards },
      metadata: { actor: TEST_CITY_ADMIN, now: inspectedAt, correlationId: randomUUID(), causationId: null },
    },
    occurredAt: selfInspectionEventOccurredAt,
  });
}
