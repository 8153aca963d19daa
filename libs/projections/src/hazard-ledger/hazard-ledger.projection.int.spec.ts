/**
 * The hazard ledger (台账) projector, one test per event type it handles (STYLE 7): real commands
 * through `handleCommand` and the hazard decider, the runner's `catchUp`, then the row as TypeORM reads it.
 */
import { HAZARD_EVENT_TYPES } from '#domain';
import type { AppendResult } from '#event-store';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { HazardLedgerProjection } from './hazard-ledger.projection.js';
import { HazardLedgerRow } from './hazard-ledger.entity.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const USCC = testUscc('500101', 1);
/** 2025-02-28T16:30Z is 2025-03-01 00:30 in CST: the discovery date is 2025-03-01. */
const DISCOVERED_AT = '2025-02-28T16:30:00Z';
const PLANNED_AT = '2025-03-02T10:00:00+08:00';

describe('HazardLedgerProjection (declaration)', () => {
  it('reads every hazard event type and nothing else', () => {
    expect([...new HazardLedgerProjection().eventTypes].sort()).toEqual([...HAZARD_EVENT_TYPES].sort());
  });
});

describe.each(testBackends())('HazardLedgerProjection ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new HazardLedgerProjection()], new RecordingLogger());
    await s.registerEnterprise({ uscc: USCC, districtCode: '500101', sector: 'hazardous_chemicals' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const row = async (hazardId: string): Promise<HazardLedgerRow> => {
    await runner.catchUp();
    return t.dataSource.getRepository(HazardLedgerRow).findOneByOrFail({ hazardId });
  };
  const lastHistory = (r: HazardLedgerRow) => r.history[r.history.length - 1];
  const at = (result: AppendResult) => ({ revision: result.streamRevision.toString(), position: result.position.toString() });

  /** A major hazard, reported; a plan with deadline 2025-03-31 when `planned`. */
  const hazard = async (planned: boolean) => {
    const { hazardId, result } = await s.reportHazard({ uscc: USCC, grade: 'major', channel: 'enforcement', discoveredAt: DISCOVERED_AT });
    const plan = planned ? await s.plan(hazardId, { deadline: '2025-03-31', plannedAt: PLANNED_AT, fundsFen: 1_250_000 }) : result;
    return { hazardId, last: plan };
  };

  it('HazardReported inserts the row: status reported, CST discovery date, no deadline, plan or closure', async () => {
    const { hazardId, result } = await s.reportHazard({
      uscc: USCC,
      grade: 'major',
      channel: 'enforcement',
      discoveredAt: DISCOVERED_AT,
      title: '储罐区报警器失效',
      description: '可燃气体报警器未联动切断阀',
    });
    const r = await row(hazardId);
    expect(r).toEqual({
      hazardId,
      enterpriseUscc: USCC,
      districtCode: '500101',
      sector: 'hazardous_chemicals',
      grade: 'major',
      criterionCode: 'TEST-MAJOR-1',
      channel: 'enforcement',
      title: '储罐区报警器失效',
      description: '可燃气体报警器未联动切断阀',
      status: 'reported',
      discoveredAt: new Date(DISCOVERED_AT),
      discoveredDate: '2025-03-01', // 16:30Z + 8 h = 00:30 the next day in CST
      deadline: null,
      closedAt: null,
      plan: null,
      // The event's data without the hazard id, under its type.
      history: [
        {
          type: 'HazardReported',
          enterpriseUscc: USCC,
          districtCode: '500101',
          sector: 'hazardous_chemicals',
          grade: 'major',
          criterionCode: 'TEST-MAJOR-1',
          channel: 'enforcement',
          title: '储罐区报警器失效',
          description: '可燃气体报警器未联动切断阀',
          discoveredAt: DISCOVERED_AT,
        },
      ],
      missedDeadlines: [],
      revision: '0',
      position: result.position.toString(),
    });
  });

  it('RectificationPlanned sets status planned, the deadline and the plan', async () => {
    const { hazardId } = await hazard(false);
    const planned = await s.plan(hazardId, {
      deadline: '2025-03-31',
      plannedAt: PLANNED_AT,
      fundsFen: 1_250_000,
      measures: [{ description: '更换报警器', deadline: '2025-03-20' }],
      responsiblePerson: { name: '张三', phone: null },
      emergencyPlan: '泄漏应急处置方案',
    });
    const r = await row(hazardId);
    expect(r.status).toBe('planned');
    expect(r.deadline).toBe('2025-03-31');
    expect(r.plan).toEqual({
      measures: [{ description: '更换报警器', deadline: '2025-03-20' }],
      responsiblePerson: { name: '张三', phone: null },
      fundsFen: 1_250_000,
      emergencyPlan: '泄漏应急处置方案',
      plannedAt: PLANNED_AT,
    });
    expect(r.history.map((h) => h['type'])).toEqual(['HazardReported', 'RectificationPlanned']);
    expect(lastHistory(r)).toEqual({
      type: 'RectificationPlanned',
      measures: [{ description: '更换报警器', deadline: '2025-03-20' }],
      responsiblePerson: { name: '张三', phone: null },
      deadline: '2025-03-31',
      fundsFen: 1_250_000,
      emergencyPlan: '泄漏应急处置方案',
      plannedAt: PLANNED_AT,
    });
    expect(r).toMatchObject({ closedAt: null, missedDeadlines: [], ...at(planned) });
  });

  it('DeadlineExtended moves the deadline in force and keeps the status', async () => {
    const { hazardId } = await hazard(true);
    const extended = await s.extend(hazardId, '2025-04-30', '2025-03-25T10:00:00+08:00', '设备到货延迟');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'planned', deadline: '2025-04-30', ...at(extended) });
    expect(lastHistory(r)).toEqual({
      type: 'DeadlineExtended',
      previousDeadline: '2025-03-31',
      deadline: '2025-04-30',
      reason: '设备到货延迟',
      extendedAt: '2025-03-25T10:00:00+08:00',
    });
  });

  it('RectificationCompleted sets status completed', async () => {
    const { hazardId } = await hazard(true);
    const completed = await s.complete(hazardId, '2025-03-20T10:00:00+08:00', '照片');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'completed', deadline: '2025-03-31', closedAt: null, ...at(completed) });
    expect(lastHistory(r)).toEqual({ type: 'RectificationCompleted', completedAt: '2025-03-20T10:00:00+08:00', evidence: '照片' });
  });

  it('RectificationVerified sets status verified', async () => {
    const { hazardId } = await hazard(true);
    await s.complete(hazardId, '2025-03-20T10:00:00+08:00');
    const verified = await s.verify(hazardId, '2025-03-21T10:00:00+08:00', '复核合格');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'verified', deadline: '2025-03-31', closedAt: null, ...at(verified) });
    expect(lastHistory(r)).toEqual({ type: 'RectificationVerified', verifiedAt: '2025-03-21T10:00:00+08:00', reason: '复核合格' });
  });

  it('RectificationRejected returns the hazard to planned', async () => {
    const { hazardId } = await hazard(true);
    await s.complete(hazardId, '2025-03-20T10:00:00+08:00');
    const rejected = await s.reject(hazardId, '2025-03-21T10:00:00+08:00', '切断阀未联动');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'planned', deadline: '2025-03-31', closedAt: null, ...at(rejected) });
    expect(lastHistory(r)).toEqual({ type: 'RectificationRejected', rejectedAt: '2025-03-21T10:00:00+08:00', reason: '切断阀未联动' });
  });

  it('HazardClosed sets status closed and closed_at, and keeps the deadline', async () => {
    const { hazardId } = await hazard(true);
    const closed = await s.completeVerifyClose(hazardId, '2025-03-31T17:00:00Z');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'closed', deadline: '2025-03-31', closedAt: new Date('2025-03-31T17:00:00Z'), ...at(closed) });
    // 2025-03-31T17:00Z is 2025-04-01 01:00 CST: after the deadline 2025-03-31, so not on time.
    expect(lastHistory(r)).toEqual({ type: 'HazardClosed', closedAt: '2025-03-31T17:00:00Z', deadlineInForce: '2025-03-31', onTime: false });
  });

  it('HazardReopened returns the hazard to planned, clears closed_at and sets the new deadline', async () => {
    const { hazardId } = await hazard(true);
    await s.completeVerifyClose(hazardId, '2025-03-30T10:00:00+08:00');
    const reopened = await s.reopen(hazardId, '2025-05-06T10:00:00+08:00', '2025-06-30', '复查反弹');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'planned', deadline: '2025-06-30', closedAt: null, ...at(reopened) });
    expect(lastHistory(r)).toEqual({ type: 'HazardReopened', reopenedAt: '2025-05-06T10:00:00+08:00', reason: '复查反弹', deadline: '2025-06-30' });
    expect(r.history.map((h) => h['type'])).toEqual([
      'HazardReported',
      'RectificationPlanned',
      'RectificationCompleted',
      'RectificationVerified',
      'HazardClosed',
      'HazardReopened',
    ]);
  });

  it('HazardEscalated adds to the history only', async () => {
    const { hazardId } = await hazard(true);
    const escalated = await s.escalate(hazardId, 'interview', '2025-03-10T10:00:00+08:00', '约谈主要负责人');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'planned', deadline: '2025-03-31', ...at(escalated) });
    expect(lastHistory(r)).toEqual({ type: 'HazardEscalated', measure: 'interview', decidedAt: '2025-03-10T10:00:00+08:00', note: '约谈主要负责人' });
  });

  it('ListedSupervisionOrdered adds to the history only', async () => {
    const { hazardId } = await hazard(false);
    const ordered = await s.orderListedSupervision(hazardId, 'city', '渝安办〔2025〕12号', '2025-03-10T10:00:00+08:00');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'reported', deadline: null, ...at(ordered) });
    expect(lastHistory(r)).toEqual({
      type: 'ListedSupervisionOrdered',
      level: 'city',
      documentNumber: '渝安办〔2025〕12号',
      orderedAt: '2025-03-10T10:00:00+08:00',
    });
  });

  it('HazardListed adds to the history only', async () => {
    const { hazardId } = await hazard(true);
    const listed = await s.list(hazardId, 'district', '2025-03-10T10:00:00+08:00');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'planned', deadline: '2025-03-31', ...at(listed) });
    expect(lastHistory(r)).toEqual({ type: 'HazardListed', list: 'district', listedAt: '2025-03-10T10:00:00+08:00' });
  });

  it('DeadlineMissed appends the missed deadline and keeps the status', async () => {
    const { hazardId } = await hazard(true);
    // 2025-03-31T16:00Z is 2025-04-01 00:00 CST: the first day after the deadline.
    const missed = await s.recordDeadlineMissed(hazardId, '2025-03-31T16:00:00Z');
    const r = await row(hazardId);
    expect(r).toMatchObject({ status: 'planned', deadline: '2025-03-31', missedDeadlines: ['2025-03-31'], ...at(missed) });
    expect(lastHistory(r)).toEqual({ type: 'DeadlineMissed', deadline: '2025-03-31', detectedAt: '2025-03-31T16:00:00Z' });
  });

  it('writes no row for enterprise events', async () => {
    await runner.catchUp();
    const before = await t.dataSource.getRepository(HazardLedgerRow).count();
    await s.registerEnterprise({ uscc: testUscc('500102', 2), districtCode: '500102', sector: 'commerce_trade' });
    await runner.catchUp();
    expect(await t.dataSource.getRepository(HazardLedgerRow).count()).toBe(before);
    expect(await runner.position('hazard-ledger')).toBe(await t.store.headPosition());
  });
});
