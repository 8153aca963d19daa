/**
 * The projection runner (ARCHITECTURE.md "Projections", STYLE 8): checkpoints pass ignored events,
 * a failing batch commits nothing and is retried, catch-up and rebuild are idempotent, `waitFor`
 * keeps its word, and two runners over one PostgreSQL database never apply a batch twice.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { currentWorkPriority, PgDatabase, PgliteDatabase } from '#database';
import { PostgresEventStore, type EventStore, type NewEvent, type RecordedEvent } from '#event-store';
import { createReadModelDataSource, initialiseReadModels } from '../data-source.js';
import { allProjections } from '../projections.js';
import type { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { postgresBackend, testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { loadReferenceData } from '#reference-data';
import { unknownReferenceCodes } from '../parked-events/reference-check.js';

/** Test-only table: one row per event a test projection applied (no key, so a double apply shows). */
const APPLIED_TABLE = `CREATE TABLE IF NOT EXISTS runner_test_applied (
  projection text NOT NULL, position bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL)`;

/**
 * Writes a row per event it reads, in the runner's transaction; throws on the events `failOn`
 * picks (after writing their row, so a rollback is what keeps the table clean).
 */
class RecordingProjection implements Projection {
  readonly eventTypes: ReadonlySet<string>;
  /** The batches `apply` was called with (event types). */
  readonly batches: string[][] = [];
  failOn: (event: RecordedEvent, call: number) => boolean = () => false;
  /** Picks the events on which the projection reads a table that does not exist: a failure that is no event's fault. */
  breakOn: (event: RecordedEvent, call: number) => boolean = () => false;

  constructor(
    readonly name: string,
    eventTypes: readonly string[],
  ) {
    this.eventTypes = new Set(eventTypes);
  }

  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const call = this.batches.push(events.map((e) => e.type));
    for (const e of events) {
      await em.query('INSERT INTO runner_test_applied (projection, position, event_id, type) VALUES ($1, $2, $3, $4)', [
        this.name,
        e.position.toString(),
        e.eventId,
        e.type,
      ]);
      if (this.failOn(e, call)) throw new Error(`boom at position ${e.position}`);
      if (this.breakOn(e, call)) await em.query('SELECT * FROM runner_test_no_such_table');
    }
  }
}

/** A well-formed event of a test stream (a test projection reads it; no real projector does). */
function testEvent(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'RunnerTestEventRecorded',
    schemaVersion: 1,
    data: { n },
    metadata: {
      actor: { subject: 'test', role: 'city_admin', districtCode: null, enterpriseUscc: null, organisation: 'test' },
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2025-03-01T10:00:00+08:00',
    },
  };
}

async function appendTestEvents(store: EventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.append(`runner-test-${randomUUID()}`, [testEvent(i)], 'no_stream');
}

const READ_MODEL_ORDER: Record<string, string> = {
  enterprise_profile: 'uscc',
  enterprise_profile_hazards: 'hazard_id',
  hazard_ledger: 'hazard_id',
  hazard_figure_hazards: 'hazard_id',
  hazard_figure_closures: 'hazard_id, revision',
  hazard_figure_deadlines: 'hazard_id, revision',
  hazard_figure_measures: 'hazard_id, revision',
};

