/**
 * Racing clients against the real app over HTTP (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set — PGlite serialises every query, so the races that matter show on
 * PostgreSQL): API.md "Conventions" — If-Match makes a command conditional (a stale one is 409 with
 * currentRevision), a retry with the same Idempotency-Key returns the first response and appends
 * nothing, the same key with another body is 422, nothing acknowledged is ever lost, and revisions
 * are contiguous.
 *
 * Every test states the documented behaviour. A test that fails documents a defect to fix in the
 * app, not in this file.
 */
import { randomUUID } from 'node:crypto';
import { http, type JsonResponse } from '../support/app-harness.js';
import { appBackends, testUscc, type StartedApp } from '../support/backends.js';



/** The deadline watcher never ticks during a run; read-your-writes may wait longer under load. */
const APP_OPTIONS = { minPositionTimeoutMs: 15_000, deadlineWatchIntervalMs: 86_400_000 };
const modes = appBackends(APP_OPTIONS, 'zhiben_break');

const ENTERPRISE = testUscc('91500101MA60C0001');
const REPORT = {
  enterpriseUscc: ENTERPRISE,
  grade: 'general',
  channel: 'supervisory_inspection',
  title: '消防通道堵塞',
  description: '仓库消防通道堆放货物',
  discoveredAt: '2025-03-01T09:00:00+08:00',
};
const PLAN = {
  measures: [{ description: '清理通道', deadline: '2099-12-31' }],
  responsiblePerson: { name: '王五' },
  deadline: '2099-12-31',
  fundsFen: 50_000,
  plannedAt: '2025-03-02T10:00:00+08:00',
};
const MEASURES = ['notice_letter', 'circular', 'interview', 'listed_supervision'] as const;
const escalation = (i: number) => ({ measure: MEASURES[i % MEASURES.length], decidedAt: '2025-03-05T10:00:00+08:00', note: `第${i}次` });

