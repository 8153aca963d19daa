/**
 * Every figure topic besides hazards (accidents, drills, training, self-inspections, standardization,
 * enforcement, rescue, publicity, engineering) over real HTTP against an independent recount of the
 * commands sent (apps/cli/src/workload/recount-*.ts): a small demo workload must give, for 2024–2026 and
 * each grouping, exactly the rows (and city totals) README.md's definitions give. A hand-computed
 * scenario, sent first to a fresh instance, checks the boundary cases on both sides: a high-risk
 * enterprise drilling once a year misses, a general one meets; a drill at 2024-12-31T16:00:00Z counts
 * in 2025; an empty denominator is null, not 0; exactly 5 new demonstration sites meet, 4 do not.
 * Embedded PGlite always; PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { loadReferenceData } from '#reference-data';
import { ADMIN_AUTH, http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';
import { cstDateOf } from '../../apps/cli/src/workload/cst-time.js';
import { figureQuery, generateFigureWorkload, phaseOf } from '../../apps/cli/src/workload/figure-workload.js';
import { generateWorkload, toWorkloadReference, type WorkloadOperation } from '../../apps/cli/src/workload/generate-workload.js';
import { recountDrills } from '../../apps/cli/src/workload/recount-drills.js';
import { recountPublicity } from '../../apps/cli/src/workload/recount-publicity.js';
import { recountTraining } from '../../apps/cli/src/workload/recount-training.js';
import { sendWorkload } from '../../apps/cli/src/workload/send-workload.js';
import { compareAnswer, FIGURE_TOPICS } from '../../apps/cli/src/workload/topics.js';
import { compareTargets, recountTargets } from '../../apps/cli/src/workload/recount-targets.js';

const reference = loadReferenceData();
const YEARS = [2024, 2025, 2026];
const END_MS = Date.parse('2026-10-31T23:59:59+08:00');
// reports with a reporter identity need a KEK on the PostgreSQL (server-mode) backend
const modes = appBackends({ reporterKek: randomBytes(32).toString('base64') }, 'zhiben_e2e');

// ─── the hand-computed scenario, in 渝中区 (500103) ─────────────────────────────────────────────────
// HR: hazardous_chemicals (high-risk), registered 2022-06-01, one drill 2025-05-15 → misses 2025.
// GE: commerce_trade (general), registered 2022-06-01, one drill at 2024-12-31T16:00:00Z = 2025-01-01
//     CST → no drill in 2024 (misses 2024), meets 2025.
// Hence 500103 drills: 2024 enterprises 2, meeting 0, rate 0, drills 0; 2025 enterprises 2, meeting 1,
// rate 0.5, drills 2, participants 60 + 40 = 100; 2026 enterprises 2, meeting 0, rate 0.
// Training 2025 in 500103: no special-operations training → trainees 0, certificationRate null (not 0).
// Publicity in 500103: 5 sites in 2025 → met true; 4 in 2024 → met false.
const HR = testUscc('91500103MA6HANDHR');
const GE = testUscc('91500103MA6HANDGE');

function handScenario(): WorkloadOperation[] {
  const op = (stream: string, path: string, body: Record<string, unknown>, after?: string): WorkloadOperation => ({ method: 'POST', path, body, stream, ...(after ? { after } : {}) });
  const register = (uscc: string, sector: string) =>
    op(`enterprise-${uscc}`, '/api/v1/enterprises', { uscc, name: `渝中手算${sector}有限公司`, districtCode: '500103', sector, industryCode: 'L72', registeredAt: '2022-06-01T09:00:00+08:00' });
  const site = (n: number, builtAt: string) => op('publicity-500103', '/api/v1/demonstration-sites', { districtCode: '500103', setting: 'community', name: `渝中示范点${n}`, builtAt });
  return [
    register(HR, 'hazardous_chemicals'),
    register(GE, 'commerce_trade'),
    op(`drill-${HR}`, '/api/v1/drills', { enterpriseUscc: HR, kind: 'evacuation', heldAt: '2025-05-15T10:00:00+08:00', participants: 60 }, `enterprise-${HR}`),
    op(`drill-${GE}`, '/api/v1/drills', { enterpriseUscc: GE, kind: 'evacuation', heldAt: '2024-12-31T16:00:00Z', participants: 40 }, `enterprise-${GE}`),
    ...[1, 2, 3, 4].map((n) => site(n, `2024-0${n + 1}-10T10:00:00+08:00`)),
    ...[5, 6, 7, 8, 9].map((n) => site(n, `2025-0${n - 3}-10T10:00:00+08:00`)),
  ];
}

describe.each(modes)('every figure equals an independent recount (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> } | undefined;
  let url: string;
  const hand = handScenario();
  const base = generateWorkload({ seed: 7, enterprises: 60, hazardsPerEnterprise: 1, reference: toWorkloadReference(reference) });
  const figures = generateFigureWorkload(base, reference, 7, END_MS);
  const sent: WorkloadOperation[] = [];
  let lastPosition = '0';

  const get = async (route: string, groupBy: string, year: number) => {
    for (;;) {
      const before = cstDateOf(Date.now());
      const res = await http<{ rows: Record<string, unknown>[]; cityTotals?: unknown }>(url, 'GET', `${route}?groupBy=${groupBy}&year=${year}&minPosition=${lastPosition}`);
      expect({ route, groupBy, year, status: res.status }).toEqual({ route, groupBy, year, status: 200 });
      const today = cstDateOf(Date.parse(res.headers.get('date') ?? new Date().toUTCString()));
      if (today === before) return { body: res.body, today };
    }
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  }, 120_000);
  afterAll(async () => running?.done(), 60_000);

  it('counts the hand-computed boundary cases as computed by hand (API and recount alike)', async () => {
    lastPosition = (await sendWorkload(hand, { baseUrl: url, concurrency: 4, headers: ADMIN_AUTH })).lastPosition;
    sent.push(...hand);
    const drills = { 2024: [2, 0, 0, 0, 0], 2025: [2, 1, 0.5, 2, 100], 2026: [2, 0, 0, 0, 0] } as const;
    for (const year of YEARS) {
      const { body, today } = await get('/api/v1/statistics/drills', 'district', year);
      const [enterprises, met, complianceRate, n, participants] = drills[year as 2024 | 2025 | 2026];
      const want = { key: '500103', name: '渝中区', enterprises, enterprisesMeetingFrequency: met, complianceRate, drills: n, participants };
      expect({ year, row: body.rows.find((r) => r['key'] === '500103') }).toEqual({ year, row: want });
      const recounted = recountDrills(sent, figureQuery(reference, year, 'district', today)).rows.find((r) => r['key'] === '500103');
      expect({ year, row: recounted }).toEqual({ year, row: want });
    }
    const training = await get('/api/v1/statistics/training', 'district', 2025);
    const row = training.body.rows.find((r) => r['key'] === '500103')!;
    expect([row['specialOperationsTrainees'], row['certificationRate'], row['principalsInKeySectors'], row['principalsTrained'], row['principalCoverage']]).toEqual([0, null, 2, 0, 0]);
    const recountedTraining = recountTraining(sent, figureQuery(reference, 2025, 'district', training.today)).rows.find((r) => r['key'] === '500103')!;
    expect(recountedTraining['certificationRate']).toBeNull();
    for (const [year, n, met] of [[2024, 4, false], [2025, 5, true]] as const) {
      const { body, today } = await get('/api/v1/statistics/publicity', 'district', year);
      const pick = (r: Record<string, unknown> | undefined) => [r?.['demonstrationSitesNew'], r?.['demonstrationSitesMet']];
      expect(pick(body.rows.find((r) => r['key'] === '500103'))).toEqual([n, met]);
      expect(pick(recountPublicity(sent, figureQuery(reference, year, 'district', today)).rows.find((r) => r['key'] === '500103'))).toEqual([n, met]);
    }
  }, 120_000);

  it('sends a workload with every kind of fact, in three phases', async () => {
    const all = [...base, ...figures];
    for (const path of ['/api/v1/accidents', '/api/v1/drills', '/api/v1/trainings', '/api/v1/certificates', '/api/v1/self-inspections', '/api/v1/supervisory-inspections',
      '/api/v1/enforcement-actions', '/api/v1/rescue-teams', '/api/v1/rescue-equipment-distributions', '/api/v1/lectures', '/api/v1/demonstration-sites',
      '/api/v1/science-halls', '/api/v1/elevator-spot-checks', '/api/v1/engineering-progress']) {
      expect({ path, some: all.some((op) => op.path === path) }).toEqual({ path, some: true });
    }
    for (const suffix of ['/toll-revision', '/investigation-conclusion', '/revocation', '/standardization', '/responsibility-system', '/closure']) {
      expect({ suffix, some: figures.some((op) => op.path.endsWith(suffix)) }).toEqual({ suffix, some: true });
    }
    const captured = new Map<string, string>();
    for (const phase of [1, 2, 3] as const) {
      const result = await sendWorkload(phaseOf(all, phase), { baseUrl: url, concurrency: 8, captured, headers: ADMIN_AUTH });
      if (BigInt(result.lastPosition) > BigInt(lastPosition)) lastPosition = result.lastPosition;
    }
    sent.push(...all);
  }, 900_000);

  it.each(FIGURE_TOPICS.map((t) => [t.name, t] as const))('answers %s exactly as README.md defines, for 2024–2026 and each grouping', async (_name, topic) => {
    expect(sent.length).toBeGreaterThan(hand.length);
    const diffs: string[] = [];
    let nonZero = false;
    for (const year of YEARS) {
      for (const groupBy of topic.groupBys) {
        const { body, today } = await get(topic.route, groupBy, year);
        diffs.push(...compareAnswer(`${topic.name} ${year} ${groupBy}`, body, topic.recount(sent, figureQuery(reference, year, groupBy, today)), topic.textFields, topic.totalsField));
        nonZero ||= body.rows.some((r) => Object.entries(r).some(([k, v]) => k !== 'key' && typeof v === 'number' && v > 0 && !/Required|Target/.test(k)));
      }
    }
    expect(diffs.slice(0, 20)).toEqual([]);
    expect(nonZero).toBe(true);
  }, 300_000);

  it('judges every target and ranks the scoreboard as the independent recount does, 2024–2026', async () => {
    const diffs: string[] = [];
    for (const year of YEARS) {
      const t = await http<{ items: Record<string, unknown>[] }>(url, 'GET', `/api/v1/targets?year=${year}&minPosition=${lastPosition}`);
      const b = await http<{ rows: Record<string, unknown>[] }>(url, 'GET', `/api/v1/scoreboard?year=${year}&minPosition=${lastPosition}`);
      expect([t.status, b.status]).toEqual([200, 200]);
      const today = cstDateOf(Date.parse(t.headers.get('date') ?? new Date().toUTCString()));
      diffs.push(...compareTargets(year, t.body.items, b.body.rows, recountTargets(sent, reference, year, today)));
      // every target has data somewhere: a figure city-wide or in some group
      const empty = t.body.items.filter((i) => i['status'] === 'no_data' && !((i['groups'] as Record<string, unknown>[] | undefined) ?? []).some((g) => g['status'] !== 'no_data'));
      expect({ year, empty: empty.map((i) => i['targetId']) }).toEqual({ year, empty: [] });
    }
    // the first difference of each target (and of each scoreboard), with how many there are
    const first = new Map<string, { diff: string; n: number }>();
    for (const d of diffs) {
      const id = d.split(/[: ]/).slice(0, 3).join(' ');
      const seen = first.get(id);
      first.set(id, seen ? { ...seen, n: seen.n + 1 } : { diff: d, n: 1 });
    }
    expect([...first.values()].map((x) => `${x.diff} (${x.n} difference(s))`)).toEqual([]);
  }, 300_000);

  it('places the target boundaries: 72/80 and 9/10 meet 0.9, 8999/10000 and 7999/10000 do not; a ratio with no denominator has no data', async () => {
    const target = async (year: number, id: string) => {
      const res = await http<{ items: Record<string, unknown>[] }>(url, 'GET', `/api/v1/targets?year=${year}&minPosition=${lastPosition}`);
      return res.body.items.find((i) => i['targetId'] === id)!;
    };
    const group = (item: Record<string, unknown>, key: string) => (item['groups'] as Record<string, unknown>[]).find((g) => g['key'] === key)!;
    const pick = (g: Record<string, unknown>) => [g['numerator'], g['denominator'], g['status']];
    const highRisk = reference.sectorList.filter((s) => s.highRisk).map((s) => s.code);
    const pro2025 = await target(2025, 'professional-rescue-teams-2025');
    expect([pick(group(pro2025, highRisk[0]!)), pick(group(pro2025, highRisk[1]!))]).toEqual([[8, 10, 'met'], [7999, 10000, 'missed']]);
    const pro2026 = await target(2026, 'professional-rescue-teams-2026');
    expect(pick(group(pro2026, highRisk[0]!))).toEqual([9, 10, 'met']);
    expect(group(pro2026, highRisk[1]!)['status']).not.toBe('met');
    const hospital = await target(2024, 'hospital-fire-lead-training-2024');
    const second = figureQuery(reference, 2024, 'district', '2100-01-01').groups[1]!.code;
    expect([group(hospital, second)['status'], group(hospital, second)['actual']]).toEqual(['no_data', null]);
    // last: 渝中区 has 80 villages in the reference data and 72 stations by 2025 (the rescue figure, exactly 90%)
    expect(pick(group(await target(2025, 'village-rescue-stations-2025'), '500103'))).toEqual([72, 80, 'met']);
  }, 60_000);

  it('places the workload boundaries: elevators exactly 1,000 in 2025 (met) and 999 in 2026 (missed)', async () => {
    for (const [year, value, met] of [[2025, 1000, true], [2026, 999, false]] as const) {
      const { body } = await get('/api/v1/statistics/engineering', 'district', year);
      expect((body.cityTotals as Record<string, unknown>)['elevatorsChecked']).toEqual({ value, target: 1000, met });
    }
  }, 60_000);
});
