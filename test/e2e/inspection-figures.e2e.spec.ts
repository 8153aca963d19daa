/**
 * Enterprise self-inspections over real HTTP against the real app (embedded PGlite; PostgreSQL too
 * when TEST_DATABASE_URL is set): RecordSelfInspection (`POST /api/v1/self-inspections`) with its
 * refusals, and the inspection figures (`GET /api/v1/statistics/inspections`) against figures computed
 * by hand — the 2024 大排查 by 30 June (三(二)2), principal-led inspections each quarter (each month in
 * high-risk sectors), and the monthly tier of the 日周月 regime. The real clock is after 2025, so
 * every period of 2024 and 2025 is due.
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('self-inspections over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const DISTRICT = '500107';
  const EMPTY_DISTRICT = '500108';
  // HIGH ★ hazardous_chemicals: principal_led 2025-02-10, 05-10, 08-10, 11-10 (quarterly) → fails (monthly needed)
  //        director_monthly on the 15th of every month of 2025                       → regime passes
  //        major_hazard_survey 2024-06-30T23:59:00+08:00                             → counts by 30 June 2024
  // GENERAL commerce_trade: principal_led on the same four days                      → passes (quarterly)
  //        director_monthly 01-15, 02-15, 2025-03-31T16:30:00Z (= 04-01 CST), 05-15 … 12-15 → no March: regime fails
  //        major_hazard_survey 2024-06-30T16:00:00Z (= 2024-07-01 00:00 CST)         → does not count
  //        team_daily 2025-06-02 (finding its own hazard), department_weekly 2025-06-03
  const HIGH = testUscc('91500107MA60K0001');
  const GENERAL = testUscc('91500107MA60K0002');
  let generalHazard = '';

  const register = (uscc: string, sector: string) =>
    http(url, 'POST', '/api/v1/enterprises', { uscc, name: `九龙坡区测试企业 ${uscc.slice(-4)}`, districtCode: DISTRICT, sector, industryCode: 'C', registeredAt: '2023-01-05T09:00:00+08:00' });
  const inspect = (enterpriseUscc: string, level: string, inspectedAt: string, hazardIds: string[] = [], headers: Record<string, string> = {}) =>
    http(url, 'POST', '/api/v1/self-inspections', { enterpriseUscc, level, inspectedAt, hazardIds, findings: '检查生产现场' }, headers);
  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;
  const at = (m: number, d: number) => `2025-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T10:00:00+08:00`;
  let lastPosition = '0';
  const ok = async (res: { status: number; body: { position: string } }) => {
    expect(res.status).toBe(201);
    lastPosition = res.body.position;
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    expect((await register(HIGH, 'hazardous_chemicals')).status).toBe(201);
    expect((await register(GENERAL, 'commerce_trade')).status).toBe(201);
    generalHazard = randomUUID();
    const hazard = await http(url, 'POST', '/api/v1/hazards', {
      hazardId: generalHazard, enterpriseUscc: GENERAL, grade: 'general', channel: 'self_inspection', title: '消防通道堵塞', description: '二楼消防通道堆放杂物', discoveredAt: '2025-06-02T09:00:00+08:00',
    });
    expect(hazard.status).toBe(201);
  });
  afterAll(async () => running?.done());

  it('records an inspection with 201 { streamId, streamRevision, position, inspectionId } on the stream of the CST year', async () => {
    const first = await inspect(GENERAL, 'director_monthly', '2025-03-31T16:30:00Z');
    expect(first.status).toBe(201);
    // 2025-03-31T16:30Z is 2025-04-01 00:30 in China Standard Time.
    expect(first.body).toEqual({ streamId: `inspection-${GENERAL}-2025`, streamRevision: '0', position: expect.stringMatching(/^\d+$/), inspectionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const found = await inspect(GENERAL, 'team_daily', '2025-06-02T10:00:00+08:00', [generalHazard.toUpperCase()]);
    await ok(found);
    const history = await http(url, 'GET', `/api/v1/audit/streams/inspection-${GENERAL}-2025`);
    expect(history.body.events[1].data).toMatchObject({ enterpriseUscc: GENERAL, districtCode: DISTRICT, sector: 'commerce_trade', highRisk: false, level: 'team_daily', hazardIds: [generalHazard] });
  });

  it('records the rest of the scenario', async () => {
    await ok(await inspect(HIGH, 'major_hazard_survey', '2024-06-30T23:59:00+08:00'));
    await ok(await inspect(GENERAL, 'major_hazard_survey', '2024-06-30T16:00:00Z'));
    for (const m of [2, 5, 8, 11]) {
      await ok(await inspect(HIGH, 'principal_led', at(m, 10)));
      await ok(await inspect(GENERAL, 'principal_led', at(m, 10)));
    }
    for (let m = 1; m <= 12; m++) {
      await ok(await inspect(HIGH, 'director_monthly', at(m, 15)));
      if (m !== 3 && m !== 4) await ok(await inspect(GENERAL, 'director_monthly', at(m, 15)));
    }
    await ok(await inspect(GENERAL, 'department_weekly', at(6, 3)));
  });

  it('computes the 2025 figures by hand: a high-risk enterprise with quarterly principal-led inspections fails, a general one passes', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/inspections?groupBy=district&year=2025&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'district', year: 2025, position: expect.stringMatching(/^\d+$/) });
    expect(res.body.rows).toHaveLength(42); // 2025: the plan's 41 units + 500157 (in force from 2025-11-06)
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // enterprises 2; survey null (not 2024)
    // principal-led: required 2, compliant GENERAL = 1 (HIGH lacks 10 of its 12 months)
    // regime: required 2, compliant HIGH = 1 (GENERAL's 2025-03-31T16:30Z inspection is April's: no March)
    // team_daily 1, department_weekly 1
    expect(row(DISTRICT)).toMatchObject({
      key: DISTRICT, enterprises: 2, surveyDoneBy20240630: null, surveyDoneRate: null,
      principalLedRequired: 2, principalLedCompliant: 1, principalLedRate: 0.5,
      regimeRequired: 2, regimeCompliant: 1, regimeRate: 0.5, teamDailyRecords: 1, departmentWeeklyRecords: 1,
    });
    // no enterprise: every rate null
    expect(row(EMPTY_DISTRICT)).toMatchObject({
      enterprises: 0, principalLedRequired: 0, principalLedRate: null, regimeRequired: 0, regimeRate: null, teamDailyRecords: 0,
    });
  });

  it('computes 2024: the survey at 2024-06-30T23:59+08:00 counts, the one at 2024-06-30T16:00Z (1 July CST) does not', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/inspections?groupBy=district&year=2024&minPosition=${lastPosition}`);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // enterprises 2; survey HIGH = 1 → 0.5; no principal-led or director inspection in 2024 → 0 / 2
    expect(row(DISTRICT)).toMatchObject({
      enterprises: 2, surveyDoneBy20240630: 1, surveyDoneRate: 0.5,
      principalLedRequired: 2, principalLedCompliant: 0, principalLedRate: 0, regimeRequired: 2, regimeCompliant: 0, regimeRate: 0,
    });
    expect(row(EMPTY_DISTRICT)).toMatchObject({ enterprises: 0, surveyDoneBy20240630: 0, surveyDoneRate: null });
  });

  it('groups by sector, every sector a row', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/inspections?groupBy=sector&year=2025&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    const sectors = await http(url, 'GET', '/api/v1/reference/sectors');
    expect(res.body.rows).toHaveLength(sectors.body.items.length);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    expect(row('hazardous_chemicals')).toMatchObject({ enterprises: 1, principalLedCompliant: 0, principalLedRate: 0, regimeCompliant: 1, regimeRate: 1 });
    expect(row('commerce_trade')).toMatchObject({ enterprises: 1, principalLedCompliant: 1, principalLedRate: 1, regimeCompliant: 0, regimeRate: 0, teamDailyRecords: 1 });
    expect(row('coal_mine')).toMatchObject({ enterprises: 0, principalLedRate: null, regimeRate: null });
  });

  it('answers a retried Idempotency-Key with the first response (same inspectionId), appending nothing', async () => {
    const key = randomUUID();
    const first = await inspect(HIGH, 'team_daily', '2023-03-01T10:00:00+08:00', [], { 'Idempotency-Key': key });
    const again = await inspect(HIGH, 'team_daily', '2023-03-01T10:00:00+08:00', [], { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(`inspection-${HIGH}-2023`)).toBe(1);
  });

  it.each([
    ['another level', { level: 'yearly' }, 'level'],
    ['a time without offset', { inspectedAt: '2025-03-01T09:00:00' }, 'inspectedAt'],
    ['empty findings', { findings: '' }, 'findings'],
    ['hazardIds not UUIDs', { hazardIds: ['x'] }, 'hazardIds'],
    ['hazardIds repeated', { hazardIds: ['0195a0c0-0000-7000-8000-0000000000a1', '0195a0c0-0000-7000-8000-0000000000a1'] }, 'hazardIds'],
    ['hazardIds missing', { hazardIds: undefined }, 'hazardIds'],
    ['an unknown field', { inspector: '张三' }, 'inspector'],
    ['a malformed USCC', { enterpriseUscc: 'x' }, 'enterpriseUscc'],
  ])('answers 400 for %s, appending nothing', async (_what, change, path) => {
    const body = { enterpriseUscc: HIGH, level: 'team_daily', inspectedAt: '2026-01-05T09:00:00+08:00', hazardIds: [], findings: '检查', ...change };
    const res = await http(url, 'POST', '/api/v1/self-inspections', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await eventsOf(`inspection-${HIGH}-2026`)).toBe(0);
  });

  it('answers 422 for an unregistered enterprise, a future time, an unknown hazard and another enterprise’s hazard', async () => {
    const unknown = testUscc('91500107MA60K0099');
    const cases: [string, ReturnType<typeof inspect>][] = [
      ['enterprise_not_found', inspect(unknown, 'team_daily', '2026-01-05T09:00:00+08:00')],
      ['occurred_in_future', inspect(HIGH, 'team_daily', '2099-03-01T09:00:00+08:00')],
      ['unknown_hazard', inspect(HIGH, 'team_daily', '2026-01-05T09:00:00+08:00', [randomUUID()])],
      ['hazard_of_other_enterprise', inspect(HIGH, 'team_daily', '2026-01-05T09:00:00+08:00', [generalHazard])],
    ];
    for (const [code, pending] of cases) {
      const res = await pending;
      expect(res.status).toBe(422);
      expect(res.body.error).toBe(code);
    }
    expect(await eventsOf(`inspection-${unknown}-2026`)).toBe(0);
    expect(await eventsOf(`inspection-${HIGH}-2026`)).toBe(0);
  });

  it('answers 400 for bad statistics parameters', async () => {
    for (const q of ['groupBy=city&year=2025', 'groupBy=district&year=25', 'groupBy=district', 'groupBy=district&year=2025&level=x', 'groupBy=district&year=2025&year=2024', 'groupBy=district&year=2025&minPosition=-1']) {
      const res = await http(url, 'GET', `/api/v1/statistics/inspections?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation');
    }
  });

  it('documents the routes and the figures in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/self-inspections', '/api/v1/statistics/inspections']));
    expect(docs.body.paths['/api/v1/statistics/inspections'].get.description).toContain('principalLedCompliant');
  });
});