interface AuditEvent {
  eventId: string;
  type: string;
  revision: string;
  position: string;
  data: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tally = (responses: JsonResponse[]) =>
  responses.reduce<Record<string, number>>((t, r) => {
    const k = `${r.status}${r.body?.error ? ` ${r.body.error}` : ''}`;
    t[k] = (t[k] ?? 0) + 1;
    return t;
  }, {});

describe.each(modes)('concurrent clients over HTTP (%s)', (_mode, start) => {
  let running: StartedApp;
  let url: string;

  const reportHazard = async (patch: Record<string, unknown> = {}): Promise<string> => {
    const res = await http(url, 'POST', '/api/v1/hazards', { ...REPORT, ...patch });
    expect(res.status).toBe(201);
    return res.body.hazardId as string;
  };
  const streamOf = async (streamId: string): Promise<AuditEvent[]> => {
    const res = await http(url, 'GET', `/api/v1/audit/streams/${streamId}`);
    if (res.status === 404) return [];
    expect(res.status).toBe(200);
    return res.body.events as AuditEvent[];
  };
  const head = async (): Promise<bigint> => BigInt((await http(url, 'GET', '/health')).body.headPosition);

  /**
   * The stream holds revisions 0…n-1 in order, each acknowledged 201 names an event of it (revision
   * and position), no two 201s name the same event unless they are replays of one key, and the
   * ETag is the revision acknowledged.
   */
  const expectAcknowledgedInStream = (events: AuditEvent[], accepted: JsonResponse[]) => {
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => String(i)));
    const byRevision = new Map(events.map((e) => [e.revision, e]));
    for (const r of accepted) {
      const event = byRevision.get(r.body.streamRevision);
      expect(event?.position).toBe(r.body.position);
      expect(r.headers.get('etag')).toBe(`"${r.body.streamRevision}"`);
    }
  };
  /** The hazard read model has taken in the whole stream. */
  const expectReadModelAt = async (hazardId: string, events: AuditEvent[]) => {
    const last = events[events.length - 1]!;
    const read = await http(url, 'GET', `/api/v1/hazards/${hazardId}?minPosition=${last.position}`);
    expect(read.status).toBe(200);
    expect(read.body.streamRevision).toBe(last.revision);
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    const reg = await http(url, 'POST', '/api/v1/enterprises', {
      uscc: ENTERPRISE, name: '重庆示例仓储有限公司', districtCode: '500103', sector: 'commerce_trade', industryCode: 'G59',
      registeredAt: '2022-06-01T09:00:00+08:00',
    });
    expect(reg.status).toBe(201);
  });
  afterAll(async () => running?.done());

  describe('one hazard, many writers', () => {
    it('20 unconditional escalations at once: each answer is 201 or 409 conflict, every 201 is in the stream once, revisions contiguous', async () => {
      const hazardId = await reportHazard();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(i))));
      const accepted = responses.filter((r) => r.status === 201);
      for (const r of responses) {
        expect([201, 409]).toContain(r.status);
        if (r.status === 409) expect(r.body).toEqual(expect.objectContaining({ error: 'conflict', currentRevision: expect.stringMatching(/^\d+$/) }));
      }
      const events = await streamOf(`hazard-${hazardId}`);
      expect(events).toHaveLength(1 + accepted.length);
      expect(new Set(accepted.map((r) => r.body.streamRevision)).size).toBe(accepted.length);
      expectAcknowledgedInStream(events, accepted);
      // What each 201 sent is what its event holds.
      const notes = events.slice(1).map((e) => e.data['note']).sort();
      expect(notes).toEqual(responses.flatMap((r, i) => (r.status === 201 ? [`第${i}次`] : [])).sort());
      await expectReadModelAt(hazardId, events);
    });

    it('20 unconditional escalations at once all succeed: a client that sent no If-Match never gets a conflict for a command any order allows', async () => {
      const hazardId = await reportHazard();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(i))));
      expect(tally(responses)).toEqual({ 201: 20 });
      const events = await streamOf(`hazard-${hazardId}`);
      expect(events).toHaveLength(21);
      expectAcknowledgedInStream(events, responses);
    });

    it('20 escalations with the same If-Match at once: exactly one 201, 19 × 409 conflict naming the new revision, one event appended', async () => {
      const hazardId = await reportHazard();
      await http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(0)); // revision 1
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(i), { 'If-Match': '"1"' })));
      expect(tally(responses)).toEqual({ 201: 1, '409 conflict': 19 });
      for (const r of responses.filter((x) => x.status === 409)) expect(r.body.currentRevision).toBe('2');
      const events = await streamOf(`hazard-${hazardId}`);
      expect(events).toHaveLength(3);
      expectAcknowledgedInStream(events, responses.filter((r) => r.status === 201));
      await expectReadModelAt(hazardId, events);
    });

    it('a chain of If-Match writers, each at the revision it read: every step lands once, in order', async () => {
      const hazardId = await reportHazard();
      // Five rounds; in each, eight clients race with the revision they all read.
      for (let round = 0; round < 5; round++) {
        const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(i), { 'If-Match': `"${round}"` })));
        expect(tally(responses)).toEqual({ 201: 1, '409 conflict': 7 });
        expect(responses.find((r) => r.status === 201)!.body.streamRevision).toBe(String(round + 1));
      }
      const events = await streamOf(`hazard-${hazardId}`);
      expect(events).toHaveLength(6);
      expectAcknowledgedInStream(events, []);
    });

    it('10 rectification plans at once without If-Match: one 201, the rest refused (422 invalid_transition or 409), one plan recorded', async () => {
      const hazardId = await reportHazard();
      const responses = await Promise.all(Array.from({ length: 10 }, () => http(url, 'POST', `/api/v1/hazards/${hazardId}/rectification-plan`, PLAN)));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      for (const r of responses.filter((x) => x.status !== 201)) {
        expect([409, 422]).toContain(r.status);
        expect(['invalid_transition', 'conflict']).toContain(r.body.error);
      }
      const events = await streamOf(`hazard-${hazardId}`);
      expect(events.map((e) => e.type)).toEqual(['HazardReported', 'RectificationPlanned']);
      await expectReadModelAt(hazardId, events);
    });
  });

  describe('Idempotency-Key', () => {
    it('the same key sent 10 times at once: all 201 with the first response and ETag, one event', async () => {
      const hazardId = await reportHazard();
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 10 }, () => http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(2), { 'Idempotency-Key': key })));
      expect(tally(responses)).toEqual({ 201: 10 });
      for (const r of responses) {
        expect(r.body).toEqual(responses[0]!.body);
        expect(r.headers.get('etag')).toBe(responses[0]!.headers.get('etag'));
      }
      const events = await streamOf(`hazard-${hazardId}`);
      expect(events).toHaveLength(2);
      expectAcknowledgedInStream(events, responses);
    });

    it('a ReportHazard retried 30 times while the first is in flight: all 201 with the first response, one event', async () => {
      const hazardId = randomUUID();
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        await sleep(i * 2);
        return http(url, 'POST', '/api/v1/hazards', { ...REPORT, hazardId }, { 'Idempotency-Key': key });
      }));
      expect(tally(responses)).toEqual({ 201: 30 });
      for (const r of responses) expect(r.body).toEqual(responses[0]!.body);
      expect(await streamOf(`hazard-${hazardId}`)).toHaveLength(1);
    });

    it('a plan retried 30 times while the first is in flight: all 201 with the first response, one plan', async () => {
      const hazardId = await reportHazard();
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        await sleep(i * 2);
        return http(url, 'POST', `/api/v1/hazards/${hazardId}/rectification-plan`, PLAN, { 'Idempotency-Key': key });
      }));
      expect(tally(responses)).toEqual({ 201: 30 });
      for (const r of responses) expect(r.body).toEqual(responses[0]!.body);
      expect((await streamOf(`hazard-${hazardId}`)).map((e) => e.type)).toEqual(['HazardReported', 'RectificationPlanned']);
    });

    it('the same key with different bodies at once on one hazard: one 201, the others 422 idempotency_key_reused, and the event is the 201 one', async () => {
      for (let round = 0; round < 3; round++) {
        const hazardId = await reportHazard();
        const key = randomUUID();
        const bodies = [0, 1, 2].map(escalation);
        const responses = await Promise.all(bodies.map((b) => http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, b, { 'Idempotency-Key': key })));
        expect(tally(responses)).toEqual({ 201: 1, '422 idempotency_key_reused': 2 });
        const events = await streamOf(`hazard-${hazardId}`);
        expect(events).toHaveLength(2);
        const winner = responses.findIndex((r) => r.status === 201);
        expect(events[1]!.data['measure']).toBe(bodies[winner]!.measure);
      }
    });

    it('the same key at once on two hazards: one 201, one 422 idempotency_key_reused, one event appended in all', async () => {
      for (let round = 0; round < 3; round++) {
        const a = await reportHazard();
        const b = await reportHazard();
        const key = randomUUID();
        const before = await head();
        const responses = await Promise.all([a, b].map((id) => http(url, 'POST', `/api/v1/hazards/${id}/escalations`, escalation(1), { 'Idempotency-Key': key })));
        expect(tally(responses)).toEqual({ 201: 1, '422 idempotency_key_reused': 1 });
        const appended = (await streamOf(`hazard-${a}`)).length + (await streamOf(`hazard-${b}`)).length - 2;
        expect(appended).toBe(1);
        expect(await head()).toBe(before + 1n);
      }
    });
  });

  describe('creating the same thing twice at once', () => {
    it('10 ReportHazard with the same client-chosen hazardId (mixed case) at once: one 201, nine 409 hazard_exists, one event', async () => {
      const hazardId = randomUUID();
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        http(url, 'POST', '/api/v1/hazards', { ...REPORT, hazardId: i % 2 ? hazardId.toUpperCase() : hazardId, title: `并发上报${i}` })));
      expect(tally(responses)).toEqual({ 201: 1, '409 hazard_exists': 9 });
      const events = await streamOf(`hazard-${hazardId}`);
      expect(events).toHaveLength(1);
      const winner = responses.findIndex((r) => r.status === 201);
      expect(events[0]!.data['title']).toBe(`并发上报${winner}`);
      await expectReadModelAt(hazardId, events);
    });

    it('10 RegisterEnterprise of one USCC at once: one 201, nine 409 enterprise_exists, one event', async () => {
      const code = testUscc('91500101MA60C0002');
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        http(url, 'POST', '/api/v1/enterprises', { uscc: code, name: `并发企业${i}`, districtCode: '500103', sector: 'commerce_trade', industryCode: 'G59' })));
      expect(tally(responses)).toEqual({ 201: 1, '409 enterprise_exists': 9 });
      const events = await streamOf(`enterprise-${code}`);
      expect(events).toHaveLength(1);
      const winner = responses.findIndex((r) => r.status === 201);
      const profile = await http(url, 'GET', `/api/v1/enterprises/${code}?minPosition=${events[0]!.position}`);
      expect(profile.status).toBe(200);
      expect(profile.body.name).toBe(`并发企业${winner}`);
    });

    it('10 RegisterEnterprise of one USCC with one Idempotency-Key at once: all 201 with the same response, one event', async () => {
      const code = testUscc('91500101MA60C0003');
      const key = randomUUID();
      const body = { uscc: code, name: '幂等企业', districtCode: '500103', sector: 'commerce_trade', industryCode: 'G59' };
      const responses = await Promise.all(Array.from({ length: 10 }, () => http(url, 'POST', '/api/v1/enterprises', body, { 'Idempotency-Key': key })));
      expect(tally(responses)).toEqual({ 201: 10 });
      for (const r of responses) expect(r.body).toEqual(responses[0]!.body);
      expect(await streamOf(`enterprise-${code}`)).toHaveLength(1);
    });
  });

  it('a burst across many hazards: every acknowledged write is in its stream and in the read models', async () => {
    const hazardIds = Array.from({ length: 12 }, () => randomUUID());
    const reports = await Promise.all(hazardIds.map((hazardId, i) => http(url, 'POST', '/api/v1/hazards', { ...REPORT, hazardId, title: `批量${i}` })));
    expect(tally(reports)).toEqual({ 201: 12 });
    const writes = await Promise.all(hazardIds.flatMap((hazardId, i) => [
      http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(i)),
      // Same fact time as the escalations, so that any order is a valid chronology.
      http(url, 'POST', `/api/v1/hazards/${hazardId}/rectification-plan`, { ...PLAN, plannedAt: escalation(i).decidedAt }),
      http(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation(i + 1)),
    ]));
    const accepted = [...reports, ...writes].filter((r) => r.status === 201);
    for (const r of writes) if (r.status !== 201) expect(r.body).toEqual(expect.objectContaining({ error: 'conflict', currentRevision: expect.any(String) }));
    const positions = accepted.map((r) => BigInt(r.body.position));
    expect(new Set(positions).size).toBe(positions.length); // no position given twice
    const highest = positions.reduce((a, b) => (a > b ? a : b));
    for (const hazardId of hazardIds) {
      const events = await streamOf(`hazard-${hazardId}`);
      const mine = accepted.filter((r) => r.body.streamId === `hazard-${hazardId}`);
      expect(events).toHaveLength(mine.length);
      expectAcknowledgedInStream(events, mine);
    }
    const ledger = await http(url, 'GET', `/api/v1/hazards?limit=200&minPosition=${highest}`);
    expect(ledger.status).toBe(200);
    const seen = new Map<string, string>(ledger.body.items.map((h: { hazardId: string; streamRevision: string }) => [h.hazardId, h.streamRevision]));
    for (const hazardId of hazardIds) {
      const events = await streamOf(`hazard-${hazardId}`);
      expect(seen.get(hazardId)).toBe(events[events.length - 1]!.revision);
    }
    const health = await http(url, 'GET', '/health');
    expect(BigInt(health.body.headPosition)).toBeGreaterThanOrEqual(highest);
    expect(health.body.projections.filter((p: { lastError: string | null }) => p.lastError !== null)).toEqual([]);
  });
});
