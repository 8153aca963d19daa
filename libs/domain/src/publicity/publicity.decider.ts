/**
 * The decider of the `publicity-{districtCode}-{yyyy}` stream (who-may per DOMAIN.md §4): a district's
 * safety publicity (安全宣传, plan 三(八)22) — 千师万讲 lectures, 五进 demonstration sites (各区县每年至少
 * 新建5个) and 应急科普体验馆 science halls.
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict } from '../core/authorization.js';
import { cstYear } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant, MIN_FACT_YEAR } from '../core/time.js';
import type { PublicityCommand, PublicityReference } from './publicity.commands.js';
import { DEMONSTRATION_SETTINGS, SCIENCE_HALL_LEVELS, type PublicityEvent } from './publicity.events.js';
import type { PublicityState } from './publicity.state.js';

/** Every code the publicity decider refuses with (`DomainError.code`). */
export const PUBLICITY_RULE_CODES = [
  'forbidden',
  'invalid_time',
  'occurred_in_future',
  'unknown_district',
  'unknown_sector',
  'topic_required',
  'name_required',
  'invalid_audience_size',
  'invalid_setting',
  'invalid_level',
  'lecture_exists',
  'site_exists',
  'hall_exists',
  'wrong_publicity_stream',
] as const;
export type PublicityRuleCode = (typeof PUBLICITY_RULE_CODES)[number];

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one publicity command against the stream's state.
 *
 * Order of judgement: roles that write nothing (and `system`) → `metadata.now` → the district must be
 * known → who may (city_admin; an inspector or district_supervisor of the district) → the sector when
 * given → the time (ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min) → the stream (same
 * district and CST year, id not yet recorded) → the command's own data (topic/name non-empty, audience
 * a positive integer, setting / level of the lists).
 *
 * @returns exactly one event
 * @throws DomainError with a code of {@link PUBLICITY_RULE_CODES}
 */
