/**
 * Records supervisory inspections and enforcement actions through `handleCommand` and the real
 * supervision decider, as the API would, for the enforcement figures' tests. Enterprises are
 * registered with {@link HazardScenario}. Each fact is recorded by a city administrator at its own
 * time (`metadata.now` = the fact's time); hazards found and the inspection referred to are taken as
 * existing.
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, EventStore } from '#event-store';
import { handleCommand, toDomainEvent } from '#command-handling';
import {
  enterpriseDecider,
  enterpriseStreamId,
  fold,
  supervisionDecider,
  supervisionEventOccurredAt,
  supervisionStreamId,
  type EnforcementKind,
  type EnterpriseEvent,
  type InspectionMethod,
  type SpecialSupervisionLevel,
} from '#domain';
import { TEST_CITY_ADMIN, TEST_REFERENCE } from './hazard-scenario.js';

const enterpriseOf = async (store: EventStore, uscc: string) =>
  fold(enterpriseDecider, (await store.readStream(enterpriseStreamId(uscc))).map((e) => toDomainEvent<EnterpriseEvent>(e)));

/** Records one inspection in `districtCode` at `inspectedAt`, of enterprise `uscc` or (null) of `sector`. */
export async function recordTestInspection(
  store: EventStore,
  input: { districtCode: string; uscc: string | null; sector?: string; method: InspectionMethod; level?: SpecialSupervisionLevel; inspectedAt: string },
): Promise<AppendResult> {
  const enterprise = input.uscc === null ? null : await enterpriseOf(store, input.uscc);
  return handleCommand(store, {
    streamId: supervisionStreamId(input.districtCode, input.inspectedAt),
    decider: supervisionDecider,
    command: {
      type: 'RecordSupervisoryInspection',
      data: {
        inspectionId: randomUUID(),
        districtCode: input.districtCode,
        enterpriseUscc: input.uscc,
        sector: input.uscc === null ? (input.sector ?? null) : null,
        method: input.method,
        specialSupervisionLevel: input.level ?? null,
        inspectedAt: input.inspectedAt,
        hazardsFound: [],
        findings: '检查记录',
      },
      context: { districtCodes: TEST_REFERENCE.districtCodes, sectors: new Set(TEST_REFERENCE.sectors.keys()), enterprise, existingHazardIds: new Set<string>() },
      metadata: { actor: TEST_CITY_ADMIN, now: input.inspectedAt, correlationId: randomUUID(), causationId: null },
    },
    occurredAt: supervisionEventOccurredAt,
  });
}

/** Records one enforcement action against enterprise `uscc` (in its district) decided at `decidedAt`. */
export async function recordTestAction(
  store: EventStore,
  input: { uscc: string; kind: EnforcementKind; amountFen: number; decidedAt: string },
): Promise<AppendResult> {
  const enterprise = await enterpriseOf(store, input.uscc);
  const districtCode = enterprise.status === 'unregistered' ? 'none' : enterprise.districtCode;
  return handleCommand(store, {
    streamId: supervisionStreamId(districtCode, input.decidedAt),
    decider: supervisionDecider,
    command: {
      type: 'RecordEnforcementAction',
      data: {
        actionId: randomUUID(),
        districtCode,
        enterpriseUscc: input.uscc,
        kind: input.kind,
        amountFen: input.amountFen,
        decidedAt: input.decidedAt,
        documentNumber: `测罚〔${input.decidedAt.slice(0, 4)}〕号`,
        inspectionId: null,
      },
      context: { districtCodes: TEST_REFERENCE.districtCodes, enterprise, knownInspectionIds: new Set<string>() },
      metadata: { actor: TEST_CITY_ADMIN, now: input.decidedAt, correlationId: randomUUID(), causationId: null },
    },
    occurredAt: supervisionEventOccurredAt,
  });
}
