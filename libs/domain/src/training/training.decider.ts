/**
 * The decider of the `training-{orgKey}-{yyyy}` stream (DOMAIN.md §2, who-may per §4): trainings
 * (培训) recorded with their audience and result, and special-operations certificates
 * (特种作业操作证) issued and revoked. Person ids are pseudonymous.
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict, isEnterpriseItself } from '../core/authorization.js';
import { addCstYears, cstDate, isCstDate } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import { isBefore, isInFuture, isIsoInstant } from '../core/time.js';
import type { IssueCertificate, RecordTraining, RevokeCertificate, TrainingCommand } from './training.commands.js';
import {
  CERTIFICATE_VALIDITY_YEARS,
  ENTERPRISE_AUDIENCES,
  PERSON_REF_PATTERN,
  TRAINING_AUDIENCES,
  type TrainingEvent,
} from './training.events.js';
import type { CertificateEntry, TrainingState } from './training.state.js';

/** Every code the training decider refuses with (`DomainError.code`). */
export const TRAINING_RULE_CODES = [
  'forbidden',
  'invalid_time',
  'invalid_date',
  'occurred_in_future',
  'invalid_person_ref',
  'unknown_audience',
  'unknown_district',
  'unknown_sector',
  'enterprise_required',
  'enterprise_not_found',
  'enterprise_closed',
  'enterprise_district_mismatch',
  'enterprise_sector_mismatch',
  'topic_required',
  'training_exists',
  'operation_type_required',
  'certificate_exists',
  'validity_before_issue',
  'certificate_not_found',
  'certificate_revoked',
  'chronology',
  'reason_required',
] as const;
export type TrainingRuleCode = (typeof TRAINING_RULE_CODES)[number];

type OpenEnterprise = EnterpriseState & { status: 'open' };

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one training command against the stream's folded state.
 *
 * Order of judgement: roles that write nothing (and `system`) → `now` → the person id → the
 * organisation (district, sector, enterprise: registered, the same district and sector, open) →
 * who may (judged on that district and enterprise) → uniqueness / the certificate's state → times →
 * the command's own data.
 *
 * @returns the events to append (exactly one)
 * @throws DomainError with a code of {@link TRAINING_RULE_CODES}
 */
