/**
 * The decider of the `hazard-{id}` stream (DOMAIN.md §2, who-may per §4): a hazard's life from
 * report to closure (销号), its escalations, and the deadline watcher's DeadlineMissed.
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict, isEnterpriseItself } from '../core/authorization.js';
import { cstDate, isCstDate } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isBefore, isInFuture, isIsoInstant, laterOf } from '../core/time.js';
import type {
  CloseHazard,
  CompleteRectification,
  EscalateHazard,
  ExtendDeadline,
  HazardCommand,
  ListOnProblemList,
  OrderListedSupervision,
  PlanRectification,
  RecordDeadlineMissed,
  RejectRectification,
  ReopenHazard,
  ReportHazard,
  VerifyRectification,
} from './hazard.commands.js';
import type { HazardEvent, HazardGrade } from './hazard.events.js';
import type { HazardState } from './hazard.state.js';

/** Every code the hazard decider refuses with (`DomainError.code`). */
export const HAZARD_RULE_CODES = [
  'forbidden',
  'hazard_not_found',
  'hazard_exists',
  'hazard_closed',
  'invalid_transition',
  'enterprise_not_found',
  'enterprise_closed',
  'criterion_required',
  'unknown_criterion',
  'criterion_sector_mismatch',
  'title_required',
  'description_required',
  'invalid_time',
  'invalid_date',
  'chronology',
  'occurred_in_future',
  'deadline_before_report',
  'deadline_not_later',
  'deadline_before_reopen',
  'invalid_funds',
  'five_in_place_incomplete',
  'document_number_required',
  'already_listed',
  'deadline_not_missed',
] as const;
export type HazardRuleCode = (typeof HAZARD_RULE_CODES)[number];

type Status = HazardState['status'];
/** The state narrowed to the statuses `S` (an intersection: the `none` member falls away). */
type StateIn<S extends Status> = HazardState & { status: S };
type Reported = StateIn<Exclude<Status, 'none'>>;

