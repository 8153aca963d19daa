import type { Actor, CommandMetadata } from '../core/actor.js';
import { spec } from '../core/decider-spec.js';
import type { CompleteTaskItem, KeyTaskReference, ReportTaskProgress } from './key-task.commands.js';
import { keyTaskDecider } from './key-task.decider.js';
import { taskStreamId, type TaskItemCompleted, type TaskProgressReported } from './key-task.events.js';
import { keyTaskEventOccurredAt } from './key-task.occurred-at.js';

// Items copied from seeds/key-tasks.json (deadline and lead-unit cell verbatim). Task 3 has items due in
// 2024, 2025, 2026, yearly and ongoing; task 2 one due by a date; task 5 one due in 2025 and 2026.
const DISTRICT = '500106';
const OTHER_DISTRICT = '500111';
const NOW = '2025-04-15T12:00:00+08:00';
const codes = { indicators: new Set(['d_class_housing_relocation_rate', 'converted_tractors_remaining']), districtCodes: new Set([DISTRICT, OTHER_DISTRICT]), sectorCodes: new Set(['agricultural_machinery']) };
const task3: KeyTaskReference = {
  ...codes,
  task: {
    taskNo: 3,
    items: [
      { itemNo: '3.1', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市安委会有关成员单位' },
      { itemNo: '3.2', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市、区县安委会办公室' },
      { itemNo: '3.3', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市安委会有关成员单位,各区县政府' },
      { itemNo: '3.4', deadline: { kind: 'year', year: 2025, years: [2025] }, leadUnits: '市安委会有关成员单位,各区县政府' },
      { itemNo: '3.5', deadline: { kind: 'year', year: 2026, years: [2026] }, leadUnits: '市安委会有关成员单位,各区县政府' },
      { itemNo: '3.6', deadline: { kind: 'yearly' }, leadUnits: '市安委会' },
      { itemNo: '3.7', deadline: { kind: 'yearly' }, leadUnits: '各区县安委会' },
      { itemNo: '3.8', deadline: { kind: 'ongoing' }, leadUnits: '市、区县安委会办公室' },
    ],
  },
};
const task2: KeyTaskReference = { ...codes, task: { taskNo: 2, items: [{ itemNo: '2.1', deadline: { kind: 'date', date: '2024-06-30' }, leadUnits: '市安委会有关成员单位,各区县政府' }] } };
const task5: KeyTaskReference = { ...codes, task: { taskNo: 5, items: [{ itemNo: '5.2', deadline: { kind: 'year', year: 2026, years: [2025, 2026] }, leadUnits: '市安委会有关成员单位,各区县政府' }] } };
const task9: KeyTaskReference = { ...codes, task: { taskNo: 9, items: [{ itemNo: '9.3', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市应急局、市委组织部等市安委会有关成员单位,各区县政府' }] } };

const actor = (role: Actor['role'], scope: { districtCode?: string; enterpriseUscc?: string } = {}): Actor => ({
  subject: `user-${role}`,
  role,
  districtCode: scope.districtCode ?? null,
  enterpriseUscc: scope.enterpriseUscc ?? null,
  organisation: 'test',
});
const cityAdmin = actor('city_admin');
const supervisor = actor('district_supervisor', { districtCode: DISTRICT });
const meta = (by: Actor, now = NOW): CommandMetadata => ({ actor: by, now, correlationId: 'corr-1', causationId: null });

const report = (data: Partial<ReportTaskProgress['data']> = {}, by: Actor = cityAdmin, reference = task3, now = NOW): ReportTaskProgress => ({
  type: 'ReportTaskProgress',
  data: {
    taskNo: reference.task.taskNo, itemNo: '3.4', year: null, leadUnit: '市安委会有关成员单位', districtCode: null,
    summary: '重大事故隐患增量同比下降', percentComplete: 40, measurements: [], reportedAt: '2025-03-01T09:00:00+08:00', ...data,
  },
  reference,
  metadata: meta(by, now),
});
const complete = (data: Partial<CompleteTaskItem['data']> = {}, by: Actor = cityAdmin, reference = task3): CompleteTaskItem => ({
  type: 'CompleteTaskItem',
  data: { taskNo: reference.task.taskNo, itemNo: '3.1', year: null, leadUnit: '市安委会有关成员单位', evidence: '渝安委办〔2024〕1号', completedAt: '2024-11-30T10:00:00+08:00', ...data },
  reference,
  metadata: meta(by),
});

const reported = (data: Partial<TaskProgressReported['data']> = {}): TaskProgressReported => ({
  type: 'TaskProgressReported',
  data: {
    taskNo: 3, itemNo: '3.4', year: 2025, leadUnit: '市安委会有关成员单位', districtCode: null,
    summary: '重大事故隐患增量同比下降', percentComplete: 40, measurements: [], reportedAt: '2025-03-01T09:00:00+08:00', ...data,
  },
});
const completed = (data: Partial<TaskItemCompleted['data']> = {}): TaskItemCompleted => ({
  type: 'TaskItemCompleted',
  data: { taskNo: 3, itemNo: '3.1', year: 2024, leadUnit: '市安委会有关成员单位', evidence: '渝安委办〔2024〕1号', completedAt: '2024-11-30T10:00:00+08:00', ...data },
});

const k = spec(keyTaskDecider);

describe('ReportTaskProgress', () => {
  it('records a city-level report; the obligation year of an item due in 2025 is 2025', () => {
    k.given([]).when(report()).then([reported()]);
  });

  it('takes the obligation year of a one-year item even when reported in another year', () => {
    // 3.1 is due in 2024; reported in 2025 (late work) it is still about 2024.
    k.given([]).when(report({ itemNo: '3.1' })).then([reported({ itemNo: '3.1', year: 2024 })]);
  });

  it('takes the CST year of reportedAt for a yearly or ongoing item', () => {
    // 2024-12-31T16:00:00Z is 2025-01-01 00:00 CST.
    k.given([]).when(report({ itemNo: '3.6', leadUnit: '市安委会', reportedAt: '2024-12-31T16:00:00Z' }))
      .then([reported({ itemNo: '3.6', leadUnit: '市安委会', year: 2025, reportedAt: '2024-12-31T16:00:00Z' })]);
    k.given([]).when(report({ itemNo: '3.8', leadUnit: '市安委会办公室', reportedAt: '2024-12-31T15:59:59Z' }))
      .then([reported({ itemNo: '3.8', leadUnit: '市安委会办公室', year: 2024, reportedAt: '2024-12-31T15:59:59Z' })]);
  });

  it('takes the first obligation year not before the report for an item due in 2025 and 2026, or the one given', () => {
    const on5 = (data: Partial<TaskProgressReported['data']>) => reported({ taskNo: 5, itemNo: '5.2', ...data });
    k.given([]).when(report({ itemNo: '5.2', reportedAt: '2024-05-01T09:00:00+08:00' }, cityAdmin, task5)).then([on5({ year: 2025, reportedAt: '2024-05-01T09:00:00+08:00' })]);
    k.given([]).when(report({ itemNo: '5.2', year: 2026 }, cityAdmin, task5)).then([on5({ year: 2026 })]);
  });

  it('refuses a year outside the item’s deadline years', () => {
    k.given([]).when(report({ year: 2024 })).thenRefused('year_outside_deadline', '3.4', '2025');
    k.given([]).when(report({ itemNo: '5.2', year: 2024 }, cityAdmin, task5)).thenRefused('year_outside_deadline', '2025, 2026');
    k.given([]).when(report({ itemNo: '3.6', leadUnit: '市安委会', year: 2027 })).thenRefused('year_outside_deadline');
  });

  it('records a district government’s report with its district and measurements', () => {
    const measurements = [
      { indicator: 'd_class_housing_relocation_rate', districtCode: DISTRICT, sector: null, numerator: 12, denominator: 15 },
      { indicator: 'converted_tractors_remaining', districtCode: DISTRICT, sector: 'agricultural_machinery', numerator: 3, denominator: null },
    ];
    k.given([]).when(report({ leadUnit: '各区县政府', districtCode: DISTRICT, measurements, percentComplete: null }, supervisor))
      .then([reported({ leadUnit: '各区县政府', districtCode: DISTRICT, measurements, percentComplete: null })]);
  });

  it('needs a district for a district-level unit and none for a city-level one', () => {
    k.given([]).when(report({ leadUnit: '各区县政府' })).thenRefused('district_required', '各区县政府');
    k.given([]).when(report({ leadUnit: '各区县政府', districtCode: '999999' })).thenRefused('unknown_district', '999999');
    k.given([]).when(report({ districtCode: DISTRICT })).thenRefused('district_not_applicable', '市安委会有关成员单位');
    k.given([]).when(report({ itemNo: '3.2', leadUnit: '区县安委会办公室' })).thenRefused('district_required');
  });

  it('refuses a blank summary and a percentage outside 0–100', () => {
    k.given([]).when(report({ summary: ' ' })).thenRefused('summary_required');
    for (const percentComplete of [-1, 100.5, Number.NaN]) k.given([]).when(report({ percentComplete })).thenRefused('invalid_percent');
    k.given([]).when(report({ percentComplete: 100 })).then([reported({ percentComplete: 100 })]);
  });

  it('judges measurements: indicator of the plan targets, known codes, numerator ≤ denominator, no key twice', () => {
    const m = { indicator: 'd_class_housing_relocation_rate', districtCode: null, sector: null, numerator: 5, denominator: 5 };
    k.given([]).when(report({ measurements: [m] })).then([reported({ measurements: [m] })]);
    k.given([]).when(report({ measurements: [{ ...m, indicator: 'happiness' }] })).thenRefused('unknown_indicator', 'measurements.0', 'happiness');
    k.given([]).when(report({ measurements: [m, { ...m, districtCode: '999999' }] })).thenRefused('unknown_district', 'measurements.1');
    k.given([]).when(report({ measurements: [{ ...m, sector: 'mining' }] })).thenRefused('unknown_sector', 'mining');
    k.given([]).when(report({ measurements: [{ ...m, numerator: 6 }] })).thenRefused('numerator_exceeds_denominator', '6', '5');
    k.given([]).when(report({ measurements: [{ ...m, numerator: -1, denominator: null }] })).thenRefused('invalid_measurement', 'numerator');
    k.given([]).when(report({ measurements: [{ ...m, denominator: 0, numerator: 0 }] })).thenRefused('invalid_measurement', 'denominator');
    k.given([]).when(report({ measurements: [m, { ...m, numerator: 4 }] })).thenRefused('duplicate_measurement', 'measurements.1');
  });

  it('lets a district_supervisor report only as its own district’s government, with its own figures', () => {
    const own = { leadUnit: '各区县政府', districtCode: DISTRICT };
    k.given([]).when(report({ ...own, districtCode: OTHER_DISTRICT }, supervisor)).thenRefused('forbidden', DISTRICT);
    k.given([]).when(report({}, supervisor)).thenRefused('forbidden', '各区县政府');
    k.given([]).when(report({ ...own, measurements: [{ indicator: 'converted_tractors_remaining', districtCode: null, sector: null, numerator: 1, denominator: null }] }, supervisor))
      .thenRefused('forbidden', 'measurement');
    // 3.7 is led by 各区县安委会, not the district government.
    k.given([]).when(report({ itemNo: '3.7', leadUnit: '各区县安委会', districtCode: DISTRICT }, supervisor)).thenRefused('forbidden');
    // …which city_admin may report, for a district.
    k.given([]).when(report({ itemNo: '3.7', leadUnit: '各区县安委会', districtCode: DISTRICT }))
      .then([reported({ itemNo: '3.7', leadUnit: '各区县安委会', districtCode: DISTRICT })]);
  });

  it('accepts a report after the item was completed (figures may follow)', () => {
    k.given([completed({ itemNo: '3.4', year: 2025 })]).when(report()).then([reported()]);
  });
});

describe('CompleteTaskItem', () => {
  it('completes an item for its year', () => {
    k.given([]).when(complete()).then([completed()]);
  });

  it('completes late: a 2024 item completed in 2025 is still the 2024 obligation', () => {
    k.given([]).when(complete({ completedAt: '2025-01-02T10:00:00+08:00' })).then([completed({ completedAt: '2025-01-02T10:00:00+08:00' })]);
  });

  it('refuses a second completion of the same item and year', () => {
    k.given([completed()]).when(complete({ completedAt: '2024-12-01T10:00:00+08:00' })).thenRefused('already_completed', '3.1', '2024');
  });

  it('completes a yearly item once per year, in the year completed', () => {
    const yearly = { itemNo: '3.6', leadUnit: '市安委会' };
    const in2024 = completed({ ...yearly, year: 2024, completedAt: '2024-11-30T10:00:00+08:00' });
    k.given([]).when(complete({ ...yearly })).then([in2024]);
    k.given([in2024]).when(complete({ ...yearly, completedAt: '2025-03-01T10:00:00+08:00' }))
      .then([completed({ ...yearly, year: 2025, completedAt: '2025-03-01T10:00:00+08:00' })]);
    k.given([in2024]).when(complete({ ...yearly, year: 2024, completedAt: '2025-03-01T10:00:00+08:00' })).thenRefused('already_completed');
    k.given([]).when(complete({ ...yearly, year: 2025 })).thenRefused('completed_before_year', '2025', '2024');
  });

  it('completes each listed year of an item due in 2025 and 2026', () => {
    const base = { itemNo: '5.2', completedAt: '2025-03-01T10:00:00+08:00' };
    const first = completed({ taskNo: 5, ...base, year: 2025 });
    k.given([]).when(complete(base, cityAdmin, task5)).then([first]);
    k.given([first]).when(complete({ ...base, year: 2026 }, cityAdmin, task5)).then([completed({ taskNo: 5, ...base, year: 2026 })]);
    k.given([first]).when(complete(base, cityAdmin, task5)).thenRefused('already_completed');
  });

  it('completes an item due by a date', () => {
    k.given([]).when(complete({ itemNo: '2.1', completedAt: '2024-07-01T00:00:00+08:00' }, cityAdmin, task2))
      .then([completed({ taskNo: 2, itemNo: '2.1', year: 2024, completedAt: '2024-07-01T00:00:00+08:00' })]);
  });

  it('refuses to complete an ongoing item, without evidence, or for a year outside its deadline', () => {
    k.given([]).when(complete({ itemNo: '3.8', leadUnit: '市安委会办公室' })).thenRefused('ongoing_not_completable', '3.8');
    k.given([]).when(complete({ evidence: '' })).thenRefused('evidence_required');
    k.given([]).when(complete({ year: 2025 })).thenRefused('year_outside_deadline');
  });

  it('is forbidden to a district_supervisor', () => {
    k.given([]).when(complete({ itemNo: '3.3', leadUnit: '各区县政府' }, supervisor)).thenRefused('forbidden', 'CompleteTaskItem', 'city_admin');
  });
});

describe('every key-task command', () => {
  it('is forbidden to roles other than city_admin and district_supervisor', () => {
    for (const by of [actor('inspector', { districtCode: DISTRICT }), actor('enterprise', { enterpriseUscc: '91500106MA6000001C' }), actor('auditor'), actor('analyst'), actor('system')]) {
      k.given([]).when(report({}, by)).thenRefused('forbidden', 'ReportTaskProgress');
      k.given([]).when(complete({}, by)).thenRefused('forbidden', 'CompleteTaskItem');
    }
  });

  it('refuses an item of another task', () => {
    k.given([]).when(report({ itemNo: '4.1' })).thenRefused('unknown_task_item', '4.1', 'task 3');
    k.given([]).when(complete({ itemNo: '3.9' })).thenRefused('unknown_task_item', '3.9');
  });

  it('matches the lead unit against the normalised cell', () => {
    // '市、区县安委会办公室' → 市安委会办公室, 区县安委会办公室
    k.given([]).when(report({ itemNo: '3.2', leadUnit: '市安委会办公室' })).then([reported({ itemNo: '3.2', year: 2024, leadUnit: '市安委会办公室' })]);
    k.given([]).when(report({ itemNo: '3.2', leadUnit: '市' })).thenRefused('lead_unit_mismatch', '市安委会办公室、区县安委会办公室');
    // '市应急局、市委组织部等市安委会有关成员单位,各区县政府': surrounding spaces are trimmed
    const on9 = { taskNo: 9, itemNo: '9.3', year: 2024 };
    k.given([]).when(report({ itemNo: '9.3', leadUnit: ' 市委组织部 ' }, cityAdmin, task9)).then([reported({ ...on9, leadUnit: '市委组织部' })]);
    k.given([]).when(report({ itemNo: '9.3', leadUnit: '市公安局' }, cityAdmin, task9)).thenRefused('lead_unit_mismatch', '市公安局', '9.3');
    k.given([]).when(complete({ leadUnit: '各区县政府' })).thenRefused('lead_unit_mismatch', '3.1');
  });

  it('refuses a time without offset, before 1950, or in the future; accepts within five minutes', () => {
    k.given([]).when(report({ reportedAt: '2025-03-01 09:00' })).thenRefused('invalid_time', 'reportedAt');
    k.given([]).when(complete({ completedAt: '1949-12-31T10:00:00Z' })).thenRefused('invalid_time', 'completedAt');
    k.given([]).when(complete({ completedAt: '2025-04-15T04:05:01Z' })).thenRefused('occurred_in_future');
    k.given([]).when(report({ reportedAt: '2025-04-15T12:05:00+08:00' })).then([reported({ reportedAt: '2025-04-15T12:05:00+08:00' })]);
  });

  it('refuses a malformed metadata.now', () => {
    k.given([]).when(report({}, cityAdmin, task3, 'yesterday')).thenRefused('invalid_time', 'metadata.now');
  });

  it('refuses a fact of another task on this stream', () => {
    k.given([completed()]).when(complete({ itemNo: '5.2', completedAt: '2025-03-01T10:00:00+08:00' }, cityAdmin, task5)).thenRefused('wrong_task_stream', 'task 5', 'task 3');
    k.given([]).when(report({ taskNo: 4 })).thenRefused('wrong_task_stream');
  });
});

describe('evolve, stream id and occurredAt', () => {
  it('names the task from the first fact and collects completed obligations once', () => {
    const y = completed({ itemNo: '3.6', leadUnit: '市安委会', year: 2025 });
    expect(k.given([reported(), completed(), y, completed()]).state()).toEqual({ status: 'tracking', taskNo: 3, completed: ['3.1@2024', '3.6@2025'] });
  });

  it('names the stream by the task number', () => {
    expect(taskStreamId(3)).toBe('task-3');
  });

  it('is the fact’s time', () => {
    expect([reported(), completed()].map(keyTaskEventOccurredAt)).toEqual(['2025-03-01T09:00:00+08:00', '2024-11-30T10:00:00+08:00']);
  });
});
