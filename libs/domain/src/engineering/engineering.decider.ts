/**
 * The decider of the `engineering-{districtCode}-{yyyy}` stream (DOMAIN.md §2, who-may per §4): the
 * facts behind the plan's safety-engineering counts (三(七)20 安全工程治理) — elevator spot checks
 * (门锁装置、紧急报警装置、救援对讲系统) and the quantities of the plan's projects completed.
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict } from '../core/authorization.js';
import { cstYear } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant, MIN_FACT_YEAR } from '../core/time.js';
import type { EngineeringCommand, RecordElevatorSpotCheck, RecordEngineeringProgress } from './engineering.commands.js';
import { ELEVATOR_CHECK_ITEMS, ENGINEERING_PROJECTS, type EngineeringEvent } from './engineering.events.js';
import type { EngineeringState } from './engineering.state.js';

/** Every code the engineering decider refuses with (`DomainError.code`). */
export const ENGINEERING_RULE_CODES = [
  'forbidden',
  'unknown_district',
  'invalid_time',
  'occurred_in_future',
  'wrong_engineering_stream',
  'check_exists',
  'progress_exists',
  'invalid_elevators',
  'invalid_check_items',
  'invalid_defects',
  'defects_exceed_elevators',
  'unknown_project',
  'invalid_quantity',
  'area_required',
  'area_not_applicable',
  'invalid_area',
] as const;
export type EngineeringRuleCode = (typeof ENGINEERING_RULE_CODES)[number];

const isPositiveInteger = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1;

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one engineering command against the stream's state.
 *
 * Order of judgement: roles that write nothing (and `system`) → `metadata.now` → the district must be
 * in the reference data → who may (city_admin, or a district_supervisor of the district) → the time
 * (ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min) → the stream (same district and CST
 * year, id not yet recorded) → the counts.
 *
 * @returns exactly one ElevatorSpotChecked or EngineeringProgressRecorded
 * @throws DomainError with a code of {@link ENGINEERING_RULE_CODES}
 */
