/**
 * The rescue figures' projector (one test per event type it handles, a replay that changes nothing)
 * and the figures against figures computed by hand (plan 三(五)14), on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand } from '#command-handling';
import { rescueDecider, rescueEventOccurredAt, rescueStreamId, type RescueCommand } from '#domain';
import type { EventStore } from '#event-store';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { RescueFiguresProjection } from './rescue-figures.projection.js';
import { RescueFigureDistribution, RescueFigureTeam } from './rescue-figures.entities.js';
import { queryRescueStatistics, RESCUE_DENOMINATOR_NOTE } from './rescue-statistics.query.js';
import { TEST_CITY_ADMIN } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const D1 = '500101';
const D2 = '500102';
const DISTRICTS = [{ code: D1, name: '万州区' }, { code: D2, name: '涪陵区' }];
const SECTORS = [{ code: 'coal_mine', name: '煤矿' }, { code: 'hazardous_chemicals', name: '危险化学品' }];
const reference = { districtCodes: new Set([D1, D2]), sectorCodes: new Set(SECTORS.map((s) => s.code)) };
const LATER = '2026-11-29';

/** Runs one rescue command through handleCommand and the real decider, as city_admin at the fact's time. */
async function run(store: EventStore, command: Omit<RescueCommand, 'reference' | 'metadata'>, at: string): Promise<void> {
  await handleCommand(store, {
    streamId: rescueStreamId(command.data.districtCode),
    decider: rescueDecider,
    command: { ...command, reference, metadata: { actor: TEST_CITY_ADMIN, now: at, correlationId: randomUUID(), causationId: null } } as RescueCommand,
    occurredAt: rescueEventOccurredAt,
  });
}
const team = (store: EventStore, districtCode: string, level: string, establishedAt: string, extra: { sector?: string; unitRef?: string; members?: number } = {}) =>
  run(store, {
    type: 'EstablishRescueTeam',
    data: { teamId: randomUUID(), districtCode, level: level as 'city', sector: extra.sector ?? null, unitRef: extra.unitRef ?? null, members: extra.members ?? 20, establishedAt },
  } as Omit<RescueCommand, 'reference' | 'metadata'>, establishedAt);
const distribute = (store: EventStore, districtCode: string, sets: number, distributedAt: string) =>
  run(store, {
    type: 'DistributeEquipment',
    data: { distributionId: randomUUID(), districtCode, sets, recipientLevel: 'village', distributedAt },
  } as Omit<RescueCommand, 'reference' | 'metadata'>, distributedAt);

const zeroLevels = { city: 0, district: 0, township: 0, village_station: 0, sector_professional: 0 };
const nulls = {
  townshipsRequired: null, villagesRequired: null, professionalTeamsRequired: null,
  townshipTeamRate: null, villageStationRate: null, professionalTeamRate: null, note: RESCUE_DENOMINATOR_NOTE,
};

describe('RescueFiguresProjection (declaration)', () => {
  it('reads team establishments and equipment distributions', () => {
    expect([...new RescueFiguresProjection().eventTypes].sort()).toEqual(['EquipmentDistributed', 'RescueTeamEstablished']);
  });
});

