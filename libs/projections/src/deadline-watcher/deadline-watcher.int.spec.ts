/**
 * The deadline watcher with a fixed clock: a `DeadlineMissed` the first CST day after the deadline
 * in force, exactly once, caused by the event that set that deadline, appended as `system`.
 */
import { hazardStreamId } from '#domain';
import type { RecordedEvent } from '#event-store';
import { HazardLedgerProjection } from '../hazard-ledger/hazard-ledger.projection.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { DEADLINE_WATCHER_ACTOR, DeadlineWatcher } from './deadline-watcher.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const USCC = testUscc('500101', 7);

describe.each(testBackends())('DeadlineWatcher ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;
  let runner: ProjectionRunner;
  let now: Date;
  let watcher: DeadlineWatcher;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new HazardLedgerProjection()], new RecordingLogger());
    watcher = new DeadlineWatcher(t.store, t.dataSource, () => now, new RecordingLogger());
  });
  beforeEach(async () => {
    await t.truncateAll();
    await s.registerEnterprise({ uscc: USCC, districtCode: '500101', sector: 'hazardous_chemicals' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const stream = (hazardId: string): Promise<RecordedEvent[]> => t.store.readStream(hazardStreamId(hazardId));
  const eventIdOf = async (hazardId: string, type: string) => (await stream(hazardId)).find((e) => e.type === type)!.eventId;
  const missed = async (hazardId: string) => (await stream(hazardId)).filter((e) => e.type === 'DeadlineMissed');
  /** Catches the ledger up (the watcher reads it), sets the clock, sweeps. */
  const sweepAt = async (instant: string) => {
    await runner.catchUp();
    now = new Date(instant);
    return watcher.sweep();
  };
  /** A major hazard found 2025-03-01, planned with `deadline`. */
  const planned = async (deadline: string) => {
    const { hazardId } = await s.reportHazard({ uscc: USCC, grade: 'major', discoveredAt: '2025-03-01T09:00:00+08:00' });
    await s.plan(hazardId, { deadline, plannedAt: '2025-03-02T09:00:00+08:00' });
    return hazardId;
  };

  it('appends nothing on the deadline day itself, to its last CST second', async () => {
    const hazardId = await planned('2025-03-31');
    // 2025-03-31T15:59:59Z is 2025-03-31 23:59:59 CST: the deadline day, not after it.
    expect(await sweepAt('2025-03-31T15:59:59Z')).toBe(0);
    expect(await missed(hazardId)).toEqual([]);
  });

  it('appends one DeadlineMissed the first CST day after the deadline, as system, caused by the plan', async () => {
    const hazardId = await planned('2025-03-31');
    const planId = await eventIdOf(hazardId, 'RectificationPlanned');
    // 2025-03-31T16:00Z is 2025-04-01 00:00 CST.
    expect(await sweepAt('2025-03-31T16:00:00Z')).toBe(1);
    const [event, ...more] = await missed(hazardId);
    expect(more).toEqual([]);
    expect(event!.revision).toBe(2n); // after HazardReported (0) and RectificationPlanned (1)
    expect(event!.data).toEqual({ hazardId, deadline: '2025-03-31', detectedAt: '2025-03-31T16:00:00.000Z' });
    expect(event!.metadata).toMatchObject({
      actor: DEADLINE_WATCHER_ACTOR,
      causationId: planId,
      occurredAt: '2025-03-31T16:00:00.000Z',
    });
    expect((event!.metadata['actor'] as { role: string }).role).toBe('system');
  });

  it('appends nothing on a second sweep, before or after the ledger has read the first one', async () => {
    const hazardId = await planned('2025-03-31');
    now = new Date('2025-04-02T10:00:00+08:00');
    await runner.catchUp();
    expect(await watcher.sweep()).toBe(1);
    expect(await watcher.sweep()).toBe(0); // the ledger still lists it as due: the decider refuses a second record
    expect(await sweepAt('2025-04-03T10:00:00+08:00')).toBe(0); // the ledger now holds the missed deadline
    expect(await missed(hazardId)).toHaveLength(1);
  });

  it('appends nothing for a hazard closed (even late) or never planned', async () => {
    const closed = await planned('2025-03-31');
    await s.completeVerifyClose(closed, '2025-04-05T10:00:00+08:00'); // closed after its deadline, before any sweep
    const { hazardId: unplanned } = await s.reportHazard({ uscc: USCC, discoveredAt: '2025-03-01T09:00:00+08:00' });
    expect(await sweepAt('2025-06-01T10:00:00+08:00')).toBe(0);
    expect(await missed(closed)).toEqual([]);
    expect(await missed(unplanned)).toEqual([]);
  });

  it('counts a completed or verified hazard as still open, and only the hazards already due', async () => {
    const completed = await planned('2025-03-30');
    await s.complete(completed, '2025-03-29T10:00:00+08:00');
    const verified = await planned('2025-03-31');
    await s.complete(verified, '2025-03-29T10:00:00+08:00');
    await s.verify(verified, '2025-03-30T10:00:00+08:00');
    const notYet = await planned('2025-04-01');
    // Today (CST) 2025-04-01: 03-30 and 03-31 have passed, 04-01 has not.
    expect(await sweepAt('2025-04-01T12:00:00+08:00')).toBe(2);
    expect((await missed(completed)).map((e) => e.data['deadline'])).toEqual(['2025-03-30']);
    expect((await missed(verified)).map((e) => e.data['deadline'])).toEqual(['2025-03-31']);
    expect(await missed(notYet)).toEqual([]);
  });

  it('after an extension: nothing before the new deadline passes, then one for it, caused by the DeadlineExtended', async () => {
    const hazardId = await planned('2025-03-31');
    await s.extend(hazardId, '2025-04-30', '2025-03-25T10:00:00+08:00');
    const extensionId = await eventIdOf(hazardId, 'DeadlineExtended');
    expect(await sweepAt('2025-04-15T10:00:00+08:00')).toBe(0); // past 03-31, but 04-30 is in force
    expect(await sweepAt('2025-04-30T23:59:00+08:00')).toBe(0);
    expect(await sweepAt('2025-05-01T00:00:00+08:00')).toBe(1);
    const [event] = await missed(hazardId);
    expect(event!.data['deadline']).toBe('2025-04-30');
    expect(event!.metadata['causationId']).toBe(extensionId);
  });

  it('a deadline missed, then extended and missed again: one record per deadline, each caused by its own setter', async () => {
    const hazardId = await planned('2025-03-31');
    const planId = await eventIdOf(hazardId, 'RectificationPlanned');
    expect(await sweepAt('2025-04-02T10:00:00+08:00')).toBe(1);
    await s.extend(hazardId, '2025-04-30', '2025-04-03T10:00:00+08:00');
    const extensionId = await eventIdOf(hazardId, 'DeadlineExtended');
    expect(await sweepAt('2025-05-02T10:00:00+08:00')).toBe(1);
    expect((await missed(hazardId)).map((e) => [e.data['deadline'], e.metadata['causationId']])).toEqual([
      ['2025-03-31', planId],
      ['2025-04-30', extensionId],
    ]);
  });

  it('start looks at once, and stop waits for the sweep in flight', async () => {
    const hazardId = await planned('2025-03-31');
    await runner.catchUp();
    now = new Date('2025-04-02T10:00:00+08:00');
    const logger = new RecordingLogger();
    const running = new DeadlineWatcher(t.store, t.dataSource, () => now, logger, 60_000);
    running.start();
    await running.stop();
    expect(await missed(hazardId)).toHaveLength(1);
    expect(logger.messages).toEqual(['deadline watcher: 1 missed deadline(s) recorded']);
    expect(logger.errors).toEqual([]);
  });

  it('after a reopening (反销号): the new deadline, caused by the HazardReopened', async () => {
    const hazardId = await planned('2025-03-31');
    await s.completeVerifyClose(hazardId, '2025-03-20T10:00:00+08:00');
    await s.reopen(hazardId, '2025-04-10T10:00:00+08:00', '2025-05-15');
    const reopenId = await eventIdOf(hazardId, 'HazardReopened');
    expect(await sweepAt('2025-05-15T12:00:00+08:00')).toBe(0);
    expect(await sweepAt('2025-05-16T00:00:00+08:00')).toBe(1);
    const [event] = await missed(hazardId);
    expect(event!.data['deadline']).toBe('2025-05-15');
    expect(event!.metadata['causationId']).toBe(reopenId);
  });
});
