/**
 * The drill figures' facts projector, one test per event type it handles (STYLE 7), and a replay
 * that changes nothing.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { DrillFiguresProjection } from './drill-figures.projection.js';
import { DrillFigureDrill, DrillFigureEnterprise } from './drill-figures.entities.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestDrill } from '../testing/drill-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

describe('DrillFiguresProjection (declaration)', () => {
  it('reads drills, registrations and closures', () => {
    expect([...new DrillFiguresProjection().eventTypes].sort()).toEqual(['DrillHeld', 'EnterpriseClosed', 'EnterpriseRegistered']);
  });
});

describe.each(testBackends())('DrillFiguresProjection ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new DrillFiguresProjection()], new RecordingLogger());
  });
  afterAll(async () => {
    await t?.close();
  });

  const enterpriseRow = async (uscc: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(DrillFigureEnterprise).findOneBy({ uscc });
  };
  const drillRows = async (uscc: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(DrillFigureDrill).find({ where: { enterpriseUscc: uscc }, order: { heldDate: 'ASC' } });
  };

  it('EnterpriseRegistered records district, sector, flag and the CST registration date', async () => {
    const uscc = testUscc('500103', 1);
    // 2023-12-31T16:30Z is 2024-01-01 00:30 CST.
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'construction', registeredAt: '2023-12-31T16:30:00Z' });
    expect(await enterpriseRow(uscc)).toEqual({
      uscc, districtCode: '500103', sector: 'construction', highRisk: true, registeredDate: '2024-01-01', closedDate: null,
    });
  });

  it('EnterpriseRegistered keeps an explicit high-risk flag over the sector’s', async () => {
    const uscc = testUscc('500103', 2);
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'commerce_trade', highRisk: true, registeredAt: '2024-03-01T09:00:00+08:00' });
    expect(await enterpriseRow(uscc)).toMatchObject({ sector: 'commerce_trade', highRisk: true, registeredDate: '2024-03-01' });
  });

  it('EnterpriseClosed records the CST closing date', async () => {
    const uscc = testUscc('500103', 3);
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'commerce_trade', registeredAt: '2024-03-01T09:00:00+08:00' });
    // 2024-12-31T17:00Z is 2025-01-01 01:00 CST.
    await s.closeEnterprise(uscc, '2024-12-31T17:00:00Z', '注销');
    expect(await enterpriseRow(uscc)).toMatchObject({ closedDate: '2025-01-01' });
  });

  it('DrillHeld records the drill by stream and revision with its CST date, participants and the enterprise’s scope', async () => {
    const uscc = testUscc('500104', 4);
    await s.registerEnterprise({ uscc, districtCode: '500104', sector: 'hazardous_chemicals', registeredAt: '2024-03-01T09:00:00+08:00' });
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: the 2025 stream, dated 2025-01-01.
    await recordTestDrill(t.store, uscc, '2024-12-31T20:00:00Z', 80);
    await recordTestDrill(t.store, uscc, '2025-06-30T23:30:00+08:00', 95);
    const rows = await drillRows(uscc);
    expect(rows.map(({ drillId: _id, ...rest }) => rest)).toEqual([
      { streamId: `drill-${uscc}-2025`, revision: '0', enterpriseUscc: uscc, districtCode: '500104', sector: 'hazardous_chemicals', highRisk: true, heldDate: '2025-01-01', participants: 80 },
      { streamId: `drill-${uscc}-2025`, revision: '1', enterpriseUscc: uscc, districtCode: '500104', sector: 'hazardous_chemicals', highRisk: true, heldDate: '2025-06-30', participants: 95 },
    ]);
  });

  it('a replay of every event changes nothing', async () => {
    const before = await Promise.all([
      t.dataSource.getRepository(DrillFigureDrill).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      t.dataSource.getRepository(DrillFigureEnterprise).find({ order: { uscc: 'ASC' } }),
    ]);
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new DrillFiguresProjection().eventTypes.has(e.type));
    expect(mine.length).toBeGreaterThan(0);
    await t.dataSource.transaction((em) => new DrillFiguresProjection().apply(mine, em));
    const after = await Promise.all([
      t.dataSource.getRepository(DrillFigureDrill).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      t.dataSource.getRepository(DrillFigureEnterprise).find({ order: { uscc: 'ASC' } }),
    ]);
    expect(after).toEqual(before);
  });
});