describe.each(testBackends())('ProjectionRunner ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    await t.dataSource.query(APPLIED_TABLE);
  });
  beforeEach(async () => {
    await t.truncateAll();
    await t.dataSource.query('TRUNCATE runner_test_applied, projection_parked_events');
  });
  afterAll(async () => {
    await t?.close();
  });

  const applied = async (name: string): Promise<{ position: string; type: string }[]> =>
    t.dataSource.query('SELECT position, type FROM runner_test_applied WHERE projection = $1 ORDER BY position', [name]);
  const parked = async (): Promise<{ projection: string; position: string; event_id: string; event_type: string; error: string }[]> =>
    t.dataSource.query('SELECT projection, position::text, event_id::text, event_type, error FROM projection_parked_events ORDER BY projection, position');

  /** An enterprise, a hazard reported, planned and escalated twice: 5 events, 1 HazardReported. */
  const fiveEvents = async () => {
    const uscc = testUscc('500101', 1);
    await s.registerEnterprise({ uscc, districtCode: '500101', sector: 'hazardous_chemicals' });
    const { hazardId } = await s.reportHazard({ uscc, discoveredAt: '2025-03-01T09:00:00+08:00' });
    await s.plan(hazardId, { deadline: '2025-03-31', plannedAt: '2025-03-02T09:00:00+08:00' });
    await s.escalate(hazardId, 'notice_letter', '2025-03-03T09:00:00+08:00');
    await s.escalate(hazardId, 'circular', '2025-03-04T09:00:00+08:00');
  };

  it('commits its batches without waiting for their own flush, leaving the connections’ setting as it was (decision 0005)', async () => {
    await fiveEvents();
    const seen: string[] = [];
    const probe: Projection = {
      name: 'test-sync-probe',
      eventTypes: new Set(['HazardReported']),
      batched: true,
      apply: async (_events, em) => {
        const [{ s }]: { s: string }[] = await em.query(`SELECT current_setting('synchronous_commit') AS s`);
        seen.push(s);
      },
    };
    await new ProjectionRunner(t.store, t.dataSource, [probe], new RecordingLogger()).catchUp();
    expect(seen).toEqual(['off']);
    const [{ s }]: { s: string }[] = await t.dataSource.query(`SELECT current_setting('synchronous_commit') AS s`);
    expect(s).toBe('on');
  });

  it('advances the checkpoint over batches of events the projection ignores, calling apply only with its own types', async () => {
    await fiveEvents();
    const reported = new RecordingProjection('test-reported-only', ['HazardReported']);
    const nothing = new RecordingProjection('test-nothing', ['NoSuchEvent']);
    // Batches of 2: [EnterpriseRegistered, HazardReported], [RectificationPlanned, HazardEscalated], [HazardEscalated].
    const runner = new ProjectionRunner(t.store, t.dataSource, [reported, nothing], new RecordingLogger(), { batchSize: 2 });
    await runner.catchUp();
    const head = await t.store.headPosition();
    expect(await runner.position('test-reported-only')).toBe(head);
    expect(await runner.position('test-nothing')).toBe(head);
    expect(reported.batches).toEqual([['HazardReported']]);
    expect(nothing.batches).toEqual([]);
    expect((await applied('test-reported-only')).map((r) => r.type)).toEqual(['HazardReported']);
  });

  it('commits neither the writes nor the checkpoint of a batch that fails midway for no event\'s fault, and applies it once fixed', async () => {
    await fiveEvents();
    const p = new RecordingProjection('test-failing', ['EnterpriseRegistered', 'HazardReported', 'RectificationPlanned']);
    p.breakOn = (e) => e.type === 'RectificationPlanned'; // the third of the three it reads, after two rows were written
    const runner = new ProjectionRunner(t.store, t.dataSource, [p], new RecordingLogger());
    await expect(runner.catchUp()).rejects.toThrow(/runner_test_no_such_table/);
    expect(await applied('test-failing')).toEqual([]);
    expect(await runner.position('test-failing')).toBe(0n);
    expect(await parked()).toEqual([]);

    p.breakOn = () => false;
    await runner.catchUp();
    expect((await applied('test-failing')).map((r) => r.type)).toEqual(['EnterpriseRegistered', 'HazardReported', 'RectificationPlanned']);
    expect(await runner.position('test-failing')).toBe(await t.store.headPosition());
  });

  it('retries a failed batch in its running loop, reports the error meanwhile, and later succeeds exactly once', async () => {
    await fiveEvents();
    const p = new RecordingProjection('test-flaky', ['HazardReported', 'HazardEscalated']);
    p.breakOn = (_e, call) => call <= 2; // the first two attempts fail (a table missing for a while)
    const logger = new RecordingLogger();
    const runner = new ProjectionRunner(t.store, t.dataSource, [p], logger, { retryDelayMs: 20, pollIntervalMs: 20 });
    await runner.start();
    try {
      expect(await runner.waitFor(['test-flaky'], await t.store.headPosition(), 10_000)).toBe(true);
    } finally {
      await runner.stop();
    }
    expect(logger.errors).toHaveLength(2);
    expect(logger.errors[0]).toMatch(/projection test-flaky: batch failed, retrying: .*runner_test_no_such_table/);
    expect(await parked()).toEqual([]);
    expect((await runner.status())[0]).toEqual({ name: 'test-flaky', position: await t.store.headPosition(), lastError: null });
    expect((await applied('test-flaky')).map((r) => r.type)).toEqual(['HazardReported', 'HazardEscalated', 'HazardEscalated']);
  });

  it('parks an event that throws in the middle of a batch, names it in one log line, and applies the events after it', async () => {
    await fiveEvents();
    const all = await t.store.readAll({ after: 0n, limit: 100 });
    const poison = all.find((e) => e.type === 'RectificationPlanned')!;
    const p = new RecordingProjection('test-poison', ['EnterpriseRegistered', 'HazardReported', 'RectificationPlanned', 'HazardEscalated']);
    p.failOn = (e) => e.position === poison.position;
    const logger = new RecordingLogger();
    const runner = new ProjectionRunner(t.store, t.dataSource, [p], logger);
    await runner.catchUp();
    // Every event but the poison one, in order; the poison one's row (written before it threw) rolled back.
    expect((await applied('test-poison')).map((r) => r.type)).toEqual(['EnterpriseRegistered', 'HazardReported', 'HazardEscalated', 'HazardEscalated']);
    expect(await parked()).toEqual([
      { projection: 'test-poison', position: poison.position.toString(), event_id: poison.eventId, event_type: 'RectificationPlanned', error: `boom at position ${poison.position}` },
    ]);
    expect(logger.errors).toEqual([
      `projection test-poison: parked event at position ${poison.position} (id ${poison.eventId}, type RectificationPlanned): boom at position ${poison.position}`,
    ]);
    expect(await runner.position('test-poison')).toBe(await t.store.headPosition());
    // Caught up again: nothing is applied or parked twice.
    await runner.catchUp();
    expect(await applied('test-poison')).toHaveLength(4);
    expect(await parked()).toHaveLength(1);
  });

  it('parks a stored HazardReported whose discoveredAt is not a date for the hazard projections, and every later hazard flows', async () => {
    const uscc = testUscc('500101', 1);
    await s.registerEnterprise({ uscc, districtCode: '500101', sector: 'hazardous_chemicals' });
    const good1 = (await s.reportHazard({ uscc, discoveredAt: '2025-03-01T09:00:00+08:00' })).hazardId;
    // Stored as an old client might have: everything well-formed but the date.
    const [first] = await t.store.readStream(`hazard-${good1}`);
    const badId = randomUUID();
    const malformed: NewEvent = {
      eventId: randomUUID(),
      type: first!.type,
      schemaVersion: first!.schemaVersion,
      data: { ...(first!.data as object), hazardId: badId, discoveredAt: 'yesterday' },
      metadata: first!.metadata,
    };
    await t.store.append(`hazard-${badId}`, [malformed], 'no_stream');
    const bad = (await t.store.readStream(`hazard-${badId}`))[0]!;
    const good2 = (await s.reportHazard({ uscc, discoveredAt: '2025-03-02T09:00:00+08:00' })).hazardId;
    await s.plan(good1, { deadline: '2025-03-31', plannedAt: '2025-03-02T10:00:00+08:00' });
    const names = ['hazard-figures', 'hazard-ledger']; // in the order parked() sorts them
    const logger = new RecordingLogger();
    const runner = new ProjectionRunner(t.store, t.dataSource, allProjections().filter((p) => names.includes(p.name)), logger);
    await runner.catchUp();
    const ledger: { hazard_id: string; status: string }[] = await t.dataSource.query('SELECT hazard_id, status FROM hazard_ledger ORDER BY discovered_at');
    expect(ledger).toEqual([
      { hazard_id: good1, status: 'planned' },
      { hazard_id: good2, status: 'reported' },
    ]);
    expect((await t.dataSource.query('SELECT hazard_id FROM hazard_figure_hazards ORDER BY discovered_date')).map((r: { hazard_id: string }) => r.hazard_id)).toEqual([good1, good2]);
    const rows = await parked();
    expect(rows.map((r) => [r.projection, r.position, r.event_id, r.event_type])).toEqual(
      names.map((n) => [n, bad.position.toString(), bad.eventId, 'HazardReported']),
    );
    for (const r of rows) expect(r.error.length).toBeGreaterThan(0);
    expect(logger.errors).toHaveLength(2);
    for (const n of names) expect(await runner.position(n)).toBe(await t.store.headPosition());
  });

  it('parks, without applying it, an event whose district the reference data does not know, and applies the rest', async () => {
    const uscc = testUscc('500101', 1);
    await s.registerEnterprise({ uscc, districtCode: '500101', sector: 'hazardous_chemicals' });
    const good = (await s.reportHazard({ uscc, discoveredAt: '2025-03-01T09:00:00+08:00' })).hazardId;
    const [first] = await t.store.readStream(`hazard-${good}`);
    const strayId = randomUUID();
    await t.store.append(`hazard-${strayId}`, [{
      eventId: randomUUID(), type: first!.type, schemaVersion: first!.schemaVersion, metadata: first!.metadata,
      data: { ...(first!.data as object), hazardId: strayId, districtCode: '509999' },
    }], 'no_stream');
    const stray = (await t.store.readStream(`hazard-${strayId}`))[0]!;
    const reference = loadReferenceData();
    const ledger = allProjections().find((p) => p.name === 'hazard-ledger')!;
    const runner = new ProjectionRunner(t.store, t.dataSource, [ledger], new RecordingLogger(), { check: (e) => unknownReferenceCodes(e, reference) });
    await runner.catchUp();
    expect((await t.dataSource.query('SELECT hazard_id FROM hazard_ledger')).map((r: { hazard_id: string }) => r.hazard_id)).toEqual([good]);
    const rows = await parked();
    expect(rows).toEqual([
      { projection: 'hazard-ledger', position: stray.position.toString(), event_id: stray.eventId, event_type: 'HazardReported', error: expect.stringContaining('"509999"') },
    ]);
    expect(await runner.position('hazard-ledger')).toBe(await t.store.headPosition());
  });

  describe('with the real projections', () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [table, order] of Object.entries(READ_MODEL_ORDER)) {
        out[table] = await t.dataSource.query(`SELECT * FROM ${table} ORDER BY ${order}`);
      }
      return out;
    };
    const checkpoints = async () => t.dataSource.query('SELECT name, position FROM projection_checkpoints ORDER BY name');

    /** Two enterprises and hazards through every kind of fact the projections read. */
    const scenario = async () => {
      const e1 = testUscc('500101', 1);
      const e2 = testUscc('500102', 2);
      await s.registerEnterprise({ uscc: e1, districtCode: '500101', sector: 'hazardous_chemicals', riskTags: ['major_hazard_source'] });
      await s.registerEnterprise({ uscc: e2, districtCode: '500102', sector: 'commerce_trade', industryCode: 'F52' });
      await s.gradeStandardization(e1, 2, '2024-05-01T10:00:00+08:00');
      await s.establishResponsibilitySystem(e2, '2024-05-02T10:00:00+08:00', 8);
      const a = (await s.reportHazard({ uscc: e1, grade: 'major', discoveredAt: '2024-06-01T10:00:00+08:00' })).hazardId;
      await s.plan(a, { deadline: '2024-06-30', plannedAt: '2024-06-02T10:00:00+08:00' });
      await s.extend(a, '2024-07-31', '2024-06-20T10:00:00+08:00');
      await s.complete(a, '2024-07-10T10:00:00+08:00');
      await s.reject(a, '2024-07-11T10:00:00+08:00');
      await s.completeVerifyClose(a, '2024-07-20T10:00:00+08:00');
      await s.reopen(a, '2024-09-01T10:00:00+08:00', '2024-10-31');
      await s.recordDeadlineMissed(a, '2024-11-01T10:00:00+08:00');
      const b = (await s.reportHazard({ uscc: e2, channel: 'public_report', discoveredAt: '2024-06-05T10:00:00+08:00' })).hazardId;
      await s.escalate(b, 'interview', '2024-06-10T10:00:00+08:00');
      await s.orderListedSupervision(b, 'city', '渝安办〔2024〕7号', '2024-06-11T10:00:00+08:00');
      await s.list(b, 'city', '2024-06-12T10:00:00+08:00');
      await s.closeEnterprise(e2, '2024-12-01T10:00:00+08:00', '关闭');
    };

    it('catchUp twice changes nothing', async () => {
      await scenario();
      const runner = new ProjectionRunner(t.store, t.dataSource, allProjections(), new RecordingLogger(), { batchSize: 4 });
      await runner.catchUp();
      const [live, livePoints] = [await snapshot(), await checkpoints()];
      expect(live['hazard_ledger']).toHaveLength(2);
      await runner.catchUp();
      expect(await snapshot()).toEqual(live);
      expect(await checkpoints()).toEqual(livePoints);
    });

    it('a rebuild from checkpoint 0 into truncated tables equals the live tables', async () => {
      await scenario();
      // Live: applied as the events came, in small batches interleaved with appends.
      const runner = new ProjectionRunner(t.store, t.dataSource, allProjections(), new RecordingLogger(), { batchSize: 3 });
      await runner.catchUp();
      const live = await snapshot();
      await t.dataSource.query(`TRUNCATE ${Object.keys(READ_MODEL_ORDER).join(', ')}`);
      await t.dataSource.query('UPDATE projection_checkpoints SET position = 0');
      await new ProjectionRunner(t.store, t.dataSource, allProjections(), new RecordingLogger(), { batchSize: 500 }).catchUp();
      expect(await snapshot()).toEqual(live);
      for (const p of allProjections()) expect(await runner.position(p.name)).toBe(await t.store.headPosition());
    });

    it.each(['enterprise-profile', 'hazard-ledger', 'hazard-figures'])(
      'a replay of %s from checkpoint 0 over its live tables changes nothing (STYLE 8)',
      async (name) => {
        await scenario();
        const runner = new ProjectionRunner(t.store, t.dataSource, allProjections(), new RecordingLogger());
        await runner.catchUp();
        const live = await snapshot();
        await t.dataSource.query('UPDATE projection_checkpoints SET position = 0 WHERE name = $1', [name]);
        await runner.catchUp();
        expect(await snapshot()).toEqual(live);
      },
    );
  });

  it('waitFor returns true at once when reached, true once a running projection reaches it, false on time-out', async () => {
    const p = new RecordingProjection('test-wait', ['RunnerTestEventRecorded']);
    const runner = new ProjectionRunner(t.store, t.dataSource, [p], new RecordingLogger(), { pollIntervalMs: 50 });
    await runner.registerCheckpoints();
    expect(await runner.waitFor(['test-wait'], 0n, 10)).toBe(true);

    await appendTestEvents(t.store, 1);
    const head = await t.store.headPosition();
    // Nothing runs the projection: the wait times out, after its time and not much later.
    const started = performance.now();
    expect(await runner.waitFor(['test-wait'], head, 200)).toBe(false);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(195);
    expect(waited).toBeLessThan(2_000);

    await runner.start();
    try {
      await appendTestEvents(t.store, 2);
      const later = await t.store.headPosition();
      expect(await runner.waitFor(['test-wait'], later, 10_000)).toBe(true);
      expect(await runner.position('test-wait')).toBeGreaterThanOrEqual(later);
      expect(await runner.waitFor(['test-wait'], later + 1_000n, 100)).toBe(false);
    } finally {
      await runner.stop();
    }
    expect(await applied('test-wait')).toHaveLength(3);
  });
});