/** Statuses in which a hazard is open and its district may escalate or list it. */
const OPEN_STATUSES = ['reported', 'planned', 'completed', 'verified'] as const;
/** Statuses in which a plan, and so a deadline, is in force. */
const PLANNED_STATUSES = ['planned', 'completed', 'verified'] as const;

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one hazard command against the folded state.
 *
 * Order of judgement: roles that write nothing (and `system` outside the deadline watch) → the
 * hazard must exist → who may (judged on the hazard's district, enterprise and grade) → closure →
 * lifecycle order → times (chronology, not in the future) → the command's own data.
 *
 * @returns the events to append (exactly one)
 * @throws DomainError with a code of {@link HAZARD_RULE_CODES}
 */
function decide(command: HazardCommand, state: HazardState): HazardEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role)) throw forbidden(actor, command.type, 'this role writes nothing');
  // The watcher records that time passed and nothing else; no person records it for the watcher.
  if ((actor.role === 'system') !== (command.type === 'RecordDeadlineMissed')) {
    throw forbidden(
      actor,
      command.type,
      actor.role === 'system' ? 'the system only records missed deadlines' : 'only the deadline watcher (system) records a missed deadline',
    );
  }
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);

  if (command.type === 'ReportHazard') return reportHazard(command, state);
  if (state.status === 'none') throw new DomainError('hazard_not_found', `${command.type}: the hazard has not been reported`);
  mayAct(actor, command.type, state);

  switch (command.type) {
    case 'PlanRectification':
      return planRectification(command, inStatus(state, ['reported'], command.type));
    case 'ExtendDeadline':
      return extendDeadline(command, inStatus(state, ['planned', 'completed'], command.type));
    case 'CompleteRectification':
      return completeRectification(command, inStatus(state, ['planned'], command.type));
    case 'VerifyRectification':
      return verifyRectification(command, inStatus(state, ['completed'], command.type));
    case 'RejectRectification':
      return rejectRectification(command, inStatus(state, ['completed'], command.type));
    case 'CloseHazard':
      return closeHazard(command, inStatus(state, ['verified'], command.type));
    case 'ReopenHazard':
      return reopenHazard(command, inStatus(state, ['closed'], command.type));
    case 'EscalateHazard':
      return escalateHazard(command, inStatus(state, OPEN_STATUSES, command.type));
    case 'OrderListedSupervision':
      return orderListedSupervision(command, inStatus(state, OPEN_STATUSES, command.type));
    case 'ListOnProblemList':
      return listOnProblemList(command, inStatus(state, OPEN_STATUSES, command.type));
    case 'RecordDeadlineMissed':
      return recordDeadlineMissed(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled hazard command ${(unhandled as HazardCommand).type}`);
    }
  }
}

function reportHazard(command: ReportHazard, state: HazardState): HazardEvent[] {
  const { data, context, metadata } = command;
  const enterprise = context.enterprise;
  // An enterprise state for another USCC than the one named is not the enterprise of this hazard.
  if (enterprise.status === 'unregistered' || enterprise.uscc !== data.enterpriseUscc) {
    throw new DomainError('enterprise_not_found', `enterprise ${data.enterpriseUscc} is not registered`);
  }
  mayAct(metadata.actor, command.type, { districtCode: enterprise.districtCode, enterpriseUscc: enterprise.uscc, grade: data.grade });
  if (state.status === 'closed') throw closedError(state);
  if (state.status !== 'none') throw new DomainError('hazard_exists', `hazard ${state.hazardId} is already reported`);
  if (enterprise.status === 'closed') {
    throw new DomainError('enterprise_closed', `enterprise ${enterprise.uscc} was closed on ${enterprise.closedAt}`);
  }
  if (!isIsoInstant(data.discoveredAt)) {
    throw new DomainError('invalid_time', `discoveredAt is not an ISO-8601 instant with offset: '${data.discoveredAt}'`);
  }
  if (isInFuture(data.discoveredAt, metadata.now)) {
    throw new DomainError('occurred_in_future', `discoveredAt ${data.discoveredAt} lies in the future (now is ${metadata.now})`);
  }
  if (data.title.trim() === '') throw new DomainError('title_required', 'a hazard needs a title');
  if (data.description.trim() === '') throw new DomainError('description_required', 'a hazard needs a description');

  // A major hazard is major because a clause of a determination standard says so.
  if (data.grade === 'major' && data.criterionCode === null) {
    throw new DomainError('criterion_required', 'a major hazard needs the criterion (判定标准 clause) it is judged under');
  }
  if (data.criterionCode !== null) {
    const criterion = context.criterion;
    if (criterion === null || criterion.code !== data.criterionCode) {
      throw new DomainError('unknown_criterion', `criterion '${data.criterionCode}' is not in the catalogue`);
    }
    // A sector-less criterion (e.g. a fire-safety rule) applies to every sector.
    if (criterion.sectors.length > 0 && !criterion.sectors.includes(enterprise.sector)) {
      throw new DomainError(
        'criterion_sector_mismatch',
        `criterion ${criterion.code} is for sector ${criterion.sectors.join(', ')}, enterprise ${enterprise.uscc} is in ${enterprise.sector}`,
      );
    }
  }

  return [
    {
      type: 'HazardReported',
      data: {
        hazardId: data.hazardId,
        enterpriseUscc: enterprise.uscc,
        // Figures count under the enterprise's district and sector as they were when it was found.
        districtCode: enterprise.districtCode,
        sector: enterprise.sector,
        grade: data.grade,
        criterionCode: data.criterionCode,
        channel: data.channel,
        title: data.title,
        description: data.description,
        discoveredAt: data.discoveredAt,
      },
    },
  ];
}

function planRectification(command: PlanRectification, state: StateIn<'reported'>): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.plannedAt, 'plannedAt', command.metadata.now);
  const reportDate = cstDate(state.discoveredAt);
  checkDate(data.deadline, 'deadline');
  if (data.deadline < reportDate) {
    throw new DomainError('deadline_before_report', `deadline ${data.deadline} is before the report date ${reportDate}`);
  }
  // A measure may outrun the plan's deadline (the plan is extended then), but none predates the hazard.
  data.measures.forEach((measure, i) => {
    checkDate(measure.deadline, `measures.${i}.deadline`);
    if (measure.deadline < reportDate) {
      throw new DomainError(
        'deadline_before_report',
        `measures.${i}.deadline ${measure.deadline} is before the report date ${reportDate}`,
      );
    }
  });
  if (!Number.isSafeInteger(data.fundsFen) || data.fundsFen < 0) {
    throw new DomainError('invalid_funds', `fundsFen must be a non-negative integer (fen), got ${String(data.fundsFen)}`);
  }
  if (state.grade === 'major') {
    // 五落实: measures, funds, time limit, responsibility, emergency plan. The deadline is a checked
    // date by now, so four can still be missing.
    const missing: string[] = [];
    if (data.measures.length === 0 || data.measures.some((m) => m.description.trim() === '')) missing.push('measures');
    if (data.fundsFen === 0) missing.push('funds');
    if (data.responsiblePerson.name.trim() === '') missing.push('responsible person');
    if (data.emergencyPlan === null || data.emergencyPlan.trim() === '') missing.push('emergency plan');
    if (missing.length > 0) {
      throw new DomainError(
        'five_in_place_incomplete',
        `a major hazard's plan needs measures, funds, deadline, responsible person and emergency plan in place; missing: ${missing.join(', ')}`,
      );
    }
  }
  return [
    {
      type: 'RectificationPlanned',
      data: {
        hazardId: state.hazardId,
        measures: data.measures.map((m) => ({ description: m.description, deadline: m.deadline })),
        responsiblePerson: { name: data.responsiblePerson.name, phone: data.responsiblePerson.phone },
        deadline: data.deadline,
        fundsFen: data.fundsFen,
        emergencyPlan: data.emergencyPlan,
        plannedAt: data.plannedAt,
      },
    },
  ];
}

