/**
 * The hazard figures (`GET /api/v1/statistics/hazards`) over real HTTP against an independent recount
 * of the commands sent (apps/cli/src/workload): the demo workload — enterprises over the 41
 * districts and the sectors, hazard lifecycles 2023–2026 with extensions, rejections, reopenings,
 * late closures, escalations, problem lists and CST New Year boundaries — must give, for every year,
 * grouping and grade, exactly the rows API.md's definitions give. A tiny scenario computed by hand
 * checks both sides first. Embedded PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (a
 * fresh database per run, dropped afterwards).
 */
import { loadReferenceData } from '#reference-data';
import { ADMIN_AUTH, http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';
import { cstDateOf } from '../../apps/cli/src/workload/cst-time.js';
import { generateWorkload, toWorkloadReference, type WorkloadOperation } from '../../apps/cli/src/workload/generate-workload.js';
import {
  hazardHistories,
  recountFromHistories,
  recountHazardFigures,
  summarizeWorkload,
  type HazardFiguresRow,
} from '../../apps/cli/src/workload/recount-hazard-figures.js';
import { sendWorkload } from '../../apps/cli/src/workload/send-workload.js';
import { figureQuery } from '../../apps/cli/src/workload/figure-workload.js';

const reference = loadReferenceData();
const GROUPS = {
  sector: reference.sectorList.map((s) => ({ code: s.code, name: s.name })),
};
/** The rows a year's figures give (districts in force on some day of the year, or every sector) and the districts' validity. */
const scope = (year: number, groupBy: 'district' | 'sector') => {
  const q = figureQuery(reference, year, groupBy, '2100-01-01');
  return { groups: q.groups, districts: q.districts };
};
const YEARS = [2023, 2024, 2025, 2026];



const modes = appBackends({}, 'zhiben_e2e');

/**
 * The figures for one query, and the server's CST date when it answered (from the `Date` header: the
 * cut of the current year). Asked again if the CST date turned while asking.
 */
async function figures(
  url: string,
  q: { groupBy: 'district' | 'sector'; year: number; grade?: 'major' },
  minPosition: string,
): Promise<{ rows: HazardFiguresRow[]; today: string }> {
  for (;;) {
    const before = cstDateOf(Date.now());
    const params = new URLSearchParams({ groupBy: q.groupBy, year: String(q.year), minPosition, ...(q.grade ? { grade: q.grade } : {}) });
    const res = await http<{ rows: HazardFiguresRow[] }>(url, 'GET', `/api/v1/statistics/hazards?${params}`);
    expect(res.status).toBe(200);
    const today = cstDateOf(Date.parse(res.headers.get('date') ?? new Date().toUTCString()));
    if (today === before) return { rows: res.body.rows, today };
  }
}

// ─── the hand-computed scenario ──────────────────────────────────────────────────────────────────
//
// One gas enterprise in 渝中区 (500103), sent before anything else, so 500103's row holds only these:
//   H1 general, self_inspection, found 2023-11-20 (stock); deadline 2024-01-31; closed 2024-01-26,
//      on time, 67 days (10 left in Nov + 31 Dec + 26 Jan).
//   H2 major, supervisory_inspection, found 2024-12-31T20:00:00Z = 2025-01-01 04:00 CST (a 2025
//      hazard); deadline 2025-02-28 extended to 2025-04-30; closed 2025-05-15, late, 134 days
//      (31 + 28 + 31 + 30 + 14).
//   H3 general, public_report, found 2024-06-10; deadline 2024-07-10, never completed: open and
//      overdue from then on; notice letter 2024-08-01; district problem list 2024-09-01.
// Hence, for 500103:
//   2023: reported 1 (self 1), open 1 (H1, its deadline 2024-01-31 not before the cut), overdue 0,
//         closed 0, rate 0, median null, stock open 1, increment 0.
//   2024: reported 1 (H3, public 1), closed 1 (H1, on time 1), open 1 (H3; H2 is found after the cut),
//         overdue 1, rate 0.5, median 67, stock open 0, increment 1, notice letters 1, list entries 1.
//   2025: reported 1 (H2, supervisory 1), closed 1 (H2, on time 0), open 1 (H3), overdue 1, rate 0.5,
//         median 134, stock open 0, increment 1.
//   2025 major: reported 1, closed 1, on time 0, open 0, rate 1, median 134.
//   2026 (cut = today): reported 0, closed 0, open 1 (H3), overdue 1, rate 0, median null.

const HAND_USCC = testUscc('91500103MA6HANDXX');
const HAND = { h1: '00000000-0000-4000-8000-0000000000a1', h2: '00000000-0000-4000-8000-0000000000a2', h3: '00000000-0000-4000-8000-0000000000a3' };

function handScenario(gasCriterion: string): WorkloadOperation[] {
  const op = (stream: string, path: string, body: Record<string, unknown>, after?: string): WorkloadOperation => ({
    method: 'POST',
    path,
    body,
    stream,
    ...(after ? { after } : {}),
  });
  const enterprise = `enterprise-${HAND_USCC}`;
  const report = (hazardId: string, grade: string, channel: string, discoveredAt: string, extra: Record<string, unknown> = {}) =>
    op(`hazard-${hazardId}`, '/api/v1/hazards', { hazardId, enterpriseUscc: HAND_USCC, grade, channel, title: '燃气管道腐蚀', description: '手算场景', discoveredAt, ...extra }, enterprise);
  const step = (hazardId: string, sub: string, body: Record<string, unknown>) => op(`hazard-${hazardId}`, `/api/v1/hazards/${hazardId}/${sub}`, body);
  const plan = (deadline: string, plannedAt: string) => ({
    measures: [{ description: '更换腐蚀管段', deadline }],
    responsiblePerson: { name: '王伟' },
    deadline,
    fundsFen: 5_000_000,
    emergencyPlan: '燃气泄漏专项应急预案',
    plannedAt,
  });
  return [
    op(enterprise, '/api/v1/enterprises', {
      uscc: HAND_USCC, name: '渝中手算燃气有限公司', districtCode: '500103', sector: 'gas', industryCode: 'D45', registeredAt: '2022-06-01T09:00:00+08:00',
    }),
    report(HAND.h1, 'general', 'self_inspection', '2023-11-20T10:00:00+08:00'),
    step(HAND.h1, 'rectification-plan', plan('2024-01-31', '2023-11-21T10:00:00+08:00')),
    step(HAND.h1, 'rectification-completion', { completedAt: '2024-01-20T10:00:00+08:00', evidence: '已更换' }),
    step(HAND.h1, 'verification', { verdict: 'passed', verifiedAt: '2024-01-25T10:00:00+08:00' }),
    step(HAND.h1, 'closure', { closedAt: '2024-01-26T10:00:00+08:00' }),
    report(HAND.h3, 'general', 'public_report', '2024-06-10T09:00:00+08:00'),
    step(HAND.h3, 'rectification-plan', plan('2024-07-10', '2024-06-11T09:00:00+08:00')),
    step(HAND.h3, 'escalations', { measure: 'notice_letter', decidedAt: '2024-08-01T10:00:00+08:00' }),
    step(HAND.h3, 'problem-list-entries', { list: 'district', listedAt: '2024-09-01T10:00:00+08:00' }),
    report(HAND.h2, 'major', 'supervisory_inspection', '2024-12-31T20:00:00Z', { criterionCode: gasCriterion }),
    step(HAND.h2, 'rectification-plan', plan('2025-02-28', '2025-01-02T10:00:00+08:00')),
    step(HAND.h2, 'deadline-extension', { deadline: '2025-04-30', reason: '冬季施工受限', extendedAt: '2025-02-20T10:00:00+08:00' }),
    step(HAND.h2, 'rectification-completion', { completedAt: '2025-05-10T10:00:00+08:00', evidence: '已更换' }),
    step(HAND.h2, 'verification', { verdict: 'passed', verifiedAt: '2025-05-12T10:00:00+08:00' }),
    step(HAND.h2, 'closure', { closedAt: '2025-05-15T10:00:00+08:00' }),
  ];
}

const zeroChannels = { self_inspection: 0, supervisory_inspection: 0, public_report: 0, enforcement: 0, accident_investigation: 0 };
const zeroMeasures = { notice_letter: 0, circular: 0, interview: 0, listed_supervision: 0 };
const HAND_ROWS: Record<string, Omit<HazardFiguresRow, 'key' | 'name'>> = {
  '2023': {
    reported: 1, reportedByChannel: { ...zeroChannels, self_inspection: 1 }, open: 1, overdue: 0, closed: 0, closedOnTime: 0,
    closureRate: 0, medianDaysToClose: null, stockOpen: 1, increment: 0, escalationsByMeasure: zeroMeasures, problemListEntries: 0,
  },
  '2024': {
    reported: 1, reportedByChannel: { ...zeroChannels, public_report: 1 }, open: 1, overdue: 1, closed: 1, closedOnTime: 1,
    closureRate: 0.5, medianDaysToClose: 67, stockOpen: 0, increment: 1, escalationsByMeasure: { ...zeroMeasures, notice_letter: 1 }, problemListEntries: 1,
  },
  '2025': {
    reported: 1, reportedByChannel: { ...zeroChannels, supervisory_inspection: 1 }, open: 1, overdue: 1, closed: 1, closedOnTime: 0,
    closureRate: 0.5, medianDaysToClose: 134, stockOpen: 0, increment: 1, escalationsByMeasure: zeroMeasures, problemListEntries: 0,
  },
  '2025 major': {
    reported: 1, reportedByChannel: { ...zeroChannels, supervisory_inspection: 1 }, open: 0, overdue: 0, closed: 1, closedOnTime: 0,
    closureRate: 1, medianDaysToClose: 134, stockOpen: 0, increment: 1, escalationsByMeasure: zeroMeasures, problemListEntries: 0,
  },
  '2026': {
    reported: 0, reportedByChannel: zeroChannels, open: 1, overdue: 1, closed: 0, closedOnTime: 0,
    closureRate: 0, medianDaysToClose: null, stockOpen: 0, increment: 0, escalationsByMeasure: zeroMeasures, problemListEntries: 0,
  },
};

// ─── the suite ───────────────────────────────────────────────────────────────────────────────────

describe.each(modes)('hazard figures equal an independent recount (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> } | undefined;
  let url: string;
  const gasCriterion = reference.criteria.find((c) => c.sector === 'gas' && c.supersededBy === null)?.code ?? 'missing-gas-criterion';
  const hand = handScenario(gasCriterion);
  const workload = generateWorkload({ seed: 2024, enterprises: 150, hazardsPerEnterprise: 3, reference: toWorkloadReference(reference) });
  const sent: WorkloadOperation[] = [];
  let lastPosition = '0';

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  }, 120_000);
  afterAll(async () => running?.done(), 60_000);

  it('counts a hand-computed scenario as computed by hand (API and recount alike)', async () => {
    const result = await sendWorkload(hand, { baseUrl: url, concurrency: 4, headers: ADMIN_AUTH });
    sent.push(...hand);
    lastPosition = result.lastPosition;
    const histories = hazardHistories(sent);
    for (const [label, want] of Object.entries(HAND_ROWS)) {
      const [yearText, grade] = label.split(' ') as [string, 'major' | undefined];
      const { rows, today } = await figures(url, { groupBy: 'district', year: Number(yearText), grade }, lastPosition);
      const expected = { key: '500103', name: '渝中区', ...want };
      expect({ label, row: rows.find((r) => r.key === '500103') }).toEqual({ label, row: expected });
      const recounted = recountFromHistories(histories, { groupBy: 'district', year: Number(yearText), grade, today, ...scope(Number(yearText), 'district') });
      expect({ label, row: recounted.find((r) => r.key === '500103') }).toEqual({ label, row: expected });
      // Every other district is all zeros, and rows come for every district in code order.
      expect(rows.map((r) => r.key)).toEqual(scope(Number(yearText), 'district').groups.map((g) => g.code));
      expect(rows.filter((r) => r.key !== '500103').every((r) => r.reported === 0 && r.open === 0 && r.closed === 0)).toBe(true);
    }
  });

  it('sends a workload that exercises every case (so the comparison cannot pass vacuously)', async () => {
    expect(workload.some((op) => op.body['uscc'] === HAND_USCC)).toBe(false);
    const s = summarizeWorkload(workload);
    expect(s.districts).toBe(reference.districts.length);
    expect(s.sectors).toBe(reference.sectorList.length);
    for (const key of ['major', 'stock', 'extended', 'rejected', 'reopened', 'late', 'escalated', 'problemListEntries', 'neverPlanned', 'leftOpen', 'boundary'] as const) {
      expect({ [key]: s[key] > 0 }).toEqual({ [key]: true });
    }
    expect(s.major / s.hazards).toBeGreaterThan(0.01);
    expect(s.major / s.hazards).toBeLessThan(0.05);

    const result = await sendWorkload(workload, { baseUrl: url, concurrency: 8, headers: ADMIN_AUTH });
    expect(result.sent).toBe(workload.length);
    sent.push(...workload);
    lastPosition = result.lastPosition;
  }, 600_000);

  it.each(YEARS)('answers %i exactly as API.md defines, by district and by sector, all grades and major', async (year) => {
    expect(sent.length).toBeGreaterThan(hand.length); // the workload went through
    const histories = hazardHistories(sent);
    for (const groupBy of ['district', 'sector'] as const) {
      for (const grade of [undefined, 'major'] as const) {
        const { rows, today } = await figures(url, { groupBy, year, grade }, lastPosition);
        const expected = recountFromHistories(histories, { groupBy, year, grade, today, ...scope(year, groupBy) });
        expect({ year, groupBy, grade: grade ?? 'all', rows }).toEqual({ year, groupBy, grade: grade ?? 'all', rows: expected });
      }
    }
  }, 120_000);

  it('makes every figure non-zero somewhere, so equal rows mean something', async () => {
    const seen = new Set<string>();
    for (const year of YEARS) {
      for (const grade of [undefined, 'major'] as const) {
        const { rows } = await figures(url, { groupBy: 'sector', year, grade }, lastPosition);
        for (const r of rows) {
          const tag = grade ? 'major.' : '';
          for (const f of ['reported', 'open', 'overdue', 'closed', 'closedOnTime', 'stockOpen', 'increment', 'problemListEntries'] as const) {
            if (r[f] > 0) seen.add(tag + f);
          }
          for (const [ch, n] of Object.entries(r.reportedByChannel)) if (n > 0) seen.add(`${tag}channel.${ch}`);
          for (const [m, n] of Object.entries(r.escalationsByMeasure)) if (n > 0) seen.add(`${tag}measure.${m}`);
          if (r.medianDaysToClose !== null) seen.add(`${tag}median`);
          if (r.closureRate !== null && r.closureRate > 0 && r.closureRate < 1) seen.add(`${tag}rate`);
          if (r.closed > r.closedOnTime) seen.add(`${tag}late`);
        }
      }
    }
    const wanted = [
      'reported', 'open', 'overdue', 'closed', 'closedOnTime', 'stockOpen', 'increment', 'problemListEntries', 'median', 'rate', 'late',
      'channel.self_inspection', 'channel.supervisory_inspection', 'channel.public_report', 'channel.enforcement', 'channel.accident_investigation',
      'measure.notice_letter', 'measure.circular', 'measure.interview', 'measure.listed_supervision',
      'major.reported', 'major.open', 'major.closed', 'major.stockOpen',
    ];
    expect(wanted.filter((w) => !seen.has(w))).toEqual([]);
  }, 60_000);

  it('recounts the same list the same way whether folded once or per query', () => {
    const today = cstDateOf(Date.now());
    const q = { groupBy: 'sector' as const, year: 2025, today, groups: GROUPS.sector };
    expect(recountHazardFigures(sent, q)).toEqual(recountFromHistories(hazardHistories(sent), q));
  });
});
