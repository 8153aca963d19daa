/**
 * Whistle-blower reports (举报) over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): receipt, verification, reward (15% of the fine, ¥3,000–¥300,000), the
 * confidential identity (read, shredded), and the report figures computed by hand. A planted identity
 * string must appear in no GET, statistics or SSE answer and in no text column of any read-model table —
 * only, encrypted, in the events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { READ_MODELS } from '#bootstrap';
import { ADMIN_AUTH, http } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const KEK = randomBytes(32).toString('base64');
const modes = appBackends({ reporterKek: KEK }, 'zhiben_e2e');
const PLANTED = `PLANTED-举报人-${randomUUID()}`;
const PLANTED_CONTACT = `138${Date.now() % 100_000_000}`;

/** Reads SSE messages until `count` arrived (or 20 s), as raw text. */
async function readSse(url: string, count: number): Promise<string> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...ADMIN_AUTH }, signal: abort.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => abort.abort(), 20_000);
  try {
    while ((text.match(/\n\n/g)?.length ?? 0) < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    /* aborted at the deadline: return what arrived */
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return text;
}

describe.each(modes)('whistle-blower reports over HTTP (%s)', (_mode, start) => {
  let running: Awaited<ReturnType<typeof start>>;
  let url: string;
  const D1 = '500104'; // 大渡口区
  const D2 = '500106'; // 沙坪坝区
  const ENTERPRISE = testUscc('91500104MA5U7RPT0');
  const hazardId = randomUUID();
  const bodies: string[] = [];
  let r1 = '';
  let r2 = '';
  let r3 = '';
  let r4 = '';
  let lastPosition = '0';

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await http(url, 'POST', path, body, headers);
    bodies.push(JSON.stringify(res.body));
    return res;
  };
  const get = async (path: string) => {
    const res = await http(url, 'GET', path);
    bodies.push(JSON.stringify(res.body));
    return res;
  };
  const report = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    post('/api/v1/reports', { districtCode: D1, sector: 'hazardous_chemicals', channel: 'phone', summary: '仓库违规储存危险化学品', receivedAt: '2025-03-01T09:00:00+08:00', ...body }, headers);
  const eventsOf = async (id: string) => (await http(url, 'GET', `/api/v1/audit/streams/report-${id}`)).body.events ?? [];

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    expect((await http(url, 'POST', '/api/v1/enterprises', { uscc: ENTERPRISE, name: '重庆示例化工有限公司', districtCode: D1, sector: 'hazardous_chemicals', industryCode: 'C2614', registeredAt: '2023-01-05T09:00:00+08:00' })).status).toBe(201);
    expect((await http(url, 'POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'public_report', title: '违规储存', description: '举报核查发现', discoveredAt: '2025-03-05T09:00:00+08:00' })).status).toBe(201);
  });
  afterAll(async () => running?.done());

  it('receives reports: 201 with reportId; the event holds the identity only as an AES-256-GCM envelope', async () => {
    const first = await report({ enterpriseUscc: ENTERPRISE, reporter: { name: PLANTED, contact: PLANTED_CONTACT } });
    expect(first.status).toBe(201);
    r1 = first.body.reportId;
    expect(first.body).toEqual({ streamId: `report-${r1}`, streamRevision: '0', position: expect.stringMatching(/^\d+$/), reportId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const [received] = await eventsOf(r1);
    expect(received.type).toBe('ReportReceived');
    expect(Object.keys(received.data.reporterIdentity).sort()).toEqual(['authTag', 'ciphertext', 'iv', 'keyId']);
    expect(Buffer.from(received.data.reporterIdentity.iv, 'base64')).toHaveLength(12);
    expect(JSON.stringify(received)).not.toContain(PLANTED);
    expect(JSON.stringify(received)).not.toContain(PLANTED_CONTACT);
    // 2024-12-31T20:00Z is 2025-01-01 CST; anonymous
    r2 = (await report({ receivedAt: '2024-12-31T20:00:00Z', channel: 'online' })).body.reportId;
    r3 = (await report({ districtCode: D2, sector: 'coal_mine', channel: 'letter', reporter: { contact: PLANTED_CONTACT } })).body.reportId;
    r4 = (await report({ districtCode: D2, sector: undefined, channel: 'visit', receivedAt: '2025-12-31T15:00:00Z' })).body.reportId;
    expect([r2, r3, r4].every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  });

  it('refuses bad input with 400 (never echoing the identity) and broken rules with 422, appending nothing', async () => {
    const bad = await report({ reporter: { name: PLANTED, nickname: PLANTED } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toContain('reporter.nickname');
    expect(JSON.stringify(bad.body)).not.toContain(PLANTED);
    const long = await report({ reporter: { name: `${PLANTED}${'x'.repeat(300)}` } });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).not.toContain(PLANTED);
    expect((await report({ reporter: {} })).body.details).toEqual([{ path: 'reporter', message: expect.stringContaining('name or a contact') }]);
    expect((await report({ channel: 'fax' })).status).toBe(400);
    const unknownEnterprise = await report({ enterpriseUscc: testUscc('91500104MA5U7RPT9'), reporter: { name: PLANTED } });
    expect(unknownEnterprise.status).toBe(422);
    expect(unknownEnterprise.body.error).toBe('unknown_enterprise');
    expect(JSON.stringify(unknownEnterprise.body)).not.toContain(PLANTED);
    expect((await report({ districtCode: '999999' })).body.error).toBe('unknown_district');
  });

  it('verifies: an unknown hazard is 422, an unknown report 404; the linked hazard is kept', async () => {
    const unknown = await post(`/api/v1/reports/${r1}/verification`, { substantiated: true, hazardId: randomUUID(), fineFen: 20_000_000, verifiedAt: '2025-03-10T09:00:00+08:00' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toBe('unknown_hazard');
    expect((await post(`/api/v1/reports/${randomUUID()}/verification`, { substantiated: false, verifiedAt: '2025-03-10T09:00:00+08:00' })).status).toBe(404);
    expect((await post('/api/v1/reports/not-an-id/verification', { substantiated: false, verifiedAt: '2025-03-10T09:00:00+08:00' })).status).toBe(404);
    expect((await post(`/api/v1/reports/${r1}/reward-payment`, { amountFen: 300_000, paidAt: '2025-03-11T09:00:00+08:00' })).body.error).toBe('report_not_verified');
    const ok = await post(`/api/v1/reports/${r1}/verification`, { substantiated: true, hazardId, fineFen: 20_000_000, verifiedAt: '2025-03-10T09:00:00+08:00' });
    expect(ok.status).toBe(201);
    expect(ok.body.streamRevision).toBe('1');
    expect((await eventsOf(r1))).toHaveLength(2);
    expect((await post(`/api/v1/reports/${r2}/verification`, { substantiated: true, fineFen: 0, verifiedAt: '2025-02-01T09:00:00+08:00' })).status).toBe(201);
    expect((await post(`/api/v1/reports/${r3}/verification`, { substantiated: false, verifiedAt: '2025-04-01T09:00:00+08:00' })).status).toBe(201);
  });

  it('pays rewards: 15% of the fine, floor ¥3,000 and cap ¥300,000; another amount needs a reason', async () => {
    // fine 20,000,000 fen → 15% = 3,000,000
    const noReason = await post(`/api/v1/reports/${r1}/reward-payment`, { amountFen: 5_000_000, paidAt: '2025-04-01T09:00:00+08:00' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error).toBe('override_reason_required');
    expect(noReason.body.message).toContain('3000000');
    const paid = await post(`/api/v1/reports/${r1}/reward-payment`, { amountFen: 3_000_000, paidAt: '2025-04-01T09:00:00+08:00' });
    expect(paid.status).toBe(201);
    expect((await eventsOf(r1)).at(-1).data).toMatchObject({ amountFen: 3_000_000, suggestedFen: 3_000_000, overrideReason: null });
    // fine 0 → the floor 300,000; paid more with a reason
    const r2paid = await post(`/api/v1/reports/${r2}/reward-payment`, { amountFen: 500_000, overrideReason: '线索关键', paidAt: '2025-05-01T09:00:00+08:00' });
    expect(r2paid.status).toBe(201);
    expect((await eventsOf(r2)).at(-1).data).toMatchObject({ amountFen: 500_000, suggestedFen: 300_000, overrideReason: '线索关键' });
    // unsubstantiated: no reward
    expect((await post(`/api/v1/reports/${r3}/reward-payment`, { amountFen: 300_000, paidAt: '2025-05-01T09:00:00+08:00' })).body.error).toBe('report_unsubstantiated');
    // fine 300,000,000 → 45,000,000 capped at 30,000,000 (on a fresh report)
    const big = (await report({ districtCode: D2, sector: 'coal_mine', receivedAt: '2024-06-01T09:00:00+08:00' })).body.reportId;
    expect((await post(`/api/v1/reports/${big}/verification`, { substantiated: true, fineFen: 300_000_000, verifiedAt: '2024-07-01T09:00:00+08:00' })).status).toBe(201);
    expect((await post(`/api/v1/reports/${big}/reward-payment`, { amountFen: 30_000_001, paidAt: '2024-08-01T09:00:00+08:00' })).body.message).toContain('30000000');
    const capped = await post(`/api/v1/reports/${big}/reward-payment`, { amountFen: 30_000_000, paidAt: '2024-08-01T09:00:00+08:00' });
    expect(capped.status).toBe(201);
    expect((await eventsOf(big)).at(-1).data).toMatchObject({ suggestedFen: 30_000_000, overrideReason: null });
  });

  it('reads the identity (recorded with purpose), then shreds it: reads answer 410 and the events are unchanged', async () => {
    const anonymous = await post(`/api/v1/reports/${r2}/reporter-identity-reads`, { purpose: '回访' });
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.error).toBe('no_identity');
    expect((await post(`/api/v1/reports/${r1}/reporter-identity-reads`, { purpose: ' ' })).body.error).toBe('purpose_required');
    const read = await http(url, 'POST', `/api/v1/reports/${r1}/reporter-identity-reads`, { purpose: '发放奖励' });
    expect(read.status).toBe(201);
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(read.body.identity).toEqual({ name: PLANTED, contact: PLANTED_CONTACT });
    const history = await eventsOf(r1);
    expect(history.at(-1)).toMatchObject({ type: 'ReporterIdentityRead', data: { purpose: '发放奖励' } });
    expect(JSON.stringify(history)).not.toContain(PLANTED);

    const shred = await post(`/api/v1/reports/${r1}/identity-shredding`, {});
    expect(shred.status).toBe(201);
    const after = await eventsOf(r1);
    expect(after.slice(0, history.length)).toEqual(history);
    expect(after.at(-1).type).toBe('ReporterIdentityShredded');
    const gone = await post(`/api/v1/reports/${r1}/reporter-identity-reads`, { purpose: '再次核实' });
    expect(gone.status).toBe(410);
    expect(gone.body.error).toBe('identity_shredded');
    expect((await post(`/api/v1/reports/${r1}/identity-shredding`, {})).status).toBe(410);
    expect(await eventsOf(r1)).toHaveLength(after.length);
    lastPosition = shred.body.position;
    // r3's identity is still readable (its own data key)
    expect((await http(url, 'POST', `/api/v1/reports/${r3}/reporter-identity-reads`, { purpose: '核实' })).body.identity).toEqual({ contact: PLANTED_CONTACT });
  });

  it('shows one report without its identity: hasIdentity, identityShredded, reads', async () => {
    const one = await get(`/api/v1/reports/${r1}?minPosition=${lastPosition}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      reportId: r1, districtCode: D1, sector: 'hazardous_chemicals', enterpriseUscc: ENTERPRISE, channel: 'phone', status: 'rewarded',
      receivedAt: '2025-03-01T09:00:00.000+08:00', hasIdentity: true, identityShredded: true, identityReads: 1, streamRevision: '4',
      verification: { substantiated: true, hazardId, fineFen: 20_000_000, verifiedAt: '2025-03-10T09:00:00.000+08:00' },
      reward: { amountFen: 3_000_000, suggestedFen: 3_000_000, overrideReason: null, paidAt: '2025-04-01T09:00:00.000+08:00' },
    });
    expect(one.headers.get('etag')).toBe('"4"');
    expect((await get(`/api/v1/reports/${r4}`)).body).toMatchObject({ hasIdentity: false, status: 'received', verification: null, reward: null });
    expect((await get(`/api/v1/reports/${randomUUID()}`)).status).toBe(404);
  });

  it('computes the 2025 figures by hand', async () => {
    const res = await get(`/api/v1/statistics/reports?groupBy=district&year=2025&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    // one row per district of the reference data (41 units, more while a re-division is in force)
    expect(res.body.rows).toHaveLength((await http(url, 'GET', '/api/v1/reference/districts')).body.items.length);
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // D1: r1 (2025-03-01), r2 (2025-01-01 CST) received; both substantiated in 2025; rewards 3,000,000 + 500,000; r1 links the hazard
    expect(row(D1)).toEqual({ key: D1, name: '大渡口区', received: 2, substantiated: 2, unsubstantiated: 0, pendingVerification: 0, substantiationRate: 1, rewardsPaid: 2, rewardsPaidFen: 3_500_000, hazardsLinked: 1 });
    // D2: r3 (unsubstantiated), r4 (2025-12-31 23:00 CST, pending); the 2024 report and its reward are not 2025's
    expect(row(D2)).toEqual({ key: D2, name: '沙坪坝区', received: 2, substantiated: 0, unsubstantiated: 1, pendingVerification: 1, substantiationRate: 0, rewardsPaid: 0, rewardsPaidFen: 0, hazardsLinked: 0 });
    expect(row('500101')).toMatchObject({ received: 0, substantiationRate: null, rewardsPaid: 0 });
    const y2024 = await get(`/api/v1/statistics/reports?groupBy=district&year=2024&minPosition=${lastPosition}`);
    expect(y2024.body.rows.find((r: { key: string }) => r.key === D2)).toMatchObject({ received: 1, substantiated: 1, rewardsPaid: 1, rewardsPaidFen: 30_000_000 });
    const bySector = await get(`/api/v1/statistics/reports?groupBy=sector&year=2025&minPosition=${lastPosition}`);
    const sector = (key: string) => bySector.body.rows.find((r: { key: string }) => r.key === key);
    expect(sector('hazardous_chemicals')).toMatchObject({ received: 2, substantiated: 2, rewardsPaidFen: 3_500_000 });
    expect(sector('coal_mine')).toMatchObject({ received: 1, unsubstantiated: 1, pendingVerification: 0 });
    expect((await get('/api/v1/statistics/reports?groupBy=district')).status).toBe(400);
  });

  it('never lets the identity out: not in GET, statistics or SSE answers; the SSE drops even the envelope', async () => {
    const sse = await readSse(`${url}/api/v1/streams/events?category=report`, 5);
    expect(sse).toContain('ReportReceived');
    expect(sse).toContain('"hasReporterIdentity":true');
    expect(sse).not.toContain('reporterIdentity"');
    expect(sse).not.toContain('ciphertext');
    for (const text of [...bodies, sse]) {
      expect(text).not.toContain(PLANTED);
      expect(text).not.toContain(PLANTED_CONTACT);
    }
  });

  it('holds the identity in no text column of any table but the events (as ciphertext only)', async () => {
    // The read models and the event store share one database in both modes: the app's DataSource sees every table.
    const ds = running.app.app.get<unknown, { query: Query }>(READ_MODELS);
    const query: Query = (sql, params) => ds.query(sql, params);
    const columns = await query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json') ORDER BY table_name, column_name`,
    );
    const tables = new Set(columns.map((c) => String(c['table_name'])));
    expect(tables.has('report_register')).toBe(true);
    expect(tables.has('reporter_keys')).toBe(true);
    let searched = 0;
    for (const c of columns) {
      const hits = await query(`SELECT count(*)::int AS n FROM "${String(c['table_name'])}" WHERE "${String(c['column_name'])}"::text LIKE $1 OR "${String(c['column_name'])}"::text LIKE $2`, [`%${PLANTED}%`, `%${PLANTED_CONTACT}%`]);
      expect({ column: `${String(c['table_name'])}.${String(c['column_name'])}`, hits: Number(hits[0]!['n']) }).toEqual({ column: `${String(c['table_name'])}.${String(c['column_name'])}`, hits: 0 });
      searched++;
    }
    expect(searched).toBeGreaterThan(20);
    // The events do hold an envelope for r1 and r3; r1's data key is gone, r3's remains.
    const keys = await query('SELECT report_id::text AS id FROM reporter_keys ORDER BY 1');
    expect(keys.map((k) => k['id'])).toEqual([r3]);
  });
});

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
