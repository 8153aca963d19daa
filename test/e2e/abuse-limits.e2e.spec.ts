/**
 * Abuse limits over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set), issue 4 part 8:
 * - public report submission is rate-limited per client address: 429 `rate_limited` with Retry-After,
 *   nothing appended, other routes untouched; X-Forwarded-For believed only when TRUST_PROXY is set;
 * - request bodies over 256 kB are 413 `payload_too_large`, nothing appended;
 * - every GET route the app serves (from /docs-json) is decided here: paginated with a maximum page
 *   size (limit over it → 400), or a single resource / a list bounded by the reference data, with the
 *   reason. A new GET route that is not in the table fails this test.
 */
import { randomUUID } from 'node:crypto';
import { http, startApp, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const LIMIT = 3;
const modes = appBackends({ reportRateLimit: { limit: LIMIT, windowMs: 60_000 } }, 'zhiben_e2e');

const report = (body: Record<string, unknown> = {}) => ({
  districtCode: '500104', channel: 'online', summary: '违规动火作业', receivedAt: '2025-03-01T09:00:00+08:00', ...body,
});
/** A public submission: no bearer token (the harness sends a city_admin token unless told otherwise). */
const submit = (url: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  http(url, 'POST', '/api/v1/reports', report(body), { authorization: '', ...headers });
const head = async (url: string): Promise<string> => (await http(url, 'GET', '/health')).body.headPosition;

/**
 * Every GET route, decided. `paginated`: `limit` from 1 to `max`, a cursor naming the next page.
 * `one`: a single resource. `bounded`: a list whose length the reference data (seeds) or the plan fixes.
 */
type Decision = { paginated: { max: number; cursor: string; sample: string } } | { one: string } | { bounded: string } | { stream: string };
const GET_ROUTES: Record<string, Decision> = {
  '/health': { one: 'the store and the projections: one row per projection, fixed by the code' },
  '/api/v1/reference/districts': { bounded: 'the districts of the reference data (41, more during a re-division)' },
  '/api/v1/reference/sectors': { bounded: 'the sectors of the reference data' },
  '/api/v1/reference/risk-tags': { bounded: 'the risk tags of the reference data' },
  '/api/v1/reference/criteria': { bounded: 'the major-hazard criteria of the reference data' },
  '/api/v1/reference/plan-targets': { bounded: 'the numeric targets of the plan' },
  '/api/v1/reference/key-tasks': { bounded: 'the annex: 22 tasks, 89 items' },
  '/api/v1/enterprises/{uscc}': { one: 'one enterprise profile (hazard counts, not a list)' },
  '/api/v1/hazards': { paginated: { max: 200, cursor: 'cursor', sample: '/api/v1/hazards?districtCode=500104' } },
  '/api/v1/hazards/{id}': { one: "one hazard; its history and missed deadlines grow only with its own stream's events (all of them, paginated, at /api/v1/audit/streams/{streamId})" },
  '/api/v1/accidents/{id}': { one: "one accident; its toll history grows only with its own stream's revisions" },
  '/api/v1/reports/{id}': { one: 'one report (never its identity)' },
  '/api/v1/key-tasks': { bounded: 'the annex: 22 tasks, 89 items, one state each for the year' },
  '/api/v1/key-tasks/{taskNo}': { one: 'one task of the annex with its items' },
  '/api/v1/targets': { bounded: 'the numeric targets of the plan for the year' },
  '/api/v1/scoreboard': { bounded: 'one row per district of the reference data' },
  '/api/v1/audit/streams/{streamId}': { paginated: { max: 1000, cursor: 'fromRevision', sample: '/api/v1/audit/streams/{hazardStream}?fromRevision=0' } },
  '/api/v1/audit/cases/hazard/{hazardId}': { paginated: { max: 1000, cursor: 'after', sample: '/api/v1/audit/cases/hazard/{hazardId}?after=0' } },
  '/api/v1/audit/subjects/{subject}/events': { paginated: { max: 1000, cursor: 'after', sample: '/api/v1/audit/subjects/test%3Acity-admin/events?from=2020-01-01&to=2100-01-01' } },
  '/api/v1/audit/correlations/{correlationId}/events': { paginated: { max: 1000, cursor: 'after', sample: '/api/v1/audit/correlations/limits-correlation/events' } },
  '/api/v1/audit/districts/{code}/changes': { paginated: { max: 1000, cursor: 'after', sample: '/api/v1/audit/districts/500104/changes?from=2025-01-01&to=2025-12-31' } },
  '/api/v1/audit/hazards/{id}/state': { one: "one hazard's state as of a time or position" },
  '/api/v1/audit/enterprises/{uscc}/state': { one: "one enterprise's state as of a time or position" },
  '/api/v1/audit/verify': { one: 'the verification of the whole store: counts, the first problem, at most 100 problems' },
  '/api/v1/admin/parked-events': { paginated: { max: 1000, cursor: 'after', sample: '/api/v1/admin/parked-events?after=0' } },
  '/api/v1/streams/events': { stream: 'Server-Sent Events, flow-controlled (written as the client reads), resumable with Last-Event-ID' },
  ...Object.fromEntries(
    ['hazards', 'accidents', 'drills', 'rescue', 'self-inspections', 'enforcement', 'training', 'standardization', 'publicity', 'engineering', 'reports', 'key-tasks', 'inspections']
      .map((topic) => [`/api/v1/statistics/${topic}`, { bounded: 'one row per district or sector of the reference data' } as Decision]),
  ),
};

describe.each(modes)('abuse limits over HTTP (%s)', (_mode, start) => {
  let running: Awaited<ReturnType<typeof start>>;
  let url: string;

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  it(`lets ${LIMIT} public reports a minute through per address, then 429 rate_limited with Retry-After, appending nothing`, async () => {
    for (let i = 0; i < LIMIT; i++) expect((await submit(url)).status).toBe(201);
    const before = await head(url);
    const refused = await submit(url, { reporter: { name: '张三', contact: '13800000000' } });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'rate_limited', message: expect.stringContaining(`at most ${LIMIT} in 60 s; retry after ${refused.headers.get('retry-after')} s`) });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Refused before validation: a bad body is 429 too, not 400, and nothing reaches the store.
    expect((await http(url, 'POST', '/api/v1/reports', { nonsense: true }, { authorization: '' })).status).toBe(429);
    // X-Forwarded-For is not believed without TRUST_PROXY: the socket's address is still the client.
    expect((await submit(url, {}, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    expect(await head(url)).toBe(before);
  });

  it('does not count submissions with a verified bearer token (staff entering a report taken by phone or letter)', async () => {
    // the harness's default city_admin token
    const staff = await Promise.all(Array.from({ length: LIMIT + 2 }, () => http(url, 'POST', '/api/v1/reports', report({ channel: 'phone' }))));
    expect(staff.map((r) => r.status)).toEqual(Array(LIMIT + 2).fill(201));
    // a token that does not verify is refused by the authentication (401) before it could count or append
    const before = await head(url);
    const forged = await http(url, 'POST', '/api/v1/reports', report(), { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(forged.status).toBe(401);
    expect(await head(url)).toBe(before);
    expect((await submit(url)).status).toBe(429);
  });

  it('limits only report submission: other commands and queries from the same address go on', async () => {
    const uscc = testUscc('91500104MA5U7RA00');
    const registered = await http(url, 'POST', '/api/v1/enterprises', { uscc, name: '重庆限流测试有限公司', districtCode: '500104', sector: 'hazardous_chemicals', industryCode: 'C2614', registeredAt: '2023-01-05T09:00:00+08:00' });
    expect(registered.status).toBe(201);
    const hazards = await Promise.all(Array.from({ length: 3 }, (_, i) => http(url, 'POST', '/api/v1/hazards', {
      hazardId: randomUUID(), enterpriseUscc: uscc, grade: 'general', channel: 'self_inspection', title: `限流测试隐患${i}`, description: '—', discoveredAt: `2025-03-0${i + 1}T09:00:00+08:00`,
    })));
    expect(hazards.map((h) => h.status)).toEqual([201, 201, 201]);
    for (let i = 0; i < 2 * LIMIT; i++) expect((await http(url, 'GET', `/api/v1/statistics/reports?groupBy=district&year=2025`)).status).toBe(200);
    expect((await submit(url)).status).toBe(429);
  });

  it('refuses bodies over 256 kB with 413 payload_too_large, appending nothing', async () => {
    const before = await head(url);
    for (const path of ['/api/v1/reports', '/api/v1/enterprises', '/api/v1/lectures']) {
      const res = await http(url, 'POST', path, JSON.stringify(report({ summary: '举'.repeat(100_000) })), { 'content-type': 'application/json' });
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 413, body: { error: 'payload_too_large', message: 'request body too large' } });
    }
    // just under the limit is read (and judged: 400 for a summary that long, not 413)
    const under = await http(url, 'POST', '/api/v1/enterprises', { name: 'x'.repeat(250_000) });
    expect(under.status).toBe(400);
    expect(await head(url)).toBe(before);
  });

  it('decides every GET route the app serves: paginated with a maximum, one resource, or bounded by the reference data', async () => {
    const doc = (await http(url, 'GET', '/docs-json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    const gets = Object.entries(doc.paths).filter(([, ops]) => ops['get']).map(([path]) => path).sort();
    expect(gets.length).toBeGreaterThan(30);
    const undecided = gets.filter((p) => GET_ROUTES[p] === undefined);
    expect(undecided).toEqual([]);
    for (const path of gets) {
      const params = (doc.paths[path]!['get']!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const decision = GET_ROUTES[path]!;
      if ('paginated' in decision) {
        expect({ path, params: params.filter((p) => p === 'limit' || p === decision.paginated.cursor).sort() }).toEqual({ path, params: ['limit', decision.paginated.cursor].sort() });
      } else {
        expect({ path, limit: params.includes('limit') }).toEqual({ path, limit: false });
      }
    }
  });

  it('answers 400 on every paginated route for a page size over its maximum, 200 at the maximum', async () => {
    // minPosition: the hazards of an earlier test are in the ledger however far the projection lags.
    const hazard = await http(url, 'GET', `/api/v1/hazards?districtCode=500104&limit=1&minPosition=${await head(url)}`);
    const hazardId: string = hazard.body.items[0].hazardId;
    for (const [route, decision] of Object.entries(GET_ROUTES)) {
      if (!('paginated' in decision)) continue;
      const { max, sample } = decision.paginated;
      const path = sample.replace('{hazardStream}', `hazard-${hazardId}`).replace('{hazardId}', hazardId);
      const join = path.includes('?') ? '&' : '?';
      for (const limit of [String(max + 1), '0', '99999999999']) {
        const res = await http(url, 'GET', `${path}${join}limit=${limit}`);
        const paths = (res.body.details ?? []).map((d: { path: string }) => d.path.replace(/^query\./, ''));
        expect({ route, limit, status: res.status, error: res.body.error, paths }).toEqual({ route, limit, status: 400, error: 'validation', paths: ['limit'] });
      }
      const atMax = await http(url, 'GET', `${path}${join}limit=${max}`);
      expect({ route, status: atMax.status }).toEqual({ route, status: 200 });
    }
  });

  it('answers 400 for a page size over the maximum or under 1, and walks the ledger page by page', async () => {
    for (const limit of ['201', '0', '1000000', '-1', '2.5']) {
      const res = await http(url, 'GET', `/api/v1/hazards?limit=${limit}`);
      expect({ limit, status: res.status, error: res.body.error, paths: res.body.details?.map((d: { path: string }) => d.path) }).toEqual({ limit, status: 400, error: 'validation', paths: ['limit'] });
    }
    expect((await http(url, 'GET', '/api/v1/hazards?limit=200')).status).toBe(200);
    const first = await http(url, 'GET', `/api/v1/hazards?districtCode=500104&limit=2&minPosition=${await head(url)}`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http(url, 'GET', `/api/v1/hazards?districtCode=500104&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    // discovered 03-03, 03-02 on the first page, 03-01 on the second (newest first)
    expect([...first.body.items, ...second.body.items].map((h: { title: string }) => h.title)).toEqual(['限流测试隐患2', '限流测试隐患1', '限流测试隐患0']);
  });
});

describe('the report rate limit behind a proxy (embedded PGlite)', () => {
  let app: RunningApp;
  afterEach(async () => app?.close());

  it('counts each X-Forwarded-For client on its own when TRUST_PROXY trusts the proxy', async () => {
    app = await startApp({ reportRateLimit: { limit: 2, windowMs: 60_000 }, trustProxy: 'loopback' });
    const from = (client: string) => submit(app.baseUrl, {}, { 'x-forwarded-for': client });
    expect([(await from('198.51.100.1')).status, (await from('198.51.100.1')).status, (await from('198.51.100.1')).status]).toEqual([201, 201, 429]);
    // another client behind the same proxy, and a client appending a forged hop on the left
    expect((await from('198.51.100.2')).status).toBe(201);
    expect((await from('10.9.9.9, 198.51.100.1')).status).toBe(429);
    // IPv6 clients are counted per /56: …:1:2:: and …:1:3:: share one, …:1:100:: is another
    expect([(await from('2001:db8:1:2::a')).status, (await from('2001:db8:1:2::b')).status, (await from('2001:db8:1:3::c')).status]).toEqual([201, 201, 429]);
    expect((await from('2001:db8:1:100::a')).status).toBe(201);
  });

  it('lets the address submit again when its window ends (Retry-After is when)', async () => {
    app = await startApp({ reportRateLimit: { limit: 1, windowMs: 1_500 } });
    expect((await submit(app.baseUrl)).status).toBe(201);
    const refused = await submit(app.baseUrl);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect([1, 2]).toContain(wait);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 50));
    expect((await submit(app.baseUrl)).status).toBe(201);
  });

  it('is off with reportRateLimit null (REPORT_RATE_LIMIT=off)', async () => {
    app = await startApp({ reportRateLimit: null });
    const statuses = await Promise.all(Array.from({ length: 15 }, () => submit(app.baseUrl)));
    expect(statuses.every((r) => r.status === 201)).toBe(true);
  });
});
