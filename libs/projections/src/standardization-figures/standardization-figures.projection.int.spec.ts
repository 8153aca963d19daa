/**
 * The standardization figures' facts projector, one test per event type it handles (STYLE 7), and a
 * replay that changes nothing.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { StandardizationFiguresProjection } from './standardization-figures.projection.js';
import { StandardizationFigureEnterprise, StandardizationFigureGrade } from './standardization-figures.entities.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

describe('StandardizationFiguresProjection (declaration)', () => {
  it('reads the four enterprise events', () => {
    expect([...new StandardizationFiguresProjection().eventTypes].sort()).toEqual([
      'EnterpriseClosed', 'EnterpriseRegistered', 'ResponsibilitySystemEstablished', 'StandardizationGraded',
    ]);
  });
});

describe.each(testBackends())('StandardizationFiguresProjection ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new StandardizationFiguresProjection()], new RecordingLogger());
  });
  afterAll(async () => {
    await t?.close();
  });

  const enterpriseRow = async (uscc: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(StandardizationFigureEnterprise).findOneBy({ uscc });
  };
  const gradeRows = async (uscc: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(StandardizationFigureGrade).find({ where: { uscc }, order: { revision: 'ASC' } });
  };

  it('EnterpriseRegistered records district, sector and the CST registration date', async () => {
    const uscc = testUscc('500103', 1);
    // 2023-12-31T16:30Z is 2024-01-01 00:30 CST.
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'construction', registeredAt: '2023-12-31T16:30:00Z' });
    expect(await enterpriseRow(uscc)).toEqual({
      uscc, districtCode: '500103', sector: 'construction', registeredDate: '2024-01-01', closedDate: null, responsibilityDate: null,
    });
  });

  it('StandardizationGraded records the grading by stream and revision, its CST date and validUntil', async () => {
    const uscc = testUscc('500103', 2);
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'hazardous_chemicals', registeredAt: '2020-01-01T09:00:00+08:00' });
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST: graded on 2025-01-01, valid through 2028-01-01.
    await s.gradeStandardization(uscc, 2, '2024-12-31T20:00:00Z');
    await s.gradeStandardization(uscc, 1, '2025-06-01T09:00:00+08:00');
    expect(await gradeRows(uscc)).toEqual([
      { streamId: `enterprise-${uscc}`, revision: '1', uscc, level: 2, gradedDate: '2025-01-01', validUntil: '2028-01-01' },
      { streamId: `enterprise-${uscc}`, revision: '2', uscc, level: 1, gradedDate: '2025-06-01', validUntil: '2028-06-01' },
    ]);
  });

  it('ResponsibilitySystemEstablished keeps the earliest CST establishment date', async () => {
    const uscc = testUscc('500103', 3);
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'commerce_trade', registeredAt: '2020-01-01T09:00:00+08:00' });
    // 2024-06-30T16:30Z is 2024-07-01 00:30 CST.
    await s.establishResponsibilitySystem(uscc, '2024-06-30T16:30:00Z', 12);
    expect(await enterpriseRow(uscc)).toMatchObject({ responsibilityDate: '2024-07-01' });
    await s.establishResponsibilitySystem(uscc, '2025-03-01T09:00:00+08:00', 15);
    expect(await enterpriseRow(uscc)).toMatchObject({ responsibilityDate: '2024-07-01' });
  });

  it('EnterpriseClosed records the CST closing date', async () => {
    const uscc = testUscc('500103', 4);
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'commerce_trade', registeredAt: '2020-01-01T09:00:00+08:00' });
    // 2024-12-31T17:00Z is 2025-01-01 01:00 CST.
    await s.closeEnterprise(uscc, '2024-12-31T17:00:00Z', '注销');
    expect(await enterpriseRow(uscc)).toMatchObject({ closedDate: '2025-01-01' });
  });

  it('a replay of every event changes nothing', async () => {
    const read = () => Promise.all([
      t.dataSource.getRepository(StandardizationFigureGrade).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      t.dataSource.getRepository(StandardizationFigureEnterprise).find({ order: { uscc: 'ASC' } }),
    ]);
    const before = await read();
    const all = await t.store.readAll({ after: 0n, limit: 10_000 });
    const mine = all.filter((e) => new StandardizationFiguresProjection().eventTypes.has(e.type));
    expect(mine.length).toBeGreaterThan(0);
    await t.dataSource.transaction((em) => new StandardizationFiguresProjection().apply(mine, em));
    expect(await read()).toEqual(before);
  });
});
