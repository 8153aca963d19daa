/**
 * The enforcement figures against figures computed by hand, on PGlite and PostgreSQL: inspections
 * by method and special-supervision level, actions by kind, amounts summed in fen, CST years, and
 * the "零处罚" flag (plan 三(五)12) on district rows only.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { EnforcementFiguresProjection } from './enforcement-figures.projection.js';
import { queryEnforcementStatistics, type EnforcementFiguresRow } from './enforcement-statistics.query.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { recordTestAction, recordTestInspection } from '../testing/supervision-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const D1 = '500101';
const D2 = '500102';
const D3 = '500103';
const DISTRICTS = [{ code: D1, name: '万州区' }, { code: D2, name: '涪陵区' }, { code: D3, name: '渝中区' }];
const SECTORS = [
  { code: 'commerce_trade', name: '商贸' },
  { code: 'construction', name: '建设施工' },
  { code: 'hazardous_chemicals', name: '危险化学品' },
];
// D1: A hazardous_chemicals, B commerce_trade; D2: C construction; D3: nothing.
//   D1 inspections: A 四不两直 2025-03-01; (no enterprise) construction 专项督查 city_on_district at
//       2024-12-31T20:00Z = 2025-01-01 CST; B 双随机 2024-06-01
//   D1 actions: A fine 1 fen 2025-04-01; B upper-limit 2 fen 2025-05-01; B warning 0 2025-05-02;
//       A fine 100 fen at 2024-12-31T15:00Z = 2024-12-31 23:00 CST (2024)
//   D2 inspections: C routine 2025-06-01, C 异地交叉 2025-07-01; action: C 停产整顿 0 2025-07-02 → 零处罚
const A = testUscc(D1, 201);
const B = testUscc(D1, 202);
const C = testUscc(D2, 203);

const zeroMethods = { four_no_two_direct: 0, double_random: 0, cross_regional: 0, special_supervision: 0, routine: 0 };
const zeroLevels = { city_on_district: 0, district_on_sector: 0 };
const zeroKinds = { fine: 0, suspension_for_rectification: 0, closure: 0, upper_limit_penalty: 0, joint_punishment: 0, warning: 0 };

describe.each(testBackends())('queryEnforcementStatistics ($name)', ({ open }) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await open();
    const s = new HazardScenario(t.store);
    const reg = (uscc: string, districtCode: string, sector: string) =>
      s.registerEnterprise({ uscc, districtCode, sector, registeredAt: '2020-01-01T09:00:00+08:00' });
    await reg(A, D1, 'hazardous_chemicals');
    await reg(B, D1, 'commerce_trade');
    await reg(C, D2, 'construction');
    await recordTestInspection(t.store, { districtCode: D1, uscc: A, method: 'four_no_two_direct', inspectedAt: '2025-03-01T09:00:00+08:00' });
    await recordTestInspection(t.store, { districtCode: D1, uscc: null, sector: 'construction', method: 'special_supervision', level: 'city_on_district', inspectedAt: '2024-12-31T20:00:00Z' });
    await recordTestInspection(t.store, { districtCode: D1, uscc: B, method: 'double_random', inspectedAt: '2024-06-01T09:00:00+08:00' });
    await recordTestAction(t.store, { uscc: A, kind: 'fine', amountFen: 1, decidedAt: '2025-04-01T09:00:00+08:00' });
    await recordTestAction(t.store, { uscc: B, kind: 'upper_limit_penalty', amountFen: 2, decidedAt: '2025-05-01T09:00:00+08:00' });
    await recordTestAction(t.store, { uscc: B, kind: 'warning', amountFen: 0, decidedAt: '2025-05-02T09:00:00+08:00' });
    await recordTestAction(t.store, { uscc: A, kind: 'fine', amountFen: 100, decidedAt: '2024-12-31T15:00:00Z' });
    await recordTestInspection(t.store, { districtCode: D2, uscc: C, method: 'routine', inspectedAt: '2025-06-01T09:00:00+08:00' });
    await recordTestInspection(t.store, { districtCode: D2, uscc: C, method: 'cross_regional', inspectedAt: '2025-07-01T09:00:00+08:00' });
    await recordTestAction(t.store, { uscc: C, kind: 'suspension_for_rectification', amountFen: 0, decidedAt: '2025-07-02T09:00:00+08:00' });
    await new ProjectionRunner(t.store, t.dataSource, [new EnforcementFiguresProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const query = (groupBy: 'district' | 'sector', year: number): Promise<EnforcementFiguresRow[]> =>
    queryEnforcementStatistics(t.dataSource, { groupBy, year, groups: groupBy === 'district' ? DISTRICTS : SECTORS });

  it('2025 by district: methods, levels, kinds, 1 + 2 fen = 3, and D2 (inspected, only 停产整顿) flagged 零处罚', async () => {
    expect(await query('district', 2025)).toEqual([
      // inspections: A 四不两直, the 专项督查 at 2024-12-31T20:00Z (2025 in CST) = 2; actions fine, upper, warning = 3
      {
        key: D1, name: '万州区', inspections: 2,
        inspectionsByMethod: { ...zeroMethods, four_no_two_direct: 1, special_supervision: 1 },
        specialSupervisions: { ...zeroLevels, city_on_district: 1 },
        actions: 3, actionsByKind: { ...zeroKinds, fine: 1, upper_limit_penalty: 1, warning: 1 },
        penaltyAmountFen: 3, zeroPenalty: false,
      },
      {
        key: D2, name: '涪陵区', inspections: 2,
        inspectionsByMethod: { ...zeroMethods, routine: 1, cross_regional: 1 },
        specialSupervisions: zeroLevels,
        actions: 1, actionsByKind: { ...zeroKinds, suspension_for_rectification: 1 },
        penaltyAmountFen: 0, zeroPenalty: true,
      },
      // no inspection: not flagged
      { key: D3, name: '渝中区', inspections: 0, inspectionsByMethod: zeroMethods, specialSupervisions: zeroLevels, actions: 0, actionsByKind: zeroKinds, penaltyAmountFen: 0, zeroPenalty: false },
    ]);
  });

  it('2024 by district: B’s 双随机 and A’s fine at 2024-12-31T15:00Z (23:00 CST) count in 2024', async () => {
    const rows = await query('district', 2024);
    expect(rows[0]).toEqual({
      key: D1, name: '万州区', inspections: 1, inspectionsByMethod: { ...zeroMethods, double_random: 1 }, specialSupervisions: zeroLevels,
      actions: 1, actionsByKind: { ...zeroKinds, fine: 1 }, penaltyAmountFen: 100, zeroPenalty: false,
    });
    expect(rows[1]).toMatchObject({ inspections: 0, actions: 0, zeroPenalty: false });
  });

  it('2025 by sector: each fact under its sector, zeroPenalty null', async () => {
    expect(await query('sector', 2025)).toEqual([
      // B: upper 2 fen, warning
      { key: 'commerce_trade', name: '商贸', inspections: 0, inspectionsByMethod: zeroMethods, specialSupervisions: zeroLevels,
        actions: 2, actionsByKind: { ...zeroKinds, upper_limit_penalty: 1, warning: 1 }, penaltyAmountFen: 2, zeroPenalty: null },
      // the 专项督查 of D1 on construction, C routine and 异地交叉; C 停产整顿
      { key: 'construction', name: '建设施工', inspections: 3, inspectionsByMethod: { ...zeroMethods, special_supervision: 1, routine: 1, cross_regional: 1 },
        specialSupervisions: { ...zeroLevels, city_on_district: 1 }, actions: 1, actionsByKind: { ...zeroKinds, suspension_for_rectification: 1 }, penaltyAmountFen: 0, zeroPenalty: null },
      // A 四不两直; A fine 1 fen
      { key: 'hazardous_chemicals', name: '危险化学品', inspections: 1, inspectionsByMethod: { ...zeroMethods, four_no_two_direct: 1 }, specialSupervisions: zeroLevels,
        actions: 1, actionsByKind: { ...zeroKinds, fine: 1 }, penaltyAmountFen: 1, zeroPenalty: null },
    ]);
  });
});
