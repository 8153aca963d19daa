/**
 * Rescue capacity over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): EstablishRescueTeam (`POST /api/v1/rescue-teams`), DistributeEquipment
 * (`POST /api/v1/rescue-equipment-distributions`) with their refusals, and the rescue figures
 * (`GET /api/v1/statistics/rescue`) against figures computed by hand — plan 三(五)14.
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('rescue capacity over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const DISTRICT = '500107'; // 九龙坡区
  const EMPTY_DISTRICT = '500108';
  const team = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    http(url, 'POST', '/api/v1/rescue-teams', { districtCode: DISTRICT, members: 20, ...body }, headers);
  const distribute = (sets: number, distributedAt: string, headers: Record<string, string> = {}) =>
    http(url, 'POST', '/api/v1/rescue-equipment-distributions', { districtCode: DISTRICT, sets, recipientLevel: 'village', distributedAt }, headers);
  const eventsOf = async (streamId: string) => (await http(url, 'GET', `/api/v1/audit/streams/${streamId}`)).body.events?.length ?? 0;
  const stats = async (groupBy: string, year: number) => {
    const res = await http(url, 'GET', `/api/v1/statistics/rescue?groupBy=${groupBy}&year=${year}&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    return res;
  };
  let lastPosition = '0';

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  // In 九龙坡区:
  //   district team 2024-05-01; township 甲镇 at 2024-12-31T20:00:00Z (= 2025-01-01 04:00 CST);
  //   village station 甲村 2025-03-01; sector_professional hazardous_chemicals 2025-06-01.
  //   Equipment: 300 sets 2024-06-01, 200 sets 2024-12-31T16:00:00Z (= 2025-01-01 CST), 50 sets 2025-07-01.
  it('establishes teams and distributes equipment with 201, on rescue-{districtCode}', async () => {
    const first = await team({ level: 'district', establishedAt: '2024-05-01T09:00:00+08:00' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ streamId: `rescue-${DISTRICT}`, streamRevision: '0', position: expect.stringMatching(/^\d+$/), teamId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    for (const body of [
      { level: 'township', unitRef: '甲镇', establishedAt: '2024-12-31T20:00:00Z' },
      { level: 'village_station', unitRef: '甲镇甲村', establishedAt: '2025-03-01T09:00:00+08:00', members: 8 },
      { level: 'sector_professional', sector: 'hazardous_chemicals', establishedAt: '2025-06-01T09:00:00+08:00' },
    ]) {
      expect((await team(body)).status).toBe(201);
    }
    for (const [sets, at] of [[300, '2024-06-01T09:00:00+08:00'], [200, '2024-12-31T16:00:00Z'], [50, '2025-07-01T09:00:00+08:00']] as const) {
      const res = await distribute(sets, at);
      expect(res.status).toBe(201);
      expect(res.body.distributionId).toMatch(/^[0-9a-f-]{36}$/);
      lastPosition = res.body.position;
    }
    const history = await http(url, 'GET', `/api/v1/audit/streams/rescue-${DISTRICT}`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'RescueTeamEstablished', 'RescueTeamEstablished', 'RescueTeamEstablished', 'RescueTeamEstablished',
      'EquipmentDistributed', 'EquipmentDistributed', 'EquipmentDistributed',
    ]);
    expect(history.body.events[3].data).toMatchObject({ level: 'sector_professional', sector: 'hazardous_chemicals', unitRef: null, members: 20 });
  });

  it('refuses a duplicate team with 409 team_exists, appending nothing', async () => {
    const dup = await team({ level: 'township', unitRef: '甲镇', establishedAt: '2025-02-01T09:00:00+08:00' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toBe('team_exists');
    const dupSector = await team({ level: 'sector_professional', sector: 'hazardous_chemicals', establishedAt: '2025-02-01T09:00:00+08:00' });
    expect(dupSector.status).toBe(409);
    expect(await eventsOf(`rescue-${DISTRICT}`)).toBe(7);
  });

  it('2024 by district: the township team of 2024-12-31T20:00Z is not counted; 300 sets', async () => {
    const res = await stats('district', 2024);
    expect(res.body).toMatchObject({ groupBy: 'district', year: 2024 });
    expect(res.body.rows).toHaveLength(41);
    const keys = res.body.rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual([...keys].sort());
    const row = res.body.rows.find((r: { key: string }) => r.key === DISTRICT);
    // district 1; 甲镇 is 2025-01-01 CST; sets 300 (the 200 at 2024-12-31T16:00Z are 2025-01-01 CST)
    expect(row).toMatchObject({
      name: '九龙坡区',
      teamsByLevel: { city: 0, district: 1, township: 0, village_station: 0, sector_professional: 0 },
      villageStations: 0, professionalTeams: 0, equipmentSetsDistributed: 300,
      // 九龙坡区 in the reference data (NBS 2023): 19 townships, 219 villages; no team of those levels yet → 0
      townshipsRequired: 19, villagesRequired: 219, villageStationRate: 0, professionalTeamRate: null, townshipTeamRate: 0,
    });
    expect(row.note).toContain('professionalTeamsRequired');
  });

  it('2025 by district: teams cumulative by the cut (甲镇 counts), sets of 2025 summed', async () => {
    const res = await stats('district', 2025);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    // district 1, township 1, village station 1, professional 1; sets 200 + 50 = 250
    expect(row(DISTRICT)).toMatchObject({
      teamsByLevel: { city: 0, district: 1, township: 1, village_station: 1, sector_professional: 1 },
      villageStations: 1, professionalTeams: 1, equipmentSetsDistributed: 250,
      townshipTeamRate: 1 / 19, villageStationRate: 1 / 219, professionalTeamRate: null,
    });
    // 南岸区 (500108): 15 townships, 153 villages, no teams → rates 0
    expect(row(EMPTY_DISTRICT)).toMatchObject({
      teamsByLevel: { city: 0, district: 0, township: 0, village_station: 0, sector_professional: 0 }, equipmentSetsDistributed: 0, villageStationRate: 0, townshipTeamRate: 0,
    });
  });

  it('by sector: the sector_professional team counts in its sector row, sets null', async () => {
    const res = await stats('sector', 2025);
    const sectors = await http(url, 'GET', '/api/v1/reference/sectors');
    expect(res.body.rows).toHaveLength(sectors.body.items.length);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    expect(row('hazardous_chemicals')).toMatchObject({ teamsByLevel: { city: 0, district: 0, township: 0, village_station: 0, sector_professional: 1 }, professionalTeams: 1, equipmentSetsDistributed: null });
    expect(row('coal_mine')).toMatchObject({ professionalTeams: 0, villageStations: 0 });
  });

  it('answers a retried Idempotency-Key with the first response, appending nothing', async () => {
    const key = randomUUID();
    const first = await distribute(10, '2024-03-01T10:00:00+08:00', { 'Idempotency-Key': key });
    const again = await distribute(10, '2024-03-01T10:00:00+08:00', { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await eventsOf(`rescue-${DISTRICT}`)).toBe(8);
  });

  it.each([
    ['members 0', '/api/v1/rescue-teams', { level: 'district', members: 0 }, 'members'],
    ['members as a string', '/api/v1/rescue-teams', { level: 'district', members: '3' }, 'members'],
    ['an unknown level', '/api/v1/rescue-teams', { level: 'provincial' }, 'level'],
    ['an unknown field', '/api/v1/rescue-teams', { level: 'district', leader: '张三' }, 'leader'],
    ['sets 0', '/api/v1/rescue-equipment-distributions', { sets: 0, recipientLevel: 'village' }, 'sets'],
    ['an unknown recipient level', '/api/v1/rescue-equipment-distributions', { sets: 5, recipientLevel: 'household' }, 'recipientLevel'],
  ])('answers 400 for %s', async (_what, path, change, field) => {
    const base = path.endsWith('teams') ? { districtCode: DISTRICT, members: 5, establishedAt: '2025-03-01T09:00:00+08:00' } : { districtCode: DISTRICT, distributedAt: '2025-03-01T09:00:00+08:00' };
    const res = await http(url, 'POST', path, { ...base, ...change });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('answers 422 for broken rules, appending nothing', async () => {
    for (const [body, code] of [
      [{ level: 'district', districtCode: '110101', establishedAt: '2025-03-01T09:00:00+08:00' }, 'unknown_district'],
      [{ level: 'sector_professional', sector: 'mars', establishedAt: '2025-03-01T09:00:00+08:00' }, 'unknown_sector'],
      [{ level: 'sector_professional', establishedAt: '2025-03-01T09:00:00+08:00' }, 'sector_required'],
      [{ level: 'township', establishedAt: '2025-03-01T09:00:00+08:00' }, 'unit_required'],
      [{ level: 'city', unitRef: '甲镇', establishedAt: '2025-03-01T09:00:00+08:00' }, 'unit_not_allowed'],
      [{ level: 'city', establishedAt: '2099-03-01T09:00:00+08:00' }, 'occurred_in_future'],
    ] as const) {
      const res = await team(body);
      expect([res.status, res.body.error]).toEqual([422, code]);
    }
    expect(await eventsOf(`rescue-${DISTRICT}`)).toBe(8);
  });

  it('answers 400 for bad statistics parameters', async () => {
    for (const q of ['groupBy=city&year=2025', 'groupBy=district', 'groupBy=district&year=2025&level=x']) {
      const res = await http(url, 'GET', `/api/v1/statistics/rescue?${q}`);
      expect(res.status).toBe(400);
    }
  });

  it('documents the routes and the figures in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/rescue-teams', '/api/v1/rescue-equipment-distributions', '/api/v1/statistics/rescue']));
    expect(docs.body.paths['/api/v1/statistics/rescue'].get.description).toContain('villageStations');
  });
});
