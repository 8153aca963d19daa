/**
 * The accident register projector, one test per event type it handles (STYLE 7), and its
 * idempotence: a replay of the same events changes nothing.
 */
import { ProjectionRunner } from '../runner/projection-runner.js';
import { AccidentRegisterProjection } from './accident-register.projection.js';
import { AccidentRegisterRow, AccidentTollRow } from './accident-register.entities.js';
import { AccidentScenario } from '../testing/accident-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';

describe('AccidentRegisterProjection (declaration)', () => {
  it('reads the three accident event types', () => {
    expect([...new AccidentRegisterProjection().eventTypes].sort()).toEqual(['AccidentReported', 'AccidentTollRevised', 'InvestigationConcluded']);
  });
});

describe.each(testBackends())('AccidentRegisterProjection ($name)', ({ open }) => {
  let t: TestStore;
  let s: AccidentScenario;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    t = await open();
    s = new AccidentScenario(t.store);
    runner = new ProjectionRunner(t.store, t.dataSource, [new AccidentRegisterProjection()], new RecordingLogger());
  });
  afterAll(async () => {
    await t?.close();
  });

  const register = async (accidentId: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(AccidentRegisterRow).findOneByOrFail({ accidentId });
  };
  const tolls = async (accidentId: string) => {
    await runner.catchUp();
    return t.dataSource.getRepository(AccidentTollRow).find({ where: { accidentId }, order: { revision: 'ASC' } });
  };

  it('AccidentReported registers the accident with its derived grade, CST date and first toll', async () => {
    // 2024-12-31T20:00Z is 2025-01-01 04:00 CST; 3 deaths → larger; 1亿元 = 10,000,000,000 fen fits a bigint.
    const { accidentId } = await s.report({ districtCode: '500102', sector: 'commerce_trade', occurredAt: '2024-12-31T20:00:00Z', deaths: 3, seriousInjuries: 1, directLossFen: 10_000_000_000 });
    const row = await register(accidentId);
    expect(row).toMatchObject({
      accidentId, districtCode: '500102', sector: 'commerce_trade', enterpriseUscc: null, occurredDate: '2025-01-01',
      deaths: '3', seriousInjuries: '1', directLossFen: '10000000000', grade: 'especially_major', status: 'reported', investigation: null, revision: '0',
    });
    expect(row.occurredAt.toISOString()).toBe('2024-12-31T20:00:00.000Z');
    expect(await tolls(accidentId)).toEqual([
      { accidentId, revision: '0', effectiveDate: '2025-01-01', deaths: '3', seriousInjuries: '1', directLossFen: '10000000000', grade: 'especially_major' },
    ]);
  });

  it('AccidentTollRevised updates the toll and grade and adds a toll effective from the CST date of revision', async () => {
    const { accidentId } = await s.report({ occurredAt: '2025-03-01T10:00:00+08:00', deaths: 2 });
    // revisedAt 2025-03-04T16:30Z = 2025-03-05 00:30 CST
    await s.revise(accidentId, { deaths: 3, revisedAt: '2025-03-04T16:30:00Z' });
    const row = await register(accidentId);
    expect(row).toMatchObject({ deaths: '3', grade: 'larger', revision: '1' });
    expect(row.tollHistory).toEqual([
      { revision: '0', deaths: 2, seriousInjuries: 0, directLossFen: 0, grade: 'general', at: '2025-03-01T10:00:00+08:00', reason: null },
      { revision: '1', deaths: 3, seriousInjuries: 0, directLossFen: 0, grade: 'larger', at: '2025-03-04T16:30:00Z', reason: '核实更正' },
    ]);
    expect((await tolls(accidentId)).map((x) => [x.revision, x.effectiveDate, x.deaths, x.grade])).toEqual([
      ['0', '2025-03-01', '2', 'general'],
      ['1', '2025-03-05', '3', 'larger'],
    ]);
  });

  it('InvestigationConcluded marks the accident concluded with the investigation', async () => {
    const { accidentId } = await s.report({ occurredAt: '2025-04-01T10:00:00+08:00', seriousInjuries: 10 });
    await s.conclude(accidentId, '2025-05-01T10:00:00+08:00');
    const row = await register(accidentId);
    expect(row).toMatchObject({ status: 'concluded', grade: 'larger', revision: '1' });
    expect(row.investigation).toEqual({
      concludedAt: '2025-05-01T10:00:00+08:00', causes: '违章作业', hazardsFound: [], enterpriseAccountability: '企业负责人罚款', regulatorAccountability: '监管人员诫勉',
    });
    expect(await tolls(accidentId)).toHaveLength(1);
  });

  it('changes nothing when the same events are applied again (idempotent replay)', async () => {
    const { accidentId } = await s.report({ occurredAt: '2025-06-01T10:00:00+08:00', deaths: 1 });
    await s.revise(accidentId, { deaths: 10, revisedAt: '2025-06-02T10:00:00+08:00' });
    const before = await register(accidentId);
    const beforeTolls = await tolls(accidentId);
    const events = await t.store.readStream(`accident-${accidentId}`);
    await t.dataSource.transaction((em) => new AccidentRegisterProjection().apply(events, em));
    expect(await register(accidentId)).toEqual(before);
    expect(await tolls(accidentId)).toEqual(beforeTolls);
  });
});