function extendDeadline(command: ExtendDeadline, state: StateIn<'planned' | 'completed'>): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.extendedAt, 'extendedAt', command.metadata.now);
  checkDate(data.deadline, 'deadline');
  if (data.deadline <= state.plan.deadline) {
    throw new DomainError('deadline_not_later', `the new deadline ${data.deadline} is not later than ${state.plan.deadline}`);
  }
  return [
    {
      type: 'DeadlineExtended',
      data: {
        hazardId: state.hazardId,
        previousDeadline: state.plan.deadline,
        deadline: data.deadline,
        reason: data.reason,
        extendedAt: data.extendedAt,
      },
    },
  ];
}

function completeRectification(command: CompleteRectification, state: StateIn<'planned'>): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.completedAt, 'completedAt', command.metadata.now);
  return [{ type: 'RectificationCompleted', data: { hazardId: state.hazardId, completedAt: data.completedAt, evidence: data.evidence } }];
}

function verifyRectification(command: VerifyRectification, state: StateIn<'completed'>): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.verifiedAt, 'verifiedAt', command.metadata.now);
  return [{ type: 'RectificationVerified', data: { hazardId: state.hazardId, verifiedAt: data.verifiedAt, reason: data.reason } }];
}

function rejectRectification(command: RejectRectification, state: StateIn<'completed'>): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.rejectedAt, 'rejectedAt', command.metadata.now);
  return [{ type: 'RectificationRejected', data: { hazardId: state.hazardId, rejectedAt: data.rejectedAt, reason: data.reason } }];
}

