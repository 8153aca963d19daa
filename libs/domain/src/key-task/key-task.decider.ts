/**
 * The decider of the `task-{taskNo}` stream (DOMAIN.md §2; who-may per §4): progress reports on, and
 * completions of, the items of one of the annex's 22 key tasks (全市安全生产治本攻坚三年行动重点任务清单).
 */
import type { Actor } from '../core/actor.js';
import { forbidden } from '../core/authorization.js';
import { cstYear } from '../core/cst.js';
import type { Decider } from '../core/decider.js';
import { DomainError } from '../core/domain-error.js';
import { isInFuture, isIsoInstant, MIN_FACT_YEAR } from '../core/time.js';
import type { KeyTaskCommand, KeyTaskItemReference, KeyTaskReference } from './key-task.commands.js';
import { defaultObligationYear, obligationYears } from './key-task.deadline.js';
import type { KeyTaskEvent, TaskMeasurement } from './key-task.events.js';
import { DISTRICT_GOVERNMENT_UNITS, isDistrictLevelUnit, normaliseLeadUnits } from './key-task.lead-units.js';
import { obligationKey, type KeyTaskState } from './key-task.state.js';

/** Every code the key-task decider refuses with (`DomainError.code`). */
export const KEY_TASK_RULE_CODES = [
  'forbidden',
  'invalid_time',
  'occurred_in_future',
  'wrong_task_stream',
  'unknown_task_item',
  'lead_unit_mismatch',
  'year_outside_deadline',
  'district_required',
  'district_not_applicable',
  'unknown_district',
  'unknown_sector',
  'summary_required',
  'invalid_percent',
  'unknown_indicator',
  'invalid_measurement',
  'numerator_exceeds_denominator',
  'duplicate_measurement',
  'evidence_required',
  'ongoing_not_completable',
  'already_completed',
  'completed_before_year',
] as const;
export type KeyTaskRuleCode = (typeof KEY_TASK_RULE_CODES)[number];

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Decides one key-task command against the stream's state.
 *
 * Order of judgement: the role (city_admin; a district_supervisor only reports progress) →
 * `metadata.now` → the stream (the command's task is the reference's and the stream's) → the item
 * belongs to the task → `leadUnit` is one of the item's normalised lead units → the fact's time
 * (ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min) → the obligation year (given, or the
 * default; one of the item's obligation years) → the command's own rules (district, the
 * district_supervisor's scope, summary, percentage, measurements; or: not ongoing, not completed
 * before, a yearly obligation not completed before its year, evidence).
 *
 * @returns exactly one event
 * @throws DomainError with a code of {@link KEY_TASK_RULE_CODES}
 */
function decide(command: KeyTaskCommand, state: KeyTaskState): KeyTaskEvent[] {
  const { actor, now } = command.metadata;
  mayIssue(actor, command.type);
  if (!isIsoInstant(now)) throw new DomainError('invalid_time', `metadata.now is not an ISO-8601 instant: '${now}'`);
  const { taskNo, itemNo, leadUnit } = command.data;
  checkStream(command.reference, state, taskNo);
  const item = command.reference.task.items.find((i) => i.itemNo === itemNo);
  if (!item) throw new DomainError('unknown_task_item', `item '${String(itemNo)}' is not an item of task ${taskNo}`);
  const units = normaliseLeadUnits(item.leadUnits);
  if (typeof leadUnit !== 'string' || !units.includes(leadUnit.trim())) {
    throw new DomainError('lead_unit_mismatch', `'${String(leadUnit)}' is not a lead unit of item ${itemNo}; its lead units are ${units.join('、')}`);
  }
  const unit = leadUnit.trim();
  switch (command.type) {
    case 'ReportTaskProgress': {
      const d = command.data;
      const year = obligationYear(item, d.year, checkTime('reportedAt', d.reportedAt, now));
      const districtCode = checkDistrict(command.reference, unit, d.districtCode);
      if (actor.role === 'district_supervisor') mayReportForDistrict(actor, unit, districtCode, d.measurements);
      if (typeof d.summary !== 'string' || d.summary.trim() === '') throw new DomainError('summary_required', 'a progress report says what was done');
      if (d.percentComplete !== null && !(Number.isFinite(d.percentComplete) && d.percentComplete >= 0 && d.percentComplete <= 100)) {
        throw new DomainError('invalid_percent', `percentComplete must be from 0 to 100, got ${String(d.percentComplete)}`);
      }
      checkMeasurements(command.reference, d.measurements);
      return [
        {
          type: 'TaskProgressReported',
          data: {
            taskNo, itemNo, year, leadUnit: unit, districtCode, summary: d.summary, percentComplete: d.percentComplete,
            measurements: d.measurements.map((m) => ({ indicator: m.indicator, districtCode: m.districtCode, sector: m.sector, numerator: m.numerator, denominator: m.denominator })),
            reportedAt: d.reportedAt,
          },
        },
      ];
    }
    case 'CompleteTaskItem': {
      const d = command.data;
      const completedYear = checkTime('completedAt', d.completedAt, now);
      if (item.deadline.kind === 'ongoing') {
        throw new DomainError('ongoing_not_completable', `item ${itemNo} is a standing obligation (长期坚持): report progress on it instead`);
      }
      const year = obligationYear(item, d.year, completedYear);
      if (state.status === 'tracking' && state.completed.includes(obligationKey(itemNo, year))) {
        throw new DomainError('already_completed', `item ${itemNo} is already completed for ${year}`);
      }
      if (item.deadline.kind === 'yearly' && completedYear < year) {
        throw new DomainError('completed_before_year', `the ${year} obligation of yearly item ${itemNo} cannot be completed in ${completedYear}`);
      }
      if (typeof d.evidence !== 'string' || d.evidence.trim() === '') throw new DomainError('evidence_required', 'a completion names its evidence');
      return [{ type: 'TaskItemCompleted', data: { taskNo, itemNo, year, leadUnit: unit, evidence: d.evidence, completedAt: d.completedAt } }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled key-task command ${(unhandled as KeyTaskCommand).type}`);
    }
  }
}

/** Who may (DOMAIN.md §4: key-task progress is the city's): city_admin; a district_supervisor reports progress only. */
function mayIssue(actor: Actor, commandType: KeyTaskCommand['type']): void {
  if (actor.role === 'city_admin') return;
  if (actor.role === 'district_supervisor' && commandType === 'ReportTaskProgress') return;
  throw forbidden(actor, commandType, commandType === 'ReportTaskProgress'
    ? 'needs city_admin, or a district_supervisor reporting for its district on an item led by 各区县政府'
    : 'needs city_admin');
}

/**
 * A district_supervisor reports as its district's government: under 各区县政府 / 有关区县政府, for its
 * own district, with figures of its own district only.
 */
function mayReportForDistrict(actor: Actor, unit: string, districtCode: string | null, measurements: readonly TaskMeasurement[]): void {
  const why = `a district_supervisor of ${String(actor.districtCode)} reports under ${DISTRICT_GOVERNMENT_UNITS.join(' or ')} for its own district`;
  if (!DISTRICT_GOVERNMENT_UNITS.includes(unit) || districtCode !== actor.districtCode) throw forbidden(actor, 'ReportTaskProgress', why);
  if (measurements.some((m) => m.districtCode !== actor.districtCode)) throw forbidden(actor, 'ReportTaskProgress', `${why}; every measurement names that district`);
}

/** The command's task must be the reference's, and the stream's once it has facts. */
function checkStream(reference: KeyTaskReference, state: KeyTaskState, taskNo: number): void {
  if (taskNo !== reference.task.taskNo || (state.status === 'tracking' && state.taskNo !== taskNo)) {
    const streamTask = state.status === 'tracking' ? state.taskNo : reference.task.taskNo;
    throw new DomainError('wrong_task_stream', `a fact of task ${taskNo} does not belong to the stream of task ${streamTask}`);
  }
}

/** The fact's time: ISO-8601 with offset, CST year ≥ 1950, not after now + 5 min. Returns its CST year. */
function checkTime(field: string, at: string, now: string): number {
  if (typeof at !== 'string' || !isIsoInstant(at)) throw new DomainError('invalid_time', `${field} is not an ISO-8601 instant with offset: '${String(at)}'`);
  const year = cstYear(at);
  if (year < MIN_FACT_YEAR) throw new DomainError('invalid_time', `${field} ${at} is before ${MIN_FACT_YEAR} in China Standard Time`);
  if (isInFuture(at, now)) throw new DomainError('occurred_in_future', `${field} ${at} lies in the future (now is ${now})`);
  return year;
}

/** The obligation year: as given (one of the item's), or the default for the fact's CST year. */
function obligationYear(item: KeyTaskItemReference, given: number | null, factYear: number): number {
  const years = obligationYears(item.deadline);
  if (given === null) return defaultObligationYear(item.deadline, factYear);
  if (!Number.isInteger(given) || !years.includes(given)) {
    throw new DomainError('year_outside_deadline', `item ${item.itemNo} is due in ${years.join(', ')}, not in ${String(given)}`);
  }
  return given;
}

/** A district-level lead unit names a known district; a city-level one none. Returns the district or null. */
function checkDistrict(reference: KeyTaskReference, unit: string, districtCode: string | null): string | null {
  if (isDistrictLevelUnit(unit)) {
    if (districtCode === null) throw new DomainError('district_required', `a report under ${unit} names the district it is for`);
    if (!reference.districtCodes.has(districtCode)) throw new DomainError('unknown_district', `district '${districtCode}' is not in the reference data`);
    return districtCode;
  }
  if (districtCode !== null) throw new DomainError('district_not_applicable', `${unit} is a city-level unit: its reports name no district`);
  return null;
}

/** Each measurement: a plan-target indicator, known district / sector, 0 ≤ numerator ≤ denominator, no key twice. */
function checkMeasurements(reference: KeyTaskReference, measurements: readonly TaskMeasurement[]): void {
  const seen = new Set<string>();
  measurements.forEach((m, i) => {
    const at = `measurements.${i}`;
    if (!reference.indicators.has(m.indicator)) throw new DomainError('unknown_indicator', `${at}: '${String(m.indicator)}' is not an indicator of the plan targets`);
    if (m.districtCode !== null && !reference.districtCodes.has(m.districtCode)) throw new DomainError('unknown_district', `${at}: district '${m.districtCode}' is not in the reference data`);
    if (m.sector !== null && !reference.sectorCodes.has(m.sector)) throw new DomainError('unknown_sector', `${at}: sector '${m.sector}' is not in the reference data`);
    if (!Number.isFinite(m.numerator) || m.numerator < 0) throw new DomainError('invalid_measurement', `${at}: numerator must be a number ≥ 0`);
    if (m.denominator !== null) {
      if (!Number.isFinite(m.denominator) || m.denominator <= 0) throw new DomainError('invalid_measurement', `${at}: denominator must be a number > 0, or null`);
      if (m.numerator > m.denominator) throw new DomainError('numerator_exceeds_denominator', `${at}: numerator ${m.numerator} exceeds denominator ${m.denominator}`);
    }
    const key = JSON.stringify([m.indicator, m.districtCode, m.sector]);
    if (seen.has(key)) throw new DomainError('duplicate_measurement', `${at}: ${m.indicator} for the same district and sector is given twice`);
    seen.add(key);
  });
}

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

/** Applies one stored event: the first names the stream's task; a completion adds its obligation. */
function evolve(state: KeyTaskState, event: KeyTaskEvent): KeyTaskState {
  const s: KeyTaskState & { status: 'tracking' } = state.status === 'empty' ? { status: 'tracking', taskNo: event.data.taskNo, completed: [] } : state;
  switch (event.type) {
    case 'TaskProgressReported':
      return s;
    case 'TaskItemCompleted': {
      const key = obligationKey(event.data.itemNo, event.data.year);
      return s.completed.includes(key) ? s : { ...s, completed: [...s.completed, key] };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled key-task event ${(unhandled as KeyTaskEvent).type}`);
    }
  }
}

/**
 * The key-task decider: `decide(command, state) → events`, `evolve(state, event) → state`,
 * `initialState` `{ status: 'empty' }`. Pure and deterministic: time comes in as `metadata.now`,
 * the task's items, the indicators and the codes as `command.reference`.
 */
export const keyTaskDecider: Decider<KeyTaskCommand, KeyTaskState, KeyTaskEvent> = {
  decide,
  evolve,
  initialState: { status: 'empty' },
};
