/**
 * Safety publicity (安全宣传) over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): RecordLecture, RecordDemonstrationSite, RecordScienceHall with their
 * refusals, and the publicity figures (`GET /api/v1/statistics/publicity`) against figures computed by
 * hand — plan 三(八)22: 千师万讲 近万场, each district at least 5 new "五进" demonstration sites a year.
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('safety publicity over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const FIVE = '500104'; // 大渡口区: exactly 5 sites in 2025 → met
  const FOUR = '500105'; // 4 sites in 2025 → not met
  const EMPTY = '500106'; // nothing → zeros, not met

  const lecture = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    http(url, 'POST', '/api/v1/lectures', { districtCode: FIVE, topic: '安全生产讲座', audienceSize: 100, heldAt: '2025-03-01T09:00:00+08:00', ...body }, headers);
  const site = (body: Record<string, unknown>) =>
    http(url, 'POST', '/api/v1/demonstration-sites', { districtCode: FIVE, setting: 'school', name: '示范点', builtAt: '2025-03-01T09:00:00+08:00', ...body });
  const hall = (body: Record<string, unknown>) =>
    http(url, 'POST', '/api/v1/science-halls', { districtCode: FIVE, level: 'district', name: '应急科普体验馆', establishedAt: '2025-03-01T09:00:00+08:00', ...body });
  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  let lastPosition = '0';

  it('records lectures, sites and halls with 201 and their ids, on the stream of the district and CST year', async () => {
    // 2024-12-31T20:00:00Z is 2025-01-01 04:00 CST: the 2025 stream.
    const first = await lecture({ heldAt: '2024-12-31T20:00:00Z', audienceSize: 120, sector: 'hazardous_chemicals' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ streamId: `publicity-${FIVE}-2025`, streamRevision: '0', position: expect.stringMatching(/^\d+$/), lectureId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await lecture({ audienceSize: 80 })).status).toBe(201);
    expect((await lecture({ districtCode: FOUR, audienceSize: 30, sector: 'hazardous_chemicals', heldAt: '2025-06-01T09:00:00+08:00' })).status).toBe(201);
    for (const setting of ['enterprise', 'village', 'community', 'school', 'family']) {
      const res = await site({ setting });
      expect(res.status).toBe(201);
      expect(res.body.siteId).toMatch(/^[0-9a-f-]{36}$/);
    }
    for (let i = 0; i < 4; i++) expect((await site({ districtCode: FOUR, setting: 'village' })).status).toBe(201);
    const h = await hall({ level: 'township' });
    expect(h.status).toBe(201);
    expect(h.body.hallId).toMatch(/^[0-9a-f-]{36}$/);
    const last = await hall({ level: 'city', establishedAt: '2024-05-01T09:00:00+08:00' });
    expect(last.status).toBe(201);
    expect(last.body.streamId).toBe(`publicity-${FIVE}-2024`);
    lastPosition = last.body.position;
    const history = await http(url, 'GET', `/api/v1/audit/streams/publicity-${FIVE}-2025`);
    expect(history.body.events[0]).toMatchObject({ type: 'LectureHeld', data: { districtCode: FIVE, sector: 'hazardous_chemicals', audienceSize: 120 } });
  });

  it('computes the 2025 figures by hand: exactly 5 sites meet, 4 do not, an empty district is zeros and not met', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/publicity?groupBy=district&year=2025&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'district', year: 2025, position: expect.stringMatching(/^\d+$/) });
    expect(res.body.rows).toHaveLength(42); // 2025: the 41 units of the plan and 500157 (from 2025-11-06)
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // FIVE: lectures at 2024-12-31T20:00Z (2025-01-01 CST, 120) and 2025-03-01 (80) = 2, 200; sites one per setting = 5 ≥ 5;
    // halls by 2025-12-31: township (2025) and city (2024)
    expect(row(FIVE)).toEqual({
      key: FIVE, name: '大渡口区', lectures: 2, lectureAudience: 200, demonstrationSitesNew: 5,
      demonstrationSitesBySetting: { enterprise: 1, village: 1, community: 1, school: 1, family: 1 },
      demonstrationSitesTarget: 5, demonstrationSitesMet: true, scienceHallsByLevel: { city: 1, district: 0, township: 1, village: 0 },
    });
    // FOUR: 1 lecture (30), 4 village sites < 5
    expect(row(FOUR)).toMatchObject({ lectures: 1, lectureAudience: 30, demonstrationSitesNew: 4, demonstrationSitesMet: false });
    expect(row(EMPTY)).toMatchObject({
      lectures: 0, lectureAudience: 0, demonstrationSitesNew: 0, demonstrationSitesTarget: 5, demonstrationSitesMet: false,
      scienceHallsByLevel: { city: 0, district: 0, township: 0, village: 0 },
    });
    // 2 + 1 lectures city-wide; 近万场 target in 2025
    expect(res.body.cityTotals).toEqual({ lectures: 3, lectureTarget: 10000 });
  });

  it('counts the lecture at 2024-12-31T20:00:00Z in 2025, not 2024; 2024 has no lecture target', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/publicity?groupBy=district&year=2024&minPosition=${lastPosition}`);
    const row = res.body.rows.find((r: { key: string }) => r.key === FIVE);
    // 2024: no lectures, no sites; the city hall of 2024-05-01 only
    expect(row).toMatchObject({ lectures: 0, demonstrationSitesNew: 0, demonstrationSitesMet: false, scienceHallsByLevel: { city: 1, township: 0 } });
    expect(res.body.cityTotals).toEqual({ lectures: 0, lectureTarget: null });
  });

  it('groups by sector: only lectures with a sector; sites and halls zeros, target and met null', async () => {
    const res = await http(url, 'GET', `/api/v1/statistics/publicity?groupBy=sector&year=2025&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // 120 (FIVE) + 30 (FOUR); the 80-person lecture had no sector
    expect(row('hazardous_chemicals')).toMatchObject({ lectures: 2, lectureAudience: 150, demonstrationSitesNew: 0, demonstrationSitesTarget: null, demonstrationSitesMet: null });
    expect(row('coal_mine')).toMatchObject({ lectures: 0, lectureAudience: 0 });
    expect(res.body.cityTotals).toEqual({ lectures: 3, lectureTarget: 10000 });
  });

  it('answers a retried Idempotency-Key with the first response, appending nothing', async () => {
    const key = randomUUID();
    const body = { districtCode: EMPTY, heldAt: '2024-03-01T10:00:00+08:00' };
    const first = await lecture(body, { 'Idempotency-Key': key });
    const again = await lecture(body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(`publicity-${EMPTY}-2024`)).toBe(1);
  });

  it.each([
    ['lectures', { audienceSize: 0 }, 'audienceSize'],
    ['lectures', { audienceSize: '12' }, 'audienceSize'],
    ['lectures', { topic: '' }, 'topic'],
    ['lectures', { heldAt: '2025-03-01T09:00:00' }, 'heldAt'],
    ['lectures', { speaker: '张三' }, 'speaker'],
    ['demonstration-sites', { setting: 'office' }, 'setting'],
    ['demonstration-sites', { name: '' }, 'name'],
    ['science-halls', { level: 'province' }, 'level'],
    ['science-halls', { establishedAt: 'yesterday' }, 'establishedAt'],
  ])('answers 400 on %s for %p', async (route, change, path) => {
    const base: Record<string, Record<string, unknown>> = {
      lectures: { districtCode: EMPTY, topic: 't', audienceSize: 1, heldAt: '2025-03-01T09:00:00+08:00' },
      'demonstration-sites': { districtCode: EMPTY, setting: 'school', name: 'n', builtAt: '2025-03-01T09:00:00+08:00' },
      'science-halls': { districtCode: EMPTY, level: 'city', name: 'n', establishedAt: '2025-03-01T09:00:00+08:00' },
    };
    const res = await http(url, 'POST', `/api/v1/${route}`, { ...base[route], ...change });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await eventsOf(`publicity-${EMPTY}-2025`)).toBe(0);
  });

  it('answers 422 for an unknown district or sector, a blank name and a fact in the future', async () => {
    expect((await lecture({ districtCode: '999999' })).body.error).toBe('unknown_district');
    const sector = await lecture({ districtCode: EMPTY, sector: 'no_such_sector' });
    expect(sector.status).toBe(422);
    expect(sector.body.error).toBe('unknown_sector');
    const blank = await site({ districtCode: EMPTY, name: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.error).toBe('name_required');
    const future = await hall({ districtCode: EMPTY, establishedAt: '2099-03-01T09:00:00+08:00' });
    expect(future.status).toBe(422);
    expect(future.body.error).toBe('occurred_in_future');
    expect(await eventsOf(`publicity-${EMPTY}-2025`)).toBe(0);
  });

  it('answers 400 for bad statistics parameters', async () => {
    for (const q of ['groupBy=city&year=2025', 'groupBy=district', 'groupBy=district&year=2025&x=1']) {
      const res = await http(url, 'GET', `/api/v1/statistics/publicity?${q}`);
      expect(res.status).toBe(400);
    }
  });

  it('documents the routes and the figures in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/lectures', '/api/v1/demonstration-sites', '/api/v1/science-halls', '/api/v1/statistics/publicity']));
    expect(docs.body.paths['/api/v1/statistics/publicity'].get.description).toContain('demonstrationSitesMet');
  });
});
