/**
 * The inspection figures against figures computed by hand, on PGlite and PostgreSQL: the 2024
 * 大排查 deadline (三(二)2), principal-led inspections each quarter (each month when high-risk), the
 * monthly tier of the 日周月 regime, CST month boundaries, and the current period not yet due.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { InspectionFiguresProjection } from './inspection-figures.projection.js';
import { queryInspectionStatistics, type InspectionFiguresRow } from './inspection-statistics.query.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestInspection } from '../testing/inspection-scenario.js';
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
const LATER = '2026-11-29'; // a "today" after 2025: every period of 2024 and 2025 has ended

// All enterprises in D1 (D2 stays empty), registered 2020-01-01 unless said:
//   A hazardous_chemicals ★ principal_led 02-10, 05-10, 08-10, 11-10 (quarterly)  → 2025 principal-led FAILS (monthly needed)
//                           director_monthly on the 15th of every month 2025       → regime passes
//                           major_hazard_survey 2024-06-30T23:59+08:00             → counts by 30 June 2024
//                           team_daily 2025-03-01 and 2025-09-01
//   B commerce_trade        principal_led 02-10, 05-10, 08-10, 11-10               → passes (general: quarterly)
//                           director_monthly 01-15, 02-15, 2025-03-31T16:30Z (= 04-01 CST), 05..12-15 → March missing, regime fails
//                           major_hazard_survey 2024-06-30T16:00:00Z (= 07-01 CST) → does not count
//                           department_weekly 2025-06-01
//   C construction ★        principal_led on the 15th of every month 2025          → passes; no director_monthly → regime fails
//                           team_daily 2024-12-31T20:00Z (= 2025-01-01 CST)
//   E commerce_trade        closed 2025-06-01                                       → in 2024, not in 2025 (closed by the cut)
//   F commerce_trade        registered 2025-04-10; principal_led 07-01, 10-02; director_monthly 05..12-15 → judged from Q3 / May: passes both
const A = testUscc(D1, 201);
const B = testUscc(D1, 202);
const C = testUscc(D1, 203);
const E = testUscc(D1, 205);
const F = testUscc(D1, 206);
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const day = (m: number, d: number) => `2025-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T10:00:00+08:00`;

describe.each(testBackends())('queryInspectionStatistics ($name)', ({ open }) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await open();
    const s = new HazardScenario(t.store);
    const reg = (uscc: string, sector: string, registeredAt = '2020-01-01T09:00:00+08:00') =>
      s.registerEnterprise({ uscc, districtCode: D1, sector, registeredAt });
    await reg(A, 'hazardous_chemicals');
    await reg(B, 'commerce_trade');
    await reg(C, 'construction');
    await reg(E, 'commerce_trade');
    await reg(F, 'commerce_trade', '2025-04-10T09:00:00+08:00');
    const rec = (uscc: string, level: Parameters<typeof recordTestInspection>[2], at: string) => recordTestInspection(t.store, uscc, level, at);
    await rec(A, 'major_hazard_survey', '2024-06-30T23:59:00+08:00');
    await rec(B, 'major_hazard_survey', '2024-06-30T16:00:00Z');
    await rec(C, 'team_daily', '2024-12-31T20:00:00Z');
    for (const m of [2, 5, 8, 11]) {
      await rec(A, 'principal_led', day(m, 10));
      await rec(B, 'principal_led', day(m, 10));
    }
    for (const m of MONTHS) {
      await rec(A, 'director_monthly', day(m, 15));
      await rec(C, 'principal_led', day(m, 15));
      if (m !== 3 && m !== 4) await rec(B, 'director_monthly', day(m, 15));
      if (m >= 5) await rec(F, 'director_monthly', day(m, 15));
    }
    await rec(B, 'director_monthly', '2025-03-31T16:30:00Z');
    await rec(A, 'team_daily', day(3, 1));
    await rec(A, 'team_daily', day(9, 1));
    await rec(B, 'department_weekly', day(6, 1));
    await rec(F, 'principal_led', day(7, 1));
    await rec(F, 'principal_led', day(10, 2));
    await s.closeEnterprise(E, '2025-06-01T09:00:00+08:00', '注销');
    await new ProjectionRunner(t.store, t.dataSource, [new InspectionFiguresProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const byDistrict = (year: number, today = LATER) => queryInspectionStatistics(t.dataSource, { groupBy: 'district', year, today, groups: DISTRICTS });
  const row = (rows: InspectionFiguresRow[], key: string) => rows.find((r) => r.key === key)!;

  it('2025 by district: A (high-risk, quarterly) fails principal-led, B (general, quarterly) passes; B misses March in the regime', async () => {
    // enterprises A B C F = 4 (E closed 2025-06-01); survey null (not 2024)
    // principal-led required 4, compliant B C F = 3; regime required 4, compliant A F = 2
    // team_daily A 2 + C 1 (2025-01-01 CST) = 3; department_weekly B 1
    expect(await byDistrict(2025)).toEqual([
      {
        key: D1, name: '万州区', enterprises: 4, surveyDoneBy20240630: null, surveyDoneRate: null,
        principalLedRequired: 4, principalLedCompliant: 3, principalLedRate: 0.75,
        regimeRequired: 4, regimeCompliant: 2, regimeRate: 0.5, teamDailyRecords: 3, departmentWeeklyRecords: 1,
      },
      {
        key: D2, name: '涪陵区', enterprises: 0, surveyDoneBy20240630: null, surveyDoneRate: null,
        principalLedRequired: 0, principalLedCompliant: 0, principalLedRate: null,
        regimeRequired: 0, regimeCompliant: 0, regimeRate: null, teamDailyRecords: 0, departmentWeeklyRecords: 0,
      },
    ]);
  });

  it('2024 by district: the survey at 2024-06-30T23:59+08:00 counts, the one at 2024-06-30T16:00Z (1 July CST) does not', async () => {
    // enterprises A B C E = 4 (F not yet registered); survey A = 1, rate 1/4; no principal-led or director inspection in 2024
    const rows = await byDistrict(2024);
    expect(row(rows, D1)).toEqual({
      key: D1, name: '万州区', enterprises: 4, surveyDoneBy20240630: 1, surveyDoneRate: 0.25,
      principalLedRequired: 4, principalLedCompliant: 0, principalLedRate: 0,
      regimeRequired: 4, regimeCompliant: 0, regimeRate: 0, teamDailyRecords: 0, departmentWeeklyRecords: 0,
    });
    // empty denominator: the survey rate is null in 2024 too
    expect(row(rows, D2)).toMatchObject({ enterprises: 0, surveyDoneBy20240630: 0, surveyDoneRate: null });
  });

  it('2025 by sector: each enterprise under its registered sector', async () => {
    const rows = await queryInspectionStatistics(t.dataSource, { groupBy: 'sector', year: 2025, today: LATER, groups: SECTORS });
    // commerce_trade B F: principal-led 2/2, regime F 1/2, department_weekly 1
    expect(row(rows, 'commerce_trade')).toMatchObject({ enterprises: 2, principalLedRequired: 2, principalLedCompliant: 2, principalLedRate: 1, regimeCompliant: 1, regimeRate: 0.5, departmentWeeklyRecords: 1 });
    // construction C: principal-led monthly passes, regime fails, team_daily 1
    expect(row(rows, 'construction')).toMatchObject({ enterprises: 1, principalLedCompliant: 1, regimeCompliant: 0, regimeRate: 0, teamDailyRecords: 1 });
    // hazardous_chemicals A: quarterly principal-led fails, regime passes, team_daily 2
    expect(row(rows, 'hazardous_chemicals')).toMatchObject({ enterprises: 1, principalLedCompliant: 0, principalLedRate: 0, regimeCompliant: 1, regimeRate: 1, teamDailyRecords: 2 });
  });

  it('on 2025-03-31 (CST) March and Q1 are not yet due: B passes the regime on January and February', async () => {
    // enterprises A B C E = 4 (E still open, F not registered)
    // principal-led: due A (Jan, Feb), C (Jan, Feb); B and E have no quarter ended → required 2; A lacks January → compliant C = 1
    // regime: Jan, Feb due for all 4; A and B have both → 2
    // team_daily by 03-31: A 03-01 + C 01-01 = 2
    expect(row(await byDistrict(2025, '2025-03-31'), D1)).toMatchObject({
      enterprises: 4, principalLedRequired: 2, principalLedCompliant: 1, principalLedRate: 0.5,
      regimeRequired: 4, regimeCompliant: 2, regimeRate: 0.5, teamDailyRecords: 2, departmentWeeklyRecords: 0,
    });
  });

  it('on 2025-04-02 March is due: B’s director inspection at 2025-03-31T16:30Z is April’s, so B misses March', async () => {
    // principal-led: A (months 1-3, only Feb) fails, B (Q1: Feb) passes, C passes, E (Q1: none) fails → 2 / 4
    // regime: months 1-3 due for all; A passes, B (no March), C, E fail → 1 / 4
    expect(row(await byDistrict(2025, '2025-04-02'), D1)).toMatchObject({
      enterprises: 4, principalLedRequired: 4, principalLedCompliant: 2, principalLedRate: 0.5,
      regimeRequired: 4, regimeCompliant: 1, regimeRate: 0.25,
    });
  });
});
