/**
 * Issue 4 parts 1–2: who may call what. Every route the app serves × every role, in and out of scope
 * → the expected status, kept as a table here; a route missing from the table fails the suite. Plus
 * the token checks (expired, wrong signature, alg none, another key, malformed claims) and `cli token`.
 * Real app over HTTP on embedded PGlite.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import { RouteDecisions, signToken } from '#auth';
import { loadConfig } from '#bootstrap';
import { runToken } from '../../apps/cli/src/token.command.js';
import { http, startApp, TEST_JWT_SECRET, tokenFor, type RunningApp } from '../support/app-harness.js';
import { testUscc } from '../support/backends.js';

const D1 = '500101';
const D2 = '500102';
const ENT_A = testUscc('91500101MA60M0001'); // in D1
const ENT_B = testUscc('91500102MA60M0002'); // in D2
const NIL = '00000000-0000-0000-0000-000000000000';
const AT = '2025-03-01T09:00:00+08:00';

/** The callers: no token, and each role in scope (D1 / enterprise A) and out of it (D2 / enterprise B). */
const WHO = ['none', 'ent_in', 'ent_out', 'insp_in', 'insp_out', 'sup_in', 'sup_out', 'admin', 'auditor', 'analyst'] as const;
type Who = (typeof WHO)[number];
type Row = Record<Who, number>;

/** A row from one status per caller, in WHO's order. */
const row = (...s: number[]): Row => Object.fromEntries(WHO.map((w, i) => [w, s[i]!])) as Row;
/** Figures and reference data: every role 200, no token 401. */
const FIGURE = row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200);
/**
 * A command sent with an empty body `{}`: the guard refuses roles that may never issue it (403) before
 * the body is read; the roles it lets through reach validation (400). Scope is the decider's (see below).
 */
const command = (roles: Who[]): Row => row(...WHO.map((w) => (w === 'none' ? 401 : roles.includes(w) ? 400 : 403)));
const E_I_S_A: Who[] = ['ent_in', 'ent_out', 'insp_in', 'insp_out', 'sup_in', 'sup_out', 'admin'];
const I_S_A: Who[] = ['insp_in', 'insp_out', 'sup_in', 'sup_out', 'admin'];
const E_S_A: Who[] = ['ent_in', 'ent_out', 'sup_in', 'sup_out', 'admin'];
const S_A: Who[] = ['sup_in', 'sup_out', 'admin'];
/** Audit routes: auditor and city_admin, `ok` being the status of the request below. */
const audit = (ok: number): Row => row(401, 403, 403, 403, 403, 403, 403, ok, ok, 403);

interface Case {
  /** `METHOD /declared/path` as Nest serves it. */
  route: string;
  /** The request path with ids filled in (`{hz}` hazard, `{rep}` report, `{a}` enterprise A). */
  path: string;
  body?: unknown;
  expect: Row;
}

