/**
 * The decider of the `enterprise-{uscc}` stream (DOMAIN.md §2, who-may per §4).
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict, isEnterpriseItself } from '../core/authorization.js';
import { addCstYears, cstDate } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant } from '../core/time.js';
import type {
  CloseEnterprise,
  EnterpriseCommand,
  EstablishResponsibilitySystem,
  GradeStandardization,
  RegisterEnterprise,
} from './enterprise.commands.js';
import type { EnterpriseEvent } from './enterprise.events.js';
import type { EnterpriseState } from './enterprise.state.js';
import { usccProblem } from './uscc.js';

/** Years a standardization grade stays valid (安全生产标准化 certificates run three years). */
export const STANDARDIZATION_VALIDITY_YEARS = 3;

/** Every code the enterprise decider refuses with (`DomainError.code`). */
export const ENTERPRISE_RULE_CODES = [
  'forbidden',
  'enterprise_exists',
  'enterprise_not_found',
  'enterprise_closed',
  'invalid_uscc',
  'name_required',
  'invalid_industry_code',
  'unknown_district',
  'unknown_sector',
  'unknown_risk_tag',
  'invalid_standardization_level',
  'invalid_posts_covered',
  'invalid_time',
  'occurred_in_future',
] as const;
export type EnterpriseRuleCode = (typeof ENTERPRISE_RULE_CODES)[number];

type Registered = Exclude<EnterpriseState, { status: 'unregistered' }>;

/** GB/T 4754-2017 code at any level: section letter, then division (2), group (3) or class (4) digits. */
const INDUSTRY_CODE = /^[A-T](?:\d{2}|\d{3}|\d{4})?$/;

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one enterprise command against the folded state.
 *
 * Order of judgement: roles that write nothing → the enterprise must exist (its district decides
 * who may) → who may → closure → the command's own data.
 *
 * @returns the events to append (exactly one)
 * @throws DomainError with a code of {@link ENTERPRISE_RULE_CODES}
 */