function closeHazard(command: CloseHazard, state: StateIn<'verified'>): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.closedAt, 'closedAt', command.metadata.now);
  const deadlineInForce = state.plan.deadline;
  return [
    {
      type: 'HazardClosed',
      data: { hazardId: state.hazardId, closedAt: data.closedAt, deadlineInForce, onTime: cstDate(data.closedAt) <= deadlineInForce },
    },
  ];
}

function reopenHazard(command: ReopenHazard, state: StateIn<'closed'>): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.reopenedAt, 'reopenedAt', command.metadata.now);
  checkDate(data.deadline, 'deadline');
  const reopenDate = cstDate(data.reopenedAt);
  if (data.deadline < reopenDate) {
    throw new DomainError('deadline_before_reopen', `deadline ${data.deadline} is before the reopening date ${reopenDate}`);
  }
  return [
    {
      type: 'HazardReopened',
      data: { hazardId: state.hazardId, reopenedAt: data.reopenedAt, reason: data.reason, deadline: data.deadline },
    },
  ];
}

function escalateHazard(command: EscalateHazard, state: Reported): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.decidedAt, 'decidedAt', command.metadata.now);
  return [{ type: 'HazardEscalated', data: { hazardId: state.hazardId, measure: data.measure, decidedAt: data.decidedAt, note: data.note } }];
}

function orderListedSupervision(command: OrderListedSupervision, state: Reported): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.orderedAt, 'orderedAt', command.metadata.now);
  // 挂牌督办 is ordered by a numbered document: without its number the order cannot be traced.
  if (data.documentNumber.trim() === '') {
    throw new DomainError('document_number_required', 'listed supervision is ordered by a numbered document');
  }
  return [
    {
      type: 'ListedSupervisionOrdered',
      data: { hazardId: state.hazardId, level: data.level, documentNumber: data.documentNumber, orderedAt: data.orderedAt },
    },
  ];
}

function listOnProblemList(command: ListOnProblemList, state: Reported): HazardEvent[] {
  const { data } = command;
  checkFactTime(state, data.listedAt, 'listedAt', command.metadata.now);
  if (state.listedOn.includes(data.list)) {
    throw new DomainError('already_listed', `hazard ${state.hazardId} is already on the ${data.list} problem list`);
  }
  return [{ type: 'HazardListed', data: { hazardId: state.hazardId, list: data.list, listedAt: data.listedAt } }];
}

/**
 * The watcher's fact: the hazard is open with a plan, today (CST, from `metadata.now`) is after the
 * deadline in force, and that deadline's miss is not yet recorded. Anything else — no plan yet,
 * closed, not yet due, already recorded — is `deadline_not_missed`, which the watcher takes as
 * "nothing to record" (a closed hazard answers this too, not `hazard_closed`: for the watcher both
 * mean the same).
 */
function recordDeadlineMissed(command: RecordDeadlineMissed, state: Reported): HazardEvent[] {
  const now = command.metadata.now;
  if (!(PLANNED_STATUSES as readonly Status[]).includes(state.status) || !('plan' in state)) {
    throw new DomainError('deadline_not_missed', `a ${state.status} hazard has no deadline running`);
  }
  const today = cstDate(now);
  const deadline = state.plan.deadline;
  if (today <= deadline) throw new DomainError('deadline_not_missed', `deadline ${deadline} has not passed on ${today}`);
  if (state.missedDeadlines.includes(deadline)) {
    throw new DomainError('deadline_not_missed', `the miss of deadline ${deadline} is already recorded`);
  }
  return [{ type: 'DeadlineMissed', data: { hazardId: state.hazardId, deadline, detectedAt: now } }];
}

// ─── shared judgements ───────────────────────────────────────────────────────────────────────────

/**
 * Who may (DOMAIN.md §4), on a hazard of `scope`'s district, enterprise and grade:
 * - report, plan, extend, complete: the enterprise itself, an inspector or district supervisor of
 *   the district, city_admin;
 * - verify, reject, close, reopen (反销号 undoes a closure, so it takes the closer's authority): a
 *   district supervisor of the district or city_admin; for a general hazard also the enterprise
 *   itself (enterprises close their own general hazards, supervisors audit them);
 * - escalate, order listed supervision, list on a problem list: a district supervisor of the
 *   district or city_admin;
 * - record a missed deadline: system only (judged in `decide`).
 */
