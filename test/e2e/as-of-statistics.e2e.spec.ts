/**
 * Statistics `asOf` over real HTTP (embedded PGlite; PostgreSQL too when TEST_DATABASE_URL is set).
 * The demo's workload (apps/cli/src/workload: hazards and every figure topic's facts, small size; its
 * hazard and enterprise streams whole, about half of the figure streams, to keep the run short) is cut
 * in two (test/support/workload-prefix.ts: a prefix of each stream, 0 to all of it, drawn from a hash,
 * minus whatever needs an operation of the second part). Instance A receives the first part (its last position P1),
 * then, after a pause, the rest (P2); instance B receives only the first part. Every statistics topic
 * × grouping × year 2024–2026, /targets and /scoreboard asOf=P1 and asOf=<a time between the parts>
 * on A must equal B's live figures (text fields, `position` and `asOf` aside). So that the comparison
 * can fail, the figures at P1 must differ from those before any event and from those at P2 on (nearly)
 * every route; and the figure topics at P1 must equal an independent recount of the first part's
 * commands (apps/cli/src/workload/recount-*.ts). The answers come from the read models' row-version
 * history (libs/projections/src/as-of/read-model-versioning.ts); the replay it falls back to is
 * compared with that history table by table, at every position, in read-model-versioning.int.spec.ts.
 */
import { randomBytes } from 'node:crypto';
import { loadReferenceData } from '#reference-data';
import { ADMIN_AUTH, http, tokenFor, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';
import { splitWorkload } from '../support/workload-prefix.js';
import { cstDateOf } from '../../apps/cli/src/workload/cst-time.js';
import { figureQuery, generateFigureWorkload } from '../../apps/cli/src/workload/figure-workload.js';
import { generateWorkload, toWorkloadReference, type WorkloadOperation } from '../../apps/cli/src/workload/generate-workload.js';
import { sendWorkload } from '../../apps/cli/src/workload/send-workload.js';
import { compareAnswer, FIGURE_TOPICS } from '../../apps/cli/src/workload/topics.js';

const reference = loadReferenceData();
const YEARS = [2024, 2025, 2026];
const END_MS = Date.parse('2026-10-31T23:59:59+08:00');
// reports with a reporter identity need a KEK on the PostgreSQL (server-mode) backend
const modes = appBackends({ reporterKek: randomBytes(32).toString('base64') }, 'zhiben_e2e');
/** Every statistics route and its groupings: hazards, then the figure topics (key tasks: by task). */
const TOPICS: { name: string; groupBys: readonly string[] }[] = [{ name: 'hazards', groupBys: ['district', 'sector'] }, ...FIGURE_TOPICS.map((t) => ({ name: t.name, groupBys: t.groupBys }))];
/** Explanatory text, not figures: left out of the comparison. */
const TEXT_FIELDS = new Set(['note', 'reason']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const base = generateWorkload({ seed: 11, enterprises: 20, hazardsPerEnterprise: 1, reference: toWorkloadReference(reference) });
const workload = splitWorkload([...base, ...generateFigureWorkload(base, reference, 11, END_MS)], 'workload', (s) => /^(hazard|enterprise)-/.test(s)).first.flat();
const split = splitWorkload(workload, 'asOf');

/** Sends the parts' phases in order (one shared `captured`), returning the highest position answered. */
async function send(url: string, phases: WorkloadOperation[][], captured: Map<string, string>): Promise<string> {
  let last = 0n;
  for (const ops of phases) {
    const { lastPosition } = await sendWorkload(ops, { baseUrl: url, concurrency: 8, captured, headers: ADMIN_AUTH });
    if (BigInt(lastPosition) > last) last = BigInt(lastPosition);
  }
  return last.toString();
}

function stripText(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripText);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !TEXT_FIELDS.has(k)).map(([k, x]) => [k, stripText(x)]));
}

/** Every route's figures (`topic/groupBy/year`, `targets/year`, `scoreboard/year`): bodies without `position`, `asOf` and text. */
async function figures(url: string, suffix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const take = async (key: string, path: string) => {
    for (let attempt = 0; ; attempt++) {
      const res = await http(url, 'GET', `${path}${suffix}`);
      // 503: the live read models have not reached minPosition yet (the parts were just sent)
      if (res.status === 503 && attempt < 60) { await sleep(1000); continue; }
      expect({ key, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ key, status: 200, body: null });
      const { position: _p, asOf: _a, ...rest } = res.body;
      out[key] = stripText(rest);
      return;
    }
  };
  for (const year of YEARS) {
    for (const t of TOPICS) for (const g of t.groupBys) await take(`${t.name}/${g}/${year}`, `/api/v1/statistics/${t.name}?groupBy=${g}&year=${year}`);
    await take(`targets/${year}`, `/api/v1/targets?year=${year}`);
    await take(`scoreboard/${year}`, `/api/v1/scoreboard?year=${year}`);
  }
  return out;
}