/** Resolves once `condition` holds (checked every few ms), or rejects after `ms`. */
async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('ProjectionRunner in-process on PGlite (one connection)', () => {
  let db: PgliteDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  beforeAll(async () => {
    // Background work may wait long here: the test's own pauses must not make the runner's turn due.
    db = new PgliteDatabase({ dataDir: 'memory://', backgroundMaxWaitMs: 600_000 });
    dataSource = createReadModelDataSource(db, undefined);
    await initialiseReadModels(dataSource, db.kind);
    await dataSource.query(APPLIED_TABLE);
    store = new PostgresEventStore(db, { pollIntervalMs: 50 });
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.close();
  });

  it('never starves commands: its batches run as background work, and a waiting command goes before its next statement', async () => {
    // 300 events, applied in batches of 10: a catch-up of 30 batches.
    for (let i = 0; i < 3; i++) await store.append(`runner-test-${randomUUID()}`, Array.from({ length: 100 }, (_, n) => testEvent(n)), 'no_stream');
    const head = await store.headPosition();
    const log: string[] = [];
    const priorities = new Set<string>();
    const projection = new RecordingProjection('test-not-starving', ['RunnerTestEventRecorded']);
    const apply = projection.apply.bind(projection);
    projection.apply = async (events, em) => {
      priorities.add(currentWorkPriority());
      log.push('runner batch');
      await apply(events, em);
    };
    const logged: EventStore = Object.create(store) as EventStore;
    logged.readAll = async (options) => {
      const events = await store.readAll(options);
      log.push('runner read');
      return events;
    };
    const runner = new ProjectionRunner(logged, dataSource, [projection], new RecordingLogger(), { batchSize: 10, pollIntervalMs: 20 });
    await runner.start();
    try {
      await until(() => projection.batches.length >= 2);
      // A command holds the connection; the runner's next statement queues behind it …
      const held = await db.connect();
      await until(() => db.connectionStats.waitingBackground >= 1);
      // … then four statements of requests queue too: they go first when the connection is free.
      const batchesBefore = projection.batches.length;
      const commands = [
        store.append(`runner-test-${randomUUID()}`, [testEvent(1)], 'no_stream'),
        db.query('SELECT count(*) FROM runner_test_applied'),
        dataSource.query('SELECT count(*) FROM projection_checkpoints'),
        store.readStream('no-such-stream'),
      ].map((p) => p.then(() => void log.push('command')));
      await until(() => db.connectionStats.waitingForeground >= 4);
      const mark = log.length;
      held.release();
      await Promise.all(commands);
      expect(log.slice(mark, mark + 4)).toEqual(['command', 'command', 'command', 'command']);
      expect(projection.batches.length).toBe(batchesBefore);
      // The catch-up goes on and applies every event once.
      expect(await runner.waitFor(['test-not-starving'], head + 1n, 30_000)).toBe(true);
    } finally {
      await runner.stop();
    }
    expect([...priorities]).toEqual(['background']);
    const rows: { n: string; distinct: string }[] = await dataSource.query(
      `SELECT count(*)::text AS n, count(DISTINCT position)::text AS distinct FROM runner_test_applied WHERE projection = 'test-not-starving'`,
    );
    expect(rows[0]).toEqual({ n: '301', distinct: '301' });
  });
});