const CASES: Case[] = [
  { route: 'GET /health', path: '/health', expect: row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200) },
  // reference data, plan targets, figures
  ...['districts', 'sectors', 'risk-tags', 'criteria', 'plan-targets', 'key-tasks'].map((r) => ({ route: `GET /api/v1/reference/${r}`, path: `/api/v1/reference/${r}`, expect: FIGURE })),
  ...['hazards', 'accidents', 'drills', 'training', 'inspections', 'standardization', 'enforcement', 'rescue', 'engineering', 'publicity', 'reports', 'key-tasks'].map((t) => ({
    route: `GET /api/v1/statistics/${t}`,
    path: `/api/v1/statistics/${t}?groupBy=${t === 'key-tasks' ? 'task' : 'district'}&year=2025`,
    expect: FIGURE,
  })),
  { route: 'GET /api/v1/targets', path: '/api/v1/targets?year=2025', expect: FIGURE },
  { route: 'GET /api/v1/scoreboard', path: '/api/v1/scoreboard?year=2025', expect: FIGURE },
  { route: 'GET /api/v1/key-tasks', path: '/api/v1/key-tasks', expect: FIGURE },
  { route: 'GET /api/v1/key-tasks/:taskNo', path: '/api/v1/key-tasks/3', expect: FIGURE },
  // personal and enterprise data: scoped reads
  { route: 'GET /api/v1/hazards', path: '/api/v1/hazards', expect: row(401, 200, 200, 200, 200, 200, 200, 200, 200, 403) },
  { route: 'GET /api/v1/hazards/:id', path: '/api/v1/hazards/{hz}', expect: row(401, 200, 403, 200, 403, 200, 403, 200, 200, 403) },
  { route: 'GET /api/v1/enterprises/:uscc', path: '/api/v1/enterprises/{a}', expect: row(401, 200, 403, 200, 403, 200, 403, 200, 200, 403) },
  { route: 'GET /api/v1/reports/:id', path: '/api/v1/reports/{rep}', expect: row(401, 403, 403, 200, 403, 200, 403, 200, 200, 403) },
  // an unknown accident: 404 to the roles that may read accidents, 403 to the analyst
  { route: 'GET /api/v1/accidents/:id', path: `/api/v1/accidents/${NIL}`, expect: row(401, 404, 404, 404, 404, 404, 404, 404, 404, 403) },
  // commands (guard level; the deciders' scope is tested below)
  { route: 'POST /api/v1/enterprises', path: '/api/v1/enterprises', body: {}, expect: command(E_I_S_A) },
  { route: 'POST /api/v1/enterprises/:uscc/standardization', path: '/api/v1/enterprises/{a}/standardization', body: {}, expect: command(I_S_A) },
  { route: 'POST /api/v1/enterprises/:uscc/responsibility-system', path: '/api/v1/enterprises/{a}/responsibility-system', body: {}, expect: command(E_I_S_A) },
  { route: 'POST /api/v1/enterprises/:uscc/closure', path: '/api/v1/enterprises/{a}/closure', body: {}, expect: command(I_S_A) },
  { route: 'POST /api/v1/hazards', path: '/api/v1/hazards', body: {}, expect: command(E_I_S_A) },
  ...['rectification-plan', 'deadline-extension', 'rectification-completion'].map((c) => ({ route: `POST /api/v1/hazards/:id/${c}`, path: `/api/v1/hazards/{hz}/${c}`, body: {}, expect: command(E_I_S_A) })),
  ...['verification', 'closure', 'reopening'].map((c) => ({ route: `POST /api/v1/hazards/:id/${c}`, path: `/api/v1/hazards/{hz}/${c}`, body: {}, expect: command(E_S_A) })),
  ...['escalations', 'listed-supervision', 'problem-list-entries'].map((c) => ({ route: `POST /api/v1/hazards/:id/${c}`, path: `/api/v1/hazards/{hz}/${c}`, body: {}, expect: command(S_A) })),
  { route: 'POST /api/v1/trainings', path: '/api/v1/trainings', body: {}, expect: command(E_I_S_A) },
  { route: 'POST /api/v1/certificates', path: '/api/v1/certificates', body: {}, expect: command(E_I_S_A) },
  { route: 'POST /api/v1/certificates/:id/revocation', path: `/api/v1/certificates/${NIL}/revocation`, body: {}, expect: command(E_I_S_A) },
  { route: 'POST /api/v1/drills', path: '/api/v1/drills', body: {}, expect: command(E_I_S_A) },
  { route: 'POST /api/v1/self-inspections', path: '/api/v1/self-inspections', body: {}, expect: command(E_I_S_A) },
  { route: 'POST /api/v1/accidents', path: '/api/v1/accidents', body: {}, expect: command(I_S_A) },
  { route: 'POST /api/v1/accidents/:id/toll-revision', path: `/api/v1/accidents/${NIL}/toll-revision`, body: {}, expect: command(I_S_A) },
  { route: 'POST /api/v1/accidents/:id/investigation-conclusion', path: `/api/v1/accidents/${NIL}/investigation-conclusion`, body: {}, expect: command(I_S_A) },
  ...['lectures', 'demonstration-sites', 'science-halls', 'supervisory-inspections', 'enforcement-actions'].map((c) => ({ route: `POST /api/v1/${c}`, path: `/api/v1/${c}`, body: {}, expect: command(I_S_A) })),
  ...['rescue-teams', 'rescue-equipment-distributions', 'elevator-spot-checks', 'engineering-progress'].map((c) => ({ route: `POST /api/v1/${c}`, path: `/api/v1/${c}`, body: {}, expect: command(S_A) })),
  { route: 'POST /api/v1/key-tasks/:taskNo/progress-reports', path: '/api/v1/key-tasks/3/progress-reports', body: {}, expect: command(S_A) },
  { route: 'POST /api/v1/key-tasks/:taskNo/items/:itemNo/completion', path: '/api/v1/key-tasks/3/items/3.6/completion', body: {}, expect: command(['admin']) },
  // whistle-blower reports: submission is public (an empty body is a 400 for everyone, a token is not needed)
  { route: 'POST /api/v1/reports', path: '/api/v1/reports', body: {}, expect: row(400, 400, 400, 400, 400, 400, 400, 400, 400, 400) },
  { route: 'POST /api/v1/reports/:id/verification', path: '/api/v1/reports/{rep}/verification', body: {}, expect: command(I_S_A) },
  { route: 'POST /api/v1/reports/:id/reward-payment', path: '/api/v1/reports/{rep}/reward-payment', body: {}, expect: command(S_A) },
  { route: 'POST /api/v1/reports/:id/reporter-identity-reads', path: '/api/v1/reports/{rep}/reporter-identity-reads', body: {}, expect: command(S_A) },
  // shredding takes no body: the roles let through reach the decider, which judges the district (403 out of scope)
  // — and the report is anonymous, so the in-scope roles meet 422 no_identity.
  { route: 'POST /api/v1/reports/:id/identity-shredding', path: '/api/v1/reports/{rep}/identity-shredding', expect: row(401, 403, 403, 403, 403, 422, 403, 422, 403, 403) },
  // the analysts' event stream (checked for its status only: the request is aborted once the headers arrive)
  { route: 'GET /api/v1/streams/events', path: '/api/v1/streams/events', expect: row(401, 403, 403, 403, 403, 403, 403, 200, 200, 200) },
  // audit
  { route: 'GET /api/v1/audit/streams/:streamId', path: '/api/v1/audit/streams/hazard-{hz}', expect: audit(200) },
  { route: 'GET /api/v1/audit/cases/hazard/:hazardId', path: '/api/v1/audit/cases/hazard/{hz}', expect: audit(200) },
  { route: 'GET /api/v1/audit/subjects/:subject/events', path: '/api/v1/audit/subjects/test:city-admin/events', expect: audit(200) },
  { route: 'GET /api/v1/audit/correlations/:correlationId/events', path: '/api/v1/audit/correlations/matrix-setup/events', expect: audit(200) },
  { route: 'GET /api/v1/audit/hazards/:id/state', path: '/api/v1/audit/hazards/{hz}/state', expect: audit(200) },
  { route: 'GET /api/v1/audit/enterprises/:uscc/state', path: '/api/v1/audit/enterprises/{a}/state', expect: audit(200) },
  { route: 'GET /api/v1/audit/districts/:code/changes', path: `/api/v1/audit/districts/${D1}/changes?from=2025-01-01&to=2025-12-31`, expect: audit(200) },
  { route: 'GET /api/v1/audit/verify', path: '/api/v1/audit/verify', expect: audit(200) },
  { route: 'GET /api/v1/admin/parked-events', path: '/api/v1/admin/parked-events', expect: row(401, 403, 403, 403, 403, 403, 403, 200, 403, 403) },
];

