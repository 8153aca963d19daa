/**
 * The generic command handler over the real store (PGlite; PostgreSQL too with TEST_DATABASE_URL):
 * If-Match, lost races without it, and Idempotency-Key (API.md "Conventions", STYLE 6).
 */
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  hazardDecider,
  hazardEventOccurredAt,
  hazardStreamId,
  type EnterpriseState,
  type EscalationMeasure,
  type HazardCommand,
} from '#domain';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeAllOptions,
} from '#event-store';
import { handleCommand } from './handle-command.js';
import { TEST_CITY_ADMIN, TEST_CRITERION, testUscc } from '../../projections/src/testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../../projections/src/testing/open-test-store.js';

const USCC = testUscc('500101', 3);
const ENTERPRISE: EnterpriseState = {
  status: 'open',
  uscc: USCC,
  name: '重庆示例化工有限公司',
  districtCode: '500101',
  sector: 'hazardous_chemicals',
  industryCode: 'C2614',
  riskTags: [],
  highRisk: true,
  registeredAt: '2020-01-01T09:00:00+08:00',
  standardization: null,
  responsibilitySystemEstablishedAt: null,
  closedAt: null,
};

const meta = (now: string) => ({ actor: TEST_CITY_ADMIN, now, correlationId: randomUUID(), causationId: null });

function report(hazardId: string): HazardCommand {
  return {
    type: 'ReportHazard',
    data: {
      hazardId,
      enterpriseUscc: USCC,
      grade: 'major',
      criterionCode: TEST_CRITERION.code,
      channel: 'self_inspection',
      title: '储罐区报警器失效',
      description: '可燃气体报警器未联动',
      discoveredAt: '2025-03-01T09:00:00+08:00',
    },
    context: { enterprise: ENTERPRISE, criterion: TEST_CRITERION },
    metadata: meta('2025-03-01T09:00:00+08:00'),
  };
}

function escalate(measure: EscalationMeasure): HazardCommand {
  return { type: 'EscalateHazard', data: { measure, decidedAt: '2025-03-05T10:00:00+08:00', note: null }, metadata: meta('2025-03-05T10:00:00+08:00') };
}

function plan(): HazardCommand {
  return {
    type: 'PlanRectification',
    data: {
      measures: [{ description: '更换报警器', deadline: '2025-03-31' }],
      responsiblePerson: { name: '张三', phone: null },
      deadline: '2025-03-31',
      fundsFen: 500_000,
      emergencyPlan: '泄漏应急处置方案',
      plannedAt: '2025-03-02T10:00:00+08:00',
    },
    metadata: meta('2025-03-02T10:00:00+08:00'),
  };
}

/**
 * Appends wait until `readers` stream reads have happened across the stores sharing the gate: two
 * commands started together both read the same revision before either appends, so one loses the race.
 */
class RaceGate {
  reads = 0;
  conflicts = 0;
  release!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  constructor(readonly readers: number) {}
}

/**
 * One racer's store, as another process would hold it: `handleCommand` runs commands on one stream
 * of one store in order, so a race needs two stores (two processes) over the same database.
 */
class RacingStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly gate: RaceGate,
  ) {}

  get reads(): number {
    return this.gate.reads;
  }

  get conflicts(): number {
    return this.gate.conflicts;
  }

  async readStream(streamId: string, options?: ReadStreamOptions) {
    const events = await this.inner.readStream(streamId, options);
    if (++this.gate.reads >= this.gate.readers) this.gate.release();
    return events;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    await this.gate.opened;
    try {
      return await this.inner.append(streamId, events, expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.gate.conflicts++;
      throw error;
    }
  }

  async readStreams(streamIds: readonly string[]) {
    const histories = await this.inner.readStreams(streamIds);
    if (++this.gate.reads >= this.gate.readers) this.gate.release();
    return histories;
  }

  readAll(options: ReadAllOptions) {
    return this.inner.readAll(options);
  }
  subscribeAll(options: SubscribeAllOptions) {
    return this.inner.subscribeAll(options);
  }
  streamRevision(streamId: string) {
    return this.inner.streamRevision(streamId);
  }
  headPosition() {
    return this.inner.headPosition();
  }
  onAppended(listener: (position: bigint) => void) {
    return this.inner.onAppended(listener);
  }
}

