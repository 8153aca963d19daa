/**
 * The decider of the `accident-{id}` stream (DOMAIN.md §2, who-may per §4): a production-safety
 * accident's report, the revisions of its toll (each re-grades it) and the conclusion of its
 * investigation (一案双查), after which nothing more is recorded on it.
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict } from '../core/authorization.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isBefore, isInFuture, isIsoInstant, laterOf } from '../core/time.js';
import type { AccidentCommand, ConcludeInvestigation, ReportAccident, ReviseAccidentToll } from './accident.commands.js';
import type { AccidentEvent, AccidentToll } from './accident.events.js';
import { gradeAccident } from './accident.grade.js';
import type { AccidentState } from './accident.state.js';

/** Every code the accident decider refuses with (`DomainError.code`). */
export const ACCIDENT_RULE_CODES = [
  'forbidden',
  'accident_not_found',
  'accident_exists',
  'investigation_concluded',
  'unknown_district',
  'unknown_sector',
  'enterprise_not_found',
  'invalid_count',
  'invalid_amount',
  'invalid_time',
  'occurred_in_future',
  'chronology',
  'summary_required',
  'reason_required',
  'toll_unchanged',
  'causes_required',
  'accountability_required',
  'unknown_hazard',
] as const;
export type AccidentRuleCode = (typeof ACCIDENT_RULE_CODES)[number];

