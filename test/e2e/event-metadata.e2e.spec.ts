/**
 * Metadata on every event (issue 4, part 3): a small demo workload of every kind of fact, sent over
 * HTTP with a city administrator's token, then the deadline watcher's reactions — and every event the
 * store then holds carries the actor (subject, role, district, enterprise, organisation), a
 * correlationId, a causationId and occurredAt, with recordedAt from the store. A command's events name
 * the command (an id that is no event's); the watcher's DeadlineMissed names the event that set the
 * deadline it missed and continues that event's correlation. One backend: PostgreSQL when
 * TEST_DATABASE_URL is set, else embedded PGlite — the metadata is stamped by the one command path
 * whatever the store, the store contract suite checks that both stores keep it, and this workload
 * takes over ten minutes on PGlite on the CI machines.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signToken } from '#auth';
import { EVENT_STORE } from '#bootstrap';
import { isIsoInstant, ROLES } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { loadReferenceData } from '#reference-data';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';
import { generateFigureWorkload, phaseOf } from '../../apps/cli/src/workload/figure-workload.js';
import { generateWorkload, toWorkloadReference } from '../../apps/cli/src/workload/generate-workload.js';
import { sendWorkload } from '../../apps/cli/src/workload/send-workload.js';

const reference = loadReferenceData();
const SECRET = randomBytes(32).toString('base64');
const modes = appBackends({ authJwtSecret: SECRET, reporterKek: randomBytes(32).toString('base64'), deadlineWatchIntervalMs: 2000 }, 'zhiben_e2e').slice(-1);
const DEADLINE_SETTING = ['RectificationPlanned', 'DeadlineExtended', 'HazardReopened'];
/** Types the workload and the hand-sent overdue hazard must produce: without them the checks below would prove little. */
const EXPECTED_TYPES = [
  'EnterpriseRegistered', 'HazardReported', 'RectificationPlanned', 'HazardClosed', 'DeadlineMissed', 'DrillHeld', 'TrainingRecorded',
  'SelfInspectionRecorded', 'SupervisoryInspectionRecorded', 'EnforcementActionRecorded', 'AccidentReported', 'ReportReceived',
  'LectureHeld', 'RescueTeamEstablished', 'StandardizationGraded',
];