/** Two racers (two processes) over the same store, meeting at one gate. */
function racers(inner: EventStore): [RacingStore, RacingStore] {
  const gate = new RaceGate(2);
  return [new RacingStore(inner, gate), new RacingStore(inner, gate)];
}


describe.each(testBackends())('handleCommand ($name)', ({ open }) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  const run = (
    hazardId: string,
    command: HazardCommand,
    options: { expectedRevision?: ExpectedRevision; idempotencyKey?: string; store?: EventStore } = {},
  ) =>
    handleCommand(options.store ?? t.store, {
      streamId: hazardStreamId(hazardId),
      decider: hazardDecider,
      command,
      occurredAt: hazardEventOccurredAt,
      expectedRevision: options.expectedRevision,
      idempotencyKey: options.idempotencyKey,
    });
  const types = async (hazardId: string) => (await t.store.readStream(hazardStreamId(hazardId))).map((e) => e.type);
  const reported = async () => {
    const hazardId = randomUUID();
    await run(hazardId, report(hazardId));
    return hazardId;
  };

  it('appends with the revision of If-Match when it is the stream revision', async () => {
    const hazardId = await reported(); // revision 0
    const result = await run(hazardId, escalate('notice_letter'), { expectedRevision: 0n });
    expect(result.streamRevision).toBe(1n);
    expect(result.positions).toHaveLength(1);
    expect(await types(hazardId)).toEqual(['HazardReported', 'HazardEscalated']);
  });

  it('refuses a stale If-Match with WrongExpectedRevisionError carrying the current revision, appending nothing', async () => {
    const hazardId = await reported();
    await run(hazardId, escalate('notice_letter'), { expectedRevision: 0n }); // now at revision 1
    const stale = run(hazardId, escalate('circular'), { expectedRevision: 0n });
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(stale).rejects.toMatchObject({ expected: 0n, actual: 1n });
    await expect(run(hazardId, escalate('circular'), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await types(hazardId)).toEqual(['HazardReported', 'HazardEscalated']);
  });

  it('throws the conflict of a race lost under If-Match instead of retrying it', async () => {
    const hazardId = await reported();
    const [racing, other] = racers(t.store);
    const outcomes = await Promise.allSettled([
      run(hazardId, escalate('notice_letter'), { expectedRevision: 0n, store: racing }),
      run(hazardId, escalate('circular'), { expectedRevision: 0n, store: other }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(racing.reads).toBe(2); // no second read: not re-decided
    expect(await types(hazardId)).toEqual(['HazardReported', 'HazardEscalated']);
  });

  it('without If-Match, re-decides a lost race on fresh state: two commands the decider allows both succeed', async () => {
    const hazardId = await reported();
    const [racing, other] = racers(t.store);
    const [a, b] = await Promise.all([
      run(hazardId, escalate('notice_letter'), { store: racing }),
      run(hazardId, escalate('circular'), { store: other }),
    ]);
    expect(racing.conflicts).toBe(1); // one of them did lose the race …
    expect(racing.reads).toBe(3); // … and read the stream again
    expect([a.streamRevision, b.streamRevision].sort()).toEqual([1n, 2n]);
    const events = await t.store.readStream(hazardStreamId(hazardId));
    expect(events.map((e) => e.data['measure'] ?? e.type).sort()).toEqual(['HazardReported', 'circular', 'notice_letter']);
  });

  it('without If-Match, a lost race whose fresh state refuses the command fails with the DomainError', async () => {
    const hazardId = await reported();
    const [racing, other] = racers(t.store);
    const outcomes = await Promise.allSettled([run(hazardId, plan(), { store: racing }), run(hazardId, plan(), { store: other })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DomainError);
    expect((rejected.reason as DomainError).code).toBe('invalid_transition'); // planned already
    expect(await types(hazardId)).toEqual(['HazardReported', 'RectificationPlanned']);
  });

  it('runs commands on one stream in one process one after another: twenty at once, no conflict, contiguous revisions', async () => {
    const hazardId = await reported();
    // A gate needing no reads: appends pass straight through, conflicts are counted.
    const gate = new RaceGate(0);
    gate.release();
    const store = new RacingStore(t.store, gate);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => run(hazardId, escalate(i % 2 ? 'circular' : 'notice_letter'), { store })),
    );
    expect(gate.conflicts).toBe(0);
    // revisions 1..20 after the report's 0, each exactly once
    expect(results.map((r) => Number(r.streamRevision)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('appends nothing when the decider refuses', async () => {
    const hazardId = randomUUID();
    await expect(run(hazardId, escalate('interview'))).rejects.toMatchObject({ code: 'hazard_not_found' });
    expect(await t.store.streamRevision(hazardStreamId(hazardId))).toBeNull();
  });

  it('the same Idempotency-Key twice appends once and returns the same result (a command the decider accepts again)', async () => {
    const hazardId = await reported();
    const key = randomUUID();
    const first = await run(hazardId, escalate('interview'), { idempotencyKey: key });
    const second = await run(hazardId, escalate('interview'), { idempotencyKey: key });
    expect(second).toEqual(first);
    expect(await types(hazardId)).toEqual(['HazardReported', 'HazardEscalated']);
    // Another key is another command.
    await run(hazardId, escalate('interview'), { idempotencyKey: randomUUID() });
    expect(await types(hazardId)).toEqual(['HazardReported', 'HazardEscalated', 'HazardEscalated']);
  });

  it('the same Idempotency-Key raced by two requests appends once, both get the same result', async () => {
    const hazardId = randomUUID();
    const key = randomUUID();
    const [racing, other] = racers(t.store);
    const [a, b] = await Promise.all([
      run(hazardId, report(hazardId), { idempotencyKey: key, store: racing }),
      run(hazardId, report(hazardId), { idempotencyKey: key, store: other }),
    ]);
    expect(b).toEqual(a);
    expect(await types(hazardId)).toEqual(['HazardReported']);
  });

  it('the same Idempotency-Key retried after the first committed returns the first result, even where the decider would now refuse', async () => {
    // A client whose response was lost retries ReportHazard with its key (API.md: "a retry with the same
    // key returns the first response and appends nothing"); the stream already holds the hazard.
    const hazardId = randomUUID();
    const key = randomUUID();
    const first = await run(hazardId, report(hazardId), { idempotencyKey: key });
    const retry = await run(hazardId, report(hazardId), { idempotencyKey: key });
    expect(retry).toEqual(first);
    expect(await types(hazardId)).toEqual(['HazardReported']);
  });

  it('readAlso: prepare gets the other streams as stored, read again with the stream on every attempt after a lost race', async () => {
    const hazardId = await reported();
    const contextStream = `test-context-${randomUUID()}`;
    const noted = (n: number): NewEvent => ({ eventId: randomUUID(), type: 'ContextNoted', schemaVersion: 1, data: { n }, metadata: {} });
    await t.store.append(contextStream, [noted(1), noted(2)], 'no_stream');
    const gate = new RaceGate(2);
    const seen: { racer: string; context: number[] }[] = [];
    const race = (racer: string) =>
      handleCommand(new RacingStore(t.store, gate), {
        streamId: hazardStreamId(hazardId),
        decider: hazardDecider,
        command: escalate('notice_letter'),
        occurredAt: hazardEventOccurredAt,
        readAlso: {
          streamIds: [contextStream],
          prepare: ([context], command) => {
            seen.push({ racer, context: context!.map((e) => e.data['n'] as number) });
            return command;
          },
        },
      });
    const [a, b] = await Promise.all([race('a'), race('b')]);
    expect([a.streamRevision, b.streamRevision].sort()).toEqual([1n, 2n]);
    expect(gate.conflicts).toBe(1);
    // Each racer prepared once per attempt (the loser twice), each time with the context as stored.
    expect(seen).toHaveLength(3);
    for (const s of seen) expect(s.context).toEqual([1, 2]);
    expect(new Set(seen.map((s) => s.racer))).toEqual(new Set(['a', 'b']));
    expect(await types(hazardId)).toEqual(['HazardReported', 'HazardEscalated', 'HazardEscalated']);
  });
});
