/**
 * The accident figures at a cut, computed by hand in the comments: counts by CST year, grades from
 * the toll as revised by the cut, year-on-year change of deaths, zero rows for every group.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { AccidentRegisterProjection } from './accident-register.projection.js';
import { queryAccidentStatistics } from './accident-statistics.query.js';
import { AccidentScenario } from '../testing/accident-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const DISTRICTS = [
  { code: '500101', name: '万州区' },
  { code: '500102', name: '涪陵区' },
  { code: '500103', name: '渝中区' },
];
const SECTORS = [
  { code: 'commerce_trade', name: '商贸' },
  { code: 'construction', name: '建设施工' },
  { code: 'hazardous_chemicals', name: '危险化学品' },
];

describe.each(testBackends())('queryAccidentStatistics ($name)', ({ open }) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await open();
    const s = new AccidentScenario(t.store);
    // 500101 / construction, 2024: one accident, 4 deaths (larger).
    await s.report({ districtCode: '500101', sector: 'construction', occurredAt: '2024-06-01T10:00:00+08:00', deaths: 4 });
    // 2024-12-31T20:00Z = 2025-01-01 04:00 CST: counts in 2025. 2 deaths → general.
    await s.report({ districtCode: '500101', sector: 'construction', occurredAt: '2024-12-31T20:00:00Z', deaths: 2 });
    // 2024-12-31T15:59Z = 2024-12-31 23:59 CST: counts in 2024. 1 death, 9 injuries → general.
    await s.report({ districtCode: '500101', sector: 'commerce_trade', occurredAt: '2024-12-31T15:59:00Z', deaths: 1, seriousInjuries: 9 });
    // 2025, 500101 / construction: 999,999,999 fen → general; revised on 2025-05-01 to 1,000,000,000 fen → larger.
    const { accidentId: loss } = await s.report({ districtCode: '500101', sector: 'construction', occurredAt: '2025-04-01T10:00:00+08:00', directLossFen: 999_999_999 });
    await s.revise(loss, { directLossFen: 1_000_000_000, revisedAt: '2025-05-01T10:00:00+08:00' });
    // 2025, 500102 / hazardous_chemicals: 10 deaths → major; revised 2026-01-10 to 30 deaths → especially_major (after the 2025 cut).
    const { accidentId: late } = await s.report({ districtCode: '500102', sector: 'hazardous_chemicals', occurredAt: '2025-08-01T10:00:00+08:00', deaths: 10, seriousInjuries: 50 });
    await s.revise(late, { deaths: 30, seriousInjuries: 50, revisedAt: '2026-01-10T10:00:00+08:00' });
    // 2025, 500102 / hazardous_chemicals: 10 injuries → larger.
    await s.report({ districtCode: '500102', sector: 'hazardous_chemicals', occurredAt: '2025-09-01T10:00:00+08:00', seriousInjuries: 10 });
    await new ProjectionRunner(t.store, t.dataSource, [new AccidentRegisterProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const zero = { accidents: 0, byGrade: { general: 0, larger: 0, major: 0, especially_major: 0 }, deaths: 0, seriousInjuries: 0, directLossFen: 0 };

  it('counts 2025 by district at the end of 2025: CST year, tolls revised by the cut, change on 2024', async () => {
    const rows = await queryAccidentStatistics(t.dataSource, { groupBy: 'district', year: 2025, today: '2026-11-29', groups: DISTRICTS });
    expect(rows).toEqual([
      // 500101 in 2025: the 2024-12-31T20:00Z accident (2 deaths, general) and the loss one (revised to 1000万元, larger).
      // 2024: 4 + 1 = 5 deaths. Change 2 − 5 = −3; rate −3 ÷ 5 = −0.6.
      {
        key: '500101', name: '万州区', accidents: 2, byGrade: { general: 1, larger: 1, major: 0, especially_major: 0 },
        deaths: 2, seriousInjuries: 0, directLossFen: 1_000_000_000, deathsPreviousYear: 5, deathsChangeOnYear: -3, deathsChangeOnYearRate: -0.6,
      },
      // 500102 in 2025: 10 deaths/50 injuries (major: the 2026 revision is after the cut) and 10 injuries (larger).
      // 2024: no deaths, so the rate is null.
      {
        key: '500102', name: '涪陵区', accidents: 2, byGrade: { general: 0, larger: 1, major: 1, especially_major: 0 },
        deaths: 10, seriousInjuries: 60, directLossFen: 0, deathsPreviousYear: 0, deathsChangeOnYear: 10, deathsChangeOnYearRate: null,
      },
      { key: '500103', name: '渝中区', ...zero, deathsPreviousYear: 0, deathsChangeOnYear: 0, deathsChangeOnYearRate: null },
    ]);
  });

  it('takes the toll as revised by an earlier cut: in the current year before the revision, the old grade', async () => {
    // today 2025-04-15: the loss accident is still 999,999,999 fen (general); the August ones have not happened.
    const rows = await queryAccidentStatistics(t.dataSource, { groupBy: 'district', year: 2025, today: '2025-04-15', groups: DISTRICTS });
    expect(rows[0]).toMatchObject({ accidents: 2, byGrade: { general: 2, larger: 0, major: 0, especially_major: 0 }, directLossFen: 999_999_999 });
    expect(rows[1]).toMatchObject({ accidents: 0, deaths: 0 });
  });

  it('counts 2024 by sector (the 23:59 CST accident of 31 December is 2024)', async () => {
    const rows = await queryAccidentStatistics(t.dataSource, { groupBy: 'sector', year: 2024, today: '2026-11-29', groups: SECTORS });
    expect(rows.map((r) => [r.key, r.accidents, r.deaths, r.seriousInjuries, r.byGrade.general, r.byGrade.larger, r.deathsPreviousYear, r.deathsChangeOnYearRate])).toEqual([
      ['commerce_trade', 1, 1, 9, 1, 0, 0, null],
      ['construction', 1, 4, 0, 0, 1, 0, null],
      ['hazardous_chemicals', 0, 0, 0, 0, 0, 0, null],
    ]);
  });

  it('re-grades with the revision in the year of the revision: 2026 cut sees 30 deaths for the 2025 accident', async () => {
    // year 2026 (current): 2026 has no accidents; 2025's deaths with tolls revised by the 2026 cut: 30 + 0.
    const rows = await queryAccidentStatistics(t.dataSource, { groupBy: 'sector', year: 2026, today: '2026-11-29', groups: SECTORS });
    expect(rows[2]).toMatchObject({ key: 'hazardous_chemicals', accidents: 0, deaths: 0, deathsPreviousYear: 30, deathsChangeOnYear: -30, deathsChangeOnYearRate: -1 });
  });
});
