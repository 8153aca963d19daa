/**
 * The audit API over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): a hand-built case — an enterprise, its hazard through closure, a
 * self-inspection and a supervisory inspection naming it, a second enterprise and a lecture in another
 * district — and the lists, states and district changes an auditor reads of it, each against the
 * event lists and states written out by hand. A correlation id sent as X-Correlation-Id comes back on
 * every event of its request; a hazard's state as of a position or time before its closure is
 * `verified`, at the closure `closed`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signToken } from '#auth';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const SECRET = randomBytes(32).toString('base64');
const modes = appBackends({ authJwtSecret: SECRET }, 'zhiben_e2e');

describe.each(modes)('audit histories, as-of states and district changes over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const A = '500106'; // 沙坪坝区
  const B = '500107'; // 九龙坡区
  const CHEM = testUscc('91500106MA60U0001');
  const OTHER = testUscc('91500107MA60U0002');
  const hazardId = randomUUID();
  const run = randomUUID().slice(0, 8);
  const corr = (step: string) => `audit-${run}-${step}`;
  /** What each command answered, by step. */
  const answered: Record<string, { position: string; streamId: string; streamRevision: string }> = {};
  const ADMIN = `audit-test-admin-${run}`;
  let adminToken = '';
  let auditorToken = '';
  const send = async (step: string, path: string, body: Record<string, unknown>) => {
    const res = await http(url, 'POST', path, body, { 'X-Correlation-Id': corr(step), authorization: `Bearer ${adminToken}` });
    expect({ step, status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ step, status: 201, body: null });
    answered[step] = res.body;
    return res.body;
  };
  const get = (path: string) => http(url, 'GET', path, undefined, { authorization: `Bearer ${auditorToken}` });

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    const key = Buffer.from(SECRET, 'base64');
    adminToken = await signToken(key, { role: 'city_admin', subject: ADMIN, organisation: '重庆市应急管理局' });
    auditorToken = await signToken(key, { role: 'auditor', subject: `audit-test-auditor-${run}`, organisation: '市审计组' });
    await send('register', '/api/v1/enterprises', { uscc: CHEM, name: '沙坪坝测试化工', districtCode: A, sector: 'hazardous_chemicals', industryCode: 'C2614', registeredAt: '2023-01-05T09:00:00+08:00' });
    await send('register-other', '/api/v1/enterprises', { uscc: OTHER, name: '九龙坡测试企业', districtCode: B, sector: 'commerce_trade', industryCode: 'F52', registeredAt: '2023-01-05T09:00:00+08:00' });
    await send('report', '/api/v1/hazards', { hazardId, enterpriseUscc: CHEM, grade: 'general', channel: 'self_inspection', title: '消防通道堵塞', description: '二楼消防通道堆放杂物', discoveredAt: '2025-03-01T09:00:00+08:00' });
    await send('self-inspection', '/api/v1/self-inspections', { enterpriseUscc: CHEM, level: 'team_daily', inspectedAt: '2025-03-01T10:00:00+08:00', hazardIds: [hazardId], findings: '检查生产现场' });
    await send('supervision', '/api/v1/supervisory-inspections', { districtCode: A, enterpriseUscc: CHEM, method: 'four_no_two_direct', inspectedAt: '2025-03-02T10:00:00+08:00', hazardsFound: [hazardId], findings: '现场检查' });
    await send('plan', `/api/v1/hazards/${hazardId}/rectification-plan`, { measures: [{ description: '清理杂物', deadline: '2025-03-20' }], responsiblePerson: { name: '张三', phone: null }, deadline: '2025-03-31', fundsFen: 10_000, emergencyPlan: null, plannedAt: '2025-03-03T10:00:00+08:00' });
    await send('escalate', `/api/v1/hazards/${hazardId}/escalations`, { measure: 'notice_letter', decidedAt: '2025-03-04T09:00:00+08:00' });
    await send('complete', `/api/v1/hazards/${hazardId}/rectification-completion`, { completedAt: '2025-03-25T16:00:00+08:00', evidence: '验收照片' });
    await send('verify', `/api/v1/hazards/${hazardId}/verification`, { verdict: 'passed', verifiedAt: '2025-03-28T10:00:00+08:00' });
    await send('close', `/api/v1/hazards/${hazardId}/closure`, { closedAt: '2025-03-29T10:00:00+08:00' });
    await send('lecture-b', '/api/v1/lectures', { districtCode: B, topic: '安全讲座', audienceSize: 50, heldAt: '2025-04-01T09:00:00+08:00' });
  }, 120_000);
  afterAll(async () => running?.done());

  it('gives back the X-Correlation-Id on the events of its request, with actor, causation and occurredAt', async () => {
    const res = await get(`/api/v1/audit/correlations/${corr('plan')}/events`);
    expect(res.status).toBe(200);
    expect(res.body.nextAfter).toBeNull();
    expect(res.body.events).toHaveLength(1);
    const [e] = res.body.events;
    expect(e).toMatchObject({
      streamId: `hazard-${hazardId}`, type: 'RectificationPlanned', revision: '1', position: answered['plan']!.position,
      correlationId: corr('plan'), occurredAt: '2025-03-03T10:00:00+08:00',
      actor: { subject: ADMIN, role: 'city_admin', districtCode: null, enterpriseUscc: null, organisation: expect.any(String) },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/), recordedAt: expect.stringMatching(/\+08:00$/),
    });
    // the causation is the command's id: not the correlation, not an event
    expect(e.causationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.causationId).not.toBe(e.eventId);
    // an unknown correlation is an empty list, not an error
    expect((await get(`/api/v1/audit/correlations/no-such-${run}/events`)).body).toEqual({ correlationId: `no-such-${run}`, events: [], nextAfter: null });
  });

  it("lists the hazard's case across streams in global order: enterprise, hazard, both inspections", async () => {
    const res = await get(`/api/v1/audit/cases/hazard/${hazardId}`);
    expect(res.status).toBe(200);
    expect(res.body.enterpriseUscc).toBe(CHEM);
    const expected = [
      ['register', `enterprise-${CHEM}`, 'EnterpriseRegistered'],
      ['report', `hazard-${hazardId}`, 'HazardReported'],
      ['self-inspection', `inspection-${CHEM}-2025`, 'SelfInspectionRecorded'],
      ['supervision', `supervision-${A}-2025`, 'SupervisoryInspectionRecorded'],
      ['plan', `hazard-${hazardId}`, 'RectificationPlanned'],
      ['escalate', `hazard-${hazardId}`, 'HazardEscalated'],
      ['complete', `hazard-${hazardId}`, 'RectificationCompleted'],
      ['verify', `hazard-${hazardId}`, 'RectificationVerified'],
      ['close', `hazard-${hazardId}`, 'HazardClosed'],
    ];
    expect(res.body.events.map((e: any) => [e.correlationId, e.streamId, e.type, e.position])).toEqual(
      expected.map(([step, stream, type]) => [corr(step!), stream, type, answered[step!]!.position]),
    );
    // paging by position: two pages of 5 and 4 give the same list
    const first = await get(`/api/v1/audit/cases/hazard/${hazardId}?limit=5`);
    expect(first.body.events).toHaveLength(5);
    expect(first.body.nextAfter).toBe(answered['plan']!.position);
    const second = await get(`/api/v1/audit/cases/hazard/${hazardId}?limit=5&after=${first.body.nextAfter}`);
    expect([...first.body.events, ...second.body.events].map((e: any) => e.eventId)).toEqual(res.body.events.map((e: any) => e.eventId));
    expect(second.body.nextAfter).toBeNull();
    expect((await get(`/api/v1/audit/cases/hazard/${randomUUID()}`)).status).toBe(404);
    expect((await get('/api/v1/audit/cases/hazard/not-a-uuid')).status).toBe(404);
    expect((await get(`/api/v1/audit/cases/hazard/${hazardId}?limit=1001`)).body).toMatchObject({ error: 'validation', details: [{ path: 'query.limit' }] });
  });

  it('folds the hazard state as of a position or time: verified before the closure, closed at it', async () => {
    const closeAt = BigInt(answered['close']!.position);
    const before = await get(`/api/v1/audit/hazards/${hazardId}/state?asOf=${closeAt - 1n}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ hazardId, state: { status: 'verified', hazardId, enterpriseUscc: CHEM, districtCode: A, plan: { deadline: '2025-03-31', fundsFen: 10_000 } }, revision: '4', position: answered['verify']!.position });
    const at = await get(`/api/v1/audit/hazards/${hazardId}/state?asOf=${closeAt}`);
    expect(at.body).toMatchObject({ state: { status: 'closed', closedAt: '2025-03-29T10:00:00+08:00' }, revision: '5', position: closeAt.toString() });
    // by time: what the store had recorded by then
    const closure = (await get(`/api/v1/audit/correlations/${corr('close')}/events`)).body.events[0];
    const closedMs = Date.parse(closure.recordedAt);
    const justBefore = new Date(closedMs - 1).toISOString();
    expect((await get(`/api/v1/audit/hazards/${hazardId}/state?asOf=${justBefore}`)).body.state.status).toBe('verified');
    expect((await get(`/api/v1/audit/hazards/${hazardId}/state?asOf=${encodeURIComponent(closure.recordedAt)}`)).body.state.status).toBe('closed');
    // before the hazard was reported: the domain's initial state, nothing reflected
    const earlier = await get(`/api/v1/audit/hazards/${hazardId}/state?asOf=${answered['register']!.position}`);
    expect(earlier.body).toMatchObject({ state: { status: 'none' }, revision: null, position: null });
    expect((await get(`/api/v1/audit/hazards/${hazardId}/state`)).body.state.status).toBe('closed');
    expect((await get(`/api/v1/audit/hazards/${randomUUID()}/state`)).status).toBe(404);
    expect((await get(`/api/v1/audit/hazards/${hazardId}/state?asOf=yesterday`)).body).toMatchObject({ error: 'validation', details: [{ path: 'query.asOf' }] });
  });

  it("folds the enterprise's state as of a position", async () => {
    const res = await get(`/api/v1/audit/enterprises/${CHEM}/state?asOf=${answered['register']!.position}`);
    expect(res.body).toMatchObject({ uscc: CHEM, state: { status: 'open', uscc: CHEM, districtCode: A, sector: 'hazardous_chemicals', standardization: null }, revision: '0' });
    expect((await get(`/api/v1/audit/enterprises/${testUscc('91500106MA60U0099')}/state`)).status).toBe(404);
  });

  it("lists a district's changes between two instants, grouped by the statistics topic they feed", async () => {
    const res = await get(`/api/v1/audit/districts/${A}/changes?from=2000-01-01&to=2100-12-31`);
    expect(res.status).toBe(200);
    const byTopic = Object.fromEntries(res.body.topics.map((t: any) => [t.topic, t.events.map((e: any) => e.type)]));
    // Written out from the projections' definitions: registration feeds drills, inspections, standardization,
    // training; the hazard figures read reports, plans, escalations and closures; completion and verification
    // feed no figure; the self-inspection feeds inspections, the supervisory one enforcement.
    expect(byTopic).toEqual({
      drills: ['EnterpriseRegistered'],
      enforcement: ['SupervisoryInspectionRecorded'],
      hazards: ['HazardReported', 'RectificationPlanned', 'HazardEscalated', 'HazardClosed'],
      inspections: ['EnterpriseRegistered', 'SelfInspectionRecorded'],
      none: ['RectificationCompleted', 'RectificationVerified'],
      standardization: ['EnterpriseRegistered'],
      training: ['EnterpriseRegistered'],
    });
    expect(res.body.events).toBe(9);
    expect(res.body.topics.find((t: any) => t.topic === 'hazards').route).toBe('/api/v1/statistics/hazards');
    // district B: its enterprise and its lecture only
    const b = await get(`/api/v1/audit/districts/${B}/changes?from=2000-01-01&to=2100-12-31`);
    expect(b.body.topics.map((t: any) => [t.topic, t.events.map((e: any) => e.correlationId)])).toEqual([
      ['drills', [corr('register-other')]], ['inspections', [corr('register-other')]], ['publicity', [corr('lecture-b')]],
      ['standardization', [corr('register-other')]], ['training', [corr('register-other')]],
    ]);
    // a window that closes just before the closure was recorded leaves it out; one that opens at it keeps only it and later
    const closure = (await get(`/api/v1/audit/correlations/${corr('close')}/events`)).body.events[0];
    const upTo = await get(`/api/v1/audit/districts/${A}/changes?from=2000-01-01&to=${encodeURIComponent(closure.recordedAt)}`);
    expect(upTo.body.events).toBe(8);
    const from = await get(`/api/v1/audit/districts/${A}/changes?from=${encodeURIComponent(closure.recordedAt)}&to=2100-01-01`);
    expect(from.body.topics).toEqual([{ topic: 'hazards', route: '/api/v1/statistics/hazards', events: [expect.objectContaining({ type: 'HazardClosed' })] }]);
    expect((await get(`/api/v1/audit/districts/${A}/changes?from=2000-01-01`)).body).toMatchObject({ error: 'validation', details: [{ path: 'query.to' }] });
    expect((await get(`/api/v1/audit/districts/${A}/changes?from=2025-02-01&to=2025-01-01`)).status).toBe(400);
    expect((await get('/api/v1/audit/districts/999999/changes?from=2000-01-01&to=2100-01-01')).status).toBe(404);
  });

  it("lists what one subject did in a period, in pages, and nothing outside it", async () => {
    const all = await get(`/api/v1/audit/subjects/${ADMIN}/events?from=2000-01-01&to=2100-01-01&limit=1000`);
    expect(all.status).toBe(200);
    expect(all.body.events.map((e: any) => e.position)).toEqual(Object.values(answered).map((a) => a.position).sort((x, y) => Number(BigInt(x) - BigInt(y))));
    expect(all.body.events.every((e: any) => e.actor.subject === ADMIN)).toBe(true);
    const page = await get(`/api/v1/audit/subjects/${ADMIN}/events?limit=3`);
    expect(page.body.events).toHaveLength(3);
    expect(page.body.nextAfter).toBe(all.body.events[2].position);
    expect((await get(`/api/v1/audit/subjects/${ADMIN}/events?to=2000-01-01`)).body.events).toEqual([]);
    expect((await get(`/api/v1/audit/subjects/someone-else/events`)).body.events).toEqual([]);
    // auditors' routes are for auditors and city administrators only
    const analyst = await signToken(Buffer.from(SECRET, 'base64'), { role: 'analyst', subject: 'an-analyst' });
    expect((await http(url, 'GET', `/api/v1/audit/subjects/${ADMIN}/events`, undefined, { authorization: `Bearer ${analyst}` })).status).toBe(403);
    expect((await get(`/api/v1/audit/subjects/${ADMIN}/events?from=2025-13-01`)).status).toBe(400);
  });

  it('pages a stream by revision', async () => {
    const res = await get(`/api/v1/audit/streams/hazard-${hazardId}?fromRevision=2&limit=2`);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: any) => [e.revision, e.type])).toEqual([['2', 'HazardEscalated'], ['3', 'RectificationCompleted']]);
    expect(res.body).toMatchObject({ streamRevision: '5', nextFromRevision: '4' });
    const last = await get(`/api/v1/audit/streams/hazard-${hazardId}?fromRevision=4`);
    expect(last.body.events.map((e: any) => e.type)).toEqual(['RectificationVerified', 'HazardClosed']);
    expect(last.body.nextFromRevision).toBeNull();
    expect((await get(`/api/v1/audit/streams/hazard-${hazardId}?limit=0`)).status).toBe(400);
    expect((await get(`/api/v1/audit/streams/hazard-${hazardId}?fromRevision=-1`)).status).toBe(400);
  });
});
