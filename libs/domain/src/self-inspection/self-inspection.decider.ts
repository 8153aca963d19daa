/**
 * The decider of the `inspection-{uscc}-{yyyy}` stream (DOMAIN.md §2, who-may per §4): the
 * self-inspections an enterprise recorded in a CST year — the facts behind the plan's 日周月排查
 * regime, the principal-led inspections (主要负责人带队检查) and the 2024 重大事故隐患大排查 (三(二)2).
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict, isEnterpriseItself } from '../core/authorization.js';
import { cstYear } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant, MIN_FACT_YEAR } from '../core/time.js';
import type { RecordSelfInspection, SelfInspectionCommand } from './self-inspection.commands.js';
import { INSPECTION_LEVELS, type SelfInspectionEvent } from './self-inspection.events.js';
import type { SelfInspectionState } from './self-inspection.state.js';

/** Every code the self-inspection decider refuses with (`DomainError.code`). */
export const SELF_INSPECTION_RULE_CODES = [
  'forbidden',
  'enterprise_not_found',
  'enterprise_closed',
  'invalid_time',
  'occurred_in_future',
  'invalid_inspection_level',
  'invalid_findings',
  'duplicate_hazard',
  'unknown_hazard',
  'hazard_of_other_enterprise',
  'inspection_exists',
  'wrong_inspection_stream',
] as const;
export type SelfInspectionRuleCode = (typeof SELF_INSPECTION_RULE_CODES)[number];

/** The longest `findings` text accepted, in characters. */
export const MAX_FINDINGS_LENGTH = 8000;

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides RecordSelfInspection against the stream's state and the folded enterprise and hazards
 * (`context`).
 *
 * Order of judgement: roles that write nothing (and `system`) → `metadata.now` → the enterprise must
 * be registered (its district decides who may) → who may → the enterprise must be open → the time
 * (ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min) → the stream (same enterprise and
 * CST year, inspection id not yet recorded) → level → findings → hazards (each named once, each
 * reported, each of this enterprise).
 *
 * @returns exactly one SelfInspectionRecorded, carrying the enterprise's district, sector and high-risk flag
 * @throws DomainError with a code of {@link SELF_INSPECTION_RULE_CODES}
 */
