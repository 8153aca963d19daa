/**
 * The enterprise profile projector, one test per event type it handles (STYLE 7): the register's
 * row and each hazard's open flag.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { EnterpriseProfileProjection } from './enterprise-profile.projection.js';
import { EnterpriseProfileHazard, EnterpriseProfileRow } from './enterprise-profile.entity.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

describe('EnterpriseProfileProjection (declaration)', () => {
  it('reads the four enterprise events and the hazard events that open or close a hazard', () => {
    expect([...new EnterpriseProfileProjection().eventTypes].sort()).toEqual(
      [
        'EnterpriseClosed',
        'EnterpriseRegistered',
        'HazardClosed',
        'HazardReopened',
        'HazardReported',
        'ResponsibilitySystemEstablished',
        'StandardizationGraded',
      ].sort(),
    );
  });
});

describe.each(testBackends())('EnterpriseProfileProjection ($name)', ({ open }) => {
  let t: TestStore;
  let s: HazardScenario;
  let runner: ProjectionRunner;
  let next = 100;

  beforeAll(async () => {
    t = await open();
    s = new HazardScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new EnterpriseProfileProjection()], new RecordingLogger());
  });
  afterAll(async () => {
    await t?.close();
  });

  const profile = async (uscc: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(EnterpriseProfileRow).findOneByOrFail({ uscc });
  };
  const hazardFlag = async (hazardId: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(EnterpriseProfileHazard).findOneByOrFail({ hazardId });
  };
  /** A registered commerce enterprise of district 500103 (not high-risk by its sector). */
  const registered = async () => {
    const uscc = testUscc('500103', next++);
    await s.registerEnterprise({ uscc, districtCode: '500103', sector: 'commerce_trade', industryCode: 'F52', registeredAt: '2024-01-02T09:00:00+08:00' });
    return uscc;
  };

  it('EnterpriseRegistered inserts the open profile, taking highRisk from the sector and de-duplicating risk tags', async () => {
    const uscc = testUscc('500101', next++);
    const result = await s.registerEnterprise({
      uscc,
      name: '重庆示例化工有限公司',
      districtCode: '500101',
      sector: 'hazardous_chemicals', // a high-risk sector: highRisk null → true
      industryCode: 'C2614',
      riskTags: ['major_hazard_source', 'confined_space', 'major_hazard_source'],
      highRisk: null,
      registeredAt: '2024-01-02T09:00:00+08:00',
    });
    expect(await profile(uscc)).toEqual({
      uscc,
      name: '重庆示例化工有限公司',
      districtCode: '500101',
      sector: 'hazardous_chemicals',
      industryCode: 'C2614',
      riskTags: ['major_hazard_source', 'confined_space'],
      highRisk: true,
      status: 'open',
      registeredAt: new Date('2024-01-02T01:00:00Z'),
      closedAt: null,
      standardizationLevel: null,
      standardizationValidUntil: null,
      responsibilitySystemAt: null,
      revision: '0',
      position: result.position.toString(),
    });
  });

  it('StandardizationGraded sets the level and the CST date the grade runs until (three years on)', async () => {
    const uscc = await registered();
    // gradedAt 2025-06-30T16:30Z = 2025-07-01 00:30 CST → valid until 2028-07-01.
    const graded = await s.gradeStandardization(uscc, 2, '2025-06-30T16:30:00Z');
    expect(await profile(uscc)).toMatchObject({
      standardizationLevel: 2,
      standardizationValidUntil: '2028-07-01',
      status: 'open',
      revision: '1',
      position: graded.position.toString(),
    });
  });

  it('ResponsibilitySystemEstablished sets when the responsibility system was established', async () => {
    const uscc = await registered();
    const established = await s.establishResponsibilitySystem(uscc, '2025-03-01T10:00:00+08:00', 12);
    expect(await profile(uscc)).toMatchObject({
      responsibilitySystemAt: new Date('2025-03-01T02:00:00Z'),
      standardizationLevel: null,
      status: 'open',
      revision: '1',
      position: established.position.toString(),
    });
  });

  it('EnterpriseClosed sets status closed and closed_at', async () => {
    const uscc = await registered();
    await s.gradeStandardization(uscc, 3, '2025-01-10T10:00:00+08:00');
    const closed = await s.closeEnterprise(uscc, '2025-09-30T10:00:00+08:00', '关闭取缔');
    expect(await profile(uscc)).toMatchObject({
      status: 'closed',
      closedAt: new Date('2025-09-30T02:00:00Z'),
      standardizationLevel: 3, // kept: closing does not undo the grade
      revision: '2',
      position: closed.position.toString(),
    });
  });

  it('HazardReported adds the hazard as open under its enterprise, with its grade', async () => {
    const uscc = await registered();
    const { hazardId } = await s.reportHazard({ uscc, grade: 'major', discoveredAt: '2025-03-01T09:00:00+08:00' });
    expect(await hazardFlag(hazardId)).toEqual({ hazardId, uscc, grade: 'major', isOpen: true });
    // A hazard event changes no field of the profile itself.
    expect(await profile(uscc)).toMatchObject({ revision: '0' });
  });

  it('HazardClosed marks the hazard closed', async () => {
    const uscc = await registered();
    const { hazardId } = await s.reportHazard({ uscc, discoveredAt: '2025-03-01T09:00:00+08:00' });
    await s.plan(hazardId, { deadline: '2025-03-31', plannedAt: '2025-03-02T09:00:00+08:00' });
    await s.completeVerifyClose(hazardId, '2025-03-20T09:00:00+08:00');
    expect(await hazardFlag(hazardId)).toEqual({ hazardId, uscc, grade: 'general', isOpen: false });
  });

  it('HazardReopened marks the hazard open again (反销号)', async () => {
    const uscc = await registered();
    const { hazardId } = await s.reportHazard({ uscc, discoveredAt: '2025-03-01T09:00:00+08:00' });
    await s.plan(hazardId, { deadline: '2025-03-31', plannedAt: '2025-03-02T09:00:00+08:00' });
    await s.completeVerifyClose(hazardId, '2025-03-20T09:00:00+08:00');
    await runner.catchUp();
    await s.reopen(hazardId, '2025-04-10T09:00:00+08:00', '2025-05-31');
    expect(await hazardFlag(hazardId)).toEqual({ hazardId, uscc, grade: 'general', isOpen: true });
  });
});