describe.each(modes)('metadata on every event (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let events: RecordedEvent[] = [];

  beforeAll(async () => {
    running = await start();
    const url = running.app.baseUrl;
    const token = await signToken(Buffer.from(SECRET, 'base64'), { role: 'city_admin', subject: 'metadata-test-admin', organisation: '重庆市应急管理局' });
    const auth = { authorization: `Bearer ${token}` };
    const base = generateWorkload({ seed: 5, enterprises: 8, hazardsPerEnterprise: 2, reference: toWorkloadReference(reference) });
    const all = [...base, ...generateFigureWorkload(base, reference, 5, Date.parse('2026-06-30T23:59:59+08:00'))];
    const captured = new Map<string, string>();
    for (const phase of [1, 2, 3] as const) await sendWorkload(phaseOf(all, phase), { baseUrl: url, concurrency: 4, captured, headers: auth });
    // one hazard left open past its deadline: the watcher must react to its plan
    const uscc = testUscc('91500106MA60M0001');
    const hazardId = randomUUID();
    const post = (path: string, body: unknown) => http(url, 'POST', path, body, auth);
    expect((await post('/api/v1/enterprises', { uscc, name: '逾期测试企业', districtCode: '500106', sector: 'commerce_trade', industryCode: 'F52', registeredAt: '2024-01-05T09:00:00+08:00' })).status).toBe(201);
    expect((await post('/api/v1/hazards', { hazardId, enterpriseUscc: uscc, grade: 'general', channel: 'self_inspection', title: '逾期隐患', description: '未按期整改', discoveredAt: '2024-03-01T09:00:00+08:00' })).status).toBe(201);
    expect((await post(`/api/v1/hazards/${hazardId}/rectification-plan`, { measures: [{ description: '整改', deadline: '2024-03-10' }], responsiblePerson: { name: '李四', phone: null }, deadline: '2024-03-20', fundsFen: 100, emergencyPlan: null, plannedAt: '2024-03-02T10:00:00+08:00' })).status).toBe(201);
    const store = running.app.app.get<symbol, EventStore>(EVENT_STORE);
    const readAll = async () => {
      const out: RecordedEvent[] = [];
      for (let after = 0n; ; ) {
        const batch = await store.readAll({ after, limit: 1000 });
        if (batch.length === 0) return out;
        out.push(...batch);
        after = batch[batch.length - 1]!.position;
      }
    };
    for (let i = 0; i < 300; i++) {
      events = await readAll();
      if (events.some((e) => e.type === 'DeadlineMissed' && e.streamId === `hazard-${hazardId}`)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let a sweep in flight finish
    events = await readAll();
  }, 600_000);
  afterAll(async () => running?.done());

  it('holds every kind of fact the workload sends, and missed deadlines', () => {
    const types = new Set(events.map((e) => e.type));
    expect(EXPECTED_TYPES.filter((t) => !types.has(t))).toEqual([]);
  });

  it('gives every event of every type the actor, correlationId, causationId and occurredAt; the store adds recordedAt', () => {
    const problems: string[] = [];
    for (const e of events) {
      const m = e.metadata as Record<string, any>;
      const actor = m['actor'];
      const ok =
        actor && Object.keys(actor).sort().join() === 'districtCode,enterpriseUscc,organisation,role,subject' &&
        typeof actor.subject === 'string' && actor.subject.length > 0 && (ROLES as readonly string[]).includes(actor.role) &&
        typeof actor.organisation === 'string' && actor.organisation.length > 0 &&
        typeof m['correlationId'] === 'string' && m['correlationId'].length > 0 &&
        typeof m['causationId'] === 'string' && m['causationId'].length > 0 &&
        typeof m['occurredAt'] === 'string' && isIsoInstant(m['occurredAt']) &&
        e.recordedAt instanceof Date && !Number.isNaN(e.recordedAt.getTime());
      if (!ok) problems.push(`${e.type}@${e.position}: ${JSON.stringify(m)}`);
    }
    expect(problems).toEqual([]);
  });

  it("names the command as the cause of a command's events, and the deadline-setting event as the cause of DeadlineMissed", () => {
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const missed = events.filter((e) => e.type === 'DeadlineMissed');
    expect(missed.length).toBeGreaterThan(0);
    for (const e of missed) {
      const cause = byId.get(e.metadata['causationId'] as string);
      expect({ type: e.type, causeType: cause?.type, sameStream: cause?.streamId === e.streamId, before: cause !== undefined && cause.position < e.position })
        .toEqual({ type: 'DeadlineMissed', causeType: expect.stringMatching(new RegExp(`^(${DEADLINE_SETTING.join('|')})$`)), sameStream: true, before: true });
      expect(e.metadata['correlationId']).toBe(cause!.metadata['correlationId']);
      expect((e.metadata['actor'] as { role: string }).role).toBe('system');
    }
    // a command's cause is the command: no stored event has that id, and all its events share stream and correlation
    const commands = new Map<string, RecordedEvent[]>();
    for (const e of events.filter((x) => x.type !== 'DeadlineMissed')) {
      const id = e.metadata['causationId'] as string;
      expect(byId.has(id)).toBe(false);
      commands.set(id, [...(commands.get(id) ?? []), e]);
    }
    for (const group of commands.values()) {
      expect(new Set(group.map((e) => `${e.streamId}|${e.metadata['correlationId'] as string}`)).size).toBe(1);
    }
    // each command has its own id: as many causes as commands that appended (at least one per distinct correlation)
    expect(commands.size).toBeGreaterThanOrEqual(new Set(events.filter((x) => x.type !== 'DeadlineMissed').map((e) => e.metadata['correlationId'])).size);
  });
});