const pgBackend = postgresBackend();
if (!pgBackend) {
  describe('two ProjectionRunners over one PostgreSQL database', () => {
    it('runs only against a server: TEST_DATABASE_URL is not set here (CI sets it)', () => {
      expect(process.env['TEST_DATABASE_URL']).toBeUndefined();
    });
  });
}
(pgBackend ? describe : () => undefined)('two ProjectionRunners over one PostgreSQL database', () => {
  let t: TestStore;
  let db2: PgDatabase;
  let ds2: ReturnType<typeof createReadModelDataSource>;
  let store2: PostgresEventStore;

  beforeAll(async () => {
    t = await pgBackend!.open();
    await t.dataSource.query(APPLIED_TABLE);
    db2 = new PgDatabase(t.url!, { poolSize: 4, applicationName: 'zhiben-proj-test-2' });
    ds2 = createReadModelDataSource(db2, t.url);
    await ds2.initialize();
    store2 = new PostgresEventStore(db2, { pollIntervalMs: 20 });
  });
  afterAll(async () => {
    if (ds2?.isInitialized) await ds2.destroy();
    await db2?.close();
    await t?.close();
  });

  const counts = async (name: string) => {
    const [r] = (await t.dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT position)::int AS distinct_n FROM runner_test_applied WHERE projection = $1',
      [name],
    )) as { n: number; distinct_n: number }[];
    return r!;
  };

  it('never apply a batch twice, catching up side by side or running while events arrive', async () => {
    const name = 'test-two-runners';
    const make = (store: EventStore, ds: typeof ds2) =>
      new ProjectionRunner(store, ds, [new RecordingProjection(name, ['RunnerTestEventRecorded'])], new RecordingLogger(), {
        batchSize: 7,
        pollIntervalMs: 10,
        retryDelayMs: 10,
      });
    const r1 = make(t.store, t.dataSource);
    const r2 = make(store2, ds2);

    await appendTestEvents(t.store, 120);
    await Promise.all([r1.catchUp(), r2.catchUp(), r1.catchUp(), r2.catchUp()]);
    expect(await counts(name)).toEqual({ n: 120, distinct_n: 120 });

    await Promise.all([r1.start(), r2.start()]);
    try {
      // 60 more, from both processes' stores, while both loops run.
      await Promise.all([appendTestEvents(t.store, 30), appendTestEvents(store2, 30)]);
      const head = await t.store.headPosition();
      expect(await r1.waitFor([name], head, 15_000)).toBe(true);
      expect(await r2.waitFor([name], head, 15_000)).toBe(true);
    } finally {
      await Promise.all([r1.stop(), r2.stop()]);
    }
    expect(await counts(name)).toEqual({ n: 180, distinct_n: 180 });
  });
});
