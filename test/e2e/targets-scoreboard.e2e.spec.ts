/**
 * The target scoreboard over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): GET /api/v1/targets and GET /api/v1/scoreboard over a small set of facts
 * whose statuses and ranks are computed by hand below.
 *
 * 2024 (finished) has 9 district targets: self-inspection-2024 (ratio ≥ 1, due 2024-06-30),
 * major-stock-cleared-2024 (≤ 0), district-special-supervision-2024 (≥ 1), responsibility-system-2024
 * (ratio ≥ 1), publicity-demo-sites-2024 (≥ 5), and four the lead units measure (hospital fire leads,
 * district leader sessions, township leads, hydrants) — no measurement here, so no_data.
 *   A 500101 万州区: one enterprise, survey 2024-06-30T23:59+08:00 (counts), responsibility system,
 *     a district_on_sector special supervision, 5 sites → met 5 (stock 0 too), missed 0.
 *   B 500102 涪陵区: one enterprise, survey 2024-06-30T16:00Z (= 1 July CST: late), no responsibility
 *     system, no supervision, 4 sites → met 1 (stock 0), missed 4.
 *   C 500103 渝中区: one enterprise with a major hazard discovered 2023-06-01 still open → stock 1;
 *     no survey, no system, no supervision, no sites → met 0, missed 5.
 *   the other 38: no enterprise (ratios no_data: denominator 0), stock 0 met, supervision and sites
 *     missed → met 1, missed 2.
 * Rank by met+onTrack desc, missed asc, behind asc: A 1; the 38 share 2; B 40; C 41.
 */
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

const A = '500101';
const B = '500102';
const C = '500103';
const OTHER = '500104';

/** Days from 1 January 2026 to today (CST) inclusive, counted here from the clock, capped at the year's 365. */
function elapsed2026(): number {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  if (today > '2026-12-31') return 365;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse('2026-01-01T00:00:00Z')) / 86_400_000) + 1;
}

