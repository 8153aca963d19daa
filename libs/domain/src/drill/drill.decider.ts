/**
 * The decider of the `drill-{uscc}-{yyyy}` stream (DOMAIN.md §2, who-may per §4): the evacuation
 * drills (疏散逃生演练) an enterprise held in a CST year — the facts behind the plan's drill frequency
 * (三(四)7: each enterprise at least once a year, high-risk sectors at least once each half-year).
 */
import type { Actor } from '../core/actor.js';
import { READ_ONLY_ROLES, forbidden, holdsRoleInDistrict, isEnterpriseItself } from '../core/authorization.js';
import { cstYear } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant, MIN_FACT_YEAR } from '../core/time.js';
import type { DrillCommand, RecordDrill } from './drill.commands.js';
import { DRILL_KINDS, type DrillEvent } from './drill.events.js';
import type { DrillState } from './drill.state.js';

/** Every code the drill decider refuses with (`DomainError.code`). */
export const DRILL_RULE_CODES = [
  'forbidden',
  'enterprise_not_found',
  'enterprise_closed',
  'invalid_time',
  'occurred_in_future',
  'invalid_drill_kind',
  'invalid_participants',
  'drill_exists',
  'wrong_drill_stream',
] as const;
export type DrillRuleCode = (typeof DRILL_RULE_CODES)[number];

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides RecordDrill against the stream's state and the enterprise's folded state (`context`).
 *
 * Order of judgement: roles that write nothing (and `system`) → `metadata.now` → the enterprise must
 * be registered (its district decides who may) → who may → the enterprise must be open → the time
 * (ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min) → the stream (same enterprise and
 * CST year, drill id not yet recorded) → kind → participants.
 *
 * @returns exactly one DrillHeld, carrying the enterprise's district, sector and high-risk flag
 * @throws DomainError with a code of {@link DRILL_RULE_CODES}
 */
function decide(command: DrillCommand, state: DrillState): DrillEvent[] {
  switch (command.type) {
    case 'RecordDrill':
      return recordDrill(command, state);
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled drill command ${String(unhandled)}`);
    }
  }
}

function recordDrill(command: RecordDrill, state: DrillState): DrillEvent[] {
  const { data, context, metadata } = command;
  const { actor, now } = metadata;
  if (READ_ONLY_ROLES.includes(actor.role) || actor.role === 'system') {
    throw forbidden(actor, command.type, 'this role records no drill');
  }
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);
  const enterprise = context.enterprise;
  // An enterprise state for another USCC than the one named is not the enterprise of this drill.
  if (enterprise.status === 'unregistered' || enterprise.uscc !== data.enterpriseUscc) {
    throw new DomainError('enterprise_not_found', `enterprise ${data.enterpriseUscc} is not registered`);
  }
  mayRecord(actor, enterprise.districtCode, enterprise.uscc);
  if (enterprise.status === 'closed') {
    throw new DomainError('enterprise_closed', `enterprise ${enterprise.uscc} was closed on ${enterprise.closedAt}`);
  }
  if (!isIsoInstant(data.heldAt)) {
    throw new DomainError('invalid_time', `heldAt is not an ISO-8601 instant with offset: '${data.heldAt}'`);
  }
  const year = cstYear(data.heldAt);
  // The written year is checked by isIsoInstant; this catches e.g. 1949-12-31T10:00Z (still 1949 in CST).
  if (year < MIN_FACT_YEAR) throw new DomainError('invalid_time', `heldAt ${data.heldAt} is before ${MIN_FACT_YEAR} in China Standard Time`);
  if (isInFuture(data.heldAt, now)) {
    throw new DomainError('occurred_in_future', `heldAt ${data.heldAt} lies in the future (now is ${now})`);
  }
  if (state.status === 'recording') {
    // The handler names the stream from the USCC and the CST year of heldAt; anything else is misrouted.
    if (state.enterpriseUscc !== enterprise.uscc || state.year !== year) {
      throw new DomainError(
        'wrong_drill_stream',
        `a drill of ${enterprise.uscc} held in ${year} does not belong to the stream of ${state.enterpriseUscc} in ${state.year}`,
      );
    }
    if (state.drillIds.includes(data.drillId)) throw new DomainError('drill_exists', `drill ${data.drillId} is already recorded`);
  }
  // The type says 'evacuation', but commands arrive from JSON: the rule is re-checked at run time.
  if (!(DRILL_KINDS as readonly unknown[]).includes(data.kind)) {
    throw new DomainError('invalid_drill_kind', `kind must be one of ${DRILL_KINDS.join(', ')}, got ${String(data.kind)}`);
  }
  if (!Number.isSafeInteger(data.participants) || data.participants < 1) {
    throw new DomainError('invalid_participants', `participants must be a positive integer, got ${String(data.participants)}`);
  }
  return [
    {
      type: 'DrillHeld',
      data: {
        drillId: data.drillId,
        enterpriseUscc: enterprise.uscc,
        // Figures count under the enterprise's district, sector and flag as they were when it drilled.
        districtCode: enterprise.districtCode,
        sector: enterprise.sector,
        highRisk: enterprise.highRisk,
        kind: data.kind,
        heldAt: data.heldAt,
        participants: data.participants,
      },
    },
  ];
}

/**
 * Who may (DOMAIN.md §4): the enterprise itself ("record its own … drills"), an inspector or
 * district supervisor of the enterprise's district, or city_admin.
 */
function mayRecord(actor: Actor, districtCode: string, uscc: string): void {
  if (actor.role === 'city_admin') return;
  if (holdsRoleInDistrict(actor, ['inspector', 'district_supervisor'], districtCode)) return;
  if (isEnterpriseItself(actor, uscc)) return;
  throw forbidden(
    actor,
    'RecordDrill',
    `needs enterprise ${uscc} itself, an inspector or district_supervisor of district ${districtCode}, or city_admin`,
  );
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/** Applies one stored event: the first names the stream's enterprise and year; each adds its drill id. */
function evolve(state: DrillState, event: DrillEvent): DrillState {
  switch (event.type) {
    case 'DrillHeld': {
      const d = event.data;
      if (state.status === 'empty') {
        return { status: 'recording', enterpriseUscc: d.enterpriseUscc, year: cstYear(d.heldAt), drillIds: [d.drillId] };
      }
      if (state.drillIds.includes(d.drillId)) return state;
      return { ...state, drillIds: [...state.drillIds, d.drillId] };
    }
    default: {
      const unhandled: never = event.type;
      throw new Error(`unhandled drill event ${String(unhandled)}`);
    }
  }
}

/**
 * The drill decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'empty' }`. Pure and deterministic: time comes in as `metadata.now`,
 * the enterprise as `command.context`.
 */
export const drillDecider: Decider<DrillCommand, DrillState, DrillEvent> = {
  decide,
  evolve,
  initialState: { status: 'empty' },
};
