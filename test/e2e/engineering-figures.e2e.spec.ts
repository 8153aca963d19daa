/**
 * Safety engineering (三(七)20 安全工程治理) over real HTTP against the real app (embedded PGlite;
 * PostgreSQL too when TEST_DATABASE_URL is set): RecordElevatorSpotCheck
 * (`POST /api/v1/elevator-spot-checks`) and RecordEngineeringProgress (`POST /api/v1/engineering-progress`)
 * with their refusals, and the figures (`GET /api/v1/statistics/engineering`) against figures computed
 * by hand, with the plan's targets: elevators ≥ 1,000 a year, 8,000 km of life-protection road over 2024–2026.
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('safety engineering over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const D_A = '500104'; // 大渡口区
  const D_B = '500105'; // 江北区
  const EMPTY = '500106';
  const ALL_ITEMS = ['door_lock', 'emergency_alarm', 'intercom'];

  const spotCheck = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    http(url, 'POST', '/api/v1/elevator-spot-checks', { districtCode: D_A, elevators: 10, items: ALL_ITEMS, defectsFound: 0, checkedAt: '2025-03-01T09:00:00+08:00', ...body }, headers);
  const progress = (body: Record<string, unknown>) =>
    http(url, 'POST', '/api/v1/engineering-progress', { districtCode: D_A, project: 'hydrant', quantity: 1, areaSquareMetres: null, completedAt: '2025-03-01T09:00:00+08:00', ...body });
  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;
  const stats = (year: number) => http(url, 'GET', `/api/v1/statistics/engineering?groupBy=district&year=${year}&minPosition=${lastPosition}`);

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  let lastPosition = '0';

  it('records facts with 201 on the stream of the district and CST year', async () => {
    // 2024-12-31T20:00:00Z is 2025-01-01 04:00 CST: the 2025 stream.
    const first = await spotCheck({ elevators: 600, defectsFound: 12, checkedAt: '2024-12-31T20:00:00Z' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      streamId: `engineering-${D_A}-2025`, streamRevision: '0', position: expect.stringMatching(/^\d+$/), checkId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const facts: [string, Record<string, unknown>][] = [
      ['check', { districtCode: D_B, elevators: 400, defectsFound: 400, items: ['intercom'], checkedAt: '2025-06-01T10:00:00+08:00' }],
      // 2024-12-31T15:59:59Z is 2024-12-31 23:59:59 CST: 2024.
      ['check', { elevators: 999, defectsFound: 5, checkedAt: '2024-12-31T15:59:59Z' }],
      ['progress', { project: 'life_protection_road', quantity: 2_500_250, completedAt: '2024-05-01T09:00:00+08:00' }],
      ['progress', { districtCode: D_B, project: 'life_protection_road', quantity: 5_499_749, completedAt: '2025-05-01T09:00:00+08:00' }],
      ['progress', { project: 'old_community_renovation', quantity: 1_835, areaSquareMetres: 41_859_999, completedAt: '2024-09-01T09:00:00+08:00' }],
      ['progress', { districtCode: D_B, project: 'rural_dangerous_bridge', quantity: 36, completedAt: '2024-10-01T09:00:00+08:00' }],
      ['progress', { project: 'reservoir_reinforcement', quantity: 115, completedAt: '2024-12-31T20:00:00Z' }],
      ['progress', { project: 'hydrant', quantity: 250, completedAt: '2025-07-01T09:00:00+08:00' }],
      ['progress', { districtCode: D_B, project: 'self_built_housing', quantity: 9, completedAt: '2025-08-01T09:00:00+08:00' }],
    ];
    for (const [kind, body] of facts) {
      const res = kind === 'check' ? await spotCheck(body) : await progress(body);
      expect(res.status).toBe(201);
      lastPosition = res.body.position;
    }
    const history = await http(url, 'GET', `/api/v1/audit/streams/engineering-${D_A}-2025`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['ElevatorSpotChecked', 'EngineeringProgressRecorded', 'EngineeringProgressRecorded']);
  });

  it('computes 2025 by hand: exactly 1,000 elevators meets, the road metres summed exactly over 2024–2025', async () => {
    const res = await stats(2025);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ groupBy: 'district', year: 2025, position: expect.stringMatching(/^\d+$/) });
    expect(res.body.rows).toHaveLength(42);
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // D_A 2025: 600 elevators (12 defects) at 2025-01-01 04:00 CST; 115 reservoirs at 2025-01-01 04:00 CST; 250 hydrants.
    expect(row(D_A)).toEqual({
      key: D_A, name: '大渡口区', elevatorsChecked: 600, elevatorDefects: 12, oldCommunities: 0, oldCommunityAreaSquareMetres: 0,
      ruralDangerousBridges: 0, lifeProtectionRoadMetres: 0, reservoirsReinforced: 115, hydrantsBuilt: 250, selfBuiltHousingBuildings: 0,
    });
    // D_B 2025: 400 elevators, all 400 defective; 5,499,749 m of road; 9 buildings.
    expect(row(D_B)).toMatchObject({ elevatorsChecked: 400, elevatorDefects: 400, lifeProtectionRoadMetres: 5_499_749, selfBuiltHousingBuildings: 9 });
    expect(row(EMPTY)).toMatchObject({ elevatorsChecked: 0, elevatorDefects: 0, lifeProtectionRoadMetres: 0, hydrantsBuilt: 0 });
    // elevators 600 + 400 = 1,000 ≥ 1,000: met. Roads 2024–2025: 2,500,250 + 5,499,749 = 7,999,999 m < 8,000,000: not met
    // (7,999.999 km: a float sum of km would risk rounding to 8,000). Reservoirs 115 ≥ 115: met.
    expect(res.body.cityTotals).toEqual({
      elevatorsChecked: { value: 1000, target: 1000, met: true },
      elevatorDefects: 412,
      oldCommunities: { value: 0, target: null, met: null },
      oldCommunityAreaSquareMetres: { value: 0, target: null, met: null },
      ruralDangerousBridges: { value: 0, target: null, met: null },
      lifeProtectionRoadMetres: { value: 5_499_749, threeYearValue: 7_999_999, target: 8_000_000, met: false },
      reservoirsReinforced: { value: 115, target: 115, met: true },
      hydrantsBuilt: { value: 250, target: null, met: null },
      selfBuiltHousingBuildings: { value: 9, target: null, met: null },
    });
  });

  it('computes 2024 by hand: 999 elevators do not meet; the facts at 2024-12-31T20:00Z are not in it', async () => {
    const res = await stats(2024);
    // elevators 999 (the 600 at 2024-12-31T20:00Z count in 2025); communities 1,835 = 1,835 met; m² 41,859,999 < 41,860,000 not met;
    // bridges 36 met; roads 2,500,250 m in 2024; reservoirs (115 at 2025-01-01 CST) not in 2024.
    expect(res.body.cityTotals).toEqual({
      elevatorsChecked: { value: 999, target: 1000, met: false },
      elevatorDefects: 5,
      oldCommunities: { value: 1835, target: 1835, met: true },
      oldCommunityAreaSquareMetres: { value: 41_859_999, target: 41_860_000, met: false },
      ruralDangerousBridges: { value: 36, target: 36, met: true },
      lifeProtectionRoadMetres: { value: 2_500_250, threeYearValue: 2_500_250, target: 8_000_000, met: false },
      reservoirsReinforced: { value: 0, target: null, met: null },
      hydrantsBuilt: { value: 0, target: null, met: null },
      selfBuiltHousingBuildings: { value: 0, target: null, met: null },
    });
    expect(res.body.rows.find((r: { key: string }) => r.key === D_A)).toMatchObject({ elevatorsChecked: 999, oldCommunities: 1835, oldCommunityAreaSquareMetres: 41_859_999 });
  });

  it('meets the three-year road target with one more metre in 2026', async () => {
    const res = await progress({ districtCode: D_B, project: 'life_protection_road', quantity: 1, completedAt: '2026-01-02T09:00:00+08:00' });
    expect(res.status).toBe(201);
    lastPosition = res.body.position;
    const y2026 = await stats(2026);
    // 7,999,999 + 1 = 8,000,000 m = 8,000 km over 2024–2026: met.
    expect(y2026.body.cityTotals.lifeProtectionRoadMetres).toEqual({ value: 1, threeYearValue: 8_000_000, target: 8_000_000, met: true });
  });

  it('answers 422 for more defects than elevators, an unknown district, an area on a project without one, and a missing area', async () => {
    for (const [res, code] of [
      [await spotCheck({ elevators: 5, defectsFound: 6 }), 'defects_exceed_elevators'],
      [await spotCheck({ districtCode: '999999' }), 'unknown_district'],
      [await progress({ areaSquareMetres: 100 }), 'area_not_applicable'],
      [await progress({ project: 'old_community_renovation' }), 'area_required'],
      [await spotCheck({ checkedAt: '2099-01-01T00:00:00+08:00' }), 'occurred_in_future'],
    ] as const) {
      expect(res.status).toBe(422);
      expect(res.body.error).toBe(code);
    }
    expect(await eventsOf('engineering-999999-2025')).toBe(0);
    expect(await eventsOf(`engineering-${D_A}-2025`)).toBe(3);
  });

  it.each([
    ['an empty items list', { items: [] }, 'items'],
    ['an unknown item', { items: ['brakes'] }, 'items'],
    ['a repeated item', { items: ['door_lock', 'door_lock'] }, 'items'],
    ['elevators 0', { elevators: 0 }, 'elevators'],
    ['elevators as a string', { elevators: '10' }, 'elevators'],
    ['negative defects', { defectsFound: -1 }, 'defectsFound'],
    ['a time without offset', { checkedAt: '2025-03-01T09:00:00' }, 'checkedAt'],
    ['an unknown field', { inspector: '张三' }, 'inspector'],
  ])('answers 400 to a spot check with %s, appending nothing', async (_what, change, path) => {
    const res = await spotCheck(change);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await eventsOf(`engineering-${D_A}-2025`)).toBe(3);
  });

  it.each([
    ['an unknown project', { project: 'tunnel' }, 'project'],
    ['quantity 0', { quantity: 0 }, 'quantity'],
    ['fractional kilometres', { project: 'life_protection_road', quantity: 1.5 }, 'quantity'],
    ['a missing area', { areaSquareMetres: undefined }, 'areaSquareMetres'],
    ['an area as a string', { project: 'old_community_renovation', areaSquareMetres: '100' }, 'areaSquareMetres'],
  ])('answers 400 to progress with %s', async (_what, change, path) => {
    const res = await progress(change);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('answers a retried Idempotency-Key with the first response, appending nothing', async () => {
    const key = randomUUID();
    const first = await spotCheck({ checkedAt: '2023-03-01T10:00:00+08:00' }, { 'Idempotency-Key': key });
    const again = await spotCheck({ checkedAt: '2023-03-01T10:00:00+08:00' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(`engineering-${D_A}-2023`)).toBe(1);
  });

  it('answers 400 for groupBy=sector (these facts have no sector) and bad parameters', async () => {
    const sector = await http(url, 'GET', '/api/v1/statistics/engineering?groupBy=sector&year=2025');
    expect(sector.status).toBe(400);
    expect(sector.body.details).toEqual([{ path: 'groupBy', message: expect.stringContaining('no sector') }]);
    for (const q of ['groupBy=city&year=2025', 'groupBy=district&year=25', 'groupBy=district', 'groupBy=district&year=2025&project=hydrant']) {
      const res = await http(url, 'GET', `/api/v1/statistics/engineering?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation');
    }
  });

  it('documents the routes and the figures in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/elevator-spot-checks', '/api/v1/engineering-progress', '/api/v1/statistics/engineering']),
    );
    expect(docs.body.paths['/api/v1/statistics/engineering'].get.description).toContain('threeYearValue');
  });
});
