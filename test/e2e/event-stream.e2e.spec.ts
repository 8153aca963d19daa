/**
 * The analysts' Server-Sent Events over real HTTP: catch-up then live, in global order, resumable
 * with Last-Event-ID, filtered by category and type, with personal data removed.
 */
import { randomUUID } from 'node:crypto';
import { http, tokenFor, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc, type StartedApp } from '../support/backends.js';

interface SseMessage {
  id: string;
  event: string;
  data: any;
}

/** The stream's audience: an analyst's token. */
const ANALYST_AUTH = { authorization: `Bearer ${await tokenFor({ role: 'analyst' })}` };

/** Reads `count` SSE messages from a stream opened with `headers`, then closes it. */
async function readEvents(url: string, count: number, headers: Record<string, string> = {}, onOpen?: () => Promise<void>): Promise<SseMessage[]> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...ANALYST_AUTH, ...headers }, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = '';
  let opened = false;
  const deadline = setTimeout(() => abort.abort(), 20_000);
  try {
    while (messages.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      if (!opened && onOpen) {
        opened = true;
        await onOpen();
      }
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        );
        if (fields['id'] !== undefined) messages.push({ id: fields['id'], event: fields['event'], data: JSON.parse(fields['data']) });
      }
    }
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return messages;
}

describe.each(appBackends({}, 'zhiben_sse'))('event stream for analysts (%s)', (_backend, start) => {
  let started: StartedApp;
  let app: RunningApp;
  const ENTERPRISE = testUscc('91500106MA60T0001');
  const hazardId = randomUUID();

  beforeAll(async () => {
    started = await start();
    app = started.app;
    expect((await http(app.baseUrl, 'POST', '/api/v1/enterprises', {
      uscc: ENTERPRISE, name: '重庆某商贸有限公司', districtCode: '500106', sector: 'commerce_trade', industryCode: 'F52',
      registeredAt: '2024-02-01T09:00:00+08:00',
    })).status).toBe(201);
    expect((await http(app.baseUrl, 'POST', '/api/v1/hazards', {
      hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', title: '疏散通道堵塞', description: '仓库疏散通道堆放货物',
      discoveredAt: '2025-04-01T09:00:00+08:00',
    })).status).toBe(201);
    expect((await http(app.baseUrl, 'POST', `/api/v1/hazards/${hazardId}/rectification-plan`, {
      measures: [{ description: '清理通道', deadline: '2025-04-03' }], responsiblePerson: { name: '王五实名', phone: '13800000000' },
      deadline: '2025-04-05', fundsFen: 20_000, plannedAt: '2025-04-01T10:00:00+08:00',
    })).status).toBe(201);
  });
  afterAll(async () => started?.done());

  it('catches up in global order, then goes live, with personal data removed', async () => {
    let live: string | undefined;
    const messages = await readEvents(`${app.baseUrl}/api/v1/streams/events`, 4, {}, async () => {
      const r = await http(app.baseUrl, 'POST', `/api/v1/hazards/${hazardId}/rectification-completion`, {
        completedAt: '2025-04-03T16:00:00+08:00', evidence: '现场照片',
      });
      expect(r.status).toBe(201);
      live = r.body.position;
    });
    expect(messages.map((m) => m.event)).toEqual(['EnterpriseRegistered', 'HazardReported', 'RectificationPlanned', 'RectificationCompleted']);
    const ids = messages.map((m) => BigInt(m.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(messages[3]!.id).toBe(live);
    const plan = messages[2]!;
    expect(plan.data.category).toBe('hazard');
    expect(plan.data.data.deadline).toBe('2025-04-05');
    expect(JSON.stringify(plan)).not.toContain('王五实名');
    expect(JSON.stringify(plan)).not.toContain('13800000000');
    expect(JSON.stringify(messages)).not.toContain('built-in:city-admin'); // the acting person is never sent
    expect(plan.data.actor.role).toBe('city_admin');
  });

  it('resumes after Last-Event-ID and filters by category and type', async () => {
    const all = await readEvents(`${app.baseUrl}/api/v1/streams/events`, 4);
    const resumed = await readEvents(`${app.baseUrl}/api/v1/streams/events`, 2, { 'Last-Event-ID': all[1]!.id });
    expect(resumed.map((m) => m.id)).toEqual([all[2]!.id, all[3]!.id]);
    const onlyHazards = await readEvents(`${app.baseUrl}/api/v1/streams/events?category=hazard&type=HazardReported,RectificationCompleted`, 2);
    expect(onlyHazards.map((m) => m.event)).toEqual(['HazardReported', 'RectificationCompleted']);
  });

  it('refuses a malformed from, type or Last-Event-ID with 400', async () => {
    expect((await http(app.baseUrl, 'GET', '/api/v1/streams/events?from=-1')).status).toBe(400);
    expect((await http(app.baseUrl, 'GET', '/api/v1/streams/events?type=a;b')).status).toBe(400);
    expect((await http(app.baseUrl, 'GET', '/api/v1/streams/events', undefined, { 'Last-Event-ID': 'x' })).status).toBe(400);
  });
});
