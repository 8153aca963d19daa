/**
 * The drill figures against figures computed by hand (plan 三(四)7), on PGlite and PostgreSQL:
 * one year's rule for general enterprises, each half-year's for high-risk ones, CST dates, the
 * register's cut, and the current year judged on the half-years begun.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { DrillFiguresProjection } from './drill-figures.projection.js';
import { queryDrillStatistics, type DrillFiguresRow } from './drill-statistics.query.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestDrill } from '../testing/drill-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const D1 = '500101';
const D2 = '500102';
const DISTRICTS = [{ code: D1, name: '万州区' }, { code: D2, name: '涪陵区' }];
const SECTORS = [
  { code: 'commerce_trade', name: '商贸' },
  { code: 'construction', name: '建设施工' },
  { code: 'hazardous_chemicals', name: '危险化学品' },
];
const LATER = '2026-11-29'; // a "today" after 2025: the cut of 2025 is 2025-12-31

// All enterprises in district D1 (D2 stays empty):
//   A hazardous_chemicals ★  drill 2025-03-10 (30)                          → 2025: H1 only, misses
//   B commerce_trade         drill 2024-12-31T20:00Z = 2025-01-01 CST (40)  → 2025: meets; registered 2024-06-01
//   C construction ★         drills 2025-06-30T23:30+08:00 (H1, 50), 2025-12-31T15:59:59Z = 12-31 23:59:59 CST (H2, 60) → meets
//   D hazardous_chemicals ★  drills 2025-06-30T17:00Z = 07-01 01:00 CST (H2, 70), 2025-11-01 (H2, 80) → no H1, misses
//   E commerce_trade         drill 2024-05-01 (10); closed 2024-12-31T15:00Z = 2024-12-31 23:00 CST → not in 2025
//   F commerce_trade         registered 2026-01-05                          → in no figure of 2024/2025
//   G commerce_trade         drill 2025-02-01 (20); closed 2025-03-01       → in 2025 (not closed before 1 Jan), meets
const A = testUscc(D1, 101);
const B = testUscc(D1, 102);
const C = testUscc(D1, 103);
const D = testUscc(D1, 104);
const E = testUscc(D1, 105);
const F = testUscc(D1, 106);
const G = testUscc(D1, 107);

describe.each(testBackends())('queryDrillStatistics ($name)', ({ open }) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await open();
    const s = new HazardScenario(t.store);
    const reg = (uscc: string, sector: string, registeredAt = '2020-01-01T09:00:00+08:00') =>
      s.registerEnterprise({ uscc, districtCode: D1, sector, registeredAt });
    await reg(A, 'hazardous_chemicals');
    await reg(B, 'commerce_trade', '2024-06-01T09:00:00+08:00');
    await reg(C, 'construction');
    await reg(D, 'hazardous_chemicals');
    await reg(E, 'commerce_trade');
    await reg(F, 'commerce_trade', '2026-01-05T09:00:00+08:00');
    await reg(G, 'commerce_trade');
    await recordTestDrill(t.store, A, '2025-03-10T09:00:00+08:00', 30);
    await recordTestDrill(t.store, B, '2024-12-31T20:00:00Z', 40);
    await recordTestDrill(t.store, C, '2025-06-30T23:30:00+08:00', 50);
    await recordTestDrill(t.store, C, '2025-12-31T15:59:59Z', 60);
    await recordTestDrill(t.store, D, '2025-06-30T17:00:00Z', 70);
    await recordTestDrill(t.store, D, '2025-11-01T09:00:00+08:00', 80);
    await recordTestDrill(t.store, E, '2024-05-01T09:00:00+08:00', 10);
    await s.closeEnterprise(E, '2024-12-31T15:00:00Z', '注销');
    await recordTestDrill(t.store, G, '2025-02-01T09:00:00+08:00', 20);
    await s.closeEnterprise(G, '2025-03-01T09:00:00+08:00', '关闭取缔');
    await new ProjectionRunner(t.store, t.dataSource, [new DrillFiguresProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const byDistrict = (year: number, today = LATER) => queryDrillStatistics(t.dataSource, { groupBy: 'district', year, today, groups: DISTRICTS });
  const row = (rows: DrillFiguresRow[], key: string) => rows.find((r) => r.key === key)!;

  it('2025 by district: A and D (high-risk) miss a half, B, C and G meet; E closed in 2024 and F registered in 2026 are out', async () => {
    const rows = await byDistrict(2025);
    // enterprises A B C D G = 5; meeting B C G = 3; drills A1 B1 C2 D2 G1 = 7; participants 30+40+50+60+70+80+20 = 350
    expect(rows).toEqual([
      { key: D1, name: '万州区', enterprises: 5, enterprisesMeetingFrequency: 3, complianceRate: 0.6, drills: 7, participants: 350 },
      // empty group: complianceRate null
      { key: D2, name: '涪陵区', enterprises: 0, enterprisesMeetingFrequency: 0, complianceRate: null, drills: 0, participants: 0 },
    ]);
  });

  it('2024 by district: the drill at 2024-12-31T20:00Z is not in 2024; E (closed on 31 Dec 2024) counts and meets', async () => {
    // enterprises A B C D E G = 6 (F not yet registered); meeting E = 1; drills E1 = 1; participants 10
    expect(row(await byDistrict(2024), D1)).toEqual({
      key: D1, name: '万州区', enterprises: 6, enterprisesMeetingFrequency: 1, complianceRate: 1 / 6, drills: 1, participants: 10,
    });
  });

  it('2025 by sector: enterprises, meeting and drills each under the sector', async () => {
    const rows = await queryDrillStatistics(t.dataSource, { groupBy: 'sector', year: 2025, today: LATER, groups: SECTORS });
    expect(rows).toEqual([
      // B, G both meet; drills B1 G1; 40 + 20
      { key: 'commerce_trade', name: '商贸', enterprises: 2, enterprisesMeetingFrequency: 2, complianceRate: 1, drills: 2, participants: 60 },
      // C meets; 50 + 60
      { key: 'construction', name: '建设施工', enterprises: 1, enterprisesMeetingFrequency: 1, complianceRate: 1, drills: 2, participants: 110 },
      // A, D miss; drills A1 D2; 30 + 70 + 80
      { key: 'hazardous_chemicals', name: '危险化学品', enterprises: 2, enterprisesMeetingFrequency: 0, complianceRate: 0, drills: 3, participants: 180 },
    ]);
  });

  it('the current year in its first half: a high-risk enterprise meets with a drill in the first half by the cut', async () => {
    // cut 2025-05-15: A (03-10) meets, B (01-01) meets, G (02-01) meets; C's and D's drills come later.
    // enterprises A B C D G = 5; drills A B G = 3; participants 30 + 40 + 20 = 90
    expect(row(await byDistrict(2025, '2025-05-15'), D1)).toEqual({
      key: D1, name: '万州区', enterprises: 5, enterprisesMeetingFrequency: 3, complianceRate: 0.6, drills: 3, participants: 90,
    });
  });

  it('the current year on 1 July: the second half has begun and high-risk enterprises need a drill in it too', async () => {
    // cut 2025-07-01: A (H1 only) misses, C (H1 06-30, H2 drill only on 12-31) misses, D (no H1) misses; B, G meet.
    // drills by the cut: A, B, C (06-30), D (07-01 01:00 CST), G = 5; participants 30 + 40 + 50 + 70 + 20 = 210
    expect(row(await byDistrict(2025, '2025-07-01'), D1)).toEqual({
      key: D1, name: '万州区', enterprises: 5, enterprisesMeetingFrequency: 2, complianceRate: 0.4, drills: 5, participants: 210,
    });
  });

  it('the migration and the entities agree (no schema drift in drill_figure_*)', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query).filter((q) => q.includes('drill_figure'))).toEqual([]);
  });
});