function decide(command: PublicityCommand, state: PublicityState): PublicityEvent[] {
  const { actor, now } = command.metadata;
  if (READ_ONLY_ROLES.includes(actor.role) || actor.role === 'system') {
    throw forbidden(actor, command.type, 'this role records no publicity');
  }
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);
  const { districtCode } = command.data;
  checkDistrict(command.reference, districtCode);
  mayRecord(actor, command.type, districtCode);
  switch (command.type) {
    case 'RecordLecture': {
      const d = command.data;
      if (d.sector !== null && !command.reference.sectorCodes.has(d.sector)) {
        throw new DomainError('unknown_sector', `sector '${d.sector}' is not in the reference data`);
      }
      const year = checkTime('heldAt', d.heldAt, now);
      checkStream(state, districtCode, year);
      if (state.status === 'recording' && state.lectureIds.includes(d.lectureId)) {
        throw new DomainError('lecture_exists', `lecture ${d.lectureId} is already recorded`);
      }
      if (typeof d.topic !== 'string' || d.topic.trim() === '') throw new DomainError('topic_required', 'a lecture names its topic');
      if (!Number.isSafeInteger(d.audienceSize) || d.audienceSize < 1) {
        throw new DomainError('invalid_audience_size', `audienceSize must be a positive integer, got ${String(d.audienceSize)}`);
      }
      return [{ type: 'LectureHeld', data: { lectureId: d.lectureId, districtCode, sector: d.sector, topic: d.topic, audienceSize: d.audienceSize, heldAt: d.heldAt } }];
    }
    case 'RecordDemonstrationSite': {
      const d = command.data;
      const year = checkTime('builtAt', d.builtAt, now);
      checkStream(state, districtCode, year);
      if (state.status === 'recording' && state.siteIds.includes(d.siteId)) {
        throw new DomainError('site_exists', `demonstration site ${d.siteId} is already recorded`);
      }
      checkName(d.name);
      if (!(DEMONSTRATION_SETTINGS as readonly unknown[]).includes(d.setting)) {
        throw new DomainError('invalid_setting', `setting must be one of ${DEMONSTRATION_SETTINGS.join(', ')}, got ${String(d.setting)}`);
      }
      return [{ type: 'DemonstrationSiteBuilt', data: { siteId: d.siteId, districtCode, setting: d.setting, name: d.name, builtAt: d.builtAt } }];
    }
    case 'RecordScienceHall': {
      const d = command.data;
      const year = checkTime('establishedAt', d.establishedAt, now);
      checkStream(state, districtCode, year);
      if (state.status === 'recording' && state.hallIds.includes(d.hallId)) {
        throw new DomainError('hall_exists', `science hall ${d.hallId} is already recorded`);
      }
      checkName(d.name);
      if (!(SCIENCE_HALL_LEVELS as readonly unknown[]).includes(d.level)) {
        throw new DomainError('invalid_level', `level must be one of ${SCIENCE_HALL_LEVELS.join(', ')}, got ${String(d.level)}`);
      }
      return [{ type: 'ScienceHallEstablished', data: { hallId: d.hallId, districtCode, level: d.level, name: d.name, establishedAt: d.establishedAt } }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled publicity command ${(unhandled as PublicityCommand).type}`);
    }
  }
}

function checkDistrict(reference: PublicityReference, districtCode: string): void {
  if (!reference.districtCodes.has(districtCode)) {
    throw new DomainError('unknown_district', `district '${districtCode}' is not in the reference data`);
  }
}

/** Who may (DOMAIN.md §4): city_admin, or an inspector or district supervisor of the district. */
function mayRecord(actor: Actor, commandType: string, districtCode: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['inspector', 'district_supervisor'], districtCode)) return;
  throw forbidden(actor, commandType, `needs an inspector or district_supervisor of district ${districtCode}, or city_admin`);
}

/** The fact's time: ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min. Returns its CST year. */
function checkTime(field: string, at: string, now: string): number {
  if (typeof at !== 'string' || !isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${String(at)}'`);
  const year = cstYear(at);
  if (year < MIN_FACT_YEAR) throw new DomainError('invalid_time', `${field} ${at} is before ${MIN_FACT_YEAR} in China Standard Time`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
  return year;
}

/** The handler names the stream from the district and the CST year of the fact; anything else is misrouted. */
function checkStream(state: PublicityState, districtCode: string, year: number): void {
  if (state.status === 'recording' && (state.districtCode !== districtCode || state.year !== year)) {
    throw new DomainError(
      'wrong_publicity_stream',
      `a fact of district ${districtCode} in ${year} does not belong to the stream of ${state.districtCode} in ${state.year}`,
    );
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') throw new DomainError('name_required', 'a name must not be empty');
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/** Applies one stored event: the first names the stream's district and year; each adds its id. */
function evolve(state: PublicityState, event: PublicityEvent): PublicityState {
  const [districtCode, at] = [event.data.districtCode, whenOf(event)];
  const s: PublicityState & { status: 'recording' } =
    state.status === 'empty' ? { status: 'recording', districtCode, year: cstYear(at), lectureIds: [], siteIds: [], hallIds: [] } : state;
  const add = (ids: string[], id: string): string[] => (ids.includes(id) ? ids : [...ids, id]);
  switch (event.type) {
    case 'LectureHeld':
      return { ...s, lectureIds: add(s.lectureIds, event.data.lectureId) };
    case 'DemonstrationSiteBuilt':
      return { ...s, siteIds: add(s.siteIds, event.data.siteId) };
    case 'ScienceHallEstablished':
      return { ...s, hallIds: add(s.hallIds, event.data.hallId) };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled publicity event ${(unhandled as PublicityEvent).type}`);
    }
  }
}

function whenOf(event: PublicityEvent): string {
  return event.type === 'LectureHeld' ? event.data.heldAt : event.type === 'DemonstrationSiteBuilt' ? event.data.builtAt : event.data.establishedAt;
}

/**
 * The publicity decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'empty' }`. Pure and deterministic: time comes in as `metadata.now`,
 * the reference data as `command.reference`.
 */
export const publicityDecider: Decider<PublicityCommand, PublicityState, PublicityEvent> = {
  decide,
  evolve,
  initialState: { status: 'empty' },
};
