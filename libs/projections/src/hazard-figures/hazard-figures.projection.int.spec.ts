/**
 * The hazard figures' facts projector, one test per event type it handles (STYLE 7): each fact row
 * keyed by (hazard, revision) with its CST effective date.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { HazardFiguresProjection } from './hazard-figures.projection.js';
import {
  HazardFigureClosure,
  HazardFigureDeadline,
  HazardFigureHazard,
  HazardFigureMeasure,
} from './hazard-figures.entities.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

const USCC = testUscc('500102', 11);

describe('HazardFiguresProjection (declaration)', () => {
  it('reads the eight event types that change a figure', () => {
    expect([...new HazardFiguresProjection().eventTypes].sort()).toEqual(
      [
        'DeadlineExtended',
        'HazardClosed',
        'HazardEscalated',
        'HazardListed',
        'HazardReopened',
        'HazardReported',
        'ListedSupervisionOrdered',
        'RectificationPlanned',
      ].sort(),
    );
  });
});

describe.each(testBackends())('HazardFiguresProjection ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new HazardFiguresProjection()], new RecordingLogger());
    await s.registerEnterprise({ uscc: USCC, districtCode: '500102', sector: 'commerce_trade' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const rows = async <T extends object>(entity: new () => T, hazardId: string): Promise<T[]> => {
    await runner.catchUp();
    const order = entity === (HazardFigureHazard as unknown) ? {} : { revision: 'ASC' };
    return t.dataSource.getRepository(entity).find({ where: { hazardId } as never, order: order as never });
  };

  /** A general hazard discovered 2025-03-01 (CST) by public report; planned (deadline 2025-03-31) when asked. */
  const hazard = async (planned: boolean) => {
    const { hazardId } = await s.reportHazard({ uscc: USCC, channel: 'public_report', discoveredAt: '2025-03-01T09:00:00+08:00' });
    if (planned) await s.plan(hazardId, { deadline: '2025-03-31', plannedAt: '2025-03-02T09:00:00+08:00' });
    return hazardId;
  };

  it('HazardReported records district, sector, grade, channel and the CST discovery date', async () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST (DOMAIN.md §3's own example).
    const { hazardId } = await s.reportHazard({ uscc: USCC, grade: 'major', channel: 'supervisory_inspection', discoveredAt: '2024-12-31T20:00:00Z' });
    expect(await rows(HazardFigureHazard, hazardId)).toEqual([
      { hazardId, districtCode: '500102', sector: 'commerce_trade', grade: 'major', channel: 'supervisory_inspection', discoveredDate: '2025-01-01' },
    ]);
  });

  it('RectificationPlanned records the deadline from the CST date of planning', async () => {
    const hazardId = await hazard(false);
    // plannedAt 2025-03-01T16:00Z = 2025-03-02 00:00 CST; revision 1 (the report is 0).
    await s.plan(hazardId, { deadline: '2025-03-31', plannedAt: '2025-03-01T16:00:00Z' });
    expect(await rows(HazardFigureDeadline, hazardId)).toEqual([
      { hazardId, revision: '1', effectiveDate: '2025-03-02', deadline: '2025-03-31' },
    ]);
  });

  it('DeadlineExtended records the new deadline from the CST date of the extension', async () => {
    const hazardId = await hazard(true);
    // extendedAt 2025-03-30T16:30Z = 2025-03-31 00:30 CST; revision 2.
    await s.extend(hazardId, '2025-04-30', '2025-03-30T16:30:00Z');
    expect(await rows(HazardFigureDeadline, hazardId)).toEqual([
      { hazardId, revision: '1', effectiveDate: '2025-03-02', deadline: '2025-03-31' },
      { hazardId, revision: '2', effectiveDate: '2025-03-31', deadline: '2025-04-30' },
    ]);
  });

  it('HazardClosed records the closure on its CST date with the deadline in force', async () => {
    const hazardId = await hazard(true);
    // reported 0, planned 1, completed 2, verified 3, closed 4; 17:00Z on 03-31 is 2025-04-01 01:00 CST.
    await s.completeVerifyClose(hazardId, '2025-03-31T17:00:00Z');
    expect(await rows(HazardFigureClosure, hazardId)).toEqual([
      { hazardId, revision: '4', kind: 'closed', effectiveDate: '2025-04-01', deadlineInForce: '2025-03-31' },
    ]);
  });

  it('HazardReopened records the reopening and the new deadline, both from its CST date', async () => {
    const hazardId = await hazard(true);
    await s.completeVerifyClose(hazardId, '2025-03-20T10:00:00+08:00');
    // reopenedAt 2025-05-05T16:00Z = 2025-05-06 00:00 CST; revision 5.
    await s.reopen(hazardId, '2025-05-05T16:00:00Z', '2025-06-30');
    expect(await rows(HazardFigureClosure, hazardId)).toEqual([
      { hazardId, revision: '4', kind: 'closed', effectiveDate: '2025-03-20', deadlineInForce: '2025-03-31' },
      { hazardId, revision: '5', kind: 'reopened', effectiveDate: '2025-05-06', deadlineInForce: null },
    ]);
    expect(await rows(HazardFigureDeadline, hazardId)).toEqual([
      { hazardId, revision: '1', effectiveDate: '2025-03-02', deadline: '2025-03-31' },
      { hazardId, revision: '5', effectiveDate: '2025-05-06', deadline: '2025-06-30' },
    ]);
  });

  it('HazardEscalated records an escalation by its measure on the CST date of the decision', async () => {
    const hazardId = await hazard(true);
    // 2025-03-09T16:00Z = 2025-03-10 00:00 CST; revision 2.
    await s.escalate(hazardId, 'circular', '2025-03-09T16:00:00Z');
    expect(await rows(HazardFigureMeasure, hazardId)).toEqual([
      { hazardId, revision: '2', kind: 'escalation', value: 'circular', effectiveDate: '2025-03-10' },
    ]);
  });

  it('ListedSupervisionOrdered records the listed_supervision escalation', async () => {
    const hazardId = await hazard(false);
    await s.orderListedSupervision(hazardId, 'county', '渝应急督〔2025〕3号', '2025-03-05T10:00:00+08:00');
    expect(await rows(HazardFigureMeasure, hazardId)).toEqual([
      { hazardId, revision: '1', kind: 'escalation', value: 'listed_supervision', effectiveDate: '2025-03-05' },
    ]);
  });

  it('HazardListed records a problem-list entry naming the list', async () => {
    const hazardId = await hazard(true);
    await s.list(hazardId, 'city', '2025-03-05T10:00:00+08:00');
    await s.list(hazardId, 'district', '2025-03-06T10:00:00+08:00');
    expect(await rows(HazardFigureMeasure, hazardId)).toEqual([
      { hazardId, revision: '2', kind: 'problem_list', value: 'city', effectiveDate: '2025-03-05' },
      { hazardId, revision: '3', kind: 'problem_list', value: 'district', effectiveDate: '2025-03-06' },
    ]);
  });

  it('writes nothing for the events it does not read, and its checkpoint passes them', async () => {
    const hazardId = await hazard(true);
    await s.complete(hazardId, '2025-03-10T10:00:00+08:00');
    await s.reject(hazardId, '2025-03-11T10:00:00+08:00');
    await s.recordDeadlineMissed(hazardId, '2025-04-01T10:00:00+08:00');
    const [closures, deadlines, measures] = [
      await rows(HazardFigureClosure, hazardId),
      await rows(HazardFigureDeadline, hazardId),
      await rows(HazardFigureMeasure, hazardId),
    ];
    expect(closures).toEqual([]);
    expect(deadlines).toHaveLength(1); // the plan's, nothing more
    expect(measures).toEqual([]);
    expect(await runner.position('hazard-figures')).toBe(await t.store.headPosition());
  });
});
