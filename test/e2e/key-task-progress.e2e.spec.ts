/**
 * Key-task progress (the annex 重点任务清单) over real HTTP against the real app (embedded PGlite;
 * PostgreSQL too when TEST_DATABASE_URL is set), on the real seed: ReportTaskProgress and
 * CompleteTaskItem with their refusals, the item states (`GET /api/v1/key-tasks`) and the per-task
 * figures (`GET /api/v1/statistics/key-tasks`) against values computed by hand for 2024 and 2025
 * (both years are over: their cut is 31 December).
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('key-task progress over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let lastPosition = '0';
  const D1 = '500104'; // 大渡口区

  const report = (taskNo: number | string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    http(url, 'POST', `/api/v1/key-tasks/${taskNo}/progress-reports`, { summary: '进展情况', reportedAt: '2024-03-01T09:00:00+08:00', ...body }, headers);
  const complete = (taskNo: number | string, itemNo: string, body: Record<string, unknown>) =>
    http(url, 'POST', `/api/v1/key-tasks/${taskNo}/items/${itemNo}/completion`, { evidence: '印发文件', ...body });
  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;
  const accepted = (res: { status: number; body: { position?: string } }) => {
    expect(res.status).toBe(201);
    lastPosition = res.body.position!;
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  it('records progress and completions with 201 on the stream task-{taskNo}', async () => {
    const first = await report(3, { itemNo: '3.2', leadUnit: '市安委会办公室', percentComplete: 50 });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ streamId: 'task-3', streamRevision: '0', position: expect.stringMatching(/^\d+$/) });
    expect(first.headers.get('etag')).toBe('"0"');
    // 2024-12-31T16:00:00Z is 2025-01-01 00:00 CST: the day after 3.1's deadline
    accepted(await complete(3, '3.1', { leadUnit: '市安委会有关成员单位', completedAt: '2024-12-31T16:00:00Z' }));
    // 2024-12-31T15:59:59Z is 2024-12-31 23:59:59 CST: on 3.3's deadline day
    accepted(await complete(3, '3.3', { leadUnit: '各区县政府', completedAt: '2024-12-31T15:59:59Z' }));
    accepted(await complete(3, '3.6', { leadUnit: '市安委会', completedAt: '2024-10-01T09:00:00+08:00' }));
    accepted(await complete(2, '2.1', { leadUnit: '市安委会有关成员单位', completedAt: '2024-06-30T12:00:00+08:00' }));
    accepted(await report(20, {
      itemNo: '20.2', leadUnit: '各区县政府', districtCode: D1, reportedAt: '2024-05-01T09:00:00+08:00',
      measurements: [{ indicator: 'd_class_housing_relocation_rate', districtCode: D1, numerator: 8, denominator: 10 }],
    }));
    const history = await http(url, 'GET', '/api/v1/audit/streams/task-20');
    expect(history.body.events[0]).toMatchObject({
      type: 'TaskProgressReported',
      data: { taskNo: 20, itemNo: '20.2', year: 2024, leadUnit: '各区县政府', districtCode: D1, percentComplete: null,
        measurements: [{ indicator: 'd_class_housing_relocation_rate', districtCode: D1, sector: null, numerator: 8, denominator: 10 }] },
    });
    expect(await eventsOf('task-3')).toBe(4);
  });

  it('computes the 2024 figures per task by hand', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/key-tasks?year=2024&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'task', year: 2024, position: expect.stringMatching(/^\d+$/) });
    expect(res.body.rows.map((r: { taskNo: number }) => r.taskNo)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    // the annex has 89 items
    expect(res.body.totals.items).toBe(89);
    const row = (taskNo: number) => res.body.rows.find((r: { taskNo: number }) => r.taskNo === taskNo);
    const zero = { done: 0, doneLate: 0, inProgress: 0, notStarted: 0, overdue: 0, ongoingReported: 0, ongoingNoReport: 0 };
    // 1.1, 1.2 due 2024, nothing done → overdue; 1.3 (2025), 1.4 (2026) not started
    expect(row(1)).toEqual({ key: '1', name: '强化重大安全风险源头管控', taskNo: 1, ...zero, items: 4, overdue: 2, notStarted: 2, itemsDue: 2, itemsDueCompleted: 0, completionRate: 0 });
    // 2.1 done (2024-06-30 deadline, completed 06-30); 2.2 ongoing without report
    expect(row(2)).toMatchObject({ items: 2, done: 1, ongoingNoReport: 1, itemsDue: 1, itemsDueCompleted: 1, completionRate: 1 });
    // 3.1 overdue (completed 2025-01-01, after the cut), 3.2 overdue (reported only), 3.3 done, 3.4/3.5 not started,
    // 3.6 done (yearly, 2024), 3.7 overdue (yearly, nothing), 3.8 ongoing without report; due: 3.1, 3.2, 3.3, 3.6, 3.7
    expect(row(3)).toEqual({ key: '3', name: '建立重大事故隐患督办销号等制度', taskNo: 3, ...zero, items: 8, done: 2, notStarted: 2, overdue: 3, ongoingNoReport: 1, itemsDue: 5, itemsDueCompleted: 2, completionRate: 0.4 });
    // 20.1–20.3 due 2024 (20.2 reported only) and 20.8 yearly: overdue; 20.4–20.7 later; 20.9 ongoing
    expect(row(20)).toMatchObject({ items: 9, overdue: 4, notStarted: 4, ongoingNoReport: 1, itemsDue: 4, completionRate: 0 });
  });

  it('computes the 2025 figures: the completion of the day after is done_late', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/key-tasks?groupBy=task&year=2025&minPosition=${lastPosition}`);
    const row3 = res.body.rows.find((r: { taskNo: number }) => r.taskNo === 3);
    // 3.1 done_late, 3.3 done, 3.2/3.4/3.6 (2025 obligation)/3.7 overdue, 3.5 not started, 3.8 no report; due: 3.1–3.4, 3.6, 3.7
    expect(row3).toMatchObject({ done: 1, doneLate: 1, inProgress: 0, notStarted: 1, overdue: 4, ongoingNoReport: 1, itemsDue: 6, itemsDueCompleted: 2, completionRate: 2 / 6 });
  });

  it('lists every task and item with state, deadline, lead units and last report', async () => {
    const list = await http(url, 'GET', `/api/v1/key-tasks?year=2024&minPosition=${lastPosition}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ year: 2024, cut: '2024-12-31' });
    expect(list.body.tasks).toHaveLength(22);
    expect(list.body.tasks.flatMap((t: { items: unknown[] }) => t.items)).toHaveLength(89);
    const one = await http(url, 'GET', '/api/v1/key-tasks/3?year=2024');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ taskNo: 3, year: 2024, title: '建立重大事故隐患督办销号等制度' });
    const item = (no: string) => one.body.items.find((i: { itemNo: string }) => i.itemNo === no);
    expect(item('3.2')).toMatchObject({
      state: 'overdue', deadline: { kind: 'year', year: 2024, years: [2024] }, obligationYear: 2024, deadlineDate: '2024-12-31', dueByYearEnd: true,
      leadUnits: ['市安委会办公室', '区县安委会办公室'], leadUnitsText: '市、区县安委会办公室', completion: null, reportsForObligation: 1,
      lastReport: { year: 2024, leadUnit: '市安委会办公室', districtCode: null, summary: '进展情况', percentComplete: 50, reportedAt: '2024-03-01T09:00:00+08:00' },
    });
    expect(item('3.3')).toMatchObject({ state: 'done', completion: { year: 2024, leadUnit: '各区县政府', completedDate: '2024-12-31' } });
    expect(item('3.8')).toMatchObject({ state: 'no_report', deadline: { kind: 'ongoing' }, deadlineDate: null });
    const in2025 = await http(url, 'GET', '/api/v1/key-tasks/3?year=2025');
    expect(in2025.body.items.find((i: { itemNo: string }) => i.itemNo === '3.1')).toMatchObject({ state: 'done_late', completion: { completedDate: '2025-01-01' } });
  });

  it('answers 404 for an unknown task or an item not of the task', async () => {
    for (const path of ['/api/v1/key-tasks/23', '/api/v1/key-tasks/abc', '/api/v1/key-tasks/0']) {
      const res = await http(url, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('key_task_not_found');
    }
    expect((await report(23, { itemNo: '23.1', leadUnit: '市安委会' })).status).toBe(404);
    const item = await complete(3, '4.1', { leadUnit: '市安委会有关成员单位', completedAt: '2024-06-01T09:00:00+08:00' });
    expect(item.status).toBe(404);
    expect(item.body.error).toBe('key_task_item_not_found');
  });

  it.each([
    ['an item of another task', { itemNo: '4.1', leadUnit: '市安委会有关成员单位' }, 'unknown_task_item'],
    ['a unit not leading the item', { itemNo: '3.4', leadUnit: '市公安局' }, 'lead_unit_mismatch'],
    ['a year outside the deadline', { itemNo: '3.4', leadUnit: '市安委会有关成员单位', year: 2024 }, 'year_outside_deadline'],
    ['a district unit without district', { itemNo: '3.4', leadUnit: '各区县政府' }, 'district_required'],
    ['a city unit with a district', { itemNo: '3.4', leadUnit: '市安委会有关成员单位', districtCode: D1 }, 'district_not_applicable'],
    ['an unknown indicator', { itemNo: '3.4', leadUnit: '市安委会有关成员单位', measurements: [{ indicator: 'happiness', numerator: 1 }] }, 'unknown_indicator'],
    ['numerator > denominator', { itemNo: '3.4', leadUnit: '市安委会有关成员单位', measurements: [{ indicator: 'urban_fire_water_supply_coverage', numerator: 11, denominator: 10 }] }, 'numerator_exceeds_denominator'],
    ['a report in the future', { itemNo: '3.4', leadUnit: '市安委会有关成员单位', reportedAt: '2099-01-01T09:00:00+08:00' }, 'occurred_in_future'],
  ])('answers 422 for %s, appending nothing', async (_what, body, code) => {
    const res = await report(3, body);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe(code);
    expect(await eventsOf('task-3')).toBe(4);
  });

  it('answers 422 for a second completion, an ongoing item and a missing evidence', async () => {
    const again = await complete(3, '3.1', { leadUnit: '市安委会有关成员单位', completedAt: '2025-02-01T09:00:00+08:00' });
    expect(again.status).toBe(422);
    expect(again.body.error).toBe('already_completed');
    expect((await complete(3, '3.8', { leadUnit: '市安委会办公室', completedAt: '2025-02-01T09:00:00+08:00' })).body.error).toBe('ongoing_not_completable');
    expect((await complete(3, '3.4', { leadUnit: '市安委会有关成员单位', evidence: '  ', completedAt: '2025-02-01T09:00:00+08:00' })).body.error).toBe('evidence_required');
    expect(await eventsOf('task-3')).toBe(4);
  });

  it.each([
    [{ itemNo: '3.4', leadUnit: '市安委会有关成员单位', summary: undefined }, 'summary'],
    [{ itemNo: '3.4', leadUnit: '市安委会有关成员单位', percentComplete: 101 }, 'percentComplete'],
    [{ itemNo: '3.4', leadUnit: '市安委会有关成员单位', measurements: [{ indicator: 'urban_fire_water_supply_coverage', numerator: '5' }] }, 'measurements.0.numerator'],
    [{ itemNo: '3.4', leadUnit: '市安委会有关成员单位', year: '2025' }, 'year'],
    [{ itemNo: '3.4', leadUnit: '市安委会有关成员单位', reportedAt: '2025-03-01' }, 'reportedAt'],
    [{ itemNo: '3.4', leadUnit: '市安委会有关成员单位', owner: 'x' }, 'owner'],
  ])('answers 400 for %p', async (body, path) => {
    const res = await report(3, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await eventsOf('task-3')).toBe(4);
  });

  it('answers no odd input with a 500', async () => {
    const odd: [string, unknown][] = [
      ['/api/v1/key-tasks/3/progress-reports', { itemNo: '3.4', leadUnit: '市安委会有关成员单位', summary: 's', reportedAt: '2024-03-01T09:00:00+08:00', measurements: [1, 'x'] }],
      ['/api/v1/key-tasks/3/progress-reports', { itemNo: 3.4, leadUnit: ['市安委会'], summary: {}, reportedAt: null, measurements: 'x' }],
      ['/api/v1/key-tasks/3/progress-reports', [1, 2]],
      ['/api/v1/key-tasks/3/progress-reports', { itemNo: '3.4', leadUnit: '市安委会有关成员单位', summary: 's', reportedAt: '2024-03-01T09:00:00+08:00', measurements: [{ indicator: 'urban_fire_water_supply_coverage', numerator: 1e308, denominator: -1 }] }],
      ['/api/v1/key-tasks/99999999999999999999/progress-reports', { itemNo: '1.1' }],
      ['/api/v1/key-tasks/3/items/3.1%20/completion', { leadUnit: '市安委会有关成员单位', evidence: 'e', completedAt: '2024-03-01T09:00:00+08:00' }],
      ['/api/v1/key-tasks/3/items/3.4/completion', { leadUnit: '市安委会有关成员单位', evidence: 'e', completedAt: '2024-03-01T09:00:00+08:00', year: 1e9 }],
    ];
    for (const [path, body] of odd) {
      const res = await http(url, 'POST', path, body);
      expect([400, 404, 422]).toContain(res.status);
      expect(typeof res.body.error).toBe('string');
    }
    expect(await eventsOf('task-3')).toBe(4);
  });

  it('answers a retried Idempotency-Key with the first response, appending nothing', async () => {
    const key = randomUUID();
    const body = { itemNo: '1.1', leadUnit: '市安委会有关成员单位', reportedAt: '2024-04-01T09:00:00+08:00' };
    const first = await report(1, body, { 'Idempotency-Key': key });
    const again = await report(1, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf('task-1')).toBe(1);
  });

  it('answers 400 for a grouping other than task and for bad parameters', async () => {
    const district = await http(url, 'GET', '/api/v1/statistics/key-tasks?groupBy=district&year=2025');
    expect(district.status).toBe(400);
    expect(district.body.details[0]).toMatchObject({ path: 'groupBy', message: expect.stringContaining('grouped by task only') });
    for (const q of ['groupBy=sector&year=2025', 'year=2025&groupBy=city', 'groupBy=task', 'year=25', 'year=2025&x=1']) {
      expect((await http(url, 'GET', `/api/v1/statistics/key-tasks?${q}`)).status).toBe(400);
    }
    expect((await http(url, 'GET', '/api/v1/key-tasks?year=20x5')).status).toBe(400);
    expect((await http(url, 'GET', '/api/v1/key-tasks?year=2025&year=2024')).status).toBe(400);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining([
      '/api/v1/key-tasks', '/api/v1/key-tasks/{taskNo}', '/api/v1/key-tasks/{taskNo}/progress-reports',
      '/api/v1/key-tasks/{taskNo}/items/{itemNo}/completion', '/api/v1/statistics/key-tasks',
    ]));
    expect(docs.body.paths['/api/v1/statistics/key-tasks'].get.description).toContain('completionRate');
  });
});