describe.each(modes)('the target scoreboard over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let lastPosition = '0';
  const uscc = (district: string) => testUscc(`91${district}MA60T0001`);

  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await http(url, 'POST', path, body);
    expect([path, res.status, res.body]).toEqual([path, 201, expect.anything()]);
    lastPosition = res.body.position;
    return res;
  };
  const site = (districtCode: string, builtAt: string) =>
    post('/api/v1/demonstration-sites', { districtCode, setting: 'school', name: '示范点', builtAt });

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    for (const d of [A, B, C]) {
      await post('/api/v1/enterprises', {
        uscc: uscc(d), name: `测试化工 ${d}`, districtCode: d, sector: 'hazardous_chemicals', industryCode: 'C2614', registeredAt: '2023-01-05T09:00:00+08:00',
      });
    }
    // A: everything done in 2024.
    await post('/api/v1/self-inspections', { enterpriseUscc: uscc(A), level: 'major_hazard_survey', inspectedAt: '2024-06-30T23:59:00+08:00', hazardIds: [], findings: '大排查' });
    await post(`/api/v1/enterprises/${uscc(A)}/responsibility-system`, { establishedAt: '2024-03-01T09:00:00+08:00', postsCovered: 12 });
    await post('/api/v1/supervisory-inspections', {
      districtCode: A, sector: 'hazardous_chemicals', method: 'special_supervision', specialSupervisionLevel: 'district_on_sector',
      inspectedAt: '2024-05-01T09:00:00+08:00', hazardsFound: [], findings: '专项督查',
    });
    for (let i = 0; i < 5; i++) await site(A, `2024-0${i + 1}-10T09:00:00+08:00`);
    // B: the survey one CST day late, 4 sites.
    await post('/api/v1/self-inspections', { enterpriseUscc: uscc(B), level: 'major_hazard_survey', inspectedAt: '2024-06-30T16:00:00Z', hazardIds: [], findings: '大排查' });
    for (let i = 0; i < 4; i++) await site(B, `2024-0${i + 1}-10T09:00:00+08:00`);
    // C: a major hazard of 2023 still open.
    const criteria = await http(url, 'GET', '/api/v1/reference/criteria');
    const fit = criteria.body.items.find((c: { sector: string | null }) => c.sector === 'hazardous_chemicals' || c.sector === null);
    await post('/api/v1/hazards', {
      enterpriseUscc: uscc(C), grade: 'major', criterionCode: fit.code, channel: 'self_inspection', title: '储罐区报警失效',
      description: '可燃气体检测报警装置未投用', discoveredAt: '2023-06-01T09:00:00+08:00',
    });
    // 2026 (in progress): A 5 sites, B 4 sites.
    for (let i = 0; i < 5; i++) await site(A, `2026-0${i + 1}-10T09:00:00+08:00`);
    for (let i = 0; i < 4; i++) await site(B, `2026-0${i + 1}-10T09:00:00+08:00`);
  });
  afterAll(async () => running?.done());

  const targets = async (year: number) => {
    const res = await http(url, 'GET', `/api/v1/targets?year=${year}&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    return res.body as { position: string; year: number; items: any[] };
  };
  const item = (body: { items: any[] }, id: string) => body.items.find((t) => t.targetId === id);
  const group = (t: { groups: any[] }, key: string) => t.groups.find((g) => g.key === key);

  it('lists every target of 2024 (24 in the seed) with the API.md shape and a position at least the last write', async () => {
    const body = await targets(2024);
    expect(body.year).toBe(2024);
    expect(BigInt(body.position)).toBeGreaterThanOrEqual(BigInt(lastPosition));
    expect(body.items).toHaveLength(24);
    for (const t of body.items) {
      expect(t).toEqual(expect.objectContaining({
        targetId: expect.any(String), title: expect.any(String), year: 2024, grouping: expect.stringMatching(/^(city|district|sector)$/),
        unit: expect.any(String), comparator: expect.stringMatching(/^(>=|<=|=)$/), threshold: expect.any(Number),
        status: expect.stringMatching(/^(met|on_track|behind|missed|no_data)$/),
      }));
      expect('actual' in t).toBe(true);
      if (t.grouping === 'city') expect(t.groups).toBeUndefined();
    }
  });

  it('judges the 2024 ratios on exact numerators and denominators; a zero denominator is no_data, not 0%', async () => {
    const body = await targets(2024);
    const survey = item(body, 'self-inspection-2024');
    expect(survey.cut).toBe('2024-06-30');
    expect(survey.groups).toHaveLength(41);
    expect(group(survey, A)).toMatchObject({ actual: 1, numerator: 1, denominator: 1, status: 'met' });
    expect(group(survey, B)).toMatchObject({ actual: 0, numerator: 0, denominator: 1, status: 'missed' });
    expect(group(survey, C)).toMatchObject({ numerator: 0, denominator: 1, status: 'missed' });
    expect(group(survey, OTHER)).toMatchObject({ actual: null, numerator: null, denominator: null, status: 'no_data', reason: expect.stringContaining('is 0') });
    // city: (1 + 0 + 0) ÷ (1 + 1 + 1)
    expect(survey).toMatchObject({ numerator: 1, denominator: 3, status: 'missed' });
    expect(survey.actual).toBeCloseTo(1 / 3, 12);
    const system = item(body, 'responsibility-system-2024');
    expect(group(system, A)).toMatchObject({ numerator: 1, denominator: 1, status: 'met' });
    expect(group(system, B)).toMatchObject({ numerator: 0, denominator: 1, status: 'missed' });
    const stock = item(body, 'major-stock-cleared-2024');
    expect(group(stock, C)).toMatchObject({ actual: 1, status: 'missed' });
    expect(group(stock, A)).toMatchObject({ actual: 0, status: 'met' });
    expect(stock).toMatchObject({ actual: 1, status: 'missed' });
    const sites = item(body, 'publicity-demo-sites-2024');
    expect(group(sites, A)).toMatchObject({ actual: 5, status: 'met' }); // exactly 5 meets
    expect(group(sites, B)).toMatchObject({ actual: 4, status: 'missed' });
    expect(sites).toMatchObject({ actual: 9, status: 'met' });
    const supervision = item(body, 'district-special-supervision-2024');
    expect(group(supervision, A)).toMatchObject({ actual: 1, status: 'met' });
    expect(group(supervision, OTHER)).toMatchObject({ actual: 0, status: 'missed' });
    expect(item(body, 'hospital-fire-lead-training-2024')).toMatchObject({ actual: null, status: 'no_data', reason: expect.any(String) });
    // city targets: nothing happened → no major accident met, no fewer accidents than 2023's 0 missed.
    expect(item(body, 'no-major-accidents-2024')).toMatchObject({ actual: 0, status: 'met' });
    expect(item(body, 'accidents-down-2024')).toMatchObject({ actual: 0, status: 'missed' });
    expect(item(body, 'city-special-supervision-2024')).toMatchObject({ actual: 0, status: 'missed' });
    // a sector target: every sector concerned; hazardous_chemicals 0 of 3 drilled, coal_mine no enterprises.
    const drills = item(body, 'drill-frequency-2024');
    expect(drills.groups).toHaveLength(31);
    expect(group(drills, 'hazardous_chemicals')).toMatchObject({ numerator: 0, denominator: 3, status: 'missed' });
    expect(group(drills, 'coal_mine')).toMatchObject({ actual: null, status: 'no_data' });
  });

  it('judges 2026 in progress against the share of the year elapsed', async () => {
    const body = await targets(2026);
    const e = elapsed2026();
    const finished = e === 365;
    const sites = item(body, 'publicity-demo-sites-2026');
    expect(group(sites, A)).toMatchObject({ actual: 5, status: 'met' });
    // 4 against 5 × e/365, compared as integers: 4 × 365 ≥ 5 × e
    expect(group(sites, B).status).toBe(finished ? 'missed' : 4 * 365 >= 5 * e ? 'on_track' : 'behind');
    expect(group(sites, OTHER).status).toBe(finished ? 'missed' : 'behind');
    // C's 2023 hazard has no plan, so no deadline, so it is not overdue: 0 ≤ 0.
    expect(group(item(body, 'major-dynamic-zero-2026'), C)).toMatchObject({ actual: 0, status: finished ? 'met' : 'on_track' });
    if (!finished) expect(group(sites, OTHER).reason).toContain(`${e}/365`);
  });

  it('ranks the 41 districts of 2024 with shared ranks and gives every reason', async () => {
    const res = await http(url, 'GET', `/api/v1/scoreboard?year=2024&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    const rows = res.body.rows as any[];
    expect(rows).toHaveLength(41);
    expect(res.body.position).toMatch(/^\d+$/);
    const row = (code: string) => rows.find((r) => r.districtCode === code);
    expect(row(A)).toMatchObject({ rank: 1, name: '万州区', met: 5, onTrack: 0, behind: 0, missed: 0, noData: 4 });
    expect(row(OTHER)).toMatchObject({ rank: 2, met: 1, onTrack: 0, behind: 0, missed: 2, noData: 6 });
    expect(row(B)).toMatchObject({ rank: 40, met: 1, missed: 4, noData: 4 });
    expect(row(C)).toMatchObject({ rank: 41, met: 0, missed: 5, noData: 4 });
    expect(rows.filter((r) => r.rank === 2)).toHaveLength(38);
    expect(rows[0].districtCode).toBe(A);
    const middle = rows.slice(1, 39).map((r) => r.districtCode);
    expect(middle).toEqual([...middle].sort());
    expect(rows.slice(39).map((r) => r.districtCode)).toEqual([B, C]);
    expect(row(C).reasons).toHaveLength(9);
    expect(row(C).reasons.find((r: any) => r.targetId === 'major-stock-cleared-2024')).toMatchObject({ status: 'missed', actual: 1, threshold: 0 });
    expect(row(OTHER).reasons.find((r: any) => r.targetId === 'self-inspection-2024')).toMatchObject({ status: 'no_data', actual: null, threshold: 1 });
  });

  it('refuses a bad query with 400 and names the parameter', async () => {
    for (const [path, param] of [
      ['/api/v1/targets', 'year'],
      ['/api/v1/targets?year=24', 'year'],
      ['/api/v1/scoreboard?year=2024&groupBy=district', 'groupBy'],
      ['/api/v1/targets?year=2024&color=red', 'color'],
      ['/api/v1/scoreboard?year=2024&minPosition=-1', 'minPosition'],
    ] as const) {
      const res = await http(url, 'GET', path);
      expect([path, res.status, res.body.error]).toEqual([path, 400, 'validation']);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(param);
    }
  });

  it('a year without targets lists none and ties every district at rank 1', async () => {
    expect((await targets(2023)).items).toEqual([]);
    const res = await http(url, 'GET', '/api/v1/scoreboard?year=2023');
    expect(res.status).toBe(200);
    expect(res.body.rows.every((r: { rank: number; reasons: unknown[] }) => r.rank === 1 && r.reasons.length === 0)).toBe(true);
  });
});
