/**
 * The engineering figures on PGlite and PostgreSQL: the projector, one test per event type it
 * handles (STYLE 7) and a replay that changes nothing, and the statistics against figures computed
 * by hand (plan 三(七)20): CST years, exact metre sums, the targets' `met` at their boundaries.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand } from '#command-handling';
import {
  engineeringDecider,
  engineeringEventOccurredAt,
  engineeringStreamId,
  type EngineeringProject,
  type RecordElevatorSpotCheck,
  type RecordEngineeringProgress,
} from '#domain';
import type { EventStore } from '#event-store';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { TEST_CITY_ADMIN } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { EngineeringElevatorCheck, EngineeringProgress } from './engineering-figures.entities.js';
import { EngineeringFiguresProjection } from './engineering-figures.projection.js';
import { engineeringTargets, queryEngineeringStatistics } from './engineering-statistics.query.js';

const D1 = '500101';
const D2 = '500102';
const D3 = '500103';
const GROUPS = [{ code: D1, name: '万州区' }, { code: D2, name: '涪陵区' }, { code: D3, name: '渝中区' }];
const reference = { districtCodes: new Set([D1, D2, D3]) };

async function spotCheck(store: EventStore, districtCode: string, checkedAt: string, elevators: number, defectsFound: number) {
  const command: RecordElevatorSpotCheck = {
    type: 'RecordElevatorSpotCheck',
    data: { checkId: randomUUID(), districtCode, elevators, items: ['door_lock'], defectsFound, checkedAt },
    reference,
    metadata: { actor: TEST_CITY_ADMIN, now: checkedAt, correlationId: randomUUID(), causationId: null },
  };
  return handleCommand(store, { streamId: engineeringStreamId(districtCode, checkedAt), decider: engineeringDecider, command, occurredAt: engineeringEventOccurredAt });
}

async function progress(store: EventStore, districtCode: string, project: EngineeringProject, quantity: number, completedAt: string, areaSquareMetres: number | null = null) {
  const command: RecordEngineeringProgress = {
    type: 'RecordEngineeringProgress',
    data: { progressId: randomUUID(), districtCode, project, quantity, areaSquareMetres, completedAt },
    reference,
    metadata: { actor: TEST_CITY_ADMIN, now: completedAt, correlationId: randomUUID(), causationId: null },
  };
  return handleCommand(store, { streamId: engineeringStreamId(districtCode, completedAt), decider: engineeringDecider, command, occurredAt: engineeringEventOccurredAt });
}

describe('EngineeringFiguresProjection (declaration) and engineeringTargets', () => {
  it('reads spot checks and progress', () => {
    expect([...new EngineeringFiguresProjection().eventTypes].sort()).toEqual(['ElevatorSpotChecked', 'EngineeringProgressRecorded']);
  });

  it('sets the plan’s targets per year', () => {
    expect(engineeringTargets(2024)).toEqual({
      elevatorsChecked: 1000, oldCommunities: 1835, oldCommunityAreaSquareMetres: 41_860_000, ruralDangerousBridges: 36,
      lifeProtectionRoadMetres: 8_000_000, reservoirsReinforced: null,
    });
    expect(engineeringTargets(2025)).toMatchObject({ oldCommunities: null, ruralDangerousBridges: null, reservoirsReinforced: 115 });
    expect(engineeringTargets(2023)).toMatchObject({ elevatorsChecked: null, lifeProtectionRoadMetres: null });
  });
});

describe.each(testBackends())('engineering figures ($name)', ({ open }) => {
  let t: TestStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    runner = new ProjectionRunner(t.store, t.dataSource, [new EngineeringFiguresProjection()], new RecordingLogger());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ElevatorSpotChecked records the check by stream and revision with its CST date', async () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: the 2025 stream, dated 2025-01-01.
    await spotCheck(t.store, D1, '2024-12-31T20:00:00Z', 600, 12);
    await runner.catchUp();
    const rows = await t.dataSource.getRepository(EngineeringElevatorCheck).find();
    expect(rows.map(({ checkId: _id, ...rest }) => rest)).toEqual([
      { streamId: `engineering-${D1}-2025`, revision: '0', districtCode: D1, checkedDate: '2025-01-01', elevators: 600, defectsFound: 12 },
    ]);
  });

  it('EngineeringProgressRecorded records the quantity, area and CST date', async () => {
    await progress(t.store, D2, 'old_community_renovation', 5, '2024-06-30T16:30:00Z', 120_000);
    await runner.catchUp();
    const rows = await t.dataSource.getRepository(EngineeringProgress).find();
    expect(rows.map(({ progressId: _id, ...rest }) => rest)).toEqual([
      { streamId: `engineering-${D2}-2024`, revision: '0', districtCode: D2, project: 'old_community_renovation', quantity: 5, areaSquareMetres: 120_000, completedDate: '2024-07-01' },
    ]);
  });

  it('computes the figures by hand', async () => {
    // Facts (besides the two above: D1 600 elevators/12 defects on 2025-01-01 CST; D2 5 communities, 120,000 m² on 2024-07-01):
    await spotCheck(t.store, D2, '2025-05-01T09:00:00+08:00', 400, 0); // 2025: 600 + 400 = 1,000 elevators → met
    await spotCheck(t.store, D1, '2024-12-31T15:59:59Z', 999, 999); //   2024-12-31 23:59:59 CST: 2024 has 999 → not met
    await progress(t.store, D1, 'life_protection_road', 3_999_999, '2024-03-01T09:00:00+08:00');
    await progress(t.store, D2, 'life_protection_road', 1, '2025-03-01T09:00:00+08:00');
    await progress(t.store, D3, 'life_protection_road', 4_000_000, '2025-04-01T09:00:00+08:00');
    await progress(t.store, D3, 'rural_dangerous_bridge', 36, '2024-05-01T09:00:00+08:00');
    await progress(t.store, D1, 'reservoir_reinforcement', 114, '2025-06-01T09:00:00+08:00');
    await progress(t.store, D1, 'hydrant', 30, '2025-06-02T09:00:00+08:00');
    await progress(t.store, D2, 'self_built_housing', 7, '2025-06-03T09:00:00+08:00');
    await runner.catchUp();

    const y2025 = await queryEngineeringStatistics(t.dataSource, { year: 2025, groups: GROUPS });
    expect(y2025.rows.map((r) => r.key)).toEqual([D1, D2, D3]);
    expect(y2025.rows[0]).toEqual({
      key: D1, name: '万州区', elevatorsChecked: 600, elevatorDefects: 12, oldCommunities: 0, oldCommunityAreaSquareMetres: 0,
      ruralDangerousBridges: 0, lifeProtectionRoadMetres: 0, reservoirsReinforced: 114, hydrantsBuilt: 30, selfBuiltHousingBuildings: 0,
    });
    expect(y2025.rows[1]).toMatchObject({ elevatorsChecked: 400, elevatorDefects: 0, lifeProtectionRoadMetres: 1, selfBuiltHousingBuildings: 7, oldCommunities: 0 });
    expect(y2025.rows[2]).toMatchObject({ lifeProtectionRoadMetres: 4_000_000, ruralDangerousBridges: 0 });
    // 2025: elevators 1,000 ≥ 1,000 met; roads in 2025 4,000,001 m, 2024–2025 3,999,999 + 4,000,001 = 8,000,000 m ≥ 8,000,000 met;
    // reservoirs 114 < 115 not met.
    expect(y2025.cityTotals).toEqual({
      elevatorsChecked: { value: 1000, target: 1000, met: true },
      elevatorDefects: 12,
      oldCommunities: { value: 0, target: null, met: null },
      oldCommunityAreaSquareMetres: { value: 0, target: null, met: null },
      ruralDangerousBridges: { value: 0, target: null, met: null },
      lifeProtectionRoadMetres: { value: 4_000_001, threeYearValue: 8_000_000, target: 8_000_000, met: true },
      reservoirsReinforced: { value: 114, target: 115, met: false },
      hydrantsBuilt: { value: 30, target: null, met: null },
      selfBuiltHousingBuildings: { value: 7, target: null, met: null },
    });

    const y2024 = await queryEngineeringStatistics(t.dataSource, { year: 2024, groups: GROUPS });
    // 2024: 999 elevators (not met); 5 communities < 1,835, 120,000 m² < 41,860,000; 36 bridges = 36 met;
    // roads 3,999,999 m over 2024 alone: not met.
    expect(y2024.cityTotals).toMatchObject({
      elevatorsChecked: { value: 999, target: 1000, met: false },
      elevatorDefects: 999,
      oldCommunities: { value: 5, target: 1835, met: false },
      oldCommunityAreaSquareMetres: { value: 120_000, target: 41_860_000, met: false },
      ruralDangerousBridges: { value: 36, target: 36, met: true },
      lifeProtectionRoadMetres: { value: 3_999_999, threeYearValue: 3_999_999, target: 8_000_000, met: false },
    });
    expect(y2024.rows[1]).toMatchObject({ oldCommunities: 5, oldCommunityAreaSquareMetres: 120_000 });

    const y2023 = await queryEngineeringStatistics(t.dataSource, { year: 2023, groups: GROUPS });
    expect(y2023.cityTotals.lifeProtectionRoadMetres).toEqual({ value: 0, threeYearValue: null, target: null, met: null });
    expect(y2023.rows.every((r) => r.elevatorsChecked === 0)).toBe(true);
  });

  it('a replay of every event changes nothing', async () => {
    const read = () => Promise.all([
      t.dataSource.getRepository(EngineeringElevatorCheck).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      t.dataSource.getRepository(EngineeringProgress).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
    ]);
    const before = await read();
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new EngineeringFiguresProjection().eventTypes.has(e.type));
    expect(mine.length).toBe(11);
    await t.dataSource.transaction((em) => new EngineeringFiguresProjection().apply(mine, em));
    expect(await read()).toEqual(before);
  });
});
