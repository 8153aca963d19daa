/**
 * `queryHazardStatistics` against a small scenario whose every figure is computed by hand below from
 * API.md "What the hazard figures mean" (all dates CST). The events are real: commands through the
 * hazard decider, then the figures projector.
 *
 * The scenario (district / enterprise sector; all hazards general unless marked major):
 *
 *   D1 500101 (hazardous_chemicals)
 *     H1 major, self_inspection, found 2023-05-10; plan deadline 2023-12-31; notice_letter 2024-01-15;
 *        closed 2024-06-30T17:00Z = 2024-07-01 CST (late: after 2023-12-31). 2023-05-10 → 2024-07-01 =
 *        366 (to 2024-05-10, over 29 Feb) + 31 (to 06-10) + 21 (to 07-01) = 418 days.
 *     H2 public_report, found 2024-12-31T20:00Z = 2025-01-01 CST; plan deadline 2025-01-31, never closed;
 *        notice_letter 2025-02-05, circular 2025-03-01, listed supervision ordered 2025-04-01,
 *        city problem list 2025-04-02, district problem list 2025-04-03.
 *     H3 major, enforcement, found 2024-03-01; plan deadline 2024-06-30; closed 2024-06-30T15:00Z =
 *        2024-06-30 23:00 CST (on time). 2024-03-01 → 2024-06-30 = 31 + 30 + 31 + 29 = 121 days.
 *        Reopened 2025-02-10 with deadline 2025-03-31, never closed again.
 *     H4 self_inspection, found 2024-08-01, never planned; interview decided 2024-12-31T17:00Z = 2025-01-01 CST.
 *     H5 supervisory_inspection, found 2025-04-01; plan deadline 2025-05-31; extended on 2025-06-10 to 2025-12-31.
 *   D2 500102 (commerce_trade)
 *     H6 accident_investigation, found 2025-02-01; deadline 2025-02-28; closed 2025-03-31T17:00Z =
 *        2025-04-01 CST (late). 2025-02-01 → 2025-04-01 = 28 + 31 = 59 days.
 *     H7 self_inspection, found 2025-03-01; deadline 2025-03-20; closed 2025-03-10 (on time): 9 days.
 *   D3 500103: nothing.
 *   D4 500104 (construction), all self_inspection, found 2025-05-01:
 *     H8 deadline 2025-05-10, closed 2025-05-04 (on time): 3 days.
 *     H9 deadline 2025-05-05, closed 2025-05-11 (late): 10 days.
 *     H10 deadline 2025-06-30, closed 2025-05-31 (on time): 30 days.
 */
import { ESCALATION_MEASURES, HAZARD_CHANNELS } from '#domain';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { HazardFiguresProjection } from './hazard-figures.projection.js';
import { queryHazardStatistics, type HazardFiguresRow, type HazardStatisticsQuery } from './hazard-statistics.query.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const DISTRICTS = [
  { code: '500101', name: '万州区' },
  { code: '500102', name: '涪陵区' },
  { code: '500103', name: '渝中区' },
  { code: '500104', name: '大渡口区' },
];
const SECTORS = [
  { code: 'coal_mine', name: '煤矿' },
  { code: 'commerce_trade', name: '商贸' },
  { code: 'construction', name: '建设施工' },
  { code: 'hazardous_chemicals', name: '危险化学品' },
];

type Counts = Partial<Record<string, number>>;
type Overrides = Partial<Omit<HazardFiguresRow, 'key' | 'name' | 'reportedByChannel' | 'escalationsByMeasure'>> & {
  reportedByChannel?: Counts;
  escalationsByMeasure?: Counts;
};

/** A group's row: every figure 0 (rates and median null) unless overridden. */
function row(group: { code: string; name: string }, o: Overrides = {}): HazardFiguresRow {
  const { reportedByChannel = {}, escalationsByMeasure = {}, ...figures } = o;
  return {
    key: group.code,
    name: group.name,
    reported: 0,
    reportedByChannel: Object.fromEntries(HAZARD_CHANNELS.map((c) => [c, reportedByChannel[c] ?? 0])),
    open: 0,
    overdue: 0,
    closed: 0,
    closedOnTime: 0,
    closureRate: null,
    medianDaysToClose: null,
    stockOpen: 0,
    increment: 0,
    escalationsByMeasure: Object.fromEntries(ESCALATION_MEASURES.map((m) => [m, escalationsByMeasure[m] ?? 0])),
    problemListEntries: 0,
    ...figures,
  };
}

