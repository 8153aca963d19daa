/**
 * The decider of the `supervision-{districtCode}-{yyyy}` stream (DOMAIN.md §2, who-may per §4): the
 * supervisory inspections (督导/执法检查: 四不两直, 双随机, 异地交叉执法, 专项督查) and enforcement
 * actions (行政处罚, 停产整顿, 关闭取缔, 上限处罚, 联合惩戒) of a district in a CST year — the facts behind
 * the plan's enforcement figures and its "零处罚" districts (三(五)12).
 */
import type { Actor } from '../core/actor.js';
import { forbidden, holdsRoleInDistrict } from '../core/authorization.js';
import { cstYear } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant, MIN_FACT_YEAR } from '../core/time.js';
import type { RecordEnforcementAction, RecordSupervisoryInspection, SupervisionCommand } from './supervision.commands.js';
import {
  ENFORCEMENT_KINDS,
  INSPECTION_METHODS,
  MONETARY_ENFORCEMENT_KINDS,
  SPECIAL_SUPERVISION_LEVELS,
  type SupervisionEvent,
} from './supervision.events.js';
import type { SupervisionState } from './supervision.state.js';

/** Every code the supervision decider refuses with (`DomainError.code`). */
export const SUPERVISION_RULE_CODES = [
  'forbidden',
  'unknown_district',
  'unknown_sector',
  'enterprise_not_found',
  'enterprise_closed',
  'enterprise_outside_district',
  'sector_not_expected',
  'invalid_time',
  'occurred_in_future',
  'invalid_inspection_method',
  'invalid_special_supervision_level',
  'unknown_hazard',
  'duplicate_hazard',
  'invalid_enforcement_kind',
  'invalid_amount',
  'inspection_not_found',
  'inspection_exists',
  'action_exists',
  'wrong_supervision_stream',
] as const;
export type SupervisionRuleCode = (typeof SUPERVISION_RULE_CODES)[number];

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides RecordSupervisoryInspection or RecordEnforcementAction against the stream's state and the
 * context the handler folded (reference data, the enterprise, existing hazards and inspections).
 *
 * Order of judgement: `metadata.now` → known district → who may (an inspector or district_supervisor
 * of that district, or city_admin) → the enterprise (registered, in the district; open for an
 * inspection, closed allowed for an action) → sector → the time (ISO-8601 with offset, CST year ≥
 * 1950, not after now + 5 min) → the stream (same district and CST year, id not yet recorded) →
 * method and level / kind and amount → hazards found / inspection referred to.
 *
 * @returns exactly one SupervisoryInspectionRecorded or EnforcementActionRecorded
 * @throws DomainError with a code of {@link SUPERVISION_RULE_CODES}
 */