function decide(command: EnterpriseCommand, state: EnterpriseState): EnterpriseEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role) || actor.role === 'system') {
    throw forbidden(actor, command.type, 'this role writes nothing to an enterprise');
  }
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);

  switch (command.type) {
    case 'RegisterEnterprise':
      return registerEnterprise(command, state);
    case 'GradeStandardization':
      return gradeStandardization(command, openEnterprise(command, state));
    case 'EstablishResponsibilitySystem':
      return establishResponsibilitySystem(command, openEnterprise(command, state));
    case 'CloseEnterprise':
      return closeEnterprise(command, openEnterprise(command, state));
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled enterprise command ${(unhandled as EnterpriseCommand).type}`);
    }
  }
}

function registerEnterprise(command: RegisterEnterprise, state: EnterpriseState): EnterpriseEvent[] {
  const { data, reference } = command;
  mayAct(command.metadata.actor, command.type, data.districtCode, data.uscc);
  if (state.status === 'closed') {
    throw new DomainError('enterprise_closed', `enterprise ${state.uscc} was closed on ${state.closedAt}: nothing follows a closure`);
  }
  if (state.status === 'open') throw new DomainError('enterprise_exists', `enterprise ${state.uscc} is already registered`);
  const usccWrong = usccProblem(data.uscc);
  if (usccWrong !== null) throw new DomainError('invalid_uscc', usccWrong);
  if (data.name.trim() === '') throw new DomainError('name_required', 'an enterprise needs a name');
  if (!INDUSTRY_CODE.test(data.industryCode)) {
    throw new DomainError('invalid_industry_code', `'${data.industryCode}' is not a GB/T 4754-2017 industry code`);
  }
  if (!reference.districtCodes.has(data.districtCode)) {
    throw new DomainError('unknown_district', `district '${data.districtCode}' is not in the reference data`);
  }
  const sector = reference.sectors.get(data.sector);
  if (sector === undefined) throw new DomainError('unknown_sector', `sector '${data.sector}' is not in the reference data`);
  const unknownTags = data.riskTags.filter((tag) => !reference.riskTags.has(tag));
  if (unknownTags.length > 0) {
    throw new DomainError('unknown_risk_tag', `risk tag(s) not in the reference data: ${unknownTags.join(', ')}`);
  }
  checkFactTime(data.registeredAt, 'registeredAt', command.metadata.now);
  return [
    {
      type: 'EnterpriseRegistered',
      data: {
        uscc: data.uscc,
        name: data.name,
        districtCode: data.districtCode,
        sector: data.sector,
        industryCode: data.industryCode,
        // A tag is a property, not a count: a repeated tag says nothing more.
        riskTags: [...new Set(data.riskTags)],
        highRisk: data.highRisk ?? sector.highRisk,
        registeredAt: data.registeredAt,
      },
    },
  ];
}

function gradeStandardization(command: GradeStandardization, state: Registered): EnterpriseEvent[] {
  const { data } = command;
  // The type says 1 | 2 | 3, but commands arrive from JSON: the rule is re-checked at run time.
  if (!([1, 2, 3] as unknown[]).includes(data.level)) {
    throw new DomainError('invalid_standardization_level', `standardization level must be 1, 2 or 3, got ${String(data.level)}`);
  }
  checkFactTime(data.gradedAt, 'gradedAt', command.metadata.now);
  return [
    {
      type: 'StandardizationGraded',
      data: {
        uscc: state.uscc,
        level: data.level,
        gradedAt: data.gradedAt,
        validUntil: addCstYears(cstDate(data.gradedAt), STANDARDIZATION_VALIDITY_YEARS),
      },
    },
  ];
}

function establishResponsibilitySystem(command: EstablishResponsibilitySystem, state: Registered): EnterpriseEvent[] {
  const { data } = command;
  if (!Number.isSafeInteger(data.postsCovered) || data.postsCovered < 1) {
    throw new DomainError('invalid_posts_covered', `postsCovered must be a positive integer, got ${String(data.postsCovered)}`);
  }
  checkFactTime(data.establishedAt, 'establishedAt', command.metadata.now);
  return [
    {
      type: 'ResponsibilitySystemEstablished',
      data: { uscc: state.uscc, establishedAt: data.establishedAt, postsCovered: data.postsCovered },
    },
  ];
}

function closeEnterprise(command: CloseEnterprise, state: Registered): EnterpriseEvent[] {
  const { data } = command;
  checkFactTime(data.closedAt, 'closedAt', command.metadata.now);
  return [{ type: 'EnterpriseClosed', data: { uscc: state.uscc, closedAt: data.closedAt, reason: data.reason } }];
}

// ─── shared judgements ───────────────────────────────────────────────────────────────────────────

/**
 * The registered, open enterprise a follow-up command acts on, after judging who may.
 * A command naming another USCC than the stream's is refused as not found: it does not address
 * this enterprise.
 */
function openEnterprise(
  command: GradeStandardization | EstablishResponsibilitySystem | CloseEnterprise,
  state: EnterpriseState,
): Registered {
  if (state.status === 'unregistered' || state.uscc !== command.data.uscc) {
    throw new DomainError('enterprise_not_found', `enterprise ${command.data.uscc} is not registered`);
  }
  mayAct(command.metadata.actor, command.type, state.districtCode, state.uscc);
  if (state.status === 'closed') {
    throw new DomainError('enterprise_closed', `enterprise ${state.uscc} was closed on ${state.closedAt}: nothing follows a closure`);
  }
  return state;
}

/**
 * Who may (DOMAIN.md §4): `city_admin` anywhere; `inspector` and `district_supervisor` in the
 * enterprise's district; the enterprise itself for its own registration and responsibility
 * system, but not for its grading (a third party grades) nor its closure (a regulator's act).
 */
function mayAct(actor: Actor, commandType: EnterpriseCommand['type'], districtCode: string, uscc: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['inspector', 'district_supervisor'], districtCode)) return;
  const enterpriseMay = commandType === 'RegisterEnterprise' || commandType === 'EstablishResponsibilitySystem';
  if (enterpriseMay && isEnterpriseItself(actor, uscc)) return;
  throw forbidden(
    actor,
    commandType,
    enterpriseMay
      ? `needs city_admin, an inspector or district_supervisor of district ${districtCode}, or enterprise ${uscc} itself`
      : `needs city_admin or an inspector or district_supervisor of district ${districtCode}`,
  );
}

/** A fact's time must be an ISO-8601 instant and not after `now` (+ clock-skew tolerance). */
function checkFactTime(at: string, field: string, now: string): void {
  if (!isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${at}'`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Applies one stored event. Events are facts already accepted: an event that does not fit the state
 * (which `decide` never produces) leaves the state as it is rather than failing a replay.
 */
function evolve(state: EnterpriseState, event: EnterpriseEvent): EnterpriseState {
  switch (event.type) {
    case 'EnterpriseRegistered':
      return {
        status: 'open',
        uscc: event.data.uscc,
        name: event.data.name,
        districtCode: event.data.districtCode,
        sector: event.data.sector,
        industryCode: event.data.industryCode,
        riskTags: [...event.data.riskTags],
        highRisk: event.data.highRisk,
        registeredAt: event.data.registeredAt,
        standardization: null,
        responsibilitySystemEstablishedAt: null,
        closedAt: null,
      };
    case 'StandardizationGraded':
      if (state.status === 'unregistered') return state;
      return {
        ...state,
        standardization: { level: event.data.level, gradedAt: event.data.gradedAt, validUntil: event.data.validUntil },
      };
    case 'ResponsibilitySystemEstablished':
      if (state.status === 'unregistered') return state;
      return { ...state, responsibilitySystemEstablishedAt: event.data.establishedAt };
    case 'EnterpriseClosed':
      if (state.status === 'unregistered') return state;
      return { ...state, status: 'closed', closedAt: event.data.closedAt };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled enterprise event ${(unhandled as EnterpriseEvent).type}`);
    }
  }
}

/**
 * The enterprise decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'unregistered' }`. Pure and deterministic: time comes in as
 * `metadata.now`, reference data as `command.reference`.
 */
export const enterpriseDecider: Decider<EnterpriseCommand, EnterpriseState, EnterpriseEvent> = {
  decide,
  evolve,
  initialState: { status: 'unregistered' },
};
