/**
 * The training figures' projector, one test per event type it handles (STYLE 7), on PGlite and
 * PostgreSQL: each row with its CST date; a replay of the same events changes nothing.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { TrainingFigureCertificate, TrainingFigureEnterprise, TrainingFigureTraining } from './training-figures.entities.js';
import { TrainingFiguresProjection } from './training-figures.projection.js';
import { TrainingScenario } from './training-scenario.js';

const USCC = testUscc('500103', 21);

describe('TrainingFiguresProjection (declaration)', () => {
  it('reads the training events and the enterprise register', () => {
    expect([...new TrainingFiguresProjection().eventTypes].sort()).toEqual(
      ['CertificateIssued', 'CertificateRevoked', 'EnterpriseClosed', 'EnterpriseRegistered', 'TrainingRecorded'].sort(),
    );
  });
});

describe.each(testBackends())('TrainingFiguresProjection ($name)', ({ open }) => {
  let t: TestStore;
  let hazards: HazardScenario;
  let s: TrainingScenario;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    hazards = new HazardScenario(t.store);
    s = new TrainingScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new TrainingFiguresProjection()], new RecordingLogger());
    // 2024-01-31T16:30Z is 2024-02-01 00:30 CST.
    await hazards.registerEnterprise({ uscc: USCC, districtCode: '500103', sector: 'hazardous_chemicals', registeredAt: '2024-01-31T16:30:00Z' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const caughtUp = async () => {
    await runner.catchUp();
    return t.dataSource;
  };

  it('EnterpriseRegistered records district, sector and the CST registration date', async () => {
    const ds = await caughtUp();
    expect(await ds.getRepository(TrainingFigureEnterprise).findOneBy({ uscc: USCC })).toEqual({
      uscc: USCC, districtCode: '500103', sector: 'hazardous_chemicals', registeredDate: '2024-02-01', closedDate: null,
    });
  });

  it('TrainingRecorded records audience, person, organisation, the CST completion date and the result', async () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST (DOMAIN.md §3).
    const { trainingId } = await s.train({ audience: 'principal', personRef: 'principal-21', districtCode: '500103', enterpriseUscc: USCC, completedAt: '2024-12-31T20:00:00Z', passed: false });
    const { trainingId: leader } = await s.train({ audience: 'party_government_leader', personRef: 'leader-0021', districtCode: '500104', completedAt: '2025-02-01T09:00:00+08:00' });
    const ds = await caughtUp();
    expect(await ds.getRepository(TrainingFigureTraining).findOneBy({ trainingId })).toEqual({
      streamId: `training-${USCC}-2025`, revision: '0', trainingId, audience: 'principal', personRef: 'principal-21', districtCode: '500103',
      sector: 'hazardous_chemicals', enterpriseUscc: USCC, completedDate: '2025-01-01', passed: false,
    });
    expect(await ds.getRepository(TrainingFigureTraining).findOneBy({ trainingId: leader })).toMatchObject({
      streamId: 'training-500104-2025', sector: null, enterpriseUscc: null, audience: 'party_government_leader', passed: true,
    });
  });

  it('CertificateIssued records the person, the organisation, the CST issue date and the validity', async () => {
    const certificateId = await s.issue({ personRef: 'so-person-21', enterpriseUscc: USCC, issuedAt: '2025-03-09T17:00:00Z' });
    const ds = await caughtUp();
    expect(await ds.getRepository(TrainingFigureCertificate).findOneBy({ certificateId })).toEqual({
      certificateId, streamId: `training-${USCC}-2025`, revision: '1', personRef: 'so-person-21', enterpriseUscc: USCC, districtCode: '500103',
      sector: 'hazardous_chemicals', operationType: '电工作业/低压电工作业', issuedDate: '2025-03-10', validUntil: '2031-03-10', revokedDate: null,
    });
  });

  it('CertificateRevoked sets the CST revocation date', async () => {
    const certificateId = await s.issue({ personRef: 'so-person-22', enterpriseUscc: USCC, issuedAt: '2025-04-01T09:00:00+08:00' });
    await s.revoke(certificateId, '2025-05-31T16:00:00Z');
    const ds = await caughtUp();
    expect((await ds.getRepository(TrainingFigureCertificate).findOneBy({ certificateId }))?.revokedDate).toBe('2025-06-01');
  });

  it('EnterpriseClosed sets the CST closing date', async () => {
    const other = testUscc('500103', 22);
    await hazards.registerEnterprise({ uscc: other, districtCode: '500103', sector: 'commerce_trade', registeredAt: '2024-01-01T09:00:00+08:00' });
    await hazards.closeEnterprise(other, '2025-06-30T16:00:00Z', '注销');
    const ds = await caughtUp();
    expect(await ds.getRepository(TrainingFigureEnterprise).findOneBy({ uscc: other })).toMatchObject({ closedDate: '2025-07-01' });
  });

  it('changes nothing when the same events are applied again', async () => {
    const ds = await caughtUp();
    const snapshot = async () => ({
      trainings: await ds.getRepository(TrainingFigureTraining).find({ order: { streamId: 'ASC', revision: 'ASC' } }),
      certificates: await ds.getRepository(TrainingFigureCertificate).find({ order: { certificateId: 'ASC' } }),
      enterprises: await ds.getRepository(TrainingFigureEnterprise).find({ order: { uscc: 'ASC' } }),
    });
    const before = await snapshot();
    const events = await t.store.readAll({ after: 0n });
    await ds.transaction((em) => new TrainingFiguresProjection().apply(events, em));
    expect(await snapshot()).toEqual(before);
  });
});
