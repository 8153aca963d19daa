/**
 * The decider of the `rescue-{districtCode}` stream (DOMAIN.md §2, who-may per §4): a district's
 * rescue capacity — teams established and equipment distributed — behind the plan's rescue targets
 * (三(五)14: 2024 18,000 equipment sets; 2025 city/district/township teams 100 %, village stations
 * 90 %, professional teams 80 %; 2026 village stations 100 %, professional teams 90 %).
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict } from '../core/authorization.js';
import { cstYear } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant, MIN_FACT_YEAR } from '../core/time.js';
import type { DistributeEquipment, EstablishRescueTeam, RescueCommand } from './rescue.commands.js';
import {
  EQUIPMENT_RECIPIENT_LEVELS,
  RESCUE_TEAM_LEVELS,
  UNIT_LEVELS,
  rescueTeamKey,
  type RescueEvent,
  type RescueTeamLevel,
} from './rescue.events.js';
import type { RescueState } from './rescue.state.js';

/** Every code the rescue decider refuses with (`DomainError.code`). */
export const RESCUE_RULE_CODES = [
  'forbidden',
  'invalid_time',
  'occurred_in_future',
  'unknown_district',
  'unknown_sector',
  'invalid_team_level',
  'sector_required',
  'sector_not_allowed',
  'unit_required',
  'unit_not_allowed',
  'invalid_members',
  'team_exists',
  'invalid_sets',
  'invalid_recipient_level',
  'distribution_exists',
  'wrong_rescue_stream',
] as const;
export type RescueRuleCode = (typeof RESCUE_RULE_CODES)[number];

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one rescue command against the stream's state.
 *
 * Order of judgement: roles that write nothing (and `system`) → `metadata.now` → the district (in
 * the reference data) → who may (city_admin, or a district_supervisor of the district) → the stream
 * (same district) → the time (ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min) → the
 * command's own data → uniqueness.
 *
 * @returns exactly one event
 * @throws DomainError with a code of {@link RESCUE_RULE_CODES}
 */
