/**
 * Standardization grading (安全生产标准化), the all-staff responsibility system (全员安全生产责任制 /
 * 两单两卡) and enterprise closure over real HTTP against the real app (embedded PGlite; PostgreSQL too
 * when TEST_DATABASE_URL is set): the three commands with their refusals, and the figures
 * (`GET /api/v1/statistics/standardization`) against figures computed by hand — plan 三(三)4–5.
 *
 * Chosen and documented: a grade is valid through its validUntil (the same CST date three years on)
 * inclusive, so a grade exactly three years old on the cut still counts.
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('standardization and responsibility system over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const DISTRICT = '500106';
  const EMPTY_DISTRICT = '500107';
  // All in DISTRICT, registered 2020-01-01:
  // MINE_A  coal_mine         L1 graded 2022-12-31 10:00 CST → validUntil 2025-12-31: valid on the 2025 cut (inclusive)
  // MINE_B  non_coal_mine     L2 graded 2021-06-01 → validUntil 2024-06-01: expired in 2024 and 2025
  // EXP_3   civil_explosives  L3 graded 2025-03-01 (not level 2 or above); responsibility system 2024-06-30
  // EXP_2   civil_explosives  L2 graded 2024-12-31T20:00:00Z = 2025-01-01 04:00 CST (2025, not 2024); responsibility 2025-01-10
  // TRADE   commerce_trade    L2 graded 2024-05-01; closed 2025-06-30 — before the 2025 cut: out of the 2025 denominator
  const MINE_A = testUscc('91500106MA60T0001');
  const MINE_B = testUscc('91500106MA60T0002');
  const EXP_3 = testUscc('91500106MA60T0003');
  const EXP_2 = testUscc('91500106MA60T0004');
  const TRADE = testUscc('91500106MA60T0005');

  const register = (uscc: string, sector: string) =>
    http(url, 'POST', '/api/v1/enterprises', { uscc, name: `测试企业 ${uscc.slice(-4)}`, districtCode: DISTRICT, sector, industryCode: 'C', registeredAt: '2020-01-01T09:00:00+08:00' });
  const grade = (uscc: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    http(url, 'POST', `/api/v1/enterprises/${uscc}/standardization`, body, headers);
  const establish = (uscc: string, body: Record<string, unknown>) => http(url, 'POST', `/api/v1/enterprises/${uscc}/responsibility-system`, body);
  const close = (uscc: string, body: Record<string, unknown>) => http(url, 'POST', `/api/v1/enterprises/${uscc}/closure`, body);
  const eventsOf = async (uscc: string) => (await http(url, 'GET', `/api/v1/audit/streams/enterprise-${uscc}`)).body.events?.length ?? 0;
  const stats = async (groupBy: string, year: number) =>
    http(url, 'GET', `/api/v1/statistics/standardization?groupBy=${groupBy}&year=${year}&minPosition=${lastPosition}`);
  const rowOf = (body: { rows: { key: string }[] }, key: string) => body.rows.find((r) => r.key === key);

  let lastPosition = '0';

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    for (const [uscc, sector] of [[MINE_A, 'coal_mine'], [MINE_B, 'non_coal_mine'], [EXP_3, 'civil_explosives'], [EXP_2, 'civil_explosives'], [TRADE, 'commerce_trade']] as const) {
      expect((await register(uscc, sector)).status).toBe(201);
    }
  });
  afterAll(async () => running?.done());

  it('grades, establishes and closes with 201 { streamId, streamRevision, position } on enterprise-{uscc}', async () => {
    const first = await grade(EXP_2, { level: 2, gradedAt: '2024-12-31T20:00:00Z' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ streamId: `enterprise-${EXP_2}`, streamRevision: '1', position: expect.stringMatching(/^\d+$/) });
    const steps: [() => Promise<{ status: number; body: { position: string } }>][] = [
      [() => grade(MINE_A, { level: 1, gradedAt: '2022-12-31T10:00:00+08:00' })],
      [() => grade(MINE_B, { level: 2, gradedAt: '2021-06-01T10:00:00+08:00' })],
      [() => grade(EXP_3, { level: 3, gradedAt: '2025-03-01T10:00:00+08:00' })],
      [() => establish(EXP_3, { establishedAt: '2024-06-30T10:00:00+08:00', postsCovered: 20 })],
      [() => establish(EXP_2, { establishedAt: '2025-01-10T10:00:00+08:00', postsCovered: 35 })],
      [() => grade(TRADE, { level: 2, gradedAt: '2024-05-01T10:00:00+08:00' })],
      [() => close(TRADE, { closedAt: '2025-06-30T10:00:00+08:00', reason: '注销' })],
    ];
    for (const [step] of steps) {
      const res = await step();
      expect(res.status).toBe(201);
      lastPosition = res.body.position;
    }
    const history = await http(url, 'GET', `/api/v1/audit/streams/enterprise-${EXP_2}`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['EnterpriseRegistered', 'StandardizationGraded', 'ResponsibilitySystemEstablished']);
    // graded on 2025-01-01 CST: valid through 2028-01-01
    expect(history.body.events[1].data).toEqual({ uscc: EXP_2, level: 2, gradedAt: '2024-12-31T20:00:00Z', validUntil: '2028-01-01' });
  });

  it('computes the 2025 figures by hand: the three-year-old grade valid on the cut, level 3 not level 2 or above, the closed enterprise out', async () => {
    const res = await stats('district', 2025);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'district', year: 2025, position: expect.stringMatching(/^\d+$/) });
    expect(res.body.rows).toHaveLength(42); // 2025: the plan's 41 units + 500157 (in force from 2025-11-06)
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    // open on 2025-12-31: MINE_A MINE_B EXP_3 EXP_2 = 4 (TRADE closed 2025-06-30);
    // graded: MINE_A (L1, valid through 2025-12-31), EXP_3 (L3), EXP_2 (L2) = 3; MINE_B expired 2024-06-01;
    // level 2 or above: MINE_A, EXP_2 = 2; responsibility: EXP_3, EXP_2 = 2
    expect(rowOf(res.body, DISTRICT)).toEqual({
      key: DISTRICT, name: expect.any(String), enterprises: 4, graded: 3, gradedByLevel: { '1': 1, '2': 1, '3': 1 }, gradedLevel2OrAbove: 2,
      gradedRate: 0.75, level2OrAboveRate: 0.5, responsibilitySystemEstablished: 2, responsibilitySystemRate: 0.5, note: null,
    });
    // no enterprise: every rate null
    expect(rowOf(res.body, EMPTY_DISTRICT)).toMatchObject({
      enterprises: 0, graded: 0, gradedRate: null, level2OrAboveRate: null, responsibilitySystemEstablished: 0, responsibilitySystemRate: null,
    });
  });

  it('computes 2024 by hand: the grading at 2024-12-31T20:00:00Z does not count yet, the closed enterprise still in', async () => {
    const res = await stats('district', 2024);
    // open: all 5; graded: MINE_A (L1), TRADE (L2) = 2; EXP_2's grading is dated 2025-01-01 CST, EXP_3's 2025, MINE_B's expired;
    // responsibility: EXP_3 (2024-06-30) = 1
    expect(rowOf(res.body, DISTRICT)).toMatchObject({
      enterprises: 5, graded: 2, gradedByLevel: { '1': 1, '2': 1, '3': 0 }, gradedLevel2OrAbove: 2, gradedRate: 0.4, level2OrAboveRate: 0.4,
      responsibilitySystemEstablished: 1, responsibilitySystemRate: 0.2,
    });
  });

  it('groups by sector: mines, civil explosives at level 2 or above, the 工贸 size note', async () => {
    const res = await stats('sector', 2025);
    expect(res.status).toBe(200);
    const sectors = await http(url, 'GET', '/api/v1/reference/sectors');
    expect(res.body.rows).toHaveLength(sectors.body.items.length);
    expect(rowOf(res.body, 'coal_mine')).toMatchObject({ enterprises: 1, graded: 1, gradedRate: 1, level2OrAboveRate: 1, note: null });
    expect(rowOf(res.body, 'non_coal_mine')).toMatchObject({ enterprises: 1, graded: 0, gradedRate: 0, level2OrAboveRate: 0 });
    // EXP_3 L3 and EXP_2 L2: all graded, half at level 2 or above; both responsibility systems
    expect(rowOf(res.body, 'civil_explosives')).toMatchObject({
      enterprises: 2, graded: 2, gradedByLevel: { '1': 0, '2': 1, '3': 1 }, gradedLevel2OrAbove: 1, gradedRate: 1, level2OrAboveRate: 0.5,
      responsibilitySystemEstablished: 2, responsibilitySystemRate: 1,
    });
    // TRADE closed before the cut: empty denominator, rates null; a 工贸 industry carries the note
    expect(rowOf(res.body, 'commerce_trade')).toMatchObject({ enterprises: 0, gradedRate: null, note: expect.stringContaining('规模以上') });
    expect(rowOf(res.body, 'metallurgy')).toMatchObject({ note: expect.stringContaining('规模以上') });
    expect(rowOf(res.body, 'hazardous_chemicals')).toMatchObject({ note: null });
  });

  it('answers a retried Idempotency-Key with the first response, appending nothing', async () => {
    const key = randomUUID();
    const before = await eventsOf(MINE_B);
    const first = await grade(MINE_B, { level: 2, gradedAt: '2024-07-01T10:00:00+08:00' }, { 'Idempotency-Key': key });
    const again = await grade(MINE_B, { level: 2, gradedAt: '2024-07-01T10:00:00+08:00' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(MINE_B)).toBe(before + 1);
  });

  it.each([
    ['standardization', 'level 4', { level: 4, gradedAt: '2025-03-01T09:00:00+08:00' }, 'level'],
    ['standardization', 'level as a string', { level: '2', gradedAt: '2025-03-01T09:00:00+08:00' }, 'level'],
    ['standardization', 'a time without offset', { level: 2, gradedAt: '2025-03-01T09:00:00' }, 'gradedAt'],
    ['standardization', 'an unknown field', { level: 2, gradedAt: '2025-03-01T09:00:00+08:00', grader: '某机构' }, 'grader'],
    ['responsibility-system', 'postsCovered 0', { establishedAt: '2025-03-01T09:00:00+08:00', postsCovered: 0 }, 'postsCovered'],
    ['responsibility-system', 'postsCovered 2.5', { establishedAt: '2025-03-01T09:00:00+08:00', postsCovered: 2.5 }, 'postsCovered'],
    ['responsibility-system', 'no establishedAt', { postsCovered: 3 }, 'establishedAt'],
    ['closure', 'an empty reason', { closedAt: '2025-03-01T09:00:00+08:00', reason: '' }, 'reason'],
    ['closure', 'no closedAt', { reason: '注销' }, 'closedAt'],
  ])('answers 400 on %s for %s, appending nothing', async (route, _what, body, path) => {
    const before = await eventsOf(EXP_2);
    const res = await http(url, 'POST', `/api/v1/enterprises/${EXP_2}/${route}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await eventsOf(EXP_2)).toBe(before);
  });

  it.each([
    ['standardization', { level: 2, gradedAt: '2025-03-01T09:00:00+08:00' }],
    ['responsibility-system', { establishedAt: '2025-03-01T09:00:00+08:00', postsCovered: 3 }],
    ['closure', { closedAt: '2025-03-01T09:00:00+08:00', reason: '注销' }],
  ])('answers 404 on %s for an unknown enterprise and a malformed USCC', async (route, body) => {
    const unknown = testUscc('91500106MA60T0099');
    for (const uscc of [unknown, 'not-a-uscc']) {
      const res = await http(url, 'POST', `/api/v1/enterprises/${uscc}/${route}`, body);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('enterprise_not_found');
    }
    expect(await eventsOf(unknown)).toBe(0);
  });

  it('answers 422 after a closure and for a time in the future', async () => {
    const closed = await grade(TRADE, { level: 1, gradedAt: '2025-07-01T09:00:00+08:00' });
    expect(closed.status).toBe(422);
    expect(closed.body.error).toBe('enterprise_closed');
    const closedAgain = await close(TRADE, { closedAt: '2025-07-01T09:00:00+08:00', reason: '注销' });
    expect(closedAgain.status).toBe(422);
    expect(closedAgain.body.error).toBe('enterprise_closed');
    const future = await establish(MINE_A, { establishedAt: '2099-03-01T09:00:00+08:00', postsCovered: 3 });
    expect(future.status).toBe(422);
    expect(future.body.error).toBe('occurred_in_future');
  });

  it('answers 400 for bad statistics parameters', async () => {
    for (const q of ['groupBy=city&year=2025', 'groupBy=district&year=25', 'groupBy=district', 'groupBy=district&year=2025&level=2', 'groupBy=district&year=2025&year=2024', 'groupBy=district&year=2025&minPosition=-1']) {
      const res = await http(url, 'GET', `/api/v1/statistics/standardization?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation');
    }
  });

  it('documents the routes and the figures in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining([
      '/api/v1/enterprises/{uscc}/standardization', '/api/v1/enterprises/{uscc}/responsibility-system', '/api/v1/enterprises/{uscc}/closure',
      '/api/v1/statistics/standardization',
    ]));
    expect(docs.body.paths['/api/v1/statistics/standardization'].get.description).toContain('level2OrAboveRate');
  });
});
