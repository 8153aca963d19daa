/**
 * Supervisory inspections and enforcement actions over real HTTP against the real app (embedded
 * PGlite; PostgreSQL too when TEST_DATABASE_URL is set): RecordSupervisoryInspection
 * (`POST /api/v1/supervisory-inspections`), RecordEnforcementAction (`POST /api/v1/enforcement-actions`)
 * with their refusals, and the enforcement figures (`GET /api/v1/statistics/enforcement`) against
 * figures computed by hand — inspections by method, actions by kind, amounts in fen, and the plan's
 * "零处罚" districts (三(五)12).
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

const zeroMethods = { four_no_two_direct: 0, double_random: 0, cross_regional: 0, special_supervision: 0, routine: 0 };
const zeroLevels = { city_on_district: 0, district_on_sector: 0 };
const zeroKinds = { fine: 0, suspension_for_rectification: 0, closure: 0, upper_limit_penalty: 0, joint_punishment: 0, warning: 0 };

describe.each(modes)('supervisory inspections and enforcement over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  // 沙坪坝区: CHEM (hazardous_chemicals), SHOP (commerce_trade); 九龙坡区: SITE (construction); 南岸区: nothing.
  const SHAPINGBA = '500106';
  const JIULONGPO = '500107';
  const NANAN = '500108';
  const CHEM = testUscc('91500106MA60E0001');
  const SHOP = testUscc('91500106MA60E0002');
  const SITE = testUscc('91500107MA60E0003');
  const hazardId = randomUUID();
  let inspectionId = '';
  let lastPosition = '0';

  const register = (uscc: string, districtCode: string, sector: string) =>
    http(url, 'POST', '/api/v1/enterprises', { uscc, name: `测试企业 ${uscc.slice(-4)}`, districtCode, sector, industryCode: 'C', registeredAt: '2023-01-05T09:00:00+08:00' });
  const inspect = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    http(url, 'POST', '/api/v1/supervisory-inspections', { hazardsFound: [], findings: '现场检查', ...body }, headers);
  const act = (body: Record<string, unknown>) =>
    http(url, 'POST', '/api/v1/enforcement-actions', { documentNumber: '渝应急罚〔2025〕1号', ...body });
  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;
  const figures = (groupBy: string, year: number) => http(url, 'GET', `/api/v1/statistics/enforcement?groupBy=${groupBy}&year=${year}&minPosition=${lastPosition}`);

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    expect((await register(CHEM, SHAPINGBA, 'hazardous_chemicals')).status).toBe(201);
    expect((await register(SHOP, SHAPINGBA, 'commerce_trade')).status).toBe(201);
    expect((await register(SITE, JIULONGPO, 'construction')).status).toBe(201);
    const hazard = await http(url, 'POST', '/api/v1/hazards', {
      hazardId, enterpriseUscc: CHEM, grade: 'general', channel: 'supervisory_inspection', title: '安全出口堵塞', description: '二楼安全出口堆放杂物', discoveredAt: '2025-03-01T10:00:00+08:00',
    });
    expect(hazard.status).toBe(201);
  });
  afterAll(async () => running?.done());

  it('records inspections with 201 { streamId, streamRevision, position, inspectionId }, on the district’s stream of the CST year', async () => {
    const first = await inspect({ districtCode: SHAPINGBA, enterpriseUscc: CHEM, method: 'four_no_two_direct', inspectedAt: '2025-03-01T10:00:00+08:00', hazardsFound: [hazardId] });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ streamId: `supervision-${SHAPINGBA}-2025`, streamRevision: '0', position: expect.stringMatching(/^\d+$/), inspectionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    inspectionId = first.body.inspectionId;
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: the 2025 stream.
    const special = await inspect({ districtCode: SHAPINGBA, sector: 'construction', method: 'special_supervision', specialSupervisionLevel: 'city_on_district', inspectedAt: '2024-12-31T20:00:00Z' });
    expect(special.status).toBe(201);
    expect(special.body.streamId).toBe(`supervision-${SHAPINGBA}-2025`);
    const other = await inspect({ districtCode: JIULONGPO, enterpriseUscc: SITE, method: 'double_random', inspectedAt: '2025-05-01T09:00:00+08:00' });
    expect(other.status).toBe(201);
    const history = await http(url, 'GET', `/api/v1/audit/streams/supervision-${SHAPINGBA}-2025`);
    expect(history.body.events[0].data).toMatchObject({ inspectionId, districtCode: SHAPINGBA, enterpriseUscc: CHEM, sector: 'hazardous_chemicals', method: 'four_no_two_direct', specialSupervisionLevel: null, hazardsFound: [hazardId] });
    expect(history.body.events[1].data).toMatchObject({ enterpriseUscc: null, sector: 'construction', specialSupervisionLevel: 'city_on_district' });
  });

  it('records actions with 201 { …, actionId }: a 1-fen fine after the inspection, a 2-fen upper-limit penalty, a 停产整顿', async () => {
    const fine = await act({ districtCode: SHAPINGBA, enterpriseUscc: CHEM, kind: 'fine', amountFen: 1, decidedAt: '2025-03-10T10:00:00+08:00', inspectionId });
    expect(fine.status).toBe(201);
    expect(fine.body).toEqual({ streamId: `supervision-${SHAPINGBA}-2025`, streamRevision: '2', position: expect.stringMatching(/^\d+$/), actionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await act({ districtCode: SHAPINGBA, enterpriseUscc: SHOP, kind: 'upper_limit_penalty', amountFen: 2, decidedAt: '2025-04-01T10:00:00+08:00' })).status).toBe(201);
    const suspension = await act({ districtCode: JIULONGPO, enterpriseUscc: SITE, kind: 'suspension_for_rectification', amountFen: 0, decidedAt: '2025-05-02T10:00:00+08:00' });
    expect(suspension.status).toBe(201);
    lastPosition = suspension.body.position;
  });

  it('computes the 2025 figures by district by hand: 1 + 2 = 3 fen exactly, 九龙坡区 flagged 零处罚, 南岸区 (no inspection) not', async () => {
    const res = await figures('district', 2025);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'district', year: 2025, position: expect.stringMatching(/^\d+$/) });
    expect(res.body.rows).toHaveLength(42);
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // 沙坪坝区: 四不两直 (03-01) + 专项督查 city_on_district (2024-12-31T20:00Z = 2025-01-01 CST) = 2; fine 1 fen + upper 2 fen
    expect(row(SHAPINGBA)).toEqual({
      key: SHAPINGBA, name: '沙坪坝区', inspections: 2, inspectionsByMethod: { ...zeroMethods, four_no_two_direct: 1, special_supervision: 1 },
      specialSupervisions: { ...zeroLevels, city_on_district: 1 }, actions: 2, actionsByKind: { ...zeroKinds, fine: 1, upper_limit_penalty: 1 },
      penaltyAmountFen: 3, zeroPenalty: false,
    });
    // 九龙坡区: one 双随机 inspection, one 停产整顿 and no fine: 零处罚
    expect(row(JIULONGPO)).toEqual({
      key: JIULONGPO, name: '九龙坡区', inspections: 1, inspectionsByMethod: { ...zeroMethods, double_random: 1 }, specialSupervisions: zeroLevels,
      actions: 1, actionsByKind: { ...zeroKinds, suspension_for_rectification: 1 }, penaltyAmountFen: 0, zeroPenalty: true,
    });
    expect(row(NANAN)).toEqual({ key: NANAN, name: '南岸区', inspections: 0, inspectionsByMethod: zeroMethods, specialSupervisions: zeroLevels, actions: 0, actionsByKind: zeroKinds, penaltyAmountFen: 0, zeroPenalty: false });
  });

  it('counts the inspection at 2024-12-31T20:00:00Z in 2025, not in 2024', async () => {
    const res = await figures('district', 2024);
    expect(res.body.rows.find((r: { key: string }) => r.key === SHAPINGBA)).toMatchObject({ inspections: 0, actions: 0, penaltyAmountFen: 0, zeroPenalty: false });
  });

  it('groups by sector, every sector a row, zeroPenalty null', async () => {
    const res = await figures('sector', 2025);
    expect(res.status).toBe(200);
    const sectors = await http(url, 'GET', '/api/v1/reference/sectors');
    expect(res.body.rows).toHaveLength(sectors.body.items.length);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // CHEM: 四不两直, fine 1 fen; SHOP: upper 2 fen; construction: 专项督查 of 沙坪坝区 + SITE 双随机, 停产整顿
    expect(row('hazardous_chemicals')).toMatchObject({ inspections: 1, actions: 1, actionsByKind: { ...zeroKinds, fine: 1 }, penaltyAmountFen: 1, zeroPenalty: null });
    expect(row('commerce_trade')).toMatchObject({ inspections: 0, actions: 1, penaltyAmountFen: 2, zeroPenalty: null });
    expect(row('construction')).toMatchObject({
      inspections: 2, inspectionsByMethod: { ...zeroMethods, special_supervision: 1, double_random: 1 }, specialSupervisions: { ...zeroLevels, city_on_district: 1 },
      actions: 1, penaltyAmountFen: 0, zeroPenalty: null,
    });
    expect(row('coal_mine')).toMatchObject({ inspections: 0, actions: 0, zeroPenalty: null });
  });

  it.each([
    ['a negative amount', '/api/v1/enforcement-actions', { amountFen: -1 }, 'amountFen'],
    ['a fractional amount', '/api/v1/enforcement-actions', { amountFen: 1.5 }, 'amountFen'],
    ['an amount as a string', '/api/v1/enforcement-actions', { amountFen: '100' }, 'amountFen'],
    ['another kind', '/api/v1/enforcement-actions', { kind: 'scolding' }, 'kind'],
    ['a time without offset', '/api/v1/enforcement-actions', { decidedAt: '2025-03-01T09:00:00' }, 'decidedAt'],
    ['an unknown field', '/api/v1/enforcement-actions', { officer: '张三' }, 'officer'],
    ['another method', '/api/v1/supervisory-inspections', { method: 'casual' }, 'method'],
    ['a hazard id that is not a UUID', '/api/v1/supervisory-inspections', { hazardsFound: ['h-1'] }, 'hazardsFound'],
    ['a malformed district code', '/api/v1/supervisory-inspections', { districtCode: '50/0106' }, 'districtCode'],
  ])('answers 400 for %s, appending nothing', async (_what, path, change, field) => {
    const base =
      path === '/api/v1/enforcement-actions'
        ? { districtCode: NANAN, enterpriseUscc: CHEM, kind: 'fine', amountFen: 100, decidedAt: '2025-03-01T09:00:00+08:00', documentNumber: '文号' }
        : { districtCode: NANAN, sector: 'construction', method: 'routine', inspectedAt: '2025-03-01T09:00:00+08:00', hazardsFound: [], findings: '检查' };
    const res = await http(url, 'POST', path, { ...base, ...change });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path.split('.')[0])).toContain(field);
    expect(await eventsOf(`supervision-${NANAN}-2025`)).toBe(0);
  });

  it.each([
    ['a fine of 0 fen', '/api/v1/enforcement-actions', { districtCode: SHAPINGBA, enterpriseUscc: CHEM, kind: 'fine', amountFen: 0, decidedAt: '2025-06-01T09:00:00+08:00' }, 'invalid_amount'],
    ['a warning with an amount', '/api/v1/enforcement-actions', { districtCode: SHAPINGBA, enterpriseUscc: CHEM, kind: 'warning', amountFen: 5, decidedAt: '2025-06-01T09:00:00+08:00' }, 'invalid_amount'],
    ['an unregistered enterprise', '/api/v1/enforcement-actions', { districtCode: SHAPINGBA, enterpriseUscc: testUscc('91500106MA60E0099'), kind: 'warning', amountFen: 0, decidedAt: '2025-06-01T09:00:00+08:00' }, 'enterprise_not_found'],
    ['an enterprise of another district', '/api/v1/enforcement-actions', { districtCode: JIULONGPO, enterpriseUscc: CHEM, kind: 'warning', amountFen: 0, decidedAt: '2025-06-01T09:00:00+08:00' }, 'enterprise_outside_district'],
    ['an inspection not recorded', '/api/v1/enforcement-actions', { districtCode: SHAPINGBA, enterpriseUscc: CHEM, kind: 'warning', amountFen: 0, decidedAt: '2025-06-01T09:00:00+08:00', inspectionId: randomUUID() }, 'inspection_not_found'],
    ['an unknown district', '/api/v1/supervisory-inspections', { districtCode: 'XX-1', sector: 'construction', method: 'routine', inspectedAt: '2025-06-01T09:00:00+08:00' }, 'unknown_district'],
    ['an unknown sector', '/api/v1/supervisory-inspections', { districtCode: SHAPINGBA, sector: 'mars', method: 'routine', inspectedAt: '2025-06-01T09:00:00+08:00' }, 'unknown_sector'],
    ['a hazard not reported', '/api/v1/supervisory-inspections', { districtCode: SHAPINGBA, enterpriseUscc: CHEM, method: 'routine', inspectedAt: '2025-06-01T09:00:00+08:00', hazardsFound: [randomUUID()] }, 'unknown_hazard', 422],
    ['a special supervision without level', '/api/v1/supervisory-inspections', { districtCode: SHAPINGBA, enterpriseUscc: CHEM, method: 'special_supervision', inspectedAt: '2025-06-01T09:00:00+08:00' }, 'invalid_special_supervision_level'],
    ['an inspection in the future', '/api/v1/supervisory-inspections', { districtCode: SHAPINGBA, enterpriseUscc: CHEM, method: 'routine', inspectedAt: '2099-06-01T09:00:00+08:00' }, 'occurred_in_future'],
  ] as [string, string, Record<string, unknown>, string, number?][])('answers 422 (404 for an unknown hazard id) for %s, appending nothing', async (_what, path, body, code, status = 422) => {
    const before = await eventsOf(`supervision-${SHAPINGBA}-2025`);
    const res = path === '/api/v1/enforcement-actions' ? await act(body) : await inspect(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
    expect(await eventsOf(`supervision-${SHAPINGBA}-2025`)).toBe(before);
  });

  it('answers a retried Idempotency-Key with the first response (same inspectionId), appending nothing', async () => {
    const key = randomUUID();
    const body = { districtCode: NANAN, sector: 'construction', method: 'routine', inspectedAt: '2024-03-01T10:00:00+08:00' };
    const first = await inspect(body, { 'Idempotency-Key': key });
    const again = await inspect(body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(`supervision-${NANAN}-2024`)).toBe(1);
  });

  it('answers 400 for bad statistics parameters', async () => {
    for (const q of ['groupBy=city&year=2025', 'groupBy=district&year=25', 'groupBy=district', 'groupBy=district&year=2025&kind=fine', 'groupBy=district&year=2025&year=2024', 'groupBy=district&year=2025&minPosition=-1']) {
      const res = await http(url, 'GET', `/api/v1/statistics/enforcement?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation');
    }
  });

  it('documents the routes and the figures in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/supervisory-inspections', '/api/v1/enforcement-actions', '/api/v1/statistics/enforcement']));
    expect(docs.body.paths['/api/v1/statistics/enforcement'].get.description).toContain('zeroPenalty');
  });
});
