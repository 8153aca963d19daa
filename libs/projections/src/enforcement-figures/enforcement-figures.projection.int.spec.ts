/**
 * The enforcement figures' facts projector, one test per event type it handles (STYLE 7), and a
 * replay that changes nothing.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { EnforcementFiguresProjection } from './enforcement-figures.projection.js';
import { EnforcementFigureAction, EnforcementFigureInspection } from './enforcement-figures.entities.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestAction, recordTestInspection } from '../testing/supervision-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

describe('EnforcementFiguresProjection (declaration)', () => {
  it('reads inspections and enforcement actions', () => {
    expect([...new EnforcementFiguresProjection().eventTypes].sort()).toEqual(['EnforcementActionRecorded', 'SupervisoryInspectionRecorded']);
  });
});

describe.each(testBackends())('EnforcementFiguresProjection ($name)', ({ open }) => {
  let t: TestStore;
  let runner: ProjectionRunner;
  const uscc = testUscc('500103', 1);

  beforeAll(async () => {
    t = await open();
    await new HazardScenario(t.store).registerEnterprise({ uscc, districtCode: '500103', sector: 'construction', registeredAt: '2020-01-01T09:00:00+08:00' });
    runner = new ProjectionRunner(t.store, t.dataSource, [new EnforcementFiguresProjection()], new RecordingLogger());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('SupervisoryInspectionRecorded records the inspection by stream and revision with its CST date, method and level', async () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: the 2025 stream, dated 2025-01-01.
    await recordTestInspection(t.store, { districtCode: '500103', uscc, method: 'four_no_two_direct', inspectedAt: '2024-12-31T20:00:00Z' });
    await recordTestInspection(t.store, { districtCode: '500103', uscc: null, sector: 'hazardous_chemicals', method: 'special_supervision', level: 'district_on_sector', inspectedAt: '2025-02-01T09:00:00+08:00' });
    await runner.catchUp();
    const rows = await t.dataSource.getRepository(EnforcementFigureInspection).find({ order: { revision: 'ASC' } });
    expect(rows.map(({ inspectionId: _id, ...rest }) => rest)).toEqual([
      { streamId: 'supervision-500103-2025', revision: '0', districtCode: '500103', sector: 'construction', method: 'four_no_two_direct', specialSupervisionLevel: null, inspectedDate: '2025-01-01' },
      { streamId: 'supervision-500103-2025', revision: '1', districtCode: '500103', sector: 'hazardous_chemicals', method: 'special_supervision', specialSupervisionLevel: 'district_on_sector', inspectedDate: '2025-02-01' },
    ]);
  });

  it('EnforcementActionRecorded records the action with its kind, amount in fen and CST date', async () => {
    // 2025-03-01T16:30Z is 2025-03-02 00:30 CST.
    await recordTestAction(t.store, { uscc, kind: 'fine', amountFen: 9_007_199_254_740_991, decidedAt: '2025-03-01T16:30:00Z' });
    await runner.catchUp();
    const rows = await t.dataSource.getRepository(EnforcementFigureAction).find();
    expect(rows.map(({ actionId: _id, ...rest }) => rest)).toEqual([
      { streamId: 'supervision-500103-2025', revision: '2', districtCode: '500103', sector: 'construction', kind: 'fine', amountFen: '9007199254740991', decidedDate: '2025-03-02' },
    ]);
  });

  it('a replay of every event changes nothing', async () => {
    const read = () => Promise.all([
      t.dataSource.getRepository(EnforcementFigureInspection).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      t.dataSource.getRepository(EnforcementFigureAction).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
    ]);
    const before = await read();
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new EnforcementFiguresProjection().eventTypes.has(e.type));
    expect(mine).toHaveLength(3);
    await t.dataSource.transaction((em) => new EnforcementFiguresProjection().apply(mine, em));
    expect(await read()).toEqual(before);
  });
});
