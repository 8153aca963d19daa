/**
 * The inspection figures' facts projector, one test per event type it handles (STYLE 7), and a
 * replay that changes nothing.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { InspectionFiguresProjection } from './inspection-figures.projection.js';
import { InspectionFigureEnterprise, InspectionFigureInspection } from './inspection-figures.entities.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestInspection } from '../testing/inspection-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

describe('InspectionFiguresProjection (declaration)', () => {
  it('reads self-inspections, registrations and closures', () => {
    expect([...new InspectionFiguresProjection().eventTypes].sort()).toEqual(['EnterpriseClosed', 'EnterpriseRegistered', 'SelfInspectionRecorded']);
  });
});

describe.each(testBackends())('InspectionFiguresProjection ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new InspectionFiguresProjection()], new RecordingLogger());
  });
  afterAll(async () => {
    await t?.close();
  });

  const enterpriseRow = async (uscc: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(InspectionFigureEnterprise).findOneBy({ uscc });
  };
  const inspectionRows = async (uscc: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(InspectionFigureInspection).find({ where: { enterpriseUscc: uscc }, order: { inspectedDate: 'ASC' } });
  };

  it('EnterpriseRegistered records district, sector, flag and the CST registration date', async () => {
    const uscc = testUscc('500103', 1);
    // 2023-12-31T16:30Z is 2024-01-01 00:30 CST.
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'construction', registeredAt: '2023-12-31T16:30:00Z' });
    expect(await enterpriseRow(uscc)).toEqual({
      uscc, districtCode: '500103', sector: 'construction', highRisk: true, registeredDate: '2024-01-01', closedDate: null,
    });
  });

  it('EnterpriseClosed records the CST closing date', async () => {
    const uscc = testUscc('500103', 2);
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'commerce_trade', registeredAt: '2024-03-01T09:00:00+08:00' });
    // 2024-12-31T17:00Z is 2025-01-01 01:00 CST.
    await s.closeEnterprise(uscc, '2024-12-31T17:00:00Z', '注销');
    expect(await enterpriseRow(uscc)).toMatchObject({ highRisk: false, closedDate: '2025-01-01' });
  });

  it('SelfInspectionRecorded records the inspection by stream and revision with its CST date, level, hazards found and the enterprise’s scope', async () => {
    const uscc = testUscc('500104', 3);
    await s.registerEnterprise({ uscc, districtCode: '500104', sector: 'hazardous_chemicals', registeredAt: '2024-03-01T09:00:00+08:00' });
    const { hazardId: h1 } = await s.reportHazard({ uscc, discoveredAt: '2025-03-31T10:00:00+08:00' });
    const { hazardId: h2 } = await s.reportHazard({ uscc, discoveredAt: '2025-03-31T10:00:00+08:00' });
    // 2025-03-31T16:30Z is 2025-04-01 00:30 CST.
    await recordTestInspection(t.store, uscc, 'principal_led', '2025-03-31T16:30:00Z', [h1, h2]);
    await recordTestInspection(t.store, uscc, 'team_daily', '2025-05-01T08:00:00+08:00');
    const rows = await inspectionRows(uscc);
    expect(rows.map(({ inspectionId: _id, ...rest }) => rest)).toEqual([
      { streamId: `inspection-${uscc}-2025`, revision: '0', enterpriseUscc: uscc, districtCode: '500104', sector: 'hazardous_chemicals', highRisk: true, level: 'principal_led', inspectedDate: '2025-04-01', hazardsFound: 2 },
      { streamId: `inspection-${uscc}-2025`, revision: '1', enterpriseUscc: uscc, districtCode: '500104', sector: 'hazardous_chemicals', highRisk: true, level: 'team_daily', inspectedDate: '2025-05-01', hazardsFound: 0 },
    ]);
  });

  it('a replay of every event changes nothing', async () => {
    const read = () => Promise.all([
      t.dataSource.getRepository(InspectionFigureInspection).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      t.dataSource.getRepository(InspectionFigureEnterprise).find({ order: { uscc: 'ASC' } }),
    ]);
    const before = await read();
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new InspectionFiguresProjection().eventTypes.has(e.type));
    expect(mine.length).toBeGreaterThan(0);
    await t.dataSource.transaction((em) => new InspectionFiguresProjection().apply(mine, em));
    expect(await read()).toEqual(before);
  });
});