function mayAct(
  actor: Actor,
  commandType: HazardCommand['type'],
  scope: { districtCode: string; enterpriseUscc: string; grade: HazardGrade },
): void {
  if (actor.role === 'system') return; // RecordDeadlineMissed, already limited to it in `decide`
  if (actor.role === 'city_admin') return;
  const supervisor = holdsRoleInDistrict(actor, ['district_supervisor'], scope.districtCode);
  const inspector = holdsRoleInDistrict(actor, ['inspector'], scope.districtCode);
  const itself = isEnterpriseItself(actor, scope.enterpriseUscc);
  switch (commandType) {
    case 'ReportHazard':
    case 'PlanRectification':
    case 'ExtendDeadline':
    case 'CompleteRectification':
      if (supervisor || inspector || itself) return;
      throw forbidden(
        actor,
        commandType,
        `needs enterprise ${scope.enterpriseUscc} itself, an inspector or district_supervisor of district ${scope.districtCode}, or city_admin`,
      );
    case 'VerifyRectification':
    case 'RejectRectification':
    case 'CloseHazard':
    case 'ReopenHazard':
      if (supervisor || (scope.grade === 'general' && itself)) return;
      throw forbidden(
        actor,
        commandType,
        scope.grade === 'major'
          ? `a major hazard needs a district_supervisor of district ${scope.districtCode} or city_admin`
          : `needs a district_supervisor of district ${scope.districtCode}, city_admin or enterprise ${scope.enterpriseUscc} itself`,
      );
    case 'EscalateHazard':
    case 'OrderListedSupervision':
    case 'ListOnProblemList':
      if (supervisor) return;
      throw forbidden(actor, commandType, `needs a district_supervisor of district ${scope.districtCode} or city_admin`);
    case 'RecordDeadlineMissed':
      throw forbidden(actor, commandType, 'only the deadline watcher (system) records a missed deadline');
    default: {
      const unhandled: never = commandType;
      throw new Error(`unhandled hazard command ${String(unhandled)}`);
    }
  }
}

/**
 * The state, if its status is one of `allowed`; else `hazard_closed` for a closed hazard (nothing
 * follows closure but reopening) or `invalid_transition` naming the status and the command.
 */
function inStatus<S extends Exclude<Status, 'none'>>(state: Reported, allowed: readonly S[], commandType: HazardCommand['type']): StateIn<S> {
  if ((allowed as readonly Status[]).includes(state.status)) return state as StateIn<S>;
  if (state.status === 'closed') throw closedError(state);
  throw new DomainError('invalid_transition', `${commandType} is not allowed while the hazard is ${state.status}`);
}

function closedError(state: StateIn<'closed'>): DomainError {
  return new DomainError('hazard_closed', `hazard ${state.hazardId} was closed at ${state.closedAt}: only ReopenHazard follows a closure`);
}

/**
 * A lifecycle fact's time: an ISO-8601 instant, not before the discovery nor the latest fact
 * (`chronology`), not after `now` + clock-skew tolerance (`occurred_in_future`).
 */
