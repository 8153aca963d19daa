/**
 * The decider of the `report-{reportId}` stream (DOMAIN.md §2, who-may per §4): a whistle-blower
 * report (举报) received → verified (substantiated or not, linked hazard) → reward paid (only when
 * substantiated), and the reporter's confidential identity read (each read a fact) or shredded.
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict } from '../core/authorization.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isBefore, isInFuture, isIsoInstant, laterOf } from '../core/time.js';
import type { PayReward, ReceiveReport, ReportCommand, VerifyReport } from './report.commands.js';
import { REPORT_CHANNELS, type ReportEvent, type ReporterIdentityEnvelope } from './report.events.js';
import { suggestedRewardFen } from './report.reward.js';
import type { ReportState } from './report.state.js';

/** Every code the report decider refuses with (`DomainError.code`). */
export const REPORT_RULE_CODES = [
  'forbidden',
  'invalid_time',
  'occurred_in_future',
  'chronology',
  'report_exists',
  'report_not_found',
  'unknown_district',
  'unknown_sector',
  'unknown_enterprise',
  'invalid_channel',
  'summary_required',
  'invalid_identity_envelope',
  'report_already_verified',
  'report_not_verified',
  'report_unsubstantiated',
  'reward_already_paid',
  'link_requires_substantiation',
  'unknown_hazard',
  'invalid_amount',
  'override_reason_required',
  'purpose_required',
  'no_identity',
  'identity_shredded',
] as const;
export type ReportRuleCode = (typeof REPORT_RULE_CODES)[number];

type Received = Exclude<ReportState, { status: 'none' }>;

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one report command against the folded state.
 *
 * Order of judgement: roles that write nothing (and `system`) → `metadata.now` → the report must (not)
 * exist → who may (judged on the report's district) → the order of the life (received → verified →
 * rewarded; the identity held) → times → the command's own data.
 *
 * @returns exactly one event
 * @throws DomainError with a code of {@link REPORT_RULE_CODES}
 */