type Reported = AccidentState & { status: 'reported' | 'concluded' };

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one accident command against the folded state.
 *
 * Order of judgement: roles that write nothing → the accident must (not) exist → who may (judged
 * on the accident's district; for a report, on the district named) → concluded → times → the
 * command's own data.
 *
 * @returns the events to append (exactly one)
 * @throws DomainError with a code of {@link ACCIDENT_RULE_CODES}
 */
function decide(command: AccidentCommand, state: AccidentState): AccidentEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role)) throw forbidden(actor, command.type, 'this role writes nothing');
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);

  if (command.type === 'ReportAccident') {
    if (state.status !== 'none') throw new DomainError('accident_exists', `accident ${state.accidentId} is already reported`);
    mayAct(actor, command.type, command.data.districtCode);
    return reportAccident(command);
  }
  if (state.status === 'none') throw new DomainError('accident_not_found', `${command.type}: the accident has not been reported`);
  mayAct(actor, command.type, state.districtCode);
  if (state.status === 'concluded') {
    throw new DomainError(
      'investigation_concluded',
      `the investigation of accident ${state.accidentId} was concluded at ${state.concludedAt}: nothing follows it`,
    );
  }
  switch (command.type) {
    case 'ReviseAccidentToll':
      return reviseToll(command, state);
    case 'ConcludeInvestigation':
      return concludeInvestigation(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled accident command ${(unhandled as AccidentCommand).type}`);
    }
  }
}

function reportAccident(command: ReportAccident): AccidentEvent[] {
  const { data, context, metadata } = command;
  if (!context.districtCodes.has(data.districtCode)) {
    throw new DomainError('unknown_district', `district '${data.districtCode}' is not in the reference data`);
  }
  if (!context.sectors.has(data.sector)) throw new DomainError('unknown_sector', `sector '${data.sector}' is not in the reference data`);
  if (data.enterpriseUscc !== null) {
    const enterprise = context.enterprise;
    // A state folded for another USCC than the one named is not this accident's enterprise.
    if (enterprise === null || enterprise.status === 'unregistered' || enterprise.uscc !== data.enterpriseUscc) {
      throw new DomainError('enterprise_not_found', `enterprise ${data.enterpriseUscc} is not registered`);
    }
  }
  if (!isIsoInstant(data.occurredAt)) {
    throw new DomainError('invalid_time', `occurredAt is not an ISO-8601 instant with offset: '${data.occurredAt}'`);
  }
  if (isInFuture(data.occurredAt, metadata.now)) {
    throw new DomainError('occurred_in_future', `occurredAt ${data.occurredAt} lies in the future (now is ${metadata.now})`);
  }
  checkToll(data);
  if (data.summary.trim() === '') throw new DomainError('summary_required', 'an accident needs a summary of what happened');
  return [
    {
      type: 'AccidentReported',
      data: {
        accidentId: data.accidentId,
        districtCode: data.districtCode,
        sector: data.sector,
        enterpriseUscc: data.enterpriseUscc,
        occurredAt: data.occurredAt,
        deaths: data.deaths,
        seriousInjuries: data.seriousInjuries,
        directLossFen: data.directLossFen,
        summary: data.summary,
        grade: gradeAccident(data),
      },
    },
  ];
}

function reviseToll(command: ReviseAccidentToll, state: Reported): AccidentEvent[] {
  const { data } = command;
  checkFactTime(state, data.revisedAt, 'revisedAt', command.metadata.now);
  checkToll(data);
  if (data.reason.trim() === '') throw new DomainError('reason_required', 'a revision of the toll needs its reason');
  if (data.deaths === state.deaths && data.seriousInjuries === state.seriousInjuries && data.directLossFen === state.directLossFen) {
    throw new DomainError('toll_unchanged', `the toll of accident ${state.accidentId} already stands at these figures`);
  }
  return [
    {
      type: 'AccidentTollRevised',
      data: {
        accidentId: state.accidentId,
        deaths: data.deaths,
        seriousInjuries: data.seriousInjuries,
        directLossFen: data.directLossFen,
        revisedAt: data.revisedAt,
        reason: data.reason,
        previousGrade: state.grade,
        grade: gradeAccident(data),
      },
    },
  ];
}

function concludeInvestigation(command: ConcludeInvestigation, state: Reported): AccidentEvent[] {
  const { data, context } = command;
  checkFactTime(state, data.concludedAt, 'concludedAt', command.metadata.now);
  if (data.causes.trim() === '') throw new DomainError('causes_required', 'an investigation concludes on the causes of the accident');
  // 一案双查: the enterprise's and the regulators' responsibilities are both investigated.
  if (data.enterpriseAccountability.trim() === '' || data.regulatorAccountability.trim() === '') {
    throw new DomainError('accountability_required', '一案双查: both enterprise and regulator accountability are concluded on');
  }
  const unknown = data.hazardsFound.filter((id) => !context.reportedHazardIds.has(id));
  if (unknown.length > 0) throw new DomainError('unknown_hazard', `hazard(s) not reported: ${unknown.join(', ')}`);
  return [
    {
      type: 'InvestigationConcluded',
      data: {
        accidentId: state.accidentId,
        concludedAt: data.concludedAt,
        causes: data.causes,
        // each hazard once, in the order named
        hazardsFound: [...new Set(data.hazardsFound)],
        enterpriseAccountability: data.enterpriseAccountability,
        regulatorAccountability: data.regulatorAccountability,
      },
    },
  ];
}

// ─── shared judgements ───────────────────────────────────────────────────────────────────────────

/** Who may (DOMAIN.md §4): an inspector or district_supervisor of the accident's district, or city_admin. */
function mayAct(actor: Actor, commandType: AccidentCommand['type'], districtCode: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['inspector', 'district_supervisor'], districtCode)) return;
  throw forbidden(actor, commandType, `needs an inspector or district_supervisor of district ${districtCode}, or city_admin`);
}

/** Counts are non-negative safe integers (`invalid_count`); the loss is integer fen ≥ 0 (`invalid_amount`). */
function checkToll(toll: AccidentToll): void {
  for (const field of ['deaths', 'seriousInjuries'] as const) {
    const n = toll[field];
    if (!Number.isSafeInteger(n) || n < 0) throw new DomainError('invalid_count', `${field} must be a non-negative integer, got ${n}`);
  }
  if (!Number.isSafeInteger(toll.directLossFen) || toll.directLossFen < 0) {
    throw new DomainError('invalid_amount', `directLossFen must be a non-negative integer of fen, got ${toll.directLossFen}`);
  }
}

/**
 * A later fact's time: an ISO-8601 instant, not before the accident nor its latest fact
 * (`chronology`), not after `now` + clock-skew tolerance (`occurred_in_future`).
 */
function checkFactTime(state: Reported, at: string, field: string, now: string): void {
  if (!isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${at}'`);
  if (isBefore(at, state.occurredAt)) {
    throw new DomainError('chronology', `${field} ${at} is before the accident occurred (${state.occurredAt})`);
  }
  if (isBefore(at, state.lastOccurredAt)) {
    throw new DomainError('chronology', `${field} ${at} is before the accident's latest fact (${state.lastOccurredAt})`);
  }
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Applies one stored event. An event that does not fit the state (which `decide` never produces)
 * leaves the state unchanged rather than failing a replay.
 */
function evolve(state: AccidentState, event: AccidentEvent): AccidentState {
  switch (event.type) {
    case 'AccidentReported': {
      if (state.status !== 'none') return state;
      const d = event.data;
      return {
        status: 'reported',
        accidentId: d.accidentId,
        districtCode: d.districtCode,
        sector: d.sector,
        enterpriseUscc: d.enterpriseUscc,
        occurredAt: d.occurredAt,
        deaths: d.deaths,
        seriousInjuries: d.seriousInjuries,
        directLossFen: d.directLossFen,
        grade: d.grade,
        lastOccurredAt: d.occurredAt,
      };
    }
    case 'AccidentTollRevised': {
      if (state.status !== 'reported') return state;
      const d = event.data;
      return {
        ...state,
        deaths: d.deaths,
        seriousInjuries: d.seriousInjuries,
        directLossFen: d.directLossFen,
        grade: d.grade,
        lastOccurredAt: laterOf(state.lastOccurredAt, d.revisedAt),
      };
    }
    case 'InvestigationConcluded':
      if (state.status !== 'reported') return state;
      return {
        ...state,
        status: 'concluded',
        concludedAt: event.data.concludedAt,
        lastOccurredAt: laterOf(state.lastOccurredAt, event.data.concludedAt),
      };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled accident event ${(unhandled as AccidentEvent).type}`);
    }
  }
}

/**
 * The accident decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'none' }`. Pure: time comes in as `metadata.now`, reference data, the
 * enterprise and the reported hazards as `command.context`.
 */
export const accidentDecider: Decider<AccidentCommand, AccidentState, AccidentEvent> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