/** The keys whose figures differ, each with the first differing path (and both values). */
function differences(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  const out: string[] = [];
  const first = (path: string, a: unknown, e: unknown): string | null => {
    if (a !== null && e !== null && typeof a === 'object' && typeof e === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(e)])) {
        const d = first(`${path}.${k}`, (a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k]);
        if (d) return d;
      }
      return null;
    }
    return JSON.stringify(a) === JSON.stringify(e) ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(e)}`;
  };
  for (const key of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const d = first(key, actual[key], expected[key]);
    if (d) out.push(d);
  }
  return out;
}

/** The routes (`topic` of `topic/groupBy/year`) on which two sets of figures differ somewhere. */
const routesDiffering = (a: Record<string, unknown>, b: Record<string, unknown>) => [...new Set(differences(a, b).map((d) => d.split('/')[0]!))].sort();
const ALL_ROUTES = [...TOPICS.map((t) => t.name), 'targets', 'scoreboard'].sort();

describe.each(modes)('statistics asOf over the demo workload (%s)', (_mode, start) => {
  let a: { app: RunningApp; done(): Promise<void> };
  let b: { app: RunningApp; done(): Promise<void> };
  let p1 = '0';
  let p2 = '0';
  let pb = '0';
  let between = '';

  beforeAll(async () => {
    a = await start();
    b = await start();
    const captured = new Map<string, string>();
    p1 = await send(a.app.baseUrl, split.first, captured);
    await sleep(50);
    between = new Date().toISOString();
    await sleep(50);
    p2 = await send(a.app.baseUrl, split.second, captured);
    pb = await send(b.app.baseUrl, split.first, new Map());
  }, 600_000);
  afterAll(async () => {
    await a?.done();
    await b?.done();
  });

  it('cuts the workload into two real parts, every phase represented in the first', () => {
    const [first, second] = [split.first.flat().length, split.second.flat().length];
    expect(first + second).toBe(workload.length);
    expect(first).toBeGreaterThan(800);
    expect(second).toBeGreaterThan(800);
    expect(split.first[1]!.length).toBeGreaterThan(0);
    expect(BigInt(p1)).toBeLessThan(BigInt(p2));
  });

  it('asOf=P1 and asOf=<a time between the parts> equal a fresh instance fed only the first part, on every route', async () => {
    const head = await figures(a.app.baseUrl, `&asOf=${p2}`);
    expect(differences(head, await figures(a.app.baseUrl, `&minPosition=${p2}`))).toEqual([]);
    const fresh = await figures(b.app.baseUrl, `&minPosition=${pb}`);
    const atP1 = await figures(a.app.baseUrl, `&asOf=${p1}`);
    expect(differences(atP1, fresh)).toEqual([]);
    expect(differences(await figures(a.app.baseUrl, `&asOf=${encodeURIComponent(between)}`), fresh)).toEqual([]);
    // The comparison can fail: at P1 every route has figures (not those before any event) and
    // (nearly) every route changes with the second part (key tasks' few reports may all fall in one part).
    const before = await figures(a.app.baseUrl, '&asOf=2020-01-01T00:00:00Z');
    expect(routesDiffering(atP1, before)).toEqual(ALL_ROUTES);
    expect(routesDiffering(atP1, head).length).toBeGreaterThanOrEqual(ALL_ROUTES.length - 1);
  }, 300_000);

  it('asOf=P1 answers every figure topic as an independent recount of the first part\'s commands does', async () => {
    const sent = split.first.flat();
    const diffs: string[] = [];
    for (const topic of FIGURE_TOPICS) {
      for (const year of YEARS) {
        for (const groupBy of topic.groupBys) {
          const res = await http(a.app.baseUrl, 'GET', `${topic.route}?groupBy=${groupBy}&year=${year}&asOf=${p1}`);
          expect(res.status).toBe(200);
          const today = cstDateOf(Date.parse(res.headers.get('date') ?? new Date().toUTCString()));
          diffs.push(...compareAnswer(`${topic.name} ${year} ${groupBy}`, res.body, topic.recount(sent, figureQuery(reference, year, groupBy, today)), topic.textFields, topic.totalsField));
        }
      }
    }
    expect(diffs.slice(0, 20)).toEqual([]);
  }, 120_000);

  it('asOf before any event gives all-zero rows, position 0', async () => {
    const res = await http(a.app.baseUrl, 'GET', '/api/v1/statistics/publicity?groupBy=district&year=2025&asOf=2020-01-01T00:00:00Z');
    expect(res.status).toBe(200);
    expect(res.body.position).toBe('0');
    for (const r of res.body.rows) expect(r).toMatchObject({ lectures: 0, lectureAudience: 0, demonstrationSitesNew: 0, scienceHallsByLevel: { city: 0, district: 0, township: 0, village: 0 } });
    const dated = await http(a.app.baseUrl, 'GET', '/api/v1/statistics/publicity?groupBy=sector&year=2025&asOf=2020-01-01');
    expect(dated.status).toBe(200);
    for (const r of dated.body.rows) expect(r.lectures).toBe(0);
  }, 120_000);

  it.each([
    ['malformed', 'yesterday'],
    ['a day that does not exist', '2025-02-30'],
    ['a date-time without offset', '2025-03-01T09:00:00'],
    ['a position after the newest event', '99999999'],
    ['a future date-time', '2999-01-01T00:00:00Z'],
    ['a future date', '2999-01-01'],
    ['in year 0 (no PostgreSQL timestamp)', '0000-01-01T00:00:00Z'],
    ['in year 50 (Date.UTC would read 1950)', '0050-06-01T00:00:00Z'],
    ['a date in year 99 (Date.UTC would read 1999)', '0099-12-31'],
    ['before 1950', '1949-12-31T23:59:59+08:00'],
  ])('asOf %s → 400 validation naming asOf', async (_what, value) => {
    for (const route of ['/api/v1/statistics/hazards?groupBy=district&year=2025', '/api/v1/scoreboard?year=2025', '/api/v1/targets?year=2025']) {
      const res = await http(a.app.baseUrl, 'GET', `${route}&asOf=${encodeURIComponent(value)}`);
      expect({ route, status: res.status }).toEqual({ route, status: 400 });
      expect(res.body).toMatchObject({ error: 'validation', details: [{ path: 'asOf' }] });
    }
  });

  it('asOf is for city_admin and auditor: the other roles get 403 (and still read today\'s figures)', async () => {
    const path = `/api/v1/statistics/publicity?groupBy=district&year=2025&asOf=${p1}`;
    const auditor = await http(a.app.baseUrl, 'GET', path, undefined, { authorization: `Bearer ${await tokenFor({ role: 'auditor' })}` });
    expect(auditor.status).toBe(200);
    expect(auditor.body).toMatchObject({ position: p1, asOf: p1 });
    for (const role of ['analyst', 'enterprise', 'inspector', 'district_supervisor'] as const) {
      const token = await tokenFor({ role, ...(role === 'inspector' || role === 'district_supervisor' ? { district: '500104' } : {}), ...(role === 'enterprise' ? { enterprise: testUscc('91500000MA5U00000') } : {}) });
      const denied = await http(a.app.baseUrl, 'GET', path, undefined, { authorization: `Bearer ${token}` });
      expect({ role, status: denied.status, error: denied.body.error }).toEqual({ role, status: 403, error: 'forbidden' });
      const scoreboard = await http(a.app.baseUrl, 'GET', `/api/v1/scoreboard?year=2025&asOf=${p1}`, undefined, { authorization: `Bearer ${token}` });
      expect({ role, status: scoreboard.status }).toEqual({ role, status: 403 });
      const live = await http(a.app.baseUrl, 'GET', '/api/v1/statistics/publicity?groupBy=district&year=2025', undefined, { authorization: `Bearer ${token}` });
      expect({ role, status: live.status }).toEqual({ role, status: 200 });
    }
  });

  it('asOf with minPosition, or repeated, → 400', async () => {
    const both = await http(a.app.baseUrl, 'GET', `/api/v1/targets?year=2025&asOf=${p1}&minPosition=${p1}`);
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('validation');
    const twice = await http(a.app.baseUrl, 'GET', `/api/v1/statistics/drills?groupBy=district&year=2025&asOf=1&asOf=2`);
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ error: 'validation', details: [{ path: 'asOf' }] });
  });
});