describe('access matrix (embedded PGlite)', () => {
  let app: RunningApp;
  let url: string;
  const tokens = {} as Record<Who, string | null>;
  const ids: Record<string, string> = {};
  const fill = (path: string) => path.replace('{hz}', ids['hz']!).replace('{rep}', ids['rep']!).replace('{a}', ENT_A);
  const as = (who: Who): Record<string, string> => ({ authorization: tokens[who] === null ? '' : `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    app = await startApp();
    url = app.baseUrl;
    tokens.none = null;
    tokens.ent_in = await tokenFor({ role: 'enterprise', enterprise: ENT_A });
    tokens.ent_out = await tokenFor({ role: 'enterprise', enterprise: ENT_B });
    tokens.insp_in = await tokenFor({ role: 'inspector', district: D1 });
    tokens.insp_out = await tokenFor({ role: 'inspector', district: D2 });
    tokens.sup_in = await tokenFor({ role: 'district_supervisor', district: D1 });
    tokens.sup_out = await tokenFor({ role: 'district_supervisor', district: D2 });
    tokens.admin = await tokenFor({ role: 'city_admin', subject: 'test:city-admin' });
    tokens.auditor = await tokenFor({ role: 'auditor' });
    tokens.analyst = await tokenFor({ role: 'analyst' });
    const setup = { 'X-Correlation-Id': 'matrix-setup' };
    for (const [uscc, districtCode] of [[ENT_A, D1], [ENT_B, D2]] as const) {
      const r = await http(url, 'POST', '/api/v1/enterprises', { uscc, name: `重庆矩阵测试${districtCode}有限公司`, districtCode, sector: 'machinery', industryCode: 'C34', registeredAt: '2023-01-05T09:00:00+08:00' }, setup);
      expect(r.status).toBe(201);
    }
    const hz = randomUUID();
    const h = await http(url, 'POST', '/api/v1/hazards', { hazardId: hz, enterpriseUscc: ENT_A, grade: 'general', channel: 'self_inspection', title: '配电箱未接地', description: '车间配电箱外壳未做接地保护', discoveredAt: AT }, setup);
    expect(h.status).toBe(201);
    ids['hz'] = hz;
    const rep = await http(url, 'POST', '/api/v1/reports', { districtCode: D1, sector: 'machinery', channel: 'phone', summary: '车间违规作业', receivedAt: AT }, setup);
    expect(rep.status).toBe(201);
    ids['rep'] = rep.body.reportId;
    // read models caught up before the reads below
    const ready = await http(url, 'GET', `/api/v1/hazards/${hz}?minPosition=${rep.body.position}`);
    expect(ready.status).toBe(200);
    await http(url, 'GET', `/api/v1/reports/${ids['rep']}?minPosition=${rep.body.position}`);
    await http(url, 'GET', `/api/v1/enterprises/${ENT_A}?minPosition=${rep.body.position}`);
  });
  afterAll(() => app.close());

  it('the table decides every route the app serves, and names no route it does not serve', () => {
    const served = app.app.get(RouteDecisions).list().map((r) => `${r.method} ${r.path}`).sort();
    const table = [...new Set(CASES.map((c) => c.route))].sort();
    expect({ missingFromTable: served.filter((r) => !table.includes(r)), notServed: table.filter((r) => !served.includes(r)) }).toEqual({ missingFromTable: [], notServed: [] });
  });

  it.each(CASES.map((c) => [c.route, c] as const))('%s', async (_route, c) => {
    const got = {} as Row;
    for (const who of WHO) {
      if (c.route === 'GET /api/v1/streams/events') {
        const abort = new AbortController();
        const res = await fetch(`${url}${c.path}`, { headers: tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {}, signal: abort.signal });
        got[who] = res.status;
        abort.abort();
        continue;
      }
      const res = await http(url, c.route.split(' ')[0]!, fill(c.path), c.body, as(who));
      got[who] = res.status;
      if (res.status === 401) {
        expect(res.body.error).toBe('unauthorized');
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      if (res.status === 403) expect(res.body).toEqual({ error: 'forbidden', message: expect.any(String) });
    }
    expect(got).toEqual(c.expect);
  });

  it('the ledger: a district role sees its district only (another district: 403), an enterprise its own hazards', async () => {
    const d1Ledger = await http(url, 'GET', '/api/v1/hazards', undefined, as('sup_in'));
    expect(d1Ledger.body.items.map((h: { hazardId: string }) => h.hazardId)).toEqual([ids['hz']]);
    expect((await http(url, 'GET', '/api/v1/hazards', undefined, as('sup_out'))).body.items).toEqual([]);
    expect((await http(url, 'GET', `/api/v1/hazards?districtCode=${D2}`, undefined, as('insp_in'))).status).toBe(403);
    expect((await http(url, 'GET', `/api/v1/hazards?districtCode=${D1}`, undefined, as('insp_in'))).status).toBe(200);
    expect((await http(url, 'GET', '/api/v1/hazards', undefined, as('ent_out'))).body.items).toEqual([]);
    expect((await http(url, 'GET', '/api/v1/hazards', undefined, as('ent_in'))).body.items).toHaveLength(1);
    expect((await http(url, 'GET', `/api/v1/hazards?districtCode=${D2}`, undefined, as('auditor'))).body.items).toEqual([]);
    expect((await http(url, 'GET', '/api/v1/hazards', undefined, as('auditor'))).body.items).toHaveLength(1);
  });

  it('commands in and out of scope: the decider answers 403 with the reason, 201 in scope, and the actor is the token\'s', async () => {
    const hazard = (extra: Record<string, unknown> = {}) => ({ hazardId: randomUUID(), enterpriseUscc: ENT_A, grade: 'general', channel: 'self_inspection', title: '消防通道堵塞', description: '仓库消防通道堆放杂物', discoveredAt: AT, ...extra });
    const expectations: [Who, number][] = [['ent_in', 201], ['ent_out', 403], ['insp_in', 201], ['insp_out', 403], ['sup_in', 201], ['sup_out', 403], ['admin', 201], ['auditor', 403], ['analyst', 403]];
    for (const [who, status] of expectations) {
      const res = await http(url, 'POST', '/api/v1/hazards', hazard(), as(who));
      expect({ who, status: res.status }).toEqual({ who, status });
      if (status === 403) expect(res.body.error).toBe('forbidden');
    }
    const esc = await http(url, 'POST', `/api/v1/hazards/${ids['hz']}/escalations`, { measure: 'interview', decidedAt: '2025-03-05T10:00:00+08:00' }, as('sup_out'));
    expect({ status: esc.status, error: esc.body.error }).toEqual({ status: 403, error: 'forbidden' });
    expect(esc.body.message).toContain(D1);
    const own = hazard();
    const made = await http(url, 'POST', '/api/v1/hazards', own, as('insp_in'));
    const history = await http(url, 'GET', `/api/v1/audit/streams/hazard-${own.hazardId}`, undefined, as('auditor'));
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('test:inspector');
    expect(made.status).toBe(201);
  });

  it('refuses tokens that do not verify: expired, wrong signature, alg none, another key, bad claims, not Bearer', async () => {
    const key = Buffer.from(TEST_JWT_SECRET, 'base64');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'x', role: 'city_admin', iat: now, exp: now + 3600 };
    const hs256 = (payload: unknown, k: Buffer) => {
      const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
      return `${head}.${createHmac('sha256', k).update(head).digest('base64url')}`;
    };
    const good = hs256(claims, key);
    const cases: [string, string][] = [
      ['expired', hs256({ ...claims, iat: now - 7200, exp: now - 3600 }, key)],
      ['wrong signature', `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`],
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
      ['another key', await signToken(randomBytes(32), { role: 'city_admin', subject: 'x' })],
      ['no exp', hs256({ sub: 'x', role: 'city_admin' }, key)],
      ['unknown role', hs256({ ...claims, role: 'superuser' }, key)],
      ['system role', hs256({ ...claims, role: 'system' }, key)],
      ['inspector without district', hs256({ ...claims, role: 'inspector' }, key)],
      ['enterprise with an invalid USCC', hs256({ ...claims, role: 'enterprise', enterprise: '915001010000000000' }, key)],
      ['garbage', 'not.a.token'],
    ];
    expect((await http(url, 'GET', '/api/v1/hazards', undefined, { authorization: `Bearer ${good}` })).status).toBe(200);
    for (const [name, token] of cases) {
      const res = await http(url, 'GET', '/api/v1/hazards', undefined, { authorization: `Bearer ${token}` });
      expect({ name, status: res.status, error: res.body.error }).toEqual({ name, status: 401, error: 'unauthorized' });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    for (const header of [`Basic ${Buffer.from('a:b').toString('base64')}`, good, 'Bearer', 'Bearer ']) {
      expect((await http(url, 'GET', '/api/v1/hazards', undefined, { authorization: header })).status).toBe(401);
    }
  });

  it('`cli token` prints, alone on stdout, a token the app accepts for the role and scope asked', async () => {
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await runToken({ role: 'district_supervisor', district: D1, subject: 'zhang.san', expiresIn: '1h' }, loadConfig({}, { authJwtSecret: TEST_JWT_SECRET, dataDir: 'memory://' }));
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    expect(printed).toHaveLength(1);
    const token = printed[0]!.trim();
    expect(printed[0]).toBe(`${token}\n`);
    const { payload } = await jwtVerify(token, Buffer.from(TEST_JWT_SECRET, 'base64'), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: 'zhang.san', role: 'district_supervisor', district: D1 });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect((await http(url, 'GET', `/api/v1/hazards/${ids['hz']}`, undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    // a district role without its district, and the JWKS mode, get no token
    expect(await runToken({ role: 'inspector', expiresIn: '1h' }, loadConfig({}, { authJwtSecret: TEST_JWT_SECRET }))).toBe(1);
    expect(await runToken({ role: 'auditor', expiresIn: '1h' }, loadConfig({}, { authJwksUrl: 'https://idp.example/jwks' }))).toBe(1);
  });
});