function decide(command: ReportCommand, state: ReportState): ReportEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role) || actor.role === 'system') throw forbidden(actor, command.type, 'this role writes nothing');
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);

  if (command.type === 'ReceiveReport') {
    if (state.status !== 'none') throw new DomainError('report_exists', `report ${state.reportId} is already received`);
    return receive(command);
  }
  if (state.status === 'none') throw new DomainError('report_not_found', `${command.type}: the report has not been received`);
  switch (command.type) {
    case 'VerifyReport':
      mayAct(actor, command.type, state.districtCode, ['inspector', 'district_supervisor']);
      return verify(command, state);
    case 'PayReward':
      mayAct(actor, command.type, state.districtCode, ['district_supervisor']);
      return payReward(command, state);
    case 'ReadReporterIdentity': {
      mayAct(actor, command.type, state.districtCode, ['district_supervisor']);
      checkIdentityHeld(state);
      checkFactTime(state.receivedAt, command.data.readAt, 'readAt', now);
      const purpose = typeof command.data.purpose === 'string' ? command.data.purpose.trim() : '';
      if (purpose === '') throw new DomainError('purpose_required', 'reading a reporter’s identity needs its purpose');
      return [{ type: 'ReporterIdentityRead', data: { reportId: state.reportId, readAt: command.data.readAt, purpose } }];
    }
    case 'ShredReporterIdentity':
      mayAct(actor, command.type, state.districtCode, ['district_supervisor']);
      checkIdentityHeld(state);
      checkFactTime(state.receivedAt, command.data.shreddedAt, 'shreddedAt', now);
      return [{ type: 'ReporterIdentityShredded', data: { reportId: state.reportId, shreddedAt: command.data.shreddedAt } }];
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled report command ${(unhandled as ReportCommand).type}`);
    }
  }
}

function receive(command: ReceiveReport): ReportEvent[] {
  const { data, context, metadata } = command;
  // Anyone may submit a report (DOMAIN.md §4); the read-only roles and `system` were refused above.
  if (!context.districtCodes.has(data.districtCode)) {
    throw new DomainError('unknown_district', `district '${data.districtCode}' is not in the reference data`);
  }
  if (data.sector !== null && !context.sectorCodes.has(data.sector)) {
    throw new DomainError('unknown_sector', `sector '${data.sector}' is not in the reference data`);
  }
  if (data.enterpriseUscc !== null) {
    const e = context.enterprise;
    if (e === null || e.status === 'unregistered' || e.uscc !== data.enterpriseUscc) {
      throw new DomainError('unknown_enterprise', `enterprise ${data.enterpriseUscc} is not registered`);
    }
  }
  if (!(REPORT_CHANNELS as readonly unknown[]).includes(data.channel)) {
    throw new DomainError('invalid_channel', `channel must be one of ${REPORT_CHANNELS.join(', ')}`);
  }
  if (typeof data.summary !== 'string' || data.summary.trim() === '') throw new DomainError('summary_required', 'a report needs a summary of what is reported');
  if (typeof data.receivedAt !== 'string' || !isIsoInstant(data.receivedAt)) {
    throw new DomainError('invalid_time', 'receivedAt is not an ISO-8601 instant with offset');
  }
  if (isInFuture(data.receivedAt, metadata.now)) {
    throw new DomainError('occurred_in_future', `receivedAt ${data.receivedAt} lies in the future (now is ${metadata.now})`);
  }
  if (data.reporterIdentity !== null) checkEnvelope(data.reporterIdentity);
  const reporterIdentity = data.reporterIdentity === null ? null : { ...data.reporterIdentity };
  return [
    {
      type: 'ReportReceived',
      data: {
        reportId: data.reportId,
        districtCode: data.districtCode,
        sector: data.sector,
        enterpriseUscc: data.enterpriseUscc,
        channel: data.channel,
        summary: data.summary,
        receivedAt: data.receivedAt,
        reporterIdentity,
      },
    },
  ];
}

function verify(command: VerifyReport, state: Received): ReportEvent[] {
  if (state.status !== 'received') throw new DomainError('report_already_verified', `report ${state.reportId} is already verified`);
  const { data } = command;
  checkFactTime(state.lastOccurredAt, data.verifiedAt, 'verifiedAt', command.metadata.now);
  if (!data.substantiated && (data.hazardId !== null || data.fineFen !== null)) {
    throw new DomainError('link_requires_substantiation', 'an unsubstantiated report links no hazard and no fine');
  }
  if (data.fineFen !== null) checkFen('fineFen', data.fineFen);
  if (data.hazardId !== null && !command.context.hazardExists) {
    throw new DomainError('unknown_hazard', `hazard ${data.hazardId} is not reported`);
  }
  return [
    {
      type: 'ReportVerified',
      data: { reportId: state.reportId, substantiated: data.substantiated, hazardId: data.hazardId, fineFen: data.fineFen, verifiedAt: data.verifiedAt },
    },
  ];
}

function payReward(command: PayReward, state: Received): ReportEvent[] {
  if (state.status === 'received') throw new DomainError('report_not_verified', `report ${state.reportId} is not verified yet: a reward follows verification`);
  if (state.status === 'rewarded') throw new DomainError('reward_already_paid', `the reward of report ${state.reportId} was paid at ${state.paidAt}`);
  if (!state.substantiated) throw new DomainError('report_unsubstantiated', `report ${state.reportId} was not substantiated: no reward`);
  const { data } = command;
  checkFactTime(state.lastOccurredAt, data.paidAt, 'paidAt', command.metadata.now);
  checkFen('amountFen', data.amountFen);
  const suggestedFen = suggestedRewardFen(state.fineFen);
  const reason = typeof data.overrideReason === 'string' ? data.overrideReason.trim() : '';
  if (data.amountFen !== suggestedFen && reason === '') {
    throw new DomainError(
      'override_reason_required',
      `the suggested reward is ${suggestedFen} fen (15% of the fine, at least 300000, at most 30000000); paying ${data.amountFen} fen needs an overrideReason`,
    );
  }
  return [
    {
      type: 'RewardPaid',
      // A reason given for the suggested amount overrides nothing: it is not kept.
      data: { reportId: state.reportId, amountFen: data.amountFen, suggestedFen, overrideReason: data.amountFen === suggestedFen ? null : reason, paidAt: data.paidAt },
    },
  ];
}

// ─── shared judgements ───────────────────────────────────────────────────────────────────────────

/** Who may (DOMAIN.md §4): city_admin, or one of `roles` in the report's district. */
function mayAct(actor: Actor, commandType: ReportCommand['type'], districtCode: string, roles: Actor['role'][]): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, roles, districtCode)) return;
  throw forbidden(actor, commandType, `needs ${roles.join(' or ')} of district ${districtCode}, or city_admin`);
}

function checkIdentityHeld(state: Received): void {
  if (state.identity === 'none') throw new DomainError('no_identity', `report ${state.reportId} was made anonymously: there is no identity`);
  if (state.identity === 'shredded') throw new DomainError('identity_shredded', `the reporter identity of report ${state.reportId} was shredded`);
}

/** Integer fen ≥ 0 (`invalid_amount`). */
function checkFen(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new DomainError('invalid_amount', `${field} must be a non-negative integer of fen`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The envelope's shape: four base64 strings, a 12-byte iv and a 16-byte tag. Its content is never put in a message. */
function checkEnvelope(envelope: ReporterIdentityEnvelope): void {
  const { keyId, iv, ciphertext, authTag } = envelope as Partial<ReporterIdentityEnvelope>;
  const ok =
    typeof keyId === 'string' && keyId !== '' &&
    typeof iv === 'string' && BASE64.test(iv) && iv.length === 16 &&
    typeof ciphertext === 'string' && ciphertext !== '' && BASE64.test(ciphertext) &&
    typeof authTag === 'string' && BASE64.test(authTag) && authTag.length === 24 &&
    Object.keys(envelope).length === 4;
  if (!ok) throw new DomainError('invalid_identity_envelope', 'reporterIdentity must be an AES-256-GCM envelope { keyId, iv, ciphertext, authTag } in base64');
}

/**
 * A later fact's time: an ISO-8601 instant, not before `notBefore` (`chronology`), not after `now` +
 * clock-skew tolerance (`occurred_in_future`).
 */
function checkFactTime(notBefore: string, at: string, field: string, now: string): void {
  if (typeof at !== 'string' || !isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset`);
  if (isBefore(at, notBefore)) throw new DomainError('chronology', `${field} ${at} is before the report's latest fact (${notBefore})`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Applies one stored event. An event that does not fit the state (which `decide` never produces)
 * leaves the state unchanged rather than failing a replay.
 */
function evolve(state: ReportState, event: ReportEvent): ReportState {
  switch (event.type) {
    case 'ReportReceived': {
      if (state.status !== 'none') return state;
      const d = event.data;
      return {
        status: 'received',
        reportId: d.reportId,
        districtCode: d.districtCode,
        receivedAt: d.receivedAt,
        identity: d.reporterIdentity === null ? 'none' : 'held',
        lastOccurredAt: d.receivedAt,
      };
    }
    case 'ReportVerified': {
      if (state.status !== 'received') return state;
      const d = event.data;
      return { ...state, status: 'verified', substantiated: d.substantiated, hazardId: d.hazardId, fineFen: d.fineFen, verifiedAt: d.verifiedAt, lastOccurredAt: laterOf(state.lastOccurredAt, d.verifiedAt) };
    }
    case 'RewardPaid': {
      if (state.status !== 'verified') return state;
      const d = event.data;
      return { ...state, status: 'rewarded', amountFen: d.amountFen, paidAt: d.paidAt, lastOccurredAt: laterOf(state.lastOccurredAt, d.paidAt) };
    }
    case 'ReporterIdentityRead':
      // A read changes nothing but the history: the identity stays held.
      return state;
    case 'ReporterIdentityShredded':
      if (state.status === 'none' || state.identity !== 'held') return state;
      return { ...state, identity: 'shredded' };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled report event ${(unhandled as ReportEvent).type}`);
    }
  }
}

/**
 * The report decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'none' }`. Pure: time comes in as `metadata.now` (and as the handler's
 * `readAt` / `shreddedAt`), reference data, the enterprise and the hazard's existence as `command.context`;
 * the identity arrives already encrypted.
 */
export const reportDecider: Decider<ReportCommand, ReportState, ReportEvent> = {
  decide,
  evolve,
  initialState: { status: 'none' },
};