function decide(command: EngineeringCommand, state: EngineeringState): EngineeringEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role) || actor.role === 'system') {
    throw forbidden(actor, command.type, 'this role records no engineering fact');
  }
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);
  const districtCode = command.data.districtCode;
  if (!command.reference.districtCodes.has(districtCode)) {
    throw new DomainError('unknown_district', `district '${districtCode}' is not in the reference data`);
  }
  mayRecord(actor, command.type, districtCode);
  switch (command.type) {
    case 'RecordElevatorSpotCheck':
      return recordElevatorSpotCheck(command, state);
    case 'RecordEngineeringProgress':
      return recordEngineeringProgress(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled engineering command ${(unhandled as EngineeringCommand).type}`);
    }
  }
}

/** Checks a fact's time and that it belongs to this stream. */
function checkTimeAndStream(at: string, field: string, now: string, districtCode: string, state: EngineeringState): void {
  if (!isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${at}'`);
  const year = cstYear(at);
  if (year < MIN_FACT_YEAR) throw new DomainError('invalid_time', `${field} ${at} is before ${MIN_FACT_YEAR} in China Standard Time`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
  // The handler names the stream from the district and the CST year of the fact; anything else is misrouted.
  if (state.status === 'recording' && (state.districtCode !== districtCode || state.year !== year)) {
    throw new DomainError(
      'wrong_engineering_stream',
      `a fact of district ${districtCode} in ${year} does not belong to the stream of ${state.districtCode} in ${state.year}`,
    );
  }
}

function recordElevatorSpotCheck(command: RecordElevatorSpotCheck, state: EngineeringState): EngineeringEvent[] {
  const { data, metadata } = command;
  checkTimeAndStream(data.checkedAt, 'checkedAt', metadata.now, data.districtCode, state);
  if (state.status === 'recording' && state.checkIds.includes(data.checkId)) {
    throw new DomainError('check_exists', `elevator spot check ${data.checkId} is already recorded`);
  }
  if (!isPositiveInteger(data.elevators)) {
    throw new DomainError('invalid_elevators', `elevators must be a positive integer, got ${String(data.elevators)}`);
  }
  // Commands arrive from JSON: the items are re-checked at run time.
  const items: unknown = data.items;
  if (
    !Array.isArray(items) ||
    items.length === 0 ||
    new Set(items).size !== items.length ||
    !items.every((i) => (ELEVATOR_CHECK_ITEMS as readonly unknown[]).includes(i))
  ) {
    throw new DomainError('invalid_check_items', `items must be a non-empty subset of ${ELEVATOR_CHECK_ITEMS.join(', ')} without repeats`);
  }
  if (typeof data.defectsFound !== 'number' || !Number.isSafeInteger(data.defectsFound) || data.defectsFound < 0) {
    throw new DomainError('invalid_defects', `defectsFound must be an integer ≥ 0, got ${String(data.defectsFound)}`);
  }
  if (data.defectsFound > data.elevators) {
    throw new DomainError('defects_exceed_elevators', `defectsFound ${data.defectsFound} exceeds the ${data.elevators} elevators checked`);
  }
  return [
    {
      type: 'ElevatorSpotChecked',
      data: {
        checkId: data.checkId,
        districtCode: data.districtCode,
        elevators: data.elevators,
        // In the order of ELEVATOR_CHECK_ITEMS, so equal checks are equal events.
        items: ELEVATOR_CHECK_ITEMS.filter((i) => data.items.includes(i)),
        defectsFound: data.defectsFound,
        checkedAt: data.checkedAt,
      },
    },
  ];
}

function recordEngineeringProgress(command: RecordEngineeringProgress, state: EngineeringState): EngineeringEvent[] {
  const { data, metadata } = command;
  checkTimeAndStream(data.completedAt, 'completedAt', metadata.now, data.districtCode, state);
  if (state.status === 'recording' && state.progressIds.includes(data.progressId)) {
    throw new DomainError('progress_exists', `engineering progress ${data.progressId} is already recorded`);
  }
  if (!(ENGINEERING_PROJECTS as readonly unknown[]).includes(data.project)) {
    throw new DomainError('unknown_project', `project must be one of ${ENGINEERING_PROJECTS.join(', ')}, got ${String(data.project)}`);
  }
  if (!isPositiveInteger(data.quantity)) {
    throw new DomainError('invalid_quantity', `quantity must be a positive integer in the project's unit, got ${String(data.quantity)}`);
  }
  if (data.project === 'old_community_renovation') {
    if (data.areaSquareMetres === null || data.areaSquareMetres === undefined) {
      throw new DomainError('area_required', 'an old-community renovation names the area renovated (areaSquareMetres)');
    }
    if (!isPositiveInteger(data.areaSquareMetres)) {
      throw new DomainError('invalid_area', `areaSquareMetres must be a positive integer, got ${String(data.areaSquareMetres)}`);
    }
  } else if (data.areaSquareMetres !== null) {
    throw new DomainError('area_not_applicable', `areaSquareMetres is recorded for old_community_renovation only, not ${data.project}`);
  }
  return [
    {
      type: 'EngineeringProgressRecorded',
      data: {
        progressId: data.progressId,
        districtCode: data.districtCode,
        project: data.project,
        quantity: data.quantity,
        areaSquareMetres: data.areaSquareMetres,
        completedAt: data.completedAt,
      },
    },
  ];
}

/** Who may (DOMAIN.md §4): city_admin, or a district_supervisor of the fact's district. */
function mayRecord(actor: Actor, commandType: string, districtCode: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['district_supervisor'], districtCode)) return;
  throw forbidden(actor, commandType, `needs a district_supervisor of district ${districtCode}, or city_admin`);
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/** Applies one stored event: the first names the stream's district and year; each adds its id. */
function evolve(state: EngineeringState, event: EngineeringEvent): EngineeringState {
  const base: EngineeringState & { status: 'recording' } =
    state.status === 'empty'
      ? {
          status: 'recording',
          districtCode: event.data.districtCode,
          year: cstYear(event.type === 'ElevatorSpotChecked' ? event.data.checkedAt : event.data.completedAt),
          checkIds: [],
          progressIds: [],
        }
      : state;
  switch (event.type) {
    case 'ElevatorSpotChecked':
      if (base.checkIds.includes(event.data.checkId)) return base;
      return { ...base, checkIds: [...base.checkIds, event.data.checkId] };
    case 'EngineeringProgressRecorded':
      if (base.progressIds.includes(event.data.progressId)) return base;
      return { ...base, progressIds: [...base.progressIds, event.data.progressId] };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled engineering event ${(unhandled as EngineeringEvent).type}`);
    }
  }
}

/**
 * The engineering decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'empty' }`. Pure and deterministic: time comes in as `metadata.now`,
 * the districts as `command.reference`.
 */
export const engineeringDecider: Decider<EngineeringCommand, EngineeringState, EngineeringEvent> = {
  decide,
  evolve,
  initialState: { status: 'empty' },
};
