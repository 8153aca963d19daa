/**
 * The core over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): a hazard's whole lifecycle, API.md's conventions (If-Match,
 * Idempotency-Key, validation, domain refusals, minPosition) and the CST year boundary.
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';



const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('hazard lifecycle over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const ENTERPRISE = testUscc('91500101MA60A0001');
  const CRITERION = { value: '' };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    const criteria = await http(url, 'GET', '/api/v1/reference/criteria');
    const fit = criteria.body.items.find((c: { sector: string | null; supersededBy: string | null }) => c.sector === 'hazardous_chemicals' || c.sector === null);
    CRITERION.value = fit.code;
    const reg = await http(url, 'POST', '/api/v1/enterprises', {
      uscc: ENTERPRISE, name: '重庆示例化工有限公司', districtCode: '500101', sector: 'hazardous_chemicals', industryCode: 'C2614',
      registeredAt: '2023-01-05T09:00:00+08:00',
    });
    expect(reg.status).toBe(201);
  });
  afterAll(async () => running?.done());

  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;

  it('answers /health and serves the OpenAPI document', async () => {
    const health = await http(url, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const docs = await http(url, 'GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/hazards', '/api/v1/hazards/{id}/closure', '/api/v1/statistics/hazards']));
  });

  it('drives a major hazard through its whole lifecycle and reads each state back with minPosition', async () => {
    const hazardId = randomUUID();
    const steps: [string, string, unknown, string][] = [
      ['POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'major', criterionCode: CRITERION.value, channel: 'supervisory_inspection', title: '储罐区可燃气体报警失效', description: '储罐区可燃气体检测报警装置未投用', discoveredAt: '2025-03-01T09:30:00+08:00' }, 'reported'],
      ['POST', `/api/v1/hazards/${hazardId}/rectification-plan`, { measures: [{ description: '更换报警装置', deadline: '2025-03-20' }], responsiblePerson: { name: '张三', phone: '023-00000000' }, deadline: '2025-03-31', fundsFen: 1_250_000, emergencyPlan: '泄漏应急处置方案', plannedAt: '2025-03-02T10:00:00+08:00' }, 'planned'],
      ['POST', `/api/v1/hazards/${hazardId}/rectification-completion`, { completedAt: '2025-03-25T16:00:00+08:00', evidence: '验收照片与检测报告' }, 'completed'],
      ['POST', `/api/v1/hazards/${hazardId}/verification`, { verdict: 'passed', verifiedAt: '2025-03-28T10:00:00+08:00' }, 'verified'],
      ['POST', `/api/v1/hazards/${hazardId}/closure`, { closedAt: '2025-03-29T10:00:00+08:00' }, 'closed'],
    ];
    let revision = -1;
    for (const [method, path, body, status] of steps) {
      const res = await http(url, method, path, body);
      expect(res.status).toBe(201);
      revision += 1;
      expect(res.body.streamRevision).toBe(String(revision));
      expect(res.headers.get('etag')).toBe(`"${revision}"`);
      expect(res.body.position).toMatch(/^\d+$/);
      const state = await http(url, 'GET', `/api/v1/hazards/${hazardId}?minPosition=${res.body.position}`);
      expect(state.status).toBe(200);
      expect(state.body.status).toBe(status);
      expect(BigInt(state.body.position)).toBeGreaterThanOrEqual(BigInt(res.body.position));
    }
    const history = await http(url, 'GET', `/api/v1/audit/streams/hazard-${hazardId}`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'HazardReported', 'RectificationPlanned', 'RectificationCompleted', 'RectificationVerified', 'HazardClosed',
    ]);
    // the chain: each event names the previous one's hash
    for (let i = 1; i < history.body.events.length; i++) expect(history.body.events[i].previousHash).toBe(history.body.events[i - 1].hash);
  });

  it('answers a stale If-Match with 409 and the current revision, appending nothing', async () => {
    const hazardId = randomUUID();
    const r = await http(url, 'POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', title: '消防通道堵塞', description: '二楼消防通道堆放杂物', discoveredAt: '2025-05-01T09:00:00+08:00' });
    expect(r.status).toBe(201);
    const stale = await http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, { measure: 'notice_letter', decidedAt: '2025-05-02T09:00:00+08:00' }, { 'If-Match': '"7"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'conflict', currentRevision: '0' });
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
    const fresh = await http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, { measure: 'notice_letter', decidedAt: '2025-05-02T09:00:00+08:00' }, { 'If-Match': '"0"' });
    expect(fresh.status).toBe(201);
    expect(fresh.body.streamRevision).toBe('1');
  });

  it('refuses a bad nested body with 400 naming the nested path, appending nothing', async () => {
    const hazardId = randomUUID();
    await http(url, 'POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', title: '配电箱无防护', description: '配电箱门缺失', discoveredAt: '2025-06-01T09:00:00+08:00' });
    const bad = await http(url, 'POST', `/api/v1/hazards/${hazardId}/rectification-plan`, {
      measures: [{ description: '加装箱门', deadline: '2025-06-10' }, { description: '张贴警示', deadline: '2025-02-30' }],
      responsiblePerson: { name: '李四', extra: 'x' }, deadline: '2025-06-15', fundsFen: '100', plannedAt: '2025-06-02T09:00:00+08:00',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation');
    const paths = bad.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['measures.1.deadline', 'responsiblePerson.extra', 'fundsFen']));
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
  });

  it('refuses closing an unverified hazard with 422', async () => {
    const hazardId = randomUUID();
    await http(url, 'POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', title: '安全出口指示灯损坏', description: '一楼安全出口指示灯不亮', discoveredAt: '2025-07-01T09:00:00+08:00' });
    const close = await http(url, 'POST', `/api/v1/hazards/${hazardId}/closure`, { closedAt: '2025-07-02T09:00:00+08:00' });
    expect(close.status).toBe(422);
    expect(typeof close.body.error).toBe('string');
    expect(close.body.error).not.toBe('validation');
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
  });

  it('answers a retried Idempotency-Key with the first response and appends nothing; another body is 422', async () => {
    const key = randomUUID();
    const hazardId = randomUUID();
    const body = { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'public_report', title: '货物堆放过高', description: '仓库货物堆放超过限高', discoveredAt: '2025-08-01T09:00:00+08:00' };
    const first = await http(url, 'POST', '/api/v1/hazards', body, { 'Idempotency-Key': key });
    const again = await http(url, 'POST', '/api/v1/hazards', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
    const other = await http(url, 'POST', '/api/v1/hazards', { ...body, title: '另一个隐患' }, { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
  });

  it('counts a hazard discovered at 2024-12-31T20:00:00Z in 2025 (China Standard Time)', async () => {
    const district = '500243';
    const e = testUscc('91500243MA60B0002');
    await http(url, 'POST', '/api/v1/enterprises', { uscc: e, name: '彭水某商贸公司', districtCode: district, sector: 'commerce_trade', industryCode: 'F52', registeredAt: '2024-01-01T09:00:00+08:00' });
    const r = await http(url, 'POST', '/api/v1/hazards', { enterpriseUscc: e, grade: 'general', channel: 'self_inspection', title: '灭火器过期', description: '灭火器超过有效期', discoveredAt: '2024-12-31T20:00:00Z' });
    expect(r.status).toBe(201);
    expect(r.body.hazardId).toMatch(/^[0-9a-f-]{36}$/);
    const row = async (year: number) => {
      const s = await http(url, 'GET', `/api/v1/statistics/hazards?groupBy=district&year=${year}&minPosition=${r.body.position}`);
      expect(s.status).toBe(200);
      expect(s.body.rows).toHaveLength(year === 2024 ? 41 : 42);
      return s.body.rows.find((x: { key: string }) => x.key === district);
    };
    expect((await row(2025)).reported).toBe(1);
    expect((await row(2024)).reported).toBe(0);
  });

  it('reads back in China Standard Time with the stream revision as ETag, usable as If-Match', async () => {
    const hazardId = randomUUID();
    const r = await http(url, 'POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', title: '电线私拉乱接', description: '车间临时线路', discoveredAt: '2025-03-01T01:30:00Z' });
    const got = await http(url, 'GET', `/api/v1/hazards/${hazardId}?minPosition=${r.body.position}`);
    expect(got.body.discoveredAt).toBe('2025-03-01T09:30:00.000+08:00'); // 01:30 UTC is 09:30 in Chongqing
    expect(got.headers.get('etag')).toBe('"0"');
    const next = await http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, { measure: 'circular', decidedAt: '2025-03-02T09:00:00+08:00' }, { 'If-Match': got.headers.get('etag')! });
    expect(next.status).toBe(201);
  });

  it('says what is missing, refuses a non-JSON body with 415 and an unknown district filter with 400', async () => {
    const missing = await http(url, 'POST', '/api/v1/hazards', { enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', description: 'x', discoveredAt: '2025-03-01T09:00:00+08:00' });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([{ path: 'title', message: 'title is required' }]);
    const form = await http(url, 'POST', '/api/v1/hazards', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect((await http(url, 'GET', '/api/v1/hazards?districtCode=999999')).status).toBe(400);
  });

  it('gives 404 for an unknown hazard and 400 for a malformed minPosition', async () => {
    expect((await http(url, 'GET', `/api/v1/hazards/${randomUUID()}`)).status).toBe(404);
    expect((await http(url, 'POST', `/api/v1/hazards/${randomUUID()}/closure`, { closedAt: '2025-07-02T09:00:00+08:00' })).status).toBe(404);
    expect((await http(url, 'GET', '/api/v1/hazards?minPosition=abc')).status).toBe(400);
    expect((await http(url, 'POST', '/api/v1/hazards', '{"broken', { 'content-type': 'application/json' })).status).toBe(400);
  });
});