function decide(command: TrainingCommand, state: TrainingState): TrainingEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role)) throw forbidden(actor, command.type, 'this role writes nothing');
  if (actor.role === 'system') throw forbidden(actor, command.type, 'the system records no training');
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);
  switch (command.type) {
    case 'RecordTraining':
      return recordTraining(command, state);
    case 'IssueCertificate':
      return issueCertificate(command, state);
    case 'RevokeCertificate':
      return revokeCertificate(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled training command ${(unhandled as TrainingCommand).type}`);
    }
  }
}

function recordTraining(command: RecordTraining, state: TrainingState): TrainingEvent[] {
  const { data, context, reference, metadata } = command;
  checkPersonRef(data.personRef);
  if (!(TRAINING_AUDIENCES as readonly string[]).includes(data.audience)) {
    throw new DomainError('unknown_audience', `audience '${String(data.audience)}' is not one of ${TRAINING_AUDIENCES.join(', ')}`);
  }
  if (!reference.districtCodes.has(data.districtCode)) {
    throw new DomainError('unknown_district', `district '${data.districtCode}' is not in the reference data`);
  }
  if (data.sector !== null && !reference.sectorCodes.has(data.sector)) {
    throw new DomainError('unknown_sector', `sector '${data.sector}' is not in the reference data`);
  }
  // An enterprise's principal, leaders, workers and special operators are trained as its staff.
  if (data.enterpriseUscc === null && ENTERPRISE_AUDIENCES.includes(data.audience)) {
    throw new DomainError('enterprise_required', `a ${data.audience} training names the enterprise whose staff was trained`);
  }
  let districtCode = data.districtCode;
  let sector = data.sector;
  if (data.enterpriseUscc !== null) {
    const enterprise = registered(context.enterprise, data.enterpriseUscc);
    // The enterprise decides where the training counts; a body saying otherwise is a mistake, not an override.
    if (enterprise.districtCode !== data.districtCode) {
      throw new DomainError(
        'enterprise_district_mismatch',
        `enterprise ${enterprise.uscc} is in district ${enterprise.districtCode}, not ${data.districtCode}`,
      );
    }
    if (data.sector !== null && enterprise.sector !== data.sector) {
      throw new DomainError('enterprise_sector_mismatch', `enterprise ${enterprise.uscc} is in sector ${enterprise.sector}, not ${data.sector}`);
    }
    mayAct(metadata.actor, command.type, enterprise.districtCode, enterprise.uscc);
    open(enterprise);
    districtCode = enterprise.districtCode;
    sector = enterprise.sector;
  } else {
    mayAct(metadata.actor, command.type, data.districtCode, null);
  }
  if (state.trainingIds.includes(data.trainingId)) {
    throw new DomainError('training_exists', `training ${data.trainingId} is already recorded`);
  }
  checkFactTime(data.completedAt, 'completedAt', metadata.now);
  if (data.topic.trim() === '') throw new DomainError('topic_required', 'a training needs a topic');
  return [
    {
      type: 'TrainingRecorded',
      data: {
        trainingId: data.trainingId,
        audience: data.audience,
        personRef: data.personRef,
        districtCode,
        sector,
        enterpriseUscc: data.enterpriseUscc,
        topic: data.topic,
        completedAt: data.completedAt,
        passed: data.passed,
      },
    },
  ];
}

function issueCertificate(command: IssueCertificate, state: TrainingState): TrainingEvent[] {
  const { data, context, metadata } = command;
  checkPersonRef(data.personRef);
  const enterprise = registered(context.enterprise, data.enterpriseUscc);
  mayAct(metadata.actor, command.type, enterprise.districtCode, enterprise.uscc);
  open(enterprise);
  if (state.certificates.some((c) => c.certificateId === data.certificateId)) {
    throw new DomainError('certificate_exists', `certificate ${data.certificateId} is already issued`);
  }
  checkFactTime(data.issuedAt, 'issuedAt', metadata.now);
  if (data.operationType.trim() === '') throw new DomainError('operation_type_required', 'a certificate names its special operation');
  const issueDate = cstDate(data.issuedAt);
  if (data.validUntil !== null) {
    if (!isCstDate(data.validUntil)) throw new DomainError('invalid_date', `validUntil is not a date 'YYYY-MM-DD': '${data.validUntil}'`);
    if (data.validUntil < issueDate) {
      throw new DomainError('validity_before_issue', `validUntil ${data.validUntil} is before the issue date ${issueDate}`);
    }
  }
  return [
    {
      type: 'CertificateIssued',
      data: {
        certificateId: data.certificateId,
        personRef: data.personRef,
        enterpriseUscc: enterprise.uscc,
        districtCode: enterprise.districtCode,
        sector: enterprise.sector,
        operationType: data.operationType,
        issuedAt: data.issuedAt,
        validUntil: data.validUntil ?? addCstYears(issueDate, CERTIFICATE_VALIDITY_YEARS),
      },
    },
  ];
}

function revokeCertificate(command: RevokeCertificate, state: TrainingState): TrainingEvent[] {
  const { data, metadata } = command;
  const certificate = state.certificates.find((c) => c.certificateId === data.certificateId);
  if (certificate === undefined) throw new DomainError('certificate_not_found', `certificate ${data.certificateId} is not issued`);
  mayAct(metadata.actor, command.type, certificate.districtCode, certificate.enterpriseUscc);
  if (certificate.status === 'revoked') {
    throw new DomainError('certificate_revoked', `certificate ${certificate.certificateId} was already revoked at ${certificate.revokedAt}`);
  }
  checkFactTime(data.revokedAt, 'revokedAt', metadata.now);
  if (isBefore(data.revokedAt, certificate.issuedAt)) {
    throw new DomainError('chronology', `revokedAt ${data.revokedAt} is before the certificate was issued (${certificate.issuedAt})`);
  }
  if (data.reason.trim() === '') throw new DomainError('reason_required', 'a revocation needs a reason');
  return [{ type: 'CertificateRevoked', data: { certificateId: certificate.certificateId, revokedAt: data.revokedAt, reason: data.reason } }];
}

// ─── shared judgements ───────────────────────────────────────────────────────────────────────────

/**
 * Who may (DOMAIN.md §4): city_admin anywhere; an inspector or district supervisor of the district;
 * the enterprise itself for its own staff (never for a training that names no enterprise).
 */
function mayAct(actor: Actor, commandType: TrainingCommand['type'], districtCode: string, enterpriseUscc: string | null): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['inspector', 'district_supervisor'], districtCode)) return;
  if (enterpriseUscc !== null && isEnterpriseItself(actor, enterpriseUscc)) return;
  throw forbidden(
    actor,
    commandType,
    enterpriseUscc === null
      ? `needs an inspector or district_supervisor of district ${districtCode}, or city_admin`
      : `needs enterprise ${enterpriseUscc} itself, an inspector or district_supervisor of district ${districtCode}, or city_admin`,
  );
}

/** The enterprise's state when it is the one named and registered, else `enterprise_not_found`. */
function registered(enterprise: EnterpriseState | null, uscc: string): EnterpriseState & { status: 'open' | 'closed' } {
  // An enterprise state for another USCC than the one named is not the enterprise of this fact.
  if (enterprise === null || enterprise.status === 'unregistered' || enterprise.uscc !== uscc) {
    throw new DomainError('enterprise_not_found', `enterprise ${uscc} is not registered`);
  }
  return enterprise;
}

function open(enterprise: EnterpriseState & { status: 'open' | 'closed' }): OpenEnterprise {
  if (enterprise.status === 'closed') {
    throw new DomainError('enterprise_closed', `enterprise ${enterprise.uscc} was closed on ${enterprise.closedAt}`);
  }
  return enterprise as OpenEnterprise;
}

function checkPersonRef(personRef: string): void {
  if (!PERSON_REF_PATTERN.test(personRef)) {
    throw new DomainError('invalid_person_ref', 'personRef must be a pseudonymous id of 8–64 characters [A-Za-z0-9_-], never a name');
  }
}

/** A fact's time: an ISO-8601 instant with offset, not after `now` + clock-skew tolerance. */
function checkFactTime(at: string, field: string, now: string): void {
  if (!isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${at}'`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Applies one stored event. A fact that does not fit (which `decide` never produces) leaves the
 * state unchanged rather than failing a replay.
 */
function evolve(state: TrainingState, event: TrainingEvent): TrainingState {
  switch (event.type) {
    case 'TrainingRecorded':
      if (state.trainingIds.includes(event.data.trainingId)) return state;
      return { ...state, trainingIds: [...state.trainingIds, event.data.trainingId] };
    case 'CertificateIssued': {
      const d = event.data;
      if (state.certificates.some((c) => c.certificateId === d.certificateId)) return state;
      const entry: CertificateEntry = {
        certificateId: d.certificateId,
        personRef: d.personRef,
        enterpriseUscc: d.enterpriseUscc,
        districtCode: d.districtCode,
        issuedAt: d.issuedAt,
        status: 'issued',
      };
      return { ...state, certificates: [...state.certificates, entry] };
    }
    case 'CertificateRevoked':
      return {
        ...state,
        certificates: state.certificates.map((c) =>
          c.certificateId === event.data.certificateId && c.status === 'issued' ? { ...c, status: 'revoked', revokedAt: event.data.revokedAt } : c,
        ),
      };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled training event ${(unhandled as TrainingEvent).type}`);
    }
  }
}

/**
 * The training decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` (no trainings, no certificates). Pure and deterministic: time comes in as
 * `metadata.now`, the enterprise as `command.context`, district and sector codes as `command.reference`.
 */
export const trainingDecider: Decider<TrainingCommand, TrainingState, TrainingEvent> = {
  decide,
  evolve,
  initialState: { trainingIds: [], certificates: [] },
};