function checkFactTime(state: Reported, at: string, field: string, now: string): void {
  if (!isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${at}'`);
  if (isBefore(at, state.discoveredAt)) {
    throw new DomainError('chronology', `${field} ${at} is before the hazard was discovered (${state.discoveredAt})`);
  }
  if (isBefore(at, state.lastOccurredAt)) {
    throw new DomainError('chronology', `${field} ${at} is before the hazard's latest fact (${state.lastOccurredAt})`);
  }
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
}

function checkDate(value: string, field: string): void {
  if (!isCstDate(value)) throw new DomainError('invalid_date', `${field} is not a date 'YYYY-MM-DD': '${value}'`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Applies one stored event. Events are facts already accepted: one that does not fit the state
 * (which `decide` never produces) leaves the state unchanged rather than failing a replay.
 * `lastOccurredAt` only moves forward; DeadlineMissed does not move it, because the watcher's
 * detection is not a fact of the rectification and must not bar one entered late.
 */
function evolve(state: HazardState, event: HazardEvent): HazardState {
  if (event.type === 'HazardReported') {
    const d = event.data;
    return {
      status: 'reported',
      hazardId: d.hazardId,
      enterpriseUscc: d.enterpriseUscc,
      districtCode: d.districtCode,
      sector: d.sector,
      grade: d.grade,
      criterionCode: d.criterionCode,
      channel: d.channel,
      discoveredAt: d.discoveredAt,
      lastOccurredAt: d.discoveredAt,
      missedDeadlines: [],
      listedOn: [],
    };
  }
  if (state.status === 'none') return state;
  const at = (time: string): string => laterOf(state.lastOccurredAt, time);

  switch (event.type) {
    case 'RectificationPlanned': {
      const d = event.data;
      if (state.status !== 'reported') return state;
      return {
        ...state,
        status: 'planned',
        lastOccurredAt: at(d.plannedAt),
        plan: {
          measures: d.measures.map((m) => ({ ...m })),
          responsiblePerson: { ...d.responsiblePerson },
          deadline: d.deadline,
          fundsFen: d.fundsFen,
          emergencyPlan: d.emergencyPlan,
        },
      };
    }
    case 'DeadlineExtended':
      if (!('plan' in state)) return state;
      return { ...state, lastOccurredAt: at(event.data.extendedAt), plan: { ...state.plan, deadline: event.data.deadline } };
    case 'RectificationCompleted':
      if (!('plan' in state) || state.status === 'closed') return state;
      return { ...state, status: 'completed', lastOccurredAt: at(event.data.completedAt) };
    case 'RectificationVerified':
      if (!('plan' in state) || state.status === 'closed') return state;
      return { ...state, status: 'verified', lastOccurredAt: at(event.data.verifiedAt) };
    case 'RectificationRejected':
      if (!('plan' in state) || state.status === 'closed') return state;
      return { ...state, status: 'planned', lastOccurredAt: at(event.data.rejectedAt) };
    case 'HazardClosed':
      if (!('plan' in state)) return state;
      return { ...state, status: 'closed', closedAt: event.data.closedAt, lastOccurredAt: at(event.data.closedAt) };
    case 'HazardReopened': {
      if (state.status !== 'closed') return state;
      const { closedAt: _closedAt, ...open } = state;
      return {
        ...open,
        status: 'planned',
        lastOccurredAt: at(event.data.reopenedAt),
        plan: { ...state.plan, deadline: event.data.deadline },
      };
    }
    case 'HazardEscalated':
      return { ...state, lastOccurredAt: at(event.data.decidedAt) };
    case 'ListedSupervisionOrdered':
      return { ...state, lastOccurredAt: at(event.data.orderedAt) };
    case 'HazardListed':
      return {
        ...state,
        lastOccurredAt: at(event.data.listedAt),
        listedOn: state.listedOn.includes(event.data.list) ? state.listedOn : [...state.listedOn, event.data.list],
      };
    case 'DeadlineMissed':
      if (state.missedDeadlines.includes(event.data.deadline)) return state;
      return { ...state, missedDeadlines: [...state.missedDeadlines, event.data.deadline] };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled hazard event ${(unhandled as HazardEvent).type}`);
    }
  }
}

/**
 * The hazard decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'none' }`. Pure and deterministic: time comes in as `metadata.now`,
 * the enterprise and criterion as `command.context`.
 */
export const hazardDecider: Decider<HazardCommand, HazardState, HazardEvent> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