function decide(command: SupervisionCommand, state: SupervisionState): SupervisionEvent[] {
  const { metadata } = command;
  if (!isIsoInstant(metadata.now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${metadata.now}'`);
  if (!command.context.districtCodes.has(command.data.districtCode)) {
    throw new DomainError('unknown_district', `district '${command.data.districtCode}' is not in the reference data`);
  }
  mayRecord(metadata.actor, command.type, command.data.districtCode);
  switch (command.type) {
    case 'RecordSupervisoryInspection':
      return recordInspection(command, state);
    case 'RecordEnforcementAction':
      return recordAction(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled supervision command ${(unhandled as SupervisionCommand).type}`);
    }
  }
}

function recordInspection(command: RecordSupervisoryInspection, state: SupervisionState): SupervisionEvent[] {
  const { data, context, metadata } = command;
  let sector: string;
  if (data.enterpriseUscc !== null) {
    const enterprise = context.enterprise;
    // A state folded for another USCC than the one named is not the enterprise inspected.
    if (enterprise === null || enterprise.status === 'unregistered' || enterprise.uscc !== data.enterpriseUscc) {
      throw new DomainError('enterprise_not_found', `enterprise ${data.enterpriseUscc} is not registered`);
    }
    if (enterprise.districtCode !== data.districtCode) {
      throw new DomainError('enterprise_outside_district', `enterprise ${enterprise.uscc} is registered in ${enterprise.districtCode}, not in ${data.districtCode}`);
    }
    if (enterprise.status === 'closed') {
      throw new DomainError('enterprise_closed', `enterprise ${enterprise.uscc} was closed on ${enterprise.closedAt}`);
    }
    if (data.sector !== null && data.sector !== enterprise.sector) {
      throw new DomainError('sector_not_expected', `the sector is the enterprise's (${enterprise.sector}); do not give another (${data.sector})`);
    }
    sector = enterprise.sector;
  } else {
    if (data.sector === null || !context.sectors.has(data.sector)) {
      throw new DomainError('unknown_sector', `an inspection without an enterprise needs a sector of the reference data, got '${String(data.sector)}'`);
    }
    sector = data.sector;
  }
  checkTime('inspectedAt', data.inspectedAt, metadata.now);
  checkStream(state, data.districtCode, cstYear(data.inspectedAt));
  if (state.status === 'recording' && state.inspectionIds.includes(data.inspectionId)) {
    throw new DomainError('inspection_exists', `inspection ${data.inspectionId} is already recorded`);
  }
  if (!(INSPECTION_METHODS as readonly unknown[]).includes(data.method)) {
    throw new DomainError('invalid_inspection_method', `method must be one of ${INSPECTION_METHODS.join(', ')}, got ${String(data.method)}`);
  }
  if (data.method === 'special_supervision') {
    if (!(SPECIAL_SUPERVISION_LEVELS as readonly unknown[]).includes(data.specialSupervisionLevel)) {
      throw new DomainError(
        'invalid_special_supervision_level',
        `a special supervision needs specialSupervisionLevel ${SPECIAL_SUPERVISION_LEVELS.join(' or ')}, got ${String(data.specialSupervisionLevel)}`,
      );
    }
  } else if (data.specialSupervisionLevel !== null) {
    throw new DomainError('invalid_special_supervision_level', `specialSupervisionLevel is only for method special_supervision, not ${data.method}`);
  }
  const seen = new Set<string>();
  for (const hazardId of data.hazardsFound) {
    if (seen.has(hazardId)) throw new DomainError('duplicate_hazard', `hazard ${hazardId} is named twice in hazardsFound`);
    seen.add(hazardId);
    if (!context.existingHazardIds.has(hazardId)) throw new DomainError('unknown_hazard', `hazard ${hazardId} is not reported`);
  }
  return [
    {
      type: 'SupervisoryInspectionRecorded',
      data: {
        inspectionId: data.inspectionId,
        districtCode: data.districtCode,
        enterpriseUscc: data.enterpriseUscc,
        sector,
        method: data.method,
        specialSupervisionLevel: data.specialSupervisionLevel,
        inspectedAt: data.inspectedAt,
        hazardsFound: [...data.hazardsFound],
        findings: data.findings,
      },
    },
  ];
}

function recordAction(command: RecordEnforcementAction, state: SupervisionState): SupervisionEvent[] {
  const { data, context, metadata } = command;
  const enterprise = context.enterprise;
  if (enterprise.status === 'unregistered' || enterprise.uscc !== data.enterpriseUscc) {
    throw new DomainError('enterprise_not_found', `enterprise ${data.enterpriseUscc} is not registered`);
  }
  // A closed enterprise may still be penalised (e.g. 关闭取缔 is itself a closure).
  if (enterprise.districtCode !== data.districtCode) {
    throw new DomainError('enterprise_outside_district', `enterprise ${enterprise.uscc} is registered in ${enterprise.districtCode}, not in ${data.districtCode}`);
  }
  checkTime('decidedAt', data.decidedAt, metadata.now);
  checkStream(state, data.districtCode, cstYear(data.decidedAt));
  if (state.status === 'recording' && state.actionIds.includes(data.actionId)) {
    throw new DomainError('action_exists', `enforcement action ${data.actionId} is already recorded`);
  }
  if (!(ENFORCEMENT_KINDS as readonly unknown[]).includes(data.kind)) {
    throw new DomainError('invalid_enforcement_kind', `kind must be one of ${ENFORCEMENT_KINDS.join(', ')}, got ${String(data.kind)}`);
  }
  if (!Number.isSafeInteger(data.amountFen) || data.amountFen < 0) {
    throw new DomainError('invalid_amount', `amountFen must be an integer number of fen ≥ 0, got ${String(data.amountFen)}`);
  }
  if (MONETARY_ENFORCEMENT_KINDS.includes(data.kind)) {
    if (data.amountFen === 0) throw new DomainError('invalid_amount', `a ${data.kind} needs amountFen > 0`);
  } else if (data.amountFen !== 0) {
    throw new DomainError('invalid_amount', `a ${data.kind} carries no amount: amountFen must be 0, got ${data.amountFen}`);
  }
  if (data.inspectionId !== null && !context.knownInspectionIds.has(data.inspectionId)) {
    throw new DomainError('inspection_not_found', `inspection ${data.inspectionId} is not recorded in district ${data.districtCode} this year or the year before`);
  }
  return [
    {
      type: 'EnforcementActionRecorded',
      data: {
        actionId: data.actionId,
        districtCode: data.districtCode,
        enterpriseUscc: enterprise.uscc,
        sector: enterprise.sector,
        kind: data.kind,
        amountFen: data.amountFen,
        decidedAt: data.decidedAt,
        documentNumber: data.documentNumber,
        inspectionId: data.inspectionId,
      },
    },
  ];
}

function checkTime(field: string, at: string, now: string): void {
  if (!isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${at}'`);
  if (cstYear(at) < MIN_FACT_YEAR) throw new DomainError('invalid_time', `${field} ${at} is before ${MIN_FACT_YEAR} in China Standard Time`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
}

/** The handler names the stream from the district and the CST year of the fact; anything else is misrouted. */
function checkStream(state: SupervisionState, districtCode: string, year: number): void {
  if (state.status === 'recording' && (state.districtCode !== districtCode || state.year !== year)) {
    throw new DomainError(
      'wrong_supervision_stream',
      `a fact of district ${districtCode} in ${year} does not belong to the stream of ${state.districtCode} in ${state.year}`,
    );
  }
}

/** Who may (DOMAIN.md §4): an inspector or district supervisor of the district, or city_admin. */
function mayRecord(actor: Actor, commandType: SupervisionCommand['type'], districtCode: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['inspector', 'district_supervisor'], districtCode)) return;
  throw forbidden(actor, commandType, `needs an inspector or district_supervisor of district ${districtCode}, or city_admin`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/** Applies one stored event: the first names the stream's district and year; each adds its id. */
function evolve(state: SupervisionState, event: SupervisionEvent): SupervisionState {
  const base: Extract<SupervisionState, { status: 'recording' }> =
    state.status === 'recording'
      ? state
      : {
          status: 'recording',
          districtCode: event.data.districtCode,
          year: cstYear(event.type === 'SupervisoryInspectionRecorded' ? event.data.inspectedAt : event.data.decidedAt),
          inspectionIds: [],
          actionIds: [],
        };
  switch (event.type) {
    case 'SupervisoryInspectionRecorded':
      if (base.inspectionIds.includes(event.data.inspectionId)) return base;
      return { ...base, inspectionIds: [...base.inspectionIds, event.data.inspectionId] };
    case 'EnforcementActionRecorded':
      if (base.actionIds.includes(event.data.actionId)) return base;
      return { ...base, actionIds: [...base.actionIds, event.data.actionId] };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled supervision event ${String((unhandled as SupervisionEvent).type)}`);
    }
  }
}

/**
 * The supervision decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'empty' }`. Pure and deterministic: time comes in as `metadata.now`,
 * reference data, the enterprise, hazards and inspections as `command.context`.
 */
export const supervisionDecider: Decider<SupervisionCommand, SupervisionState, SupervisionEvent> = {
  decide,
  evolve,
  initialState: { status: 'empty' },
};
