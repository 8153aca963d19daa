/**
 * Statistics `asOf` over real HTTP (embedded PGlite; PostgreSQL too when TEST_DATABASE_URL is set):
 * an instance receives two batches of facts (positions P1 < P2, recorded at separate times); its
 * figures asOf=P1 and asOf=<a time between the batches> must equal those of a fresh second instance
 * that received only the first batch — on every statistics topic, /targets and /scoreboard. Snapshots
 * are saved every 5 positions (AS_OF_SNAPSHOT_EVERY) so the restore-then-replay path is what is compared.
 */
import { http, tokenFor, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

process.env['AS_OF_SNAPSHOT_EVERY'] = '5';

const modes = appBackends({}, 'zhiben_e2e');
const TOPICS = ['hazards', 'accidents', 'drills', 'training', 'standardization', 'enforcement', 'inspections', 'rescue', 'publicity', 'reports'];
const DISTRICT_TOPICS = ['engineering'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first batch: 3 lectures, 2 sites, 1 hall in 大渡口区 (500104) and 江北区 (500105), 2025. */
async function firstBatch(url: string): Promise<string> {
  let last = '0';
  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await http(url, 'POST', path, body);
    expect(res.status).toBe(201);
    last = res.body.position;
  };
  await post('/api/v1/lectures', { districtCode: '500104', topic: '讲座', audienceSize: 100, heldAt: '2025-03-01T09:00:00+08:00', sector: 'hazardous_chemicals' });
  await post('/api/v1/lectures', { districtCode: '500104', topic: '讲座', audienceSize: 50, heldAt: '2025-04-01T09:00:00+08:00' });
  await post('/api/v1/lectures', { districtCode: '500105', topic: '讲座', audienceSize: 30, heldAt: '2025-05-01T09:00:00+08:00' });
  await post('/api/v1/demonstration-sites', { districtCode: '500104', setting: 'school', name: '示范点', builtAt: '2025-03-01T09:00:00+08:00' });
  await post('/api/v1/demonstration-sites', { districtCode: '500105', setting: 'village', name: '示范点', builtAt: '2025-03-02T09:00:00+08:00' });
  await post('/api/v1/science-halls', { districtCode: '500104', level: 'city', name: '体验馆', establishedAt: '2025-02-01T09:00:00+08:00' });
  return last;
}

/** The second batch: more of the same, which asOf=P1 must not see. */
async function secondBatch(url: string): Promise<string> {
  let last = '0';
  for (let i = 0; i < 7; i++) {
    const res = await http(url, 'POST', '/api/v1/lectures', { districtCode: '500106', topic: '讲座', audienceSize: 10 + i, heldAt: '2025-06-01T09:00:00+08:00' });
    expect(res.status).toBe(201);
    last = res.body.position;
  }
  const site = await http(url, 'POST', '/api/v1/demonstration-sites', { districtCode: '500104', setting: 'family', name: '示范点', builtAt: '2025-06-02T09:00:00+08:00' });
  expect(site.status).toBe(201);
  return site.body.position ?? last;
}

/** Every route's figures (the body without `position`/`asOf`), for one query suffix. */
async function figures(url: string, suffix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const take = async (key: string, path: string) => {
    const res = await http(url, 'GET', `${path}${suffix}`);
    expect({ key, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ key, status: 200, body: null });
    const { position: _p, asOf: _a, ...rest } = res.body;
    out[key] = rest;
  };
  for (const t of TOPICS) for (const g of ['district', 'sector']) await take(`${t}/${g}`, `/api/v1/statistics/${t}?groupBy=${g}&year=2025`);
  for (const t of DISTRICT_TOPICS) await take(`${t}/district`, `/api/v1/statistics/${t}?groupBy=district&year=2025`);
  await take('key-tasks', '/api/v1/statistics/key-tasks?year=2025');
  await take('targets', '/api/v1/targets?year=2025');
  await take('scoreboard', '/api/v1/scoreboard?year=2025');
  return out;
}

const row = (body: { rows: { key: string }[] }, key: string) => body.rows.find((r) => r.key === key) as Record<string, unknown>;

describe.each(modes)('statistics asOf (%s)', (_mode, start) => {
  let a: { app: RunningApp; done(): Promise<void> };
  let b: { app: RunningApp; done(): Promise<void> };
  let p1 = '0';
  let p2 = '0';
  let between = '';

  beforeAll(async () => {
    a = await start();
    b = await start();
    p1 = await firstBatch(a.app.baseUrl);
    await sleep(50);
    between = new Date().toISOString();
    await sleep(50);
    p2 = await secondBatch(a.app.baseUrl);
    const pb = await firstBatch(b.app.baseUrl);
    // Let both read models catch up (live figures are compared below).
    expect((await http(a.app.baseUrl, 'GET', `/api/v1/statistics/publicity?groupBy=district&year=2025&minPosition=${p2}`)).status).toBe(200);
    expect((await http(b.app.baseUrl, 'GET', `/api/v1/statistics/publicity?groupBy=district&year=2025&minPosition=${pb}`)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await a?.done();
    await b?.done();
  });

  it('asOf=P1 and asOf=<a time between the batches> equal a fresh instance fed only the first batch, on every route', async () => {
    expect(BigInt(p1)).toBeLessThan(BigInt(p2));
    // asOf=P2 first: it saves the snapshots at 5, 10, … so asOf=P1 restores one and replays the rest.
    const head = await figures(a.app.baseUrl, `&asOf=${p2}`);
    expect(head).toEqual(await figures(a.app.baseUrl, ''));
    const fresh = await figures(b.app.baseUrl, '');
    expect(await figures(a.app.baseUrl, `&asOf=${p1}`)).toEqual(fresh);
    expect(await figures(a.app.baseUrl, `&asOf=${encodeURIComponent(between)}`)).toEqual(fresh);
    // And asOf=P1 is not today's figures: the second batch's 7 lectures in 500106 are absent (counted by hand).
    const live = await http(a.app.baseUrl, 'GET', '/api/v1/statistics/publicity?groupBy=district&year=2025');
    const past = await http(a.app.baseUrl, 'GET', `/api/v1/statistics/publicity?groupBy=district&year=2025&asOf=${p1}`);
    expect(past.body).toMatchObject({ position: p1, asOf: p1 });
    expect(row(live.body, '500106')).toMatchObject({ lectures: 7, lectureAudience: 10 + 11 + 12 + 13 + 14 + 15 + 16 });
    expect(row(past.body, '500106')).toMatchObject({ lectures: 0, lectureAudience: 0 });
    expect(row(past.body, '500104')).toMatchObject({ lectures: 2, lectureAudience: 150, demonstrationSitesNew: 1 });
    expect(row(live.body, '500104')).toMatchObject({ demonstrationSitesNew: 2 });
  }, 300_000);

  it('asOf before any event gives all-zero rows, position 0', async () => {
    const res = await http(a.app.baseUrl, 'GET', '/api/v1/statistics/publicity?groupBy=district&year=2025&asOf=2020-01-01T00:00:00Z');
    expect(res.status).toBe(200);
    expect(res.body.position).toBe('0');
    for (const r of res.body.rows) expect(r).toMatchObject({ lectures: 0, lectureAudience: 0, demonstrationSitesNew: 0, scienceHallsByLevel: { city: 0, district: 0, township: 0, village: 0 } });
    const dated = await http(a.app.baseUrl, 'GET', '/api/v1/statistics/publicity?groupBy=sector&year=2025&asOf=2020-01-01');
    expect(dated.status).toBe(200);
    for (const r of dated.body.rows) expect(r.lectures).toBe(0);
  }, 120_000);

  it.each([
    ['malformed', 'yesterday'],
    ['a day that does not exist', '2025-02-30'],
    ['a date-time without offset', '2025-03-01T09:00:00'],
    ['a position after the newest event', '99999999'],
    ['a future date-time', '2999-01-01T00:00:00Z'],
    ['a future date', '2999-01-01'],
  ])('asOf %s → 400 validation naming asOf', async (_what, value) => {
    const res = await http(a.app.baseUrl, 'GET', `/api/v1/statistics/hazards?groupBy=district&year=2025&asOf=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation', details: [{ path: 'asOf' }] });
  });

  it('asOf is for city_admin and auditor: the other roles get 403 (and still read today\'s figures)', async () => {
    const path = `/api/v1/statistics/publicity?groupBy=district&year=2025&asOf=${p1}`;
    const auditor = await http(a.app.baseUrl, 'GET', path, undefined, { authorization: `Bearer ${await tokenFor({ role: 'auditor' })}` });
    expect(auditor.status).toBe(200);
    expect(auditor.body).toMatchObject({ position: p1, asOf: p1 });
    for (const role of ['analyst', 'enterprise', 'inspector', 'district_supervisor'] as const) {
      const token = await tokenFor({ role, ...(role === 'inspector' || role === 'district_supervisor' ? { district: '500104' } : {}), ...(role === 'enterprise' ? { enterprise: testUscc('91500000MA5U00000') } : {}) });
      const denied = await http(a.app.baseUrl, 'GET', path, undefined, { authorization: `Bearer ${token}` });
      expect({ role, status: denied.status, error: denied.body.error }).toEqual({ role, status: 403, error: 'forbidden' });
      const scoreboard = await http(a.app.baseUrl, 'GET', `/api/v1/scoreboard?year=2025&asOf=${p1}`, undefined, { authorization: `Bearer ${token}` });
      expect({ role, status: scoreboard.status }).toEqual({ role, status: 403 });
      const live = await http(a.app.baseUrl, 'GET', '/api/v1/statistics/publicity?groupBy=district&year=2025', undefined, { authorization: `Bearer ${token}` });
      expect({ role, status: live.status }).toEqual({ role, status: 200 });
    }
  });

  it('asOf with minPosition, or repeated, → 400', async () => {
    const both = await http(a.app.baseUrl, 'GET', `/api/v1/targets?year=2025&asOf=${p1}&minPosition=${p1}`);
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('validation');
    const twice = await http(a.app.baseUrl, 'GET', `/api/v1/statistics/drills?groupBy=district&year=2025&asOf=1&asOf=2`);
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ error: 'validation', details: [{ path: 'asOf' }] });
  });
});
