/**
 * Evacuation drills over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): RecordDrill (`POST /api/v1/drills`) with its refusals, and the drill
 * figures (`GET /api/v1/statistics/drills`) against figures computed by hand — plan 三(四)7: every
 * enterprise at least one drill a year, high-risk sectors at least one each half-year.
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('evacuation drills over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const DISTRICT = '500104';
  const EMPTY_DISTRICT = '500105';
  // HIGH_ONCE ★ one drill in 2025 (06-30 23:30 CST, first half)             → misses 2025
  // GENERAL      one drill at 2024-12-31T20:00:00Z = 2025-01-01 04:00 CST  → meets 2025, nothing in 2024
  // HIGH_TWICE ★ drills 2025-06-30T23:30+08:00 (H1) and 2025-10-01 (H2)     → meets 2025
  const HIGH_ONCE = testUscc('91500104MA60D0001');
  const GENERAL = testUscc('91500104MA60D0002');
  const HIGH_TWICE = testUscc('91500104MA60D0003');

  const register = (uscc: string, sector: string, registeredAt: string) =>
    http(url, 'POST', '/api/v1/enterprises', { uscc, name: `大渡口区测试企业 ${uscc.slice(-4)}`, districtCode: DISTRICT, sector, industryCode: 'C', registeredAt });
  const drill = (enterpriseUscc: string, heldAt: string, participants: number, headers: Record<string, string> = {}) =>
    http(url, 'POST', '/api/v1/drills', { enterpriseUscc, kind: 'evacuation', heldAt, participants }, headers);
  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    expect((await register(HIGH_ONCE, 'hazardous_chemicals', '2023-01-05T09:00:00+08:00')).status).toBe(201);
    expect((await register(GENERAL, 'commerce_trade', '2024-06-01T09:00:00+08:00')).status).toBe(201);
    expect((await register(HIGH_TWICE, 'construction', '2023-01-05T09:00:00+08:00')).status).toBe(201);
  });
  afterAll(async () => running?.done());

  let lastPosition = '0';

  it('records drills with 201 { streamId, streamRevision, position, drillId }, on the stream of the CST year', async () => {
    const first = await drill(GENERAL, '2024-12-31T20:00:00Z', 40);
    expect(first.status).toBe(201);
    // 2024-12-31T20:00Z is 2025-01-01 in China Standard Time: the 2025 stream.
    expect(first.body).toEqual({ streamId: `drill-${GENERAL}-2025`, streamRevision: '0', position: expect.stringMatching(/^\d+$/), drillId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(first.headers.get('etag')).toBe('"0"');
    for (const [uscc, heldAt, n] of [
      [HIGH_ONCE, '2025-06-30T23:30:00+08:00', 120],
      [HIGH_TWICE, '2025-06-30T23:30:00+08:00', 60],
      [HIGH_TWICE, '2025-10-01T10:00:00+08:00', 70],
    ] as const) {
      const res = await drill(uscc, heldAt, n);
      expect(res.status).toBe(201);
      lastPosition = res.body.position;
    }
    const history = await http(url, 'GET', `/api/v1/audit/streams/drill-${HIGH_TWICE}-2025`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['DrillHeld', 'DrillHeld']);
    expect(history.body.events[0].data).toMatchObject({ enterpriseUscc: HIGH_TWICE, districtCode: DISTRICT, sector: 'construction', highRisk: true, kind: 'evacuation', participants: 60 });
  });

  it('computes the 2025 figures by hand: one drill meets for a general enterprise, not for a high-risk one', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/drills?groupBy=district&year=2025&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'district', year: 2025, position: expect.stringMatching(/^\d+$/) });
    expect(res.body.rows).toHaveLength(42);
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // enterprises 3; meeting GENERAL and HIGH_TWICE = 2 (HIGH_ONCE has the 06-30 23:30 CST drill in H1, none in H2);
    // drills 1 + 1 + 2 = 4; participants 40 + 120 + 60 + 70 = 290
    expect(row(DISTRICT)).toEqual({ key: DISTRICT, name: '大渡口区', enterprises: 3, enterprisesMeetingFrequency: 2, complianceRate: 2 / 3, drills: 4, participants: 290 });
    // no enterprise: rate null
    expect(row(EMPTY_DISTRICT)).toMatchObject({ enterprises: 0, enterprisesMeetingFrequency: 0, complianceRate: null, drills: 0, participants: 0 });
  });

  it('counts the drill at 2024-12-31T20:00:00Z in 2025, not in 2024', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/drills?groupBy=district&year=2024&minPosition=${lastPosition}`);
    // 2024: the three enterprises were registered by 2024-12-31; none drilled in 2024
    expect(res.body.rows.find((r: { key: string }) => r.key === DISTRICT)).toMatchObject({
      enterprises: 3, enterprisesMeetingFrequency: 0, complianceRate: 0, drills: 0, participants: 0,
    });
  });

  it('groups by sector, every sector a row', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/drills?groupBy=sector&year=2025&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    const sectors = await http(url, 'GET', '/api/v1/reference/sectors');
    expect(res.body.rows).toHaveLength(sectors.body.items.length);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    expect(row('hazardous_chemicals')).toMatchObject({ enterprises: 1, enterprisesMeetingFrequency: 0, complianceRate: 0, drills: 1, participants: 120 });
    expect(row('commerce_trade')).toMatchObject({ enterprises: 1, enterprisesMeetingFrequency: 1, complianceRate: 1, drills: 1, participants: 40 });
    expect(row('construction')).toMatchObject({ enterprises: 1, enterprisesMeetingFrequency: 1, complianceRate: 1, drills: 2, participants: 130 });
    expect(row('coal_mine')).toMatchObject({ enterprises: 0, complianceRate: null });
  });

  it('answers a retried Idempotency-Key with the first response (same drillId), appending nothing', async () => {
    const key = randomUUID();
    const first = await drill(HIGH_ONCE, '2024-03-01T10:00:00+08:00', 15, { 'Idempotency-Key': key });
    const again = await drill(HIGH_ONCE, '2024-03-01T10:00:00+08:00', 15, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(`drill-${HIGH_ONCE}-2024`)).toBe(1);
  });

  it.each([
    ['participants 0', { participants: 0 }, 'participants'],
    ['participants as a string', { participants: '12' }, 'participants'],
    ['another kind', { kind: 'fire' }, 'kind'],
    ['a time without offset', { heldAt: '2025-03-01T09:00:00' }, 'heldAt'],
    ['a year before 1950', { heldAt: '1949-06-01T09:00:00+08:00' }, 'heldAt'],
    ['an unknown field', { drillLeader: '张三' }, 'drillLeader'],
    ['a malformed USCC', { enterpriseUscc: 'x' }, 'enterpriseUscc'],
  ])('answers 400 for %s, appending nothing', async (_what, change, path) => {
    const body = { enterpriseUscc: HIGH_TWICE, kind: 'evacuation', heldAt: '2025-03-01T09:00:00+08:00', participants: 10, ...change };
    const res = await http(url, 'POST', '/api/v1/drills', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await eventsOf(`drill-${HIGH_TWICE}-2025`)).toBe(2);
  });

  it('answers 422 for an unregistered enterprise and a drill in the future', async () => {
    const unknown = testUscc('91500104MA60D0099');
    const notFound = await drill(unknown, '2025-03-01T09:00:00+08:00', 10);
    expect(notFound.status).toBe(422);
    expect(notFound.body.error).toBe('enterprise_not_found');
    const future = await drill(HIGH_TWICE, '2099-03-01T09:00:00+08:00', 10);
    expect(future.status).toBe(422);
    expect(future.body.error).toBe('occurred_in_future');
    expect(await eventsOf(`drill-${unknown}-2025`)).toBe(0);
    expect(await eventsOf(`drill-${HIGH_TWICE}-2099`)).toBe(0);
  });

  it('answers 400 for bad statistics parameters', async () => {
    for (const q of ['groupBy=city&year=2025', 'groupBy=district&year=25', 'groupBy=district', 'groupBy=district&year=2025&grade=major', 'groupBy=district&year=2025&year=2024', 'groupBy=district&year=2025&minPosition=-1']) {
      const res = await http(url, 'GET', `/api/v1/statistics/drills?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation');
    }
  });

  it('documents the routes and the figures in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/drills', '/api/v1/statistics/drills']));
    expect(docs.body.paths['/api/v1/statistics/drills'].get.description).toContain('enterprisesMeetingFrequency');
  });
});
