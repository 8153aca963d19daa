/**
 * The key-task progress projector (one test per event type, and a replay that changes nothing) and
 * its queries — item states, per-task figures, latest measurements — against values computed by hand
 * (the annex 重点任务清单), on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand } from '#command-handling';
import { keyTaskDecider, keyTaskEventOccurredAt, taskStreamId, type KeyTaskCommand, type KeyTaskReference, type TaskMeasurement } from '#domain';
import type { EventStore } from '#event-store';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { TEST_CITY_ADMIN } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { KeyTaskCompletionRow, KeyTaskMeasurementRow, KeyTaskReportRow } from './key-task-progress.entities.js';
import { KeyTaskProgressProjection } from './key-task-progress.projection.js';
import { queryKeyTaskProgress, type KeyTaskCatalogueEntry } from './key-task-progress.query.js';
import { queryKeyTaskStatistics } from './key-task-statistics.query.js';
import { queryTaskMeasurements } from './task-measurements.query.js';

const D1 = '500101';
const D2 = '500102';
const LATER = '2026-11-29';
// Deadlines and lead-unit cells as in seeds/key-tasks.json; texts shortened.
const TASKS: KeyTaskCatalogueEntry[] = [
  { taskNo: 2, actionNo: 1, action: '行动一', title: '任务二', items: [
    { itemNo: '2.1', text: '自查', deadline: { kind: 'date', date: '2024-06-30' }, leadUnits: '市安委会有关成员单位,各区县政府' },
    { itemNo: '2.2', text: '日周月', deadline: { kind: 'ongoing' }, leadUnits: '市安委会有关成员单位,各区县政府' },
  ] },
  { taskNo: 3, actionNo: 1, action: '行动一', title: '任务三', items: [
    { itemNo: '3.1', text: '统计', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市安委会有关成员单位' },
    { itemNo: '3.2', text: '数据库', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市、区县安委会办公室' },
    { itemNo: '3.3', text: '存量', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市安委会有关成员单位,各区县政府' },
    { itemNo: '3.4', text: '增量', deadline: { kind: 'year', year: 2025, years: [2025] }, leadUnits: '市安委会有关成员单位,各区县政府' },
    { itemNo: '3.5', text: '清零', deadline: { kind: 'year', year: 2026, years: [2026] }, leadUnits: '市安委会有关成员单位,各区县政府' },
    { itemNo: '3.6', text: '市督查', deadline: { kind: 'yearly' }, leadUnits: '市安委会' },
    { itemNo: '3.7', text: '区县督查', deadline: { kind: 'yearly' }, leadUnits: '各区县安委会' },
    { itemNo: '3.8', text: '问题清单', deadline: { kind: 'ongoing' }, leadUnits: '市、区县安委会办公室' },
  ] },
  { taskNo: 5, actionNo: 2, action: '行动二', title: '任务五', items: [
    { itemNo: '5.1', text: '健全', deadline: { kind: 'year', year: 2024, years: [2024] }, leadUnits: '市安委会有关成员单位,各区县政府' },
    { itemNo: '5.2', text: '巩固', deadline: { kind: 'year', year: 2026, years: [2025, 2026] }, leadUnits: '市安委会有关成员单位,各区县政府' },
  ] },
];
const referenceOf = (taskNo: number): KeyTaskReference => ({
  task: TASKS.find((t) => t.taskNo === taskNo)!,
  indicators: new Set(['d_class_housing_relocation_rate', 'converted_tractors_remaining']),
  districtCodes: new Set([D1, D2]),
  sectorCodes: new Set(['agricultural_machinery']),
});

function run(store: EventStore, command: Omit<KeyTaskCommand, 'reference' | 'metadata'>, at: string) {
  const taskNo = command.data.taskNo;
  return handleCommand(store, {
    streamId: taskStreamId(taskNo),
    decider: keyTaskDecider,
    command: { ...command, reference: referenceOf(taskNo), metadata: { actor: TEST_CITY_ADMIN, now: at, correlationId: randomUUID(), causationId: null } } as KeyTaskCommand,
    occurredAt: keyTaskEventOccurredAt,
  });
}
const report = (s: EventStore, itemNo: string, reportedAt: string, leadUnit = '市安委会有关成员单位', extra: { districtCode?: string; measurements?: TaskMeasurement[]; percentComplete?: number } = {}) =>
  run(s, { type: 'ReportTaskProgress', data: {
    taskNo: Number(itemNo.split('.')[0]), itemNo, year: null, leadUnit, districtCode: extra.districtCode ?? null, summary: '进展',
    percentComplete: extra.percentComplete ?? null, measurements: extra.measurements ?? [], reportedAt,
  } } as Omit<KeyTaskCommand, 'reference' | 'metadata'>, reportedAt);
const complete = (s: EventStore, itemNo: string, completedAt: string, leadUnit = '市安委会有关成员单位') =>
  run(s, { type: 'CompleteTaskItem', data: { taskNo: Number(itemNo.split('.')[0]), itemNo, year: null, leadUnit, evidence: '文件', completedAt } } as Omit<KeyTaskCommand, 'reference' | 'metadata'>, completedAt);
const dClass = (numerator: number): TaskMeasurement => ({ indicator: 'd_class_housing_relocation_rate', districtCode: D1, sector: null, numerator, denominator: 10 });
const tractors = (numerator: number, sector: string | null): TaskMeasurement => ({ indicator: 'converted_tractors_remaining', districtCode: null, sector, numerator, denominator: null });

describe('KeyTaskProgressProjection (declaration)', () => {
  it('reads progress reports and completions', () => {
    expect([...new KeyTaskProgressProjection().eventTypes].sort()).toEqual(['TaskItemCompleted', 'TaskProgressReported']);
  });
});

describe.each(testBackends())('key-task progress ($name)', ({ open }) => {
  let t: TestStore;
  const positions: Record<string, string> = {};

  beforeAll(async () => {
    t = await open();
    const s = t.store;
    await complete(s, '2.1', '2024-06-30T23:59:59+08:00'); // on the deadline day
    await report(s, '2.2', '2024-05-01T09:00:00+08:00'); // ongoing, 2024
    await report(s, '3.2', '2024-03-01T09:00:00+08:00', '市安委会办公室', { percentComplete: 30 });
    await complete(s, '3.1', '2024-12-31T16:00:00Z'); // 2025-01-01 00:00 CST: the day after the deadline
    await complete(s, '3.3', '2024-12-31T15:59:59Z'); // 2024-12-31 23:59:59 CST: on the deadline day
    positions['f'] = (await report(s, '3.5', '2024-06-01T09:00:00+08:00', '各区县政府', { districtCode: D1, measurements: [dClass(8)] })).position.toString();
    await complete(s, '3.6', '2024-10-01T09:00:00+08:00', '市安委会'); // yearly, 2024
    await report(s, '3.6', '2025-02-01T09:00:00+08:00', '市安委会'); // yearly, 2025
    await report(s, '3.8', '2025-03-01T09:00:00+08:00', '区县安委会办公室', { districtCode: D2 }); // ongoing, 2025
    await complete(s, '5.2', '2025-11-01T09:00:00+08:00'); // the 2025 obligation
    positions['m1'] = (await report(s, '5.1', '2024-09-01T09:00:00+08:00', '市安委会有关成员单位', { measurements: [dClass(9), tractors(5, null)] })).position.toString();
    await report(s, '5.1', '2024-12-31T16:30:00Z', '市安委会有关成员单位', { measurements: [dClass(10)] }); // 2025-01-01 CST
    await report(s, '5.1', '2024-07-01T09:00:00+08:00', '市安委会有关成员单位', { measurements: [dClass(7)] }); // recorded late, reported earlier than m1
    await report(s, '5.1', '2024-10-01T00:00:00+08:00', '市安委会有关成员单位', { measurements: [tractors(4, 'agricultural_machinery')] });
    positions['tie'] = (await report(s, '5.1', '2024-10-01T00:00:00+08:00', '市安委会有关成员单位', { measurements: [tractors(3, 'agricultural_machinery')] })).position.toString();
    await new ProjectionRunner(t.store, t.dataSource, [new KeyTaskProgressProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('TaskProgressReported records item, obligation year, unit, district, percentage and the CST date', async () => {
    const rows = await t.dataSource.getRepository(KeyTaskReportRow).find({ where: { taskNo: 3 }, order: { reportedAt: 'ASC' } });
    expect(rows.map((r) => [r.itemNo, r.year, r.leadUnit, r.districtCode, r.percentComplete, r.reportedDate, r.reportedAtText])).toEqual([
      ['3.2', 2024, '市安委会办公室', null, 30, '2024-03-01', '2024-03-01T09:00:00+08:00'],
      ['3.5', 2026, '各区县政府', D1, null, '2024-06-01', '2024-06-01T09:00:00+08:00'],
      ['3.6', 2025, '市安委会', null, null, '2025-02-01', '2025-02-01T09:00:00+08:00'],
      ['3.8', 2025, '区县安委会办公室', D2, null, '2025-03-01', '2025-03-01T09:00:00+08:00'],
    ]);
    expect(rows[0]!.streamId).toBe('task-3');
  });

  it('TaskProgressReported records each measurement with its report’s date and position', async () => {
    const rows = await t.dataSource.getRepository(KeyTaskMeasurementRow).find({ where: { itemNo: '5.1' }, order: { position: 'ASC', ordinal: 'ASC' } });
    expect(rows.map((r) => [r.indicator, r.districtCode, r.sector, r.numerator, r.denominator, r.reportedDate])).toEqual([
      ['d_class_housing_relocation_rate', D1, null, 9, 10, '2024-09-01'],
      ['converted_tractors_remaining', null, null, 5, null, '2024-09-01'],
      ['d_class_housing_relocation_rate', D1, null, 10, 10, '2025-01-01'],
      ['d_class_housing_relocation_rate', D1, null, 7, 10, '2024-07-01'],
      ['converted_tractors_remaining', null, 'agricultural_machinery', 4, null, '2024-10-01'],
      ['converted_tractors_remaining', null, 'agricultural_machinery', 3, null, '2024-10-01'],
    ]);
    expect(rows.slice(0, 2).map((r) => [r.position, r.ordinal])).toEqual([[positions['m1'], 0], [positions['m1'], 1]]);
  });

  it('TaskItemCompleted records item, obligation year and the CST date', async () => {
    const rows = await t.dataSource.getRepository(KeyTaskCompletionRow).find({ order: { completedAt: 'ASC' } });
    expect(rows.map((r) => [r.itemNo, r.year, r.completedDate])).toEqual([
      ['2.1', 2024, '2024-06-30'], ['3.6', 2024, '2024-10-01'], ['3.3', 2024, '2024-12-31'], ['3.1', 2024, '2025-01-01'], ['5.2', 2025, '2025-11-01'],
    ]);
  });

  it('a replay of every event changes nothing', async () => {
    const snapshot = () => Promise.all([KeyTaskReportRow, KeyTaskCompletionRow, KeyTaskMeasurementRow].map((e) => t.dataSource.getRepository(e).find({ order: { streamId: 'ASC', revision: 'ASC' } })));
    const before = await snapshot();
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new KeyTaskProgressProjection().eventTypes.has(e.type));
    await t.dataSource.transaction((em) => new KeyTaskProgressProjection().apply(mine, em));
    expect(await snapshot()).toEqual(before);
  });

  const statesOf = async (year: number, today: string) =>
    Object.fromEntries((await queryKeyTaskProgress(t.dataSource, { year, today, tasks: TASKS })).flatMap((task) => task.items.map((i) => [i.itemNo, i.state])));

  it('2024, the year over: done on the deadline day, overdue when completed the day after, upcoming items not started or in progress', async () => {
    expect(await statesOf(2024, LATER)).toEqual({
      '2.1': 'done', // completed 2024-06-30 23:59:59 CST, deadline 2024-06-30
      '2.2': 'reported', // ongoing, reported 2024-05-01
      '3.1': 'overdue', // completed 2025-01-01 CST: after the 2024 cut
      '3.2': 'overdue', // reported, never completed, deadline 2024-12-31 and 2024 is over
      '3.3': 'done', // 2024-12-31 23:59:59 CST
      '3.4': 'not_started', // due 2025
      '3.5': 'in_progress', // due 2026, reported 2024-06-01
      '3.6': 'done', // 2024 obligation completed 2024-10-01
      '3.7': 'overdue', // yearly, nothing
      '3.8': 'no_report', // its report is of 2025
      '5.1': 'overdue', // reports, no completion
      '5.2': 'not_started', // 2025 obligation, completed 2025-11-01: after the cut
    });
  });

  it('2025, the year over: the day-after completion is done_late; yearly and 2025 items without completion overdue', async () => {
    expect(await statesOf(2025, LATER)).toEqual({
      '2.1': 'done', '2.2': 'no_report',
      '3.1': 'done_late', '3.2': 'overdue', '3.3': 'done', '3.4': 'overdue', '3.5': 'in_progress',
      '3.6': 'overdue', // 2025 obligation: reported 2025-02-01, not completed
      '3.7': 'overdue', '3.8': 'reported',
      '5.1': 'overdue', '5.2': 'done',
    });
  });

  it('the current year is cut at today; a deadline is passed only the day after', async () => {
    // today 2025-06-01: 3.6's 2025 obligation not yet due, reported → in_progress; 5.2 completed 11-01 not yet
    expect(await statesOf(2025, '2025-06-01')).toMatchObject({ '3.1': 'done_late', '3.4': 'not_started', '3.6': 'in_progress', '3.7': 'not_started', '5.2': 'not_started', '3.8': 'reported' });
    // on the deadline day itself nothing is overdue; completed that day is done
    expect(await statesOf(2024, '2024-06-30')).toMatchObject({ '2.1': 'done', '3.2': 'in_progress', '3.6': 'not_started' });
    expect(await statesOf(2024, '2024-06-29')).toMatchObject({ '2.1': 'not_started' });
    expect(await statesOf(2024, '2024-12-31')).toMatchObject({ '3.2': 'in_progress', '3.7': 'not_started', '5.1': 'in_progress', '3.1': 'not_started' });
    // from 2025-01-01 the 2024 year is over: 3.2, 3.7 and 5.1 are overdue; 3.1 (completed 2025-01-01) stays overdue for 2024
    expect(await statesOf(2024, '2025-01-01')).toMatchObject({ '3.2': 'overdue', '3.7': 'overdue', '5.1': 'overdue', '3.1': 'overdue' });
    expect(await statesOf(2025, '2025-01-01')).toMatchObject({ '3.1': 'done_late', '3.7': 'not_started' });
  });

  it('gives each item its deadline, normalised lead units, completion and last report', async () => {
    const [, task3] = await queryKeyTaskProgress(t.dataSource, { year: 2025, today: LATER, tasks: TASKS });
    const item = (no: string) => task3!.items.find((i) => i.itemNo === no)!;
    expect(item('3.1')).toMatchObject({
      obligationYear: 2024, deadlineDate: '2024-12-31', dueByYearEnd: true, leadUnits: ['市安委会有关成员单位'],
      completion: { year: 2024, leadUnit: '市安委会有关成员单位', evidence: '文件', completedAt: '2024-12-31T16:00:00Z', completedDate: '2025-01-01' },
      lastReport: null, reportsForObligation: 0,
    });
    expect(item('3.2').leadUnits).toEqual(['市安委会办公室', '区县安委会办公室']);
    expect(item('3.5')).toMatchObject({ obligationYear: 2026, deadlineDate: '2026-12-31', dueByYearEnd: false, reportsForObligation: 1,
      lastReport: { year: 2026, leadUnit: '各区县政府', districtCode: D1, summary: '进展', percentComplete: null, reportedAt: '2024-06-01T09:00:00+08:00' } });
    expect(item('3.6')).toMatchObject({ obligationYear: 2025, deadlineDate: '2025-12-31', completion: null, lastReport: { year: 2025, reportedAt: '2025-02-01T09:00:00+08:00' } });
    expect(item('3.8')).toMatchObject({ obligationYear: 2025, deadlineDate: null, dueByYearEnd: false });
    // 2024: 3.6's 2025 report is after the cut
    const [, task3in2024] = await queryKeyTaskProgress(t.dataSource, { year: 2024, today: LATER, tasks: TASKS });
    expect(task3in2024!.items.find((i) => i.itemNo === '3.6')!.lastReport).toBeNull();
  });

  it('counts the figures per task: 2024', async () => {
    const { rows, totals } = await queryKeyTaskStatistics(t.dataSource, { year: 2024, today: LATER, tasks: TASKS });
    const zero = { done: 0, doneLate: 0, inProgress: 0, notStarted: 0, overdue: 0, ongoingReported: 0, ongoingNoReport: 0 };
    expect(rows).toEqual([
      // 2.1 done (due), 2.2 reported
      { key: '2', name: '任务二', taskNo: 2, ...zero, items: 2, done: 1, ongoingReported: 1, itemsDue: 1, itemsDueCompleted: 1, completionRate: 1 },
      // due by 2024-12-31: 3.1, 3.2, 3.3, 3.6, 3.7 → 3.3 and 3.6 done = 2/5
      { key: '3', name: '任务三', taskNo: 3, ...zero, items: 8, done: 2, inProgress: 1, notStarted: 1, overdue: 3, ongoingNoReport: 1, itemsDue: 5, itemsDueCompleted: 2, completionRate: 0.4 },
      // due: 5.1 only, overdue
      { key: '5', name: '任务五', taskNo: 5, ...zero, items: 2, notStarted: 1, overdue: 1, itemsDue: 1, itemsDueCompleted: 0, completionRate: 0 },
    ]);
    expect(totals).toEqual({ ...zero, items: 12, done: 3, inProgress: 1, notStarted: 2, overdue: 4, ongoingReported: 1, ongoingNoReport: 1, itemsDue: 7, itemsDueCompleted: 3, completionRate: 3 / 7 });
  });

  it('counts the figures per task: 2025, and a year with nothing due has a null rate', async () => {
    const { rows } = await queryKeyTaskStatistics(t.dataSource, { year: 2025, today: LATER, tasks: TASKS });
    // task 3 due by 2025-12-31: 3.1–3.4, 3.6, 3.7 = 6; completed 3.1 (late) and 3.3 = 2
    expect(rows[1]).toMatchObject({ done: 1, doneLate: 1, inProgress: 1, notStarted: 0, overdue: 4, ongoingReported: 1, ongoingNoReport: 0, itemsDue: 6, itemsDueCompleted: 2, completionRate: 2 / 6 });
    // task 5: 5.1 overdue, 5.2 done (2025 obligation) → 1/2
    expect(rows[2]).toMatchObject({ done: 1, overdue: 1, itemsDue: 2, completionRate: 0.5 });
    const early = await queryKeyTaskStatistics(t.dataSource, { year: 2023, today: LATER, tasks: TASKS.slice(2) });
    // 2023: both items judged on upcoming obligations (2024, 2025): nothing due
    expect(early.rows[0]).toMatchObject({ itemsDue: 0, completionRate: null, notStarted: 2 });
  });

  it('queryTaskMeasurements: the latest per indicator, district and sector reported in the year by the cut', async () => {
    expect(await queryTaskMeasurements(t.dataSource, { year: 2024, today: LATER })).toEqual([
      // same reportedAt twice: the later position (3) wins
      { indicator: 'converted_tractors_remaining', districtCode: null, sector: 'agricultural_machinery', numerator: 3, denominator: null, reportedAt: '2024-10-01T00:00:00+08:00', position: positions['tie'] },
      { indicator: 'converted_tractors_remaining', districtCode: null, sector: null, numerator: 5, denominator: null, reportedAt: '2024-09-01T09:00:00+08:00', position: positions['m1'] },
      // 9/10 of 09-01 is latest by reportedAt (7/10 of 07-01 was recorded after it); 10/10 of 2025-01-01 CST is 2025
      { indicator: 'd_class_housing_relocation_rate', districtCode: D1, sector: null, numerator: 9, denominator: 10, reportedAt: '2024-09-01T09:00:00+08:00', position: positions['m1'] },
    ]);
    const y2025 = await queryTaskMeasurements(t.dataSource, { year: 2025, today: LATER });
    expect(y2025.map((m) => [m.indicator, m.numerator, m.reportedAt])).toEqual([['d_class_housing_relocation_rate', 10, '2024-12-31T16:30:00Z']]);
    // cut at today 2024-08-15: 8/10 (06-01) and 7/10 (07-01) → 7/10
    const aug = await queryTaskMeasurements(t.dataSource, { year: 2024, today: '2024-08-15' });
    expect(aug.map((m) => [m.indicator, m.numerator])).toEqual([['d_class_housing_relocation_rate', 7]]);
    expect(positions['f']).toMatch(/^\d+$/);
  });
});