const [D1, D2, D3, D4] = DISTRICTS as [typeof DISTRICTS[0], typeof DISTRICTS[0], typeof DISTRICTS[0], typeof DISTRICTS[0]];

/** D2 in 2025, whatever the cut after 2025-04-01 (both closures are by then). */
const D2_2025: Overrides = {
  reported: 2, // H6, H7
  reportedByChannel: { accident_investigation: 1, self_inspection: 1 },
  closed: 2, // H6 (2025-04-01), H7 (2025-03-10)
  closedOnTime: 1, // H7; H6 closed after its deadline
  closureRate: 1, // 2 ÷ (2 + 0)
  medianDaysToClose: 34, // even count: (9 + 59) ÷ 2
  increment: 2, // = reported, 2025 ≥ 2024
};
/** D4 in 2025, whatever the cut after 2025-05-31. */
const D4_2025: Overrides = {
  reported: 3, // H8, H9, H10
  reportedByChannel: { self_inspection: 3 },
  closed: 3,
  closedOnTime: 2, // H8, H10; H9 closed 05-11 after 05-05
  closureRate: 1, // 3 ÷ (3 + 0)
  medianDaysToClose: 10, // odd count: the middle of 3, 10, 30
  increment: 3,
};
/** D1 in 2025 for any cut on or after 2025-04-03 (the last D1 fact of 2025 but H5's extension). */
const D1_2025: Overrides = {
  reported: 2, // H2 (2025-01-01 CST), H5
  reportedByChannel: { public_report: 1, supervisory_inspection: 1 },
  open: 4, // H2, H3 (reopened), H4, H5; H1 closed in 2024
  closed: 0, // H3's last closure fact by the cut is its reopening
  closureRate: 0, // 0 ÷ (0 + 4)
  increment: 2,
  // H4's interview (2025-01-01 CST), H2's notice letter and circular, H2's listed supervision order.
  escalationsByMeasure: { notice_letter: 1, circular: 1, interview: 1, listed_supervision: 1 },
  problemListEntries: 2, // H2 on the city and the district list
};