describe.each(testBackends())('rescue figures ($name)', ({ open }) => {
  let t: TestStore;
  let runner: ProjectionRunner;

  // District D1 (D2 stays empty):
  //   district team        2024-05-01                                          → by the cut of 2024 and 2025
  //   township 甲镇        2024-12-31T20:00:00Z = 2025-01-01 04:00 CST          → 2025, not 2024
  //   township 乙镇        2024-12-31T15:59:59Z = 2024-12-31 23:59:59 CST       → 2024 and 2025
  //   village_station 甲村 2025-03-01
  //   sector_professional coal_mine 2025-06-01; hazardous_chemicals 2026-02-01 → not by the cut of 2025
  //   equipment 300 sets 2024-06-01, 200 sets 2024-12-31T16:00:00Z (= 2025-01-01 CST), 50 sets 2025-07-01
  beforeAll(async () => {
    t = await open();
    runner = new ProjectionRunner(t.store, t.dataSource, [new RescueFiguresProjection()], new RecordingLogger());
    await team(t.store, D1, 'district', '2024-05-01T09:00:00+08:00', { members: 80 });
    await team(t.store, D1, 'township', '2024-12-31T20:00:00Z', { unitRef: '甲镇', members: 30 });
    await team(t.store, D1, 'township', '2024-12-31T15:59:59Z', { unitRef: '乙镇' });
    await team(t.store, D1, 'village_station', '2025-03-01T09:00:00+08:00', { unitRef: '甲镇甲村', members: 8 });
    await team(t.store, D1, 'sector_professional', '2025-06-01T09:00:00+08:00', { sector: 'coal_mine' });
    await team(t.store, D1, 'sector_professional', '2026-02-01T09:00:00+08:00', { sector: 'hazardous_chemicals' });
    await distribute(t.store, D1, 300, '2024-06-01T09:00:00+08:00');
    await distribute(t.store, D1, 200, '2024-12-31T16:00:00Z');
    await distribute(t.store, D1, 50, '2025-07-01T09:00:00+08:00');
    await runner.catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('RescueTeamEstablished records the team by stream and revision with its CST date', async () => {
    const rows = await t.dataSource.getRepository(RescueFigureTeam).find({ where: { districtCode: D1 }, order: { revision: 'ASC' } });
    expect(rows.map(({ teamId: _id, ...rest }) => rest).slice(1, 3)).toEqual([
      { streamId: `rescue-${D1}`, revision: '1', districtCode: D1, level: 'township', sector: null, unitRef: '甲镇', members: 30, establishedDate: '2025-01-01' },
      { streamId: `rescue-${D1}`, revision: '2', districtCode: D1, level: 'township', sector: null, unitRef: '乙镇', members: 20, establishedDate: '2024-12-31' },
    ]);
    expect(rows[4]).toMatchObject({ level: 'sector_professional', sector: 'coal_mine', unitRef: null, establishedDate: '2025-06-01' });
  });

  it('EquipmentDistributed records the distribution with its CST date', async () => {
    const rows = await t.dataSource.getRepository(RescueFigureDistribution).find({ order: { revision: 'ASC' } });
    expect(rows.map(({ distributionId: _id, ...rest }) => rest)).toEqual([
      { streamId: `rescue-${D1}`, revision: '6', districtCode: D1, sets: 300, recipientLevel: 'village', distributedDate: '2024-06-01' },
      { streamId: `rescue-${D1}`, revision: '7', districtCode: D1, sets: 200, recipientLevel: 'village', distributedDate: '2025-01-01' },
      { streamId: `rescue-${D1}`, revision: '8', districtCode: D1, sets: 50, recipientLevel: 'village', distributedDate: '2025-07-01' },
    ]);
  });

  it('a replay of every event changes nothing', async () => {
    const read = () => Promise.all([
      t.dataSource.getRepository(RescueFigureTeam).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      t.dataSource.getRepository(RescueFigureDistribution).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
    ]);
    const before = await read();
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new RescueFiguresProjection().eventTypes.has(e.type));
    expect(mine).toHaveLength(9);
    await t.dataSource.transaction((em) => new RescueFiguresProjection().apply(mine, em));
    expect(await read()).toEqual(before);
  });

  const byDistrict = (year: number, today = LATER) => queryRescueStatistics(t.dataSource, { groupBy: 'district', year, today, groups: DISTRICTS });

  it('2024 by district: 甲镇 (2024-12-31T20:00Z) is not yet counted; 300 sets in 2024', async () => {
    expect(await byDistrict(2024)).toEqual([
      // district 1, township 乙镇 1; sets 300 (the 200 at 2024-12-31T16:00Z are 2025 in CST)
      { key: D1, name: '万州区', teamsByLevel: { ...zeroLevels, district: 1, township: 1 }, villageStations: 0, professionalTeams: 0, equipmentSetsDistributed: 300, ...nulls },
      { key: D2, name: '涪陵区', teamsByLevel: zeroLevels, villageStations: 0, professionalTeams: 0, equipmentSetsDistributed: 0, ...nulls },
    ]);
  });

  it('2025 by district: teams cumulative by the cut, sets of 2025 only', async () => {
    // district 1, townships 甲镇 乙镇 2, village station 1, professional coal_mine 1 (hazardous_chemicals is 2026); sets 200 + 50
    expect((await byDistrict(2025))[0]).toEqual({
      key: D1, name: '万州区', teamsByLevel: { ...zeroLevels, district: 1, township: 2, village_station: 1, sector_professional: 1 },
      villageStations: 1, professionalTeams: 1, equipmentSetsDistributed: 250, ...nulls,
    });
  });

  it('the current year cut: on 2025-05-15 the coal_mine team and the July sets are not yet in', async () => {
    expect((await byDistrict(2025, '2025-05-15'))[0]).toMatchObject({
      teamsByLevel: { ...zeroLevels, district: 1, township: 2, village_station: 1 }, professionalTeams: 0, equipmentSetsDistributed: 200,
    });
  });

  it('by sector: a professional team counts in its sector row; sets are null', async () => {
    const rows = await queryRescueStatistics(t.dataSource, { groupBy: 'sector', year: 2026, today: LATER, groups: SECTORS });
    expect(rows).toEqual([
      { key: 'coal_mine', name: '煤矿', teamsByLevel: { ...zeroLevels, sector_professional: 1 }, villageStations: 0, professionalTeams: 1, equipmentSetsDistributed: null, ...nulls },
      { key: 'hazardous_chemicals', name: '危险化学品', teamsByLevel: { ...zeroLevels, sector_professional: 1 }, villageStations: 0, professionalTeams: 1, equipmentSetsDistributed: null, ...nulls },
    ]);
  });

  it('the migration and the entities agree (no schema drift in rescue_figure_*)', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query).filter((q) => q.includes('rescue_figure'))).toEqual([]);
  });
});
