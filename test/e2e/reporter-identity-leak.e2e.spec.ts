/**
 * Whistle-blower confidentiality end to end (issue 4 part 7), on embedded PGlite and (with
 * TEST_DATABASE_URL) PostgreSQL: a unique identity is planted in a report, then every route the app
 * serves (listed from /docs-json) is exercised — GETs with plausible parameters, the report lifecycle
 * with an identity read and the shredding, refusals of every kind — the analysts' SSE stream and the
 * Kafka redaction (`redactForAnalysts`) of every stored event are read, every log line the app writes
 * at verbose level is captured, and every row of every table is dumped. The identity (its name and its
 * contact) may appear nowhere — neither as text nor in base64, base64url or hex — except in the one
 * answer of the authorised identity read; in the database it exists only as the AES-256-GCM envelope.
 * After shredding, the wrapped data key is gone and the envelope does not open, even with the KEK.
 */
import { createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { EVENT_STORE, READ_MODELS } from '#bootstrap';
import { decryptReporterIdentity, IdentityDecryptionError } from '#command-handling';
import type { EventStore, RecordedEvent } from '#event-store';
import { redactForAnalysts } from '#messaging';
import { ADMIN_TOKEN, http, type JsonResponse } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const KEK = randomBytes(32).toString('base64');
const UNIQUE = randomUUID().replace(/-/g, '');
/** The planted identity: ASCII cores (found even where non-ASCII text would be escaped) inside a realistic name and contact. */
const NAME_CORE = `ZbLeakName${UNIQUE.slice(0, 16)}`;
const CONTACT_CORE = `zbleak${UNIQUE.slice(16)}`;
const NAME = `举报人${NAME_CORE}`;
const CONTACT = `${CONTACT_CORE}@example.cn`;
const IDENTITY = { name: NAME, contact: CONTACT };
const CORRELATION = `leak-${UNIQUE.slice(0, 12)}`;

/**
 * The base64 forms a string can take inside a longer base64 text: one per byte alignment (0, 1, 2),
 * keeping only the characters its own bytes fix (computed here, independently of the app).
 */
function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  return [0, 1, 2].map((shift) => {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    return b64.slice(shift === 0 ? 0 : 4, Math.floor((shift + bytes.length) / 3) * 4);
  });
}