describe.each(testBackends())('queryHazardStatistics ($name)', ({ open }) => {
  let t: TestStore;

  const query = async (q: Partial<HazardStatisticsQuery> & { year: number; today: string }) =>
    queryHazardStatistics(t.dataSource, { groupBy: 'district', grade: null, groups: DISTRICTS, ...q });

  beforeAll(async () => {
    t = await open();
    const s = new HazardScenario(t.store);
    const e1 = testUscc('500101', 1);
    const e2 = testUscc('500102', 2);
    const e4 = testUscc('500104', 4);
    await s.registerEnterprise({ uscc: e1, districtCode: '500101', sector: 'hazardous_chemicals' });
    await s.registerEnterprise({ uscc: e2, districtCode: '500102', sector: 'commerce_trade', industryCode: 'F52' });
    await s.registerEnterprise({ uscc: e4, districtCode: '500104', sector: 'construction', industryCode: 'E47' });

    const h1 = (await s.reportHazard({ uscc: e1, grade: 'major', channel: 'self_inspection', discoveredAt: '2023-05-10T09:00:00+08:00' })).hazardId;
    await s.plan(h1, { deadline: '2023-12-31', plannedAt: '2023-05-12T09:00:00+08:00' });
    await s.escalate(h1, 'notice_letter', '2024-01-15T10:00:00+08:00');
    await s.completeVerifyClose(h1, '2024-06-30T17:00:00Z');

    const h2 = (await s.reportHazard({ uscc: e1, channel: 'public_report', discoveredAt: '2024-12-31T20:00:00Z' })).hazardId;
    await s.plan(h2, { deadline: '2025-01-31', plannedAt: '2025-01-02T10:00:00+08:00' });
    await s.escalate(h2, 'notice_letter', '2025-02-05T10:00:00+08:00');
    await s.escalate(h2, 'circular', '2025-03-01T10:00:00+08:00');
    await s.orderListedSupervision(h2, 'county', '渝应急督〔2025〕1号', '2025-04-01T10:00:00+08:00');
    await s.list(h2, 'city', '2025-04-02T10:00:00+08:00');
    await s.list(h2, 'district', '2025-04-03T10:00:00+08:00');

    const h3 = (await s.reportHazard({ uscc: e1, grade: 'major', channel: 'enforcement', discoveredAt: '2024-03-01T10:00:00+08:00' })).hazardId;
    await s.plan(h3, { deadline: '2024-06-30', plannedAt: '2024-03-05T10:00:00+08:00' });
    await s.completeVerifyClose(h3, '2024-06-30T15:00:00Z');
    await s.reopen(h3, '2025-02-10T10:00:00+08:00', '2025-03-31');

    const h4 = (await s.reportHazard({ uscc: e1, channel: 'self_inspection', discoveredAt: '2024-08-01T10:00:00+08:00' })).hazardId;
    await s.escalate(h4, 'interview', '2024-12-31T17:00:00Z');

    const h5 = (await s.reportHazard({ uscc: e1, channel: 'supervisory_inspection', discoveredAt: '2025-04-01T09:00:00+08:00' })).hazardId;
    await s.plan(h5, { deadline: '2025-05-31', plannedAt: '2025-04-02T09:00:00+08:00' });
    await s.extend(h5, '2025-12-31', '2025-06-10T10:00:00+08:00');

    const h6 = (await s.reportHazard({ uscc: e2, channel: 'accident_investigation', discoveredAt: '2025-02-01T10:00:00+08:00' })).hazardId;
    await s.plan(h6, { deadline: '2025-02-28', plannedAt: '2025-02-02T10:00:00+08:00' });
    await s.completeVerifyClose(h6, '2025-03-31T17:00:00Z');

    const h7 = (await s.reportHazard({ uscc: e2, channel: 'self_inspection', discoveredAt: '2025-03-01T08:00:00+08:00' })).hazardId;
    await s.plan(h7, { deadline: '2025-03-20', plannedAt: '2025-03-02T08:00:00+08:00' });
    await s.completeVerifyClose(h7, '2025-03-10T10:00:00+08:00');

    for (const [deadline, closedAt] of [
      ['2025-05-10', '2025-05-04T10:00:00+08:00'],
      ['2025-05-05', '2025-05-11T10:00:00+08:00'],
      ['2025-06-30', '2025-05-31T10:00:00+08:00'],
    ] as const) {
      const h = (await s.reportHazard({ uscc: e4, channel: 'self_inspection', discoveredAt: '2025-05-01T09:00:00+08:00' })).hazardId;
      await s.plan(h, { deadline, plannedAt: '2025-05-01T10:00:00+08:00' });
      await s.completeVerifyClose(h, closedAt);
    }

    await new ProjectionRunner(t.store, t.dataSource, [new HazardFiguresProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives every group a row of zeros, in code order, for a year with no hazard (2022)', async () => {
    // Nothing was discovered on or before 2022-12-31: no figure counts anything; rates are 0/0 = null.
    expect(await query({ year: 2022, today: '2025-06-05' })).toEqual(DISTRICTS.map((d) => row(d)));
  });

  it('2023, a past year before the action: stock open, no increment, a deadline on the cut date not overdue', async () => {
    expect(await query({ year: 2023, today: '2025-06-05' })).toEqual([
      row(D1, {
        reported: 1, // H1
        reportedByChannel: { self_inspection: 1 },
        open: 1, // H1, open at the cut 2023-12-31
        overdue: 0, // H1's deadline 2023-12-31 is not before the cut 2023-12-31
        closureRate: 0, // 0 ÷ (0 + 1)
        stockOpen: 1, // H1, found before 2024-01-01
        increment: 0, // Y < 2024, though one was reported
      }),
      row(D2),
      row(D3),
      row(D4),
    ]);
  });

  it('2024, a past year: closures whenever discovered, on time or late, an even-count median, CST year ends', async () => {
    expect(await query({ year: 2024, today: '2025-06-05' })).toEqual([
      row(D1, {
        reported: 2, // H3, H4; H2's 2024-12-31T20:00Z is 2025 in CST
        reportedByChannel: { enforcement: 1, self_inspection: 1 },
        open: 1, // H4; H1 and H3 closed, H2 found after the cut
        overdue: 0, // H4 has no plan, hence no deadline
        closed: 2, // H1 (found 2023, closed 2024-07-01), H3 (2024-06-30, reopened only in 2025)
        closedOnTime: 1, // H3
        closureRate: 2 / 3, // 2 ÷ (2 + 1)
        medianDaysToClose: 269.5, // (121 + 418) ÷ 2
        stockOpen: 0, // H1, the only hazard found before 2024, is closed
        increment: 2,
        // H1's notice letter; H4's interview at 2024-12-31T17:00Z is 2025-01-01 CST.
        escalationsByMeasure: { notice_letter: 1 },
      }),
      row(D2),
      row(D3),
      row(D4),
    ]);
  });

  it('2025 as a past year (cut 2025-12-31): the reopened hazard is open, escalations by measure, problem-list entries', async () => {
    expect(await query({ year: 2025, today: '2026-02-01' })).toEqual([
      // Overdue at 2025-12-31: H2 (2025-01-31), H3 (2025-03-31); not H4 (no plan), not H5 (2025-12-31 is not before the cut).
      row(D1, { ...D1_2025, overdue: 2 }),
      row(D2, D2_2025),
      row(D3),
      row(D4, D4_2025),
    ]);
  });

  it('2025 as the current year (cut = today): a deadline extension takes a hazard out of overdue from its date on', async () => {
    // Cut 2025-06-05: H5's deadline in force is 2025-05-31 (extended only on 06-10) → overdue with H2 and H3.
    expect(await query({ year: 2025, today: '2025-06-05' })).toEqual([
      row(D1, { ...D1_2025, overdue: 3 }),
      row(D2, D2_2025),
      row(D3),
      row(D4, D4_2025),
    ]);
    // Cut 2025-06-15: H5's deadline in force is 2025-12-31 → only H2 and H3.
    const later = await query({ year: 2025, today: '2025-06-15' });
    expect(later[0]).toEqual(row(D1, { ...D1_2025, overdue: 2 }));
  });

  it('a hazard with no plan is never overdue, however long it stays open (2026, cut 2026-11-29)', async () => {
    expect((await query({ year: 2026, today: '2026-11-29' }))[0]).toEqual(
      row(D1, {
        open: 4, // H2, H3, H4, H5
        overdue: 3, // H2 (2025-01-31), H3 (2025-03-31), H5 (2025-12-31); H4 has no deadline
        closureRate: 0, // 0 ÷ (0 + 4)
        increment: 0, // nothing found in 2026
      }),
    );
  });

  it('the grade filter counts only that grade in every figure (major, 2024 and 2025)', async () => {
    expect(await query({ year: 2024, today: '2025-06-05', grade: 'major' })).toEqual([
      row(D1, {
        reported: 1, // H3 (H4 is general)
        reportedByChannel: { enforcement: 1 },
        open: 0, // H4, the one open at the cut, is general
        closed: 2, // H1, H3
        closedOnTime: 1, // H3
        closureRate: 1, // 2 ÷ (2 + 0)
        medianDaysToClose: 269.5, // (121 + 418) ÷ 2
        increment: 1,
        escalationsByMeasure: { notice_letter: 1 }, // H1 is major
      }),
      row(D2),
      row(D3),
      row(D4),
    ]);
    expect(await query({ year: 2025, today: '2026-02-01', grade: 'major' })).toEqual([
      row(D1, {
        open: 1, // H3, reopened
        overdue: 1, // H3's deadline 2025-03-31
        closureRate: 0, // 0 ÷ (0 + 1)
        // H2's and H4's measures are on general hazards: none here.
      }),
      row(D2),
      row(D3),
      row(D4),
    ]);
  });

  it('the grade filter, general, 2025 (past)', async () => {
    expect(await query({ year: 2025, today: '2026-02-01', grade: 'general' })).toEqual([
      row(D1, {
        ...D1_2025,
        open: 3, // H2, H4, H5 (H3 is major)
        overdue: 1, // H2
        closureRate: 0, // 0 ÷ (0 + 3)
      }),
      row(D2, D2_2025), // all of D2's and D4's hazards are general
      row(D3),
      row(D4, D4_2025),
    ]);
  });

  it('groups by sector: the sector each hazard was found in, every sector a row, in code order', async () => {
    const [coal, commerce, construction, chemicals] = SECTORS as [typeof SECTORS[0], typeof SECTORS[0], typeof SECTORS[0], typeof SECTORS[0]];
    expect(await query({ year: 2025, today: '2026-02-01', groupBy: 'sector', groups: SECTORS })).toEqual([
      row(coal),
      row(commerce, D2_2025), // E2 is the only commerce_trade enterprise
      row(construction, D4_2025), // E4 the only construction one
      row(chemicals, { ...D1_2025, overdue: 2 }), // E1 the only hazardous_chemicals one
    ]);
  });
});