function decide(command: RescueCommand, state: RescueState): RescueEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role) || actor.role === 'system') {
    throw forbidden(actor, command.type, 'this role records no rescue capacity');
  }
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);
  const districtCode = command.data.districtCode;
  if (!command.reference.districtCodes.has(districtCode)) {
    throw new DomainError('unknown_district', `district '${districtCode}' is not in the reference data`);
  }
  mayAct(actor, command.type, districtCode);
  if (state.status === 'active' && state.districtCode !== districtCode) {
    throw new DomainError('wrong_rescue_stream', `district ${districtCode} does not belong to the stream of district ${state.districtCode}`);
  }
  switch (command.type) {
    case 'EstablishRescueTeam':
      return establishTeam(command, state);
    case 'DistributeEquipment':
      return distributeEquipment(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled rescue command ${(unhandled as RescueCommand).type}`);
    }
  }
}

function establishTeam(command: EstablishRescueTeam, state: RescueState): RescueEvent[] {
  const { data, reference, metadata } = command;
  checkFactTime(data.establishedAt, 'establishedAt', metadata.now);
  // The types say so, but commands arrive from JSON: the rules are re-checked at run time.
  if (!(RESCUE_TEAM_LEVELS as readonly unknown[]).includes(data.level)) {
    throw new DomainError('invalid_team_level', `level must be one of ${RESCUE_TEAM_LEVELS.join(', ')}, got ${String(data.level)}`);
  }
  if (data.level === 'sector_professional') {
    if (data.sector === null) throw new DomainError('sector_required', 'a sector_professional team names its sector');
    if (!reference.sectorCodes.has(data.sector)) throw new DomainError('unknown_sector', `sector '${data.sector}' is not in the reference data`);
  } else if (data.sector !== null) {
    throw new DomainError('sector_not_allowed', `a ${data.level} team has no sector (got '${data.sector}')`);
  }
  const unitRef = data.unitRef === null ? null : data.unitRef.trim();
  if (UNIT_LEVELS.includes(data.level as RescueTeamLevel)) {
    if (unitRef === null || unitRef === '') throw new DomainError('unit_required', `a ${data.level} team names the township or village it serves (unitRef)`);
  } else if (unitRef !== null) {
    throw new DomainError('unit_not_allowed', `a ${data.level} team serves no named unit (got unitRef '${unitRef}')`);
  }
  if (!Number.isSafeInteger(data.members) || data.members < 1) {
    throw new DomainError('invalid_members', `members must be a positive integer, got ${String(data.members)}`);
  }
  const key = rescueTeamKey(data.level, data.sector, unitRef);
  if (state.status === 'active') {
    if (state.teamIds.includes(data.teamId)) throw new DomainError('team_exists', `team ${data.teamId} is already established`);
    if (state.teamKeys.includes(key)) {
      throw new DomainError('team_exists', `district ${data.districtCode} already has a ${data.level} team for ${key}`);
    }
  }
  return [
    {
      type: 'RescueTeamEstablished',
      data: {
        teamId: data.teamId,
        districtCode: data.districtCode,
        level: data.level,
        sector: data.sector,
        unitRef,
        members: data.members,
        establishedAt: data.establishedAt,
      },
    },
  ];
}

function distributeEquipment(command: DistributeEquipment, state: RescueState): RescueEvent[] {
  const { data, metadata } = command;
  checkFactTime(data.distributedAt, 'distributedAt', metadata.now);
  if (!Number.isSafeInteger(data.sets) || data.sets < 1) {
    throw new DomainError('invalid_sets', `sets must be a positive integer, got ${String(data.sets)}`);
  }
  if (!(EQUIPMENT_RECIPIENT_LEVELS as readonly unknown[]).includes(data.recipientLevel)) {
    throw new DomainError(
      'invalid_recipient_level',
      `recipientLevel must be one of ${EQUIPMENT_RECIPIENT_LEVELS.join(', ')}, got ${String(data.recipientLevel)}`,
    );
  }
  if (state.status === 'active' && state.distributionIds.includes(data.distributionId)) {
    throw new DomainError('distribution_exists', `distribution ${data.distributionId} is already recorded`);
  }
  return [
    {
      type: 'EquipmentDistributed',
      data: {
        distributionId: data.distributionId,
        districtCode: data.districtCode,
        sets: data.sets,
        recipientLevel: data.recipientLevel,
        distributedAt: data.distributedAt,
      },
    },
  ];
}

/** A fact's time: ISO-8601 with offset, CST year ≥ 1950, not more than 5 minutes after now. */
function checkFactTime(at: string, field: string, now: string): void {
  if (typeof at !== 'string' || !isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${String(at)}'`);
  if (cstYear(at) < MIN_FACT_YEAR) throw new DomainError('invalid_time', `${field} ${at} is before ${MIN_FACT_YEAR} in China Standard Time`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
}

/** Who may (DOMAIN.md §4: rescue capacity is the city's): city_admin, or a district_supervisor of the district. */
function mayAct(actor: Actor, commandType: string, districtCode: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['district_supervisor'], districtCode)) return;
  throw forbidden(actor, commandType, `needs a district_supervisor of district ${districtCode}, or city_admin`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/** Applies one stored event: the first names the stream's district; teams add their id and key, distributions their id. */
function evolve(state: RescueState, event: RescueEvent): RescueState {
  const base: RescueState & { status: 'active' } =
    state.status === 'active' ? state : { status: 'active', districtCode: event.data.districtCode, teamKeys: [], teamIds: [], distributionIds: [] };
  switch (event.type) {
    case 'RescueTeamEstablished': {
      const d = event.data;
      if (base.teamIds.includes(d.teamId)) return base;
      return { ...base, teamIds: [...base.teamIds, d.teamId], teamKeys: [...base.teamKeys, rescueTeamKey(d.level, d.sector, d.unitRef)] };
    }
    case 'EquipmentDistributed': {
      const d = event.data;
      if (base.distributionIds.includes(d.distributionId)) return base;
      return { ...base, distributionIds: [...base.distributionIds, d.distributionId] };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled rescue event ${(unhandled as RescueEvent).type}`);
    }
  }
}

/**
 * The rescue decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'empty' }`. Pure and deterministic: time comes in as `metadata.now`,
 * the reference data as `command.reference`.
 */
export const rescueDecider: Decider<RescueCommand, RescueState, RescueEvent> = {
  decide,
  evolve,
  initialState: { status: 'empty' },
};
