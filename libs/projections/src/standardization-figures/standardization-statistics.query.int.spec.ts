/**
 * The standardization figures against figures computed by hand (plan 三(三)4–5), on PGlite and
 * PostgreSQL: the three-year validity (valid through validUntil inclusive), level 3 not counting as
 * level 2 or above, a closure on the cut leaving the denominator, CST dates, null rates.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { StandardizationFiguresProjection } from './standardization-figures.projection.js';
import { GONGMAO_SIZE_NOTE, queryStandardizationStatistics, type StandardizationFiguresRow } from './standardization-statistics.query.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const D1 = '500101';
const D2 = '500102';
const DISTRICTS = [{ code: D1, name: '万州区' }, { code: D2, name: '涪陵区' }];
// The test reference data has three sectors: construction and hazardous_chemicals stand in for the
// mines and civil explosives here (the e2e test uses the real ones); oil_gas_storage stays empty.
const SECTORS = [
  { code: 'commerce_trade', name: '商贸' },
  { code: 'construction', name: '建设施工' },
  { code: 'hazardous_chemicals', name: '危险化学品' },
  { code: 'oil_gas_storage', name: '油气储存' },
];
const LATER = '2026-11-29'; // a "today" after 2025: the cut of 2025 is 2025-12-31, of 2026 today

// All in district D1 (D2 stays empty), registered 2020-01-01 unless said:
//   A construction      L1 graded 2022-12-31 10:00 CST → validUntil 2025-12-31: valid on the 2025 cut, expired in 2026
//   B hazardous_chem.   L3 graded 2025-03-01; responsibility system 2024-06-30
//   C hazardous_chem.   L2 graded 2024-12-31T20:00:00Z = 2025-01-01 CST (counts in 2025, not 2024); responsibility 2025-01-10
//   D commerce_trade    L2 graded 2024-05-01; closed 2025-12-31 10:00 CST — on the 2025 cut: out of 2025
//   E construction      L2 graded 2021-06-01 (valid through 2024-06-01); L1 graded 2025-02-01
//   F commerce_trade    registered 2026-01-05
const A = testUscc(D1, 201);
const B = testUscc(D1, 202);
const C = testUscc(D1, 203);
const D = testUscc(D1, 204);
const E = testUscc(D1, 205);
const F = testUscc(D1, 206);

describe.each(testBackends())('queryStandardizationStatistics ($name)', ({ open }) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await open();
    const s = new HazardScenario(t.store);
    const reg = (uscc: string, sector: string, registeredAt = '2020-01-01T09:00:00+08:00') =>
      s.registerEnterprise({ uscc, districtCode: D1, sector, registeredAt });
    await reg(A, 'construction');
    await reg(B, 'hazardous_chemicals');
    await reg(C, 'hazardous_chemicals');
    await reg(D, 'commerce_trade');
    await reg(E, 'construction');
    await reg(F, 'commerce_trade', '2026-01-05T09:00:00+08:00');
    await s.gradeStandardization(A, 1, '2022-12-31T10:00:00+08:00');
    await s.gradeStandardization(B, 3, '2025-03-01T10:00:00+08:00');
    await s.establishResponsibilitySystem(B, '2024-06-30T10:00:00+08:00', 20);
    await s.gradeStandardization(C, 2, '2024-12-31T20:00:00Z');
    await s.establishResponsibilitySystem(C, '2025-01-10T10:00:00+08:00', 30);
    await s.gradeStandardization(D, 2, '2024-05-01T10:00:00+08:00');
    await s.closeEnterprise(D, '2025-12-31T10:00:00+08:00', '注销');
    await s.gradeStandardization(E, 2, '2021-06-01T10:00:00+08:00');
    await s.gradeStandardization(E, 1, '2025-02-01T10:00:00+08:00');
    await new ProjectionRunner(t.store, t.dataSource, [new StandardizationFiguresProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const row = (over: Partial<StandardizationFiguresRow>): StandardizationFiguresRow => ({
    key: D1, name: '万州区', enterprises: 0, graded: 0, gradedByLevel: { '1': 0, '2': 0, '3': 0 }, gradedLevel2OrAbove: 0,
    gradedRate: null, level2OrAboveRate: null, responsibilitySystemEstablished: 0, responsibilitySystemRate: null, note: null, ...over,
  });
  const byDistrict = (year: number) => queryStandardizationStatistics(t.dataSource, { groupBy: 'district', year, today: LATER, groups: DISTRICTS });

  it('2025 by district: a grade exactly three years old on the cut is valid; closure on the cut leaves the denominator', async () => {
    // open A B C E = 4 (D closed on 2025-12-31, F not yet registered); graded A(L1, valid through 12-31) B(L3) C(L2) E(L1) = 4;
    // level 2 or above: A C E = 3 (B's level 3 does not count); responsibility B C = 2
    expect(await byDistrict(2025)).toEqual([
      row({ enterprises: 4, graded: 4, gradedByLevel: { '1': 2, '2': 1, '3': 1 }, gradedLevel2OrAbove: 3, gradedRate: 1,
        level2OrAboveRate: 0.75, responsibilitySystemEstablished: 2, responsibilitySystemRate: 0.5 }),
      row({ key: D2, name: '涪陵区' }),
    ]);
  });

  it('2024 by district: the grading at 2024-12-31T20:00:00Z does not count yet; an expired grade does not count', async () => {
    // open A B C D E = 5; graded A(L1) D(L2) = 2 (C graded 2025-01-01 CST, B in 2025, E expired 2024-06-01); responsibility B = 1
    expect((await byDistrict(2024))[0]).toEqual(
      row({ enterprises: 5, graded: 2, gradedByLevel: { '1': 1, '2': 1, '3': 0 }, gradedLevel2OrAbove: 2, gradedRate: 0.4,
        level2OrAboveRate: 0.4, responsibilitySystemEstablished: 1, responsibilitySystemRate: 0.2 }),
    );
  });

  it('2026 (cut today 2026-11-29): the 2022-12-31 grade has expired', async () => {
    // open A B C E F = 5; graded B(L3) C(L2) E(L1) = 3; level 2 or above C E = 2; responsibility B C = 2
    expect((await byDistrict(2026))[0]).toEqual(
      row({ enterprises: 5, graded: 3, gradedByLevel: { '1': 1, '2': 1, '3': 1 }, gradedLevel2OrAbove: 2, gradedRate: 0.6,
        level2OrAboveRate: 0.4, responsibilitySystemEstablished: 2, responsibilitySystemRate: 0.4 }),
    );
  });

  it('2025 by sector: every group a row in order, the 工贸 note, an empty sector null', async () => {
    const rows = await queryStandardizationStatistics(t.dataSource, { groupBy: 'sector', year: 2025, today: LATER, groups: SECTORS });
    expect(rows).toEqual([
      // D closed on the cut, F registered in 2026: no enterprise, rates null, the 工贸 size note
      row({ key: 'commerce_trade', name: '商贸', note: GONGMAO_SIZE_NOTE }),
      // A (L1 through 2025-12-31) and E (L1 of 2025-02-01)
      row({ key: 'construction', name: '建设施工', enterprises: 2, graded: 2, gradedByLevel: { '1': 2, '2': 0, '3': 0 }, gradedLevel2OrAbove: 2,
        gradedRate: 1, level2OrAboveRate: 1, responsibilitySystemRate: 0 }),
      // B (L3) and C (L2): one of two at level 2 or above; both responsibility systems
      row({ key: 'hazardous_chemicals', name: '危险化学品', enterprises: 2, graded: 2, gradedByLevel: { '1': 0, '2': 1, '3': 1 }, gradedLevel2OrAbove: 1,
        gradedRate: 1, level2OrAboveRate: 0.5, responsibilitySystemEstablished: 2, responsibilitySystemRate: 1 }),
      row({ key: 'oil_gas_storage', name: '油气储存' }),
    ]);
  });
});
