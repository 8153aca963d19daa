/**
 * The training figures at their boundaries, on PGlite and PostgreSQL, counted by hand: a certificate
 * valid through the cut's day counts, one revoked on the cut's day does not, one revoked the day after
 * does; the cut of the current year is today; a closed enterprise leaves the denominator.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { TrainingFiguresProjection } from './training-figures.projection.js';
import { queryTrainingStatistics, TRAINING_COVERAGE_NOTE, type TrainingStatisticsQuery } from './training-statistics.query.js';
import { TrainingScenario } from './training-scenario.js';

const D = '500101';
const OPEN = testUscc(D, 31);
const CLOSED = testUscc(D, 32);
const GROUPS = [{ code: D, name: '万州区' }, { code: '500102', name: '涪陵区' }];

describe.each(testBackends())('queryTrainingStatistics ($name)', ({ open }) => {
  let t: TestStore;
  const query = async (over: Partial<TrainingStatisticsQuery> = {}) => {
    await new ProjectionRunner(t.store, t.dataSource, [new TrainingFiguresProjection()], new RecordingLogger()).catchUp();
    return queryTrainingStatistics(t.dataSource, {
      groupBy: 'district', year: 2025, today: '2026-11-29', groups: GROUPS,
      keySectors: ['hazardous_chemicals', 'commerce_trade'], highRiskSectors: ['hazardous_chemicals'], ...over,
    });
  };

  beforeAll(async () => {
    t = await open();
    const e = new HazardScenario(t.store);
    const s = new TrainingScenario(t.store);
    await e.registerEnterprise({ uscc: OPEN, districtCode: D, sector: 'hazardous_chemicals', registeredAt: '2024-01-01T09:00:00+08:00' });
    await e.registerEnterprise({ uscc: CLOSED, districtCode: D, sector: 'commerce_trade', registeredAt: '2024-01-01T09:00:00+08:00' });
    await s.train({ audience: 'principal', personRef: 'principal-32', districtCode: D, enterpriseUscc: CLOSED, completedAt: '2025-03-01T09:00:00+08:00' });
    await e.closeEnterprise(CLOSED, '2025-09-30T09:00:00+08:00', '注销');
    // Four special operators trained in 2025, each with one certificate.
    for (const n of [1, 2, 3, 4]) await s.train({ audience: 'special_operations', personRef: `so-person-3${n}`, districtCode: D, enterpriseUscc: OPEN, completedAt: '2025-02-01T09:00:00+08:00', passed: n !== 4 });
    await s.issue({ personRef: 'so-person-31', enterpriseUscc: OPEN, issuedAt: '2025-02-10T09:00:00+08:00', validUntil: '2025-12-31' }); // valid through the cut
    const onCut = await s.issue({ personRef: 'so-person-32', enterpriseUscc: OPEN, issuedAt: '2025-02-10T09:00:00+08:00' });
    await s.revoke(onCut, '2025-12-30T16:00:00Z'); // 2025-12-31 00:00 CST: revoked on the cut's day
    const dayAfter = await s.issue({ personRef: 'so-person-33', enterpriseUscc: OPEN, issuedAt: '2025-02-10T09:00:00+08:00' });
    await s.revoke(dayAfter, '2025-12-31T16:00:00Z'); // 2026-01-01 00:00 CST: the day after the cut
    await s.issue({ personRef: 'so-person-34', enterpriseUscc: OPEN, issuedAt: '2025-12-20T09:00:00+08:00' }); // issued after a mid-year cut
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts at the end of a past year', async () => {
    const [row, empty] = await query();
    // Denominator: OPEN only (CLOSED closed 2025-09-30, before the cut); CLOSED's principal trained, OPEN's not → 0/1.
    // Certified at 2025-12-31: so-31 (valid through it), so-33 (revoked the day after), so-34 → 3 of 4.
    // High-risk (危化, OPEN): so-31…34, so-34 failed → 3/4. CLOSED is 商贸: not high-risk.
    expect(row).toEqual({
      key: D, name: '万州区',
      principalsInKeySectors: 1, principalsTrained: 0, principalCoverage: 0,
      specialOperationsTrainees: 4, specialOperationsCertified: 3, certificationRate: 0.75,
      highRiskTrainees: 4, highRiskPassed: 3, highRiskPassRate: 0.75,
      partyGovernmentLeadersTrained: 0, partyGovernmentLeadersCoverage: null,
      enforcementOfficersTrained: 0, enforcementOfficersCoverage: null,
      note: TRAINING_COVERAGE_NOTE,
    });
    expect(empty).toMatchObject({ key: '500102', principalsInKeySectors: 0, principalCoverage: null, certificationRate: null, highRiskPassRate: null });
  });

  it('cuts the current year at today', async () => {
    // Cut 2025-09-29: CLOSED still open (closed 09-30) and trained → 1 of 2; so-31, -32, -33 valid; so-34 not yet issued.
    const [row] = await query({ today: '2025-09-29' });
    expect(row).toMatchObject({ principalsInKeySectors: 2, principalsTrained: 1, principalCoverage: 0.5, specialOperationsCertified: 3 });
  });

  it('groups by sector', async () => {
    const rows = await query({ groupBy: 'sector', groups: [{ code: 'commerce_trade', name: '商贸' }, { code: 'hazardous_chemicals', name: '危险化学品' }] });
    expect(rows.map((r) => [r.key, r.principalsInKeySectors, r.specialOperationsTrainees])).toEqual([
      ['commerce_trade', 0, 0],
      ['hazardous_chemicals', 1, 4],
    ]);
  });
});