function decide(command: SelfInspectionCommand, state: SelfInspectionState): SelfInspectionEvent[] {
  switch (command.type) {
    case 'RecordSelfInspection':
      return recordSelfInspection(command, state);
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled self-inspection command ${String(unhandled)}`);
    }
  }
}

function recordSelfInspection(command: RecordSelfInspection, state: SelfInspectionState): SelfInspectionEvent[] {
  const { data, context, metadata } = command;
  const { actor, now } = metadata;
  if (READ_ONLY_ROLES.includes(actor.role) || actor.role === 'system') {
    throw forbidden(actor, command.type, 'this role records no self-inspection');
  }
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);
  const enterprise = context.enterprise;
  if (enterprise.status === 'unregistered' || enterprise.uscc !== data.enterpriseUscc) {
    throw new DomainError('enterprise_not_found', `enterprise ${data.enterpriseUscc} is not registered`);
  }
  mayRecord(actor, enterprise.districtCode, enterprise.uscc);
  if (enterprise.status === 'closed') {
    throw new DomainError('enterprise_closed', `enterprise ${enterprise.uscc} was closed on ${enterprise.closedAt}`);
  }
  if (!isIsoInstant(data.inspectedAt)) {
    throw new DomainError('invalid_time', `inspectedAt is not an ISO-8601 instant with offset: '${data.inspectedAt}'`);
  }
  const year = cstYear(data.inspectedAt);
  if (year < MIN_FACT_YEAR) {
    throw new DomainError('invalid_time', `inspectedAt ${data.inspectedAt} is before ${MIN_FACT_YEAR} in China Standard Time`);
  }
  if (isInFuture(data.inspectedAt, now)) {
    throw new DomainError('occurred_in_future', `inspectedAt ${data.inspectedAt} lies in the future (now is ${now})`);
  }
  if (state.status === 'recording') {
    // The handler names the stream from the USCC and the CST year of inspectedAt; anything else is misrouted.
    if (state.enterpriseUscc !== enterprise.uscc || state.year !== year) {
      throw new DomainError(
        'wrong_inspection_stream',
        `an inspection of ${enterprise.uscc} in ${year} does not belong to the stream of ${state.enterpriseUscc} in ${state.year}`,
      );
    }
    if (state.inspectionIds.includes(data.inspectionId)) {
      throw new DomainError('inspection_exists', `inspection ${data.inspectionId} is already recorded`);
    }
  }
  // Commands arrive from JSON: the closed sets are re-checked at run time.
  if (!(INSPECTION_LEVELS as readonly unknown[]).includes(data.level)) {
    throw new DomainError('invalid_inspection_level', `level must be one of ${INSPECTION_LEVELS.join(', ')}, got ${String(data.level)}`);
  }
  if (typeof data.findings !== 'string' || data.findings.trim() === '' || data.findings.length > MAX_FINDINGS_LENGTH) {
    throw new DomainError('invalid_findings', `findings must be non-empty text of at most ${MAX_FINDINGS_LENGTH} characters`);
  }
  const seen = new Set<string>();
  for (const hazardId of data.hazardIds) {
    if (seen.has(hazardId)) throw new DomainError('duplicate_hazard', `hazard ${hazardId} is named twice`);
    seen.add(hazardId);
    const hazard = Object.hasOwn(context.hazards, hazardId) ? context.hazards[hazardId] : undefined;
    if (hazard === undefined || hazard.status === 'none') {
      throw new DomainError('unknown_hazard', `hazard ${hazardId} is not reported`);
    }
    if (hazard.enterpriseUscc !== enterprise.uscc) {
      throw new DomainError('hazard_of_other_enterprise', `hazard ${hazardId} belongs to enterprise ${hazard.enterpriseUscc}, not ${enterprise.uscc}`);
    }
  }
  return [
    {
      type: 'SelfInspectionRecorded',
      data: {
        inspectionId: data.inspectionId,
        enterpriseUscc: enterprise.uscc,
        // Record counts fall under the enterprise's district, sector and flag as they were when it inspected.
        districtCode: enterprise.districtCode,
        sector: enterprise.sector,
        highRisk: enterprise.highRisk,
        level: data.level,
        inspectedAt: data.inspectedAt,
        hazardIds: [...data.hazardIds],
        findings: data.findings,
      },
    },
  ];
}

/**
 * Who may (DOMAIN.md §4): the enterprise itself, an inspector or district supervisor of the
 * enterprise's district, or city_admin.
 */
function mayRecord(actor: Actor, districtCode: string, uscc: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['inspector', 'district_supervisor'], districtCode)) return;
  if (isEnterpriseItself(actor, uscc)) return;
  throw forbidden(
    actor,
    'RecordSelfInspection',
    `needs enterprise ${uscc} itself, an inspector or district_supervisor of district ${districtCode}, or city_admin`,
  );
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/** Applies one stored event: the first names the stream's enterprise and year; each adds its inspection id. */
function evolve(state: SelfInspectionState, event: SelfInspectionEvent): SelfInspectionState {
  switch (event.type) {
    case 'SelfInspectionRecorded': {
      const d = event.data;
      if (state.status === 'empty') {
        return { status: 'recording', enterpriseUscc: d.enterpriseUscc, year: cstYear(d.inspectedAt), inspectionIds: [d.inspectionId] };
      }
      if (state.inspectionIds.includes(d.inspectionId)) return state;
      return { ...state, inspectionIds: [...state.inspectionIds, d.inspectionId] };
    }
    default: {
      const unhandled: never = event.type;
      throw new Error(`unhandled self-inspection event ${String(unhandled)}`);
    }
  }
}

/**
 * The self-inspection decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'empty' }`. Pure and deterministic: time comes in as `metadata.now`,
 * the enterprise and the named hazards as `command.context`.
 */
export const selfInspectionDecider: Decider<SelfInspectionCommand, SelfInspectionState, SelfInspectionEvent> = {
  decide,
  evolve,
  initialState: { status: 'empty' },
};