/** What must not appear: each core as text, URL-encoded, hex, and base64 / base64url at every alignment. */
const NEEDLES: { label: string; text: string }[] = [
  ['name', NAME_CORE],
  ['contact', CONTACT_CORE],
].flatMap(([label, core]) => [
  { label: `${label} as text`, text: core! },
  { label: `${label} as hex`, text: Buffer.from(core!).toString('hex') },
  ...base64Forms(core!).map((b64, i) => ({ label: `${label} as base64 (alignment ${i})`, text: b64 })),
  ...base64Forms(core!).map((b64, i) => ({ label: `${label} as base64url (alignment ${i})`, text: b64.replace(/\+/g, '-').replace(/\//g, '_') })),
]);

/** The needles found in `text`, case-insensitively for hex. */
function leaksIn(text: string): string[] {
  const lower = text.toLowerCase();
  return NEEDLES.filter((n) => (n.label.endsWith('hex') ? lower.includes(n.text) : text.includes(n.text))).map((n) => n.label);
}

/** Everything the app wrote to stdout, stderr and the console while it ran. */
const logs: string[] = [];
const restore: (() => void)[] = [];
function captureOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => void logs.push(format(...args));
    restore.push(() => (console[method] = original));
  }
}

/** Reads SSE text until the event with id `lastId` arrived (or 20 s passed). */
async function readSse(url: string, lastId: string): Promise<string> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${ADMIN_TOKEN}` }, signal: abort.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => abort.abort(), 20_000);
  try {
    while (!text.includes(`id: ${lastId}\n`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    // the rest of that last message
    while (!/\n\n$/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    /* aborted at the deadline: return what arrived */
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return text;
}

const modes = appBackends({ reporterKek: KEK, logLevel: 'verbose' }, 'zhiben_e2e');

describe.each(modes)('the reporter identity never leaks (%s)', (_mode, start) => {
  let running: Awaited<ReturnType<typeof start>>;
  let url: string;
  const D1 = '500104';
  const ENTERPRISE = testUscc('91500104MA5U7LK00');
  const hazardId = randomUUID();
  /** Every answer (status line, headers, body) but the authorised identity read's. */
  const answers: string[] = [];
  const exercised = new Set<string>();
  let r1 = '';
  let r2 = '';
  let r3 = '';
  let lastPosition = '0';
  let envelope: { keyId: string; iv: string; ciphertext: string; authTag: string } | null = null;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, route?: string): Promise<JsonResponse> => {
    const res = await http(url, method, path, body, headers);
    answers.push(`${method} ${path} → ${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`);
    if (route) exercised.add(`${method} ${route}`);
    if (typeof res.body === 'object' && res.body && typeof res.body.position === 'string' && BigInt(res.body.position) > BigInt(lastPosition)) lastPosition = res.body.position;
    return res;
  };
  const report = (extra: Record<string, unknown>) => ({
    districtCode: D1, sector: 'hazardous_chemicals', channel: 'phone', summary: '仓库违规储存危险化学品', receivedAt: '2025-03-01T09:00:00+08:00', ...extra,
  });
  const query = (sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> =>
    running.app.app.get<unknown, { query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]> }>(READ_MODELS).query(sql, params);

  beforeAll(async () => {
    logs.length = 0;
    captureOutput();
    running = await start();
    url = running.app.baseUrl;
    expect((await call('POST', '/api/v1/enterprises', { uscc: ENTERPRISE, name: '重庆泄密测试化工有限公司', districtCode: D1, sector: 'hazardous_chemicals', industryCode: 'C2614', registeredAt: '2023-01-05T09:00:00+08:00' })).status).toBe(201);
    expect((await call('POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'public_report', title: '违规储存', description: '举报核查发现', discoveredAt: '2025-03-05T09:00:00+08:00' })).status).toBe(201);
  });
  afterAll(async () => {
    await running?.done();
    while (restore.length > 0) restore.pop()!();
  });

  it('the needles are sound: each finds the identity in its own encoding', () => {
    expect(leaksIn(JSON.stringify(IDENTITY))).toEqual(expect.arrayContaining(['name as text', 'contact as text']));
    expect(leaksIn(Buffer.from(`x${NAME}`).toString('base64'))).toContain('name as base64 (alignment 1)');
    expect(leaksIn(Buffer.from(`xy${CONTACT}`).toString('base64url'))).toContain('contact as base64url (alignment 2)');
    expect(leaksIn(Buffer.from(JSON.stringify(IDENTITY)).toString('hex').toUpperCase())).toEqual(expect.arrayContaining(['name as hex', 'contact as hex']));
    expect(leaksIn('nothing here')).toEqual([]);
  });

  it('receives reports with the identity, also publicly and retried, and refuses bad ones without echoing it', async () => {
    const key = randomUUID();
    const first = await call('POST', '/api/v1/reports', report({ enterpriseUscc: ENTERPRISE, reporter: IDENTITY }), { 'idempotency-key': key, 'x-correlation-id': CORRELATION }, '/api/v1/reports');
    expect(first.status).toBe(201);
    r1 = first.body.reportId;
    const replay = await call('POST', '/api/v1/reports', report({ enterpriseUscc: ENTERPRISE, reporter: IDENTITY }), { 'idempotency-key': key, 'x-correlation-id': CORRELATION });
    expect(replay.body.reportId).toBe(r1);
    // a public submission (no token) and an anonymous one
    r2 = (await call('POST', '/api/v1/reports', report({ channel: 'online', reporter: { contact: CONTACT } }), { authorization: '' })).body.reportId;
    r3 = (await call('POST', '/api/v1/reports', report({ channel: 'letter' }))).body.reportId;
    expect([r1, r2, r3].every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    // refusals carrying the identity: unknown property, too long, unknown enterprise, malformed JSON, wrong media type, too large, reused key
    const refusals: [number, Promise<JsonResponse>][] = [
      [400, call('POST', '/api/v1/reports', report({ reporter: { ...IDENTITY, nickname: NAME } }))],
      [400, call('POST', '/api/v1/reports', report({ reporter: { name: `${NAME}${'x'.repeat(400)}` } }))],
      [400, call('POST', '/api/v1/reports', report({ reporter: { name: NAME, contact: 42 } }))],
      [422, call('POST', '/api/v1/reports', report({ enterpriseUscc: testUscc('91500104MA5U7LK09'), reporter: IDENTITY }))],
      [422, call('POST', '/api/v1/reports', report({ receivedAt: '2099-01-01T09:00:00+08:00', reporter: IDENTITY }))],
      [400, call('POST', '/api/v1/reports', `{"reporter":{"name":"${NAME}","contact":"${CONTACT}"`, { 'content-type': 'application/json' })],
      [415, call('POST', '/api/v1/reports', `name=${NAME}&contact=${CONTACT}`, { 'content-type': 'application/x-www-form-urlencoded' })],
      [413, call('POST', '/api/v1/reports', report({ summary: 'x'.repeat(300_000), reporter: IDENTITY }))],
      [422, call('POST', '/api/v1/reports', report({ reporter: { name: NAME, contact: 'other' } }), { 'idempotency-key': key })],
    ];
    for (const [status, pending] of refusals) {
      const res = await pending;
      expect({ status: res.status, leaks: leaksIn(JSON.stringify(res.body)) }).toEqual({ status, leaks: [] });
    }
    const [received] = (await call('GET', `/api/v1/audit/streams/report-${r1}`)).body.events;
    envelope = received.data.reporterIdentity;
    expect(Object.keys(envelope!).sort()).toEqual(['authTag', 'ciphertext', 'iv', 'keyId']);
  });

  it('opens the envelope with its wrapped key and the KEK before shredding (the decryption this test trusts works)', async () => {
    const [row] = await query('SELECT wrapped_key FROM reporter_keys WHERE report_id = $1', [r1]);
    expect(decryptReporterIdentity(envelope!, String(row!['wrapped_key']), r1, Buffer.from(KEK, 'base64'))).toEqual(IDENTITY);
  });

  it('runs the lifecycle: verification, reward, an audited identity read, shredding; reads then answer 410', async () => {
    expect((await call('POST', `/api/v1/reports/${r1}/verification`, { substantiated: true, hazardId, fineFen: 20_000_000, verifiedAt: '2025-03-10T09:00:00+08:00' }, {}, '/api/v1/reports/{id}/verification')).status).toBe(201);
    expect((await call('POST', `/api/v1/reports/${r1}/reward-payment`, { amountFen: 3_000_000, paidAt: '2025-04-01T09:00:00+08:00' }, {}, '/api/v1/reports/{id}/reward-payment')).status).toBe(201);
    // The one answer allowed to hold the identity: not added to `answers`.
    const read = await http(url, 'POST', `/api/v1/reports/${r1}/reporter-identity-reads`, { purpose: '发放奖励' });
    exercised.add('POST /api/v1/reports/{id}/reporter-identity-reads');
    expect(read.status).toBe(201);
    expect(read.body.identity).toEqual(IDENTITY);
    expect(read.headers.get('cache-control')).toBe('no-store');
    // the scan would catch this very answer
    expect(leaksIn(JSON.stringify(read.body))).toEqual(expect.arrayContaining(['name as text', 'contact as text']));
    lastPosition = read.body.position;
    expect((await call('POST', `/api/v1/reports/${r3}/reporter-identity-reads`, { purpose: '核实' })).body.error).toBe('no_identity');
    expect((await call('POST', `/api/v1/reports/${r1}/identity-shredding`, {}, {}, '/api/v1/reports/{id}/identity-shredding')).status).toBe(201);
    expect((await call('POST', `/api/v1/reports/${r1}/reporter-identity-reads`, { purpose: '再次核实' })).body.error).toBe('identity_shredded');
    expect((await call('POST', `/api/v1/reports/${r1}/identity-shredding`, {})).status).toBe(410);
  });

  it('cannot open the envelope after shredding, even with the KEK: the wrapped key row is gone', async () => {
    expect(await query('SELECT report_id FROM reporter_keys WHERE report_id = $1', [r1])).toEqual([]);
    const kek = Buffer.from(KEK, 'base64');
    // every data key still kept (r2's) fails: each is bound to its own report and wraps another key
    const kept = await query('SELECT report_id::text AS id, wrapped_key FROM reporter_keys');
    expect(kept.map((k) => k['id'])).toEqual([r2]);
    for (const k of kept) expect(() => decryptReporterIdentity(envelope!, String(k['wrapped_key']), r1, kek)).toThrow(IdentityDecryptionError);
    // nor is the KEK itself the data key
    expect(() => {
      const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(envelope!.iv, 'base64'));
      decipher.setAAD(Buffer.from(`report-identity:${r1}`));
      decipher.setAuthTag(Buffer.from(envelope!.authTag, 'base64'));
      Buffer.concat([decipher.update(Buffer.from(envelope!.ciphertext, 'base64')), decipher.final()]);
    }).toThrow();
    // the envelope is still in the (unchanged) event
    const [received] = (await call('GET', `/api/v1/audit/streams/report-${r1}`)).body.events;
    expect(received.data.reporterIdentity).toEqual(envelope);
  });

  it('exercises every route of /docs-json with plausible parameters', async () => {
    const doc = (await call('GET', '/docs-json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean; schema?: { enum?: string[] } }[] }>> };
    expect((await call('GET', '/docs')).status).toBe(200);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const pathValue = (route: string, name: string): string => {
      const byName: Record<string, string> = {
        uscc: ENTERPRISE, taskNo: '1', itemNo: '1.1', streamId: `report-${r1}`, hazardId, subject: 'test:city-admin', correlationId: CORRELATION, code: D1,
      };
      if (name === 'id') return route.startsWith('/api/v1/reports') ? r1 : route.startsWith('/api/v1/hazards') || route.startsWith('/api/v1/audit/hazards') ? hazardId : randomUUID();
      return encodeURIComponent(byName[name] ?? 'x');
    };
    const queryValue: Record<string, string> = { groupBy: 'district', year: '2025', minPosition: lastPosition, from: '2025-01-01', to: today };
    const statuses: Record<string, number> = {};
    for (const [route, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const verb = method.toUpperCase();
        if (exercised.has(`${verb} ${route}`) || route === '/api/v1/streams/events') continue;
        const path = route.replace(/\{(\w+)\}/g, (_, name: string) => pathValue(route, name));
        const params = (op.parameters ?? []).filter((p) => p.in === 'query' && (p.required || queryValue[p.name] !== undefined));
        // a declared enum's first value where the usual one is not among them (statistics/key-tasks groups by task)
        const valueOf = (p: (typeof params)[number]) => (p.schema?.enum && !p.schema.enum.includes(queryValue[p.name]!) ? p.schema.enum[0]! : (queryValue[p.name] ?? 'x'));
        const qs = params.map((p) => `${p.name}=${encodeURIComponent(valueOf(p))}`).join('&');
        const res = await call(verb, qs ? `${path}?${qs}` : path, verb === 'GET' ? undefined : {}, {}, route);
        statuses[`${verb} ${route}`] = res.status;
        if (verb === 'GET' && (op.parameters ?? []).some((p) => p.name === 'asOf')) {
          // the figures as they stood at the shredding's position
          const asOf = await call('GET', `${path}?${[qs, `asOf=${lastPosition}`].filter(Boolean).join('&').replace(/minPosition=\d+&?/, '')}`);
          statuses[`${verb} ${route} asOf`] = asOf.status;
        }
        if (route.startsWith('/api/v1/statistics/') && route !== '/api/v1/statistics/key-tasks') await call('GET', `${path}?groupBy=sector&year=2025`);
      }
    }
    // the report's own GETs answer 200; nothing answers 5xx
    expect(statuses['GET /api/v1/reports/{id}']).toBe(200);
    expect(statuses['GET /api/v1/statistics/reports']).toBe(200);
    expect(statuses['GET /api/v1/audit/correlations/{correlationId}/events']).toBe(200);
    expect(Object.entries(statuses).filter(([, s]) => s >= 500)).toEqual([]);
    const gets = Object.entries(statuses).filter(([k]) => k.startsWith('GET '));
    // every GET answers 200 but the accident (none was reported: 404)
    expect(gets.filter(([, s]) => s !== 200)).toEqual([['GET /api/v1/accidents/{id}', 404]]);
    expect(gets.length).toBeGreaterThan(30);
    const declared = Object.entries(doc.paths).flatMap(([route, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${route}`));
    expect(declared.filter((r) => !exercised.has(r) && r !== 'GET /api/v1/streams/events')).toEqual([]);
  });

  it('sends the analysts (SSE) every event without the identity or its envelope', async () => {
    const all = await readSse(`${url}/api/v1/streams/events`, lastPosition);
    const reports = await readSse(`${url}/api/v1/streams/events?category=report`, lastPosition);
    for (const text of [all, reports]) {
      expect(text).toContain(`id: ${lastPosition}\n`);
      expect(text).toContain('"hasReporterIdentity":true');
      expect(text).not.toContain(envelope!.ciphertext);
      answers.push(text);
    }
  });

  it('gives Kafka (redactForAnalysts) every stored event without the identity or its envelope', async () => {
    const store = running.app.app.get<unknown, EventStore>(EVENT_STORE);
    const events: RecordedEvent[] = [];
    for (let after = 0n; ; ) {
      const page = await store.readAll({ after, limit: 500 });
      if (page.length === 0) break;
      events.push(...page);
      after = page[page.length - 1]!.position;
    }
    expect(events.map((e) => e.position.toString())).toContain(lastPosition);
    const redacted = events.map((e) => JSON.stringify(redactForAnalysts(e)));
    const received = events.filter((e) => e.type === 'ReportReceived').map((e) => redactForAnalysts(e));
    expect(received.map((e) => e.data['hasReporterIdentity']).sort()).toEqual([false, true, true]);
    for (const text of redacted) {
      expect(text).not.toContain(envelope!.ciphertext);
      expect(leaksIn(text)).toEqual([]);
    }
  });

  it('holds the identity in no answer and no log line (captured at verbose level)', () => {
    const logText = logs.join('');
    // the capture did see the app's log: Nest maps the report route at start-up
    expect(logText).toContain('/api/v1/reports');
    expect(logText.length).toBeGreaterThan(1000);
    expect(answers.length).toBeGreaterThan(40);
    expect({ where: 'logs', leaks: leaksIn(logText) }).toEqual({ where: 'logs', leaks: [] });
    const leaking = answers.filter((a) => leaksIn(a).length > 0).map((a) => `${a.split('\n')[0]}: ${leaksIn(a).join(', ')}`);
    expect(leaking).toEqual([]);
  });

  it('holds the identity in no row of any table; only the envelope (ciphertext) is in the events', async () => {
    const tables = await query(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    expect(tables.map((t) => t['t'])).toEqual(expect.arrayContaining(['reporter_keys', 'report_register', 'idempotency_keys']));
    let rows = 0;
    let envelopeRows = 0;
    for (const table of tables) {
      const dump = await query(`SELECT row_to_json(x)::text AS row FROM "${String(table['s'])}"."${String(table['t'])}" x`);
      for (const { row } of dump) {
        rows++;
        const text = String(row);
        if (text.includes(envelope!.ciphertext)) envelopeRows++;
        const leaks = leaksIn(text);
        if (leaks.length > 0) expect({ table: table['t'], leaks }).toEqual({ table: table['t'], leaks: [] });
      }
    }
    expect(rows).toBeGreaterThan(50);
    // the ReportReceived event of r1 (and nothing else) carries the ciphertext
    expect(envelopeRows).toBe(1);
  });
});
