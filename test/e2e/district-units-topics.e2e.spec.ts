/**
 * The district remap on every statistics topic over real HTTP (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set). 江北区 500105 is retired after 2025-11-05; 两江新区 500157 is in force
 * from 2025-11-06. Every fact below is recorded under 500105 (or under an enterprise registered in
 * 500105 on 2020-01-01). A dated fact counts under the unit in force on its own CST date; standing
 * stock (open hazards, pending reports, registered enterprises) under the unit in force at the cut
 * (2025-12-31 for 2025, 2024-12-31 for 2024); with units=current everything counts under 500157.
 * Expected figures are counted by hand from the facts posted here (the only facts of the suite).
 */
import { randomUUID } from 'node:crypto';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('the district remap on every topic over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let last = '0';
  const OLD = '500105'; // 江北区, valid to 2025-11-05
  const NEW = '500157'; // 两江新区, valid from 2025-11-06
  const E1 = testUscc('91500105MA60B0001'); // 危险化学品 (high-risk, key sector), registered 2020-01-01 in 500105
  const H1 = randomUUID();
  const H2 = randomUUID();
  const ON_LAST_DAY = '2025-11-05T10:00:00+08:00'; // 2025-11-05 CST: 500105 in force
  const ON_FIRST_DAY = '2025-11-06T10:00:00+08:00'; // 2025-11-06 CST: 500157 in force

  const post = async (path: string, body: unknown) => {
    const res = await http(url, 'POST', path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: 201 });
    last = res.body.position;
    return res;
  };
  type Row = Record<string, unknown> & { key: string };
  const figures = async (topic: string, query: string) => {
    const res = await http(url, 'GET', `/api/v1/statistics/${topic}?groupBy=district&${query}&minPosition=${last}`);
    expect({ topic, status: res.status }).toEqual({ topic, status: 200 });
    const rows = res.body.rows as Row[];
    return { body: res.body, rows, row: (key: string) => rows.find((r) => r.key === key) };
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    await post('/api/v1/enterprises', { uscc: E1, name: '江北区测试化工有限公司', districtCode: OLD, sector: 'hazardous_chemicals', industryCode: 'C2614', registeredAt: '2020-01-01T09:00:00+08:00' });
  });
  afterAll(async () => running?.done());

  it('hazards: reported by discovery date, closed by closure date, open at the cut, escalations by their date', async () => {
    const hazard = (hazardId: string, discoveredAt: string) =>
      post('/api/v1/hazards', { hazardId, enterpriseUscc: E1, grade: 'general', channel: 'self_inspection', title: '储罐区报警失效', description: '可燃气体报警装置未投用', discoveredAt });
    await hazard(H1, ON_LAST_DAY);
    await post(`/api/v1/hazards/${H1}/escalations`, { measure: 'notice_letter', decidedAt: '2025-11-05T11:00:00+08:00' });
    await post(`/api/v1/hazards/${H1}/rectification-plan`, {
      measures: [{ description: '更换报警装置', deadline: '2025-11-20' }], responsiblePerson: { name: '张三', phone: '023-00000000' },
      deadline: '2025-11-30', fundsFen: 100_000, emergencyPlan: '泄漏应急处置方案', plannedAt: '2025-11-05T12:00:00+08:00',
    });
    await post(`/api/v1/hazards/${H1}/rectification-completion`, { completedAt: '2025-11-06T09:00:00+08:00', evidence: '验收照片' });
    await post(`/api/v1/hazards/${H1}/verification`, { verdict: 'passed', verifiedAt: '2025-11-06T10:00:00+08:00' });
    await post(`/api/v1/hazards/${H1}/closure`, { closedAt: '2025-11-06T11:00:00+08:00' });
    await hazard(H2, ON_FIRST_DAY);
    await post(`/api/v1/hazards/${H2}/escalations`, { measure: 'notice_letter', decidedAt: '2025-11-06T12:00:00+08:00' });

    const y2025 = await figures('hazards', 'year=2025');
    expect(y2025.rows).toHaveLength(42);
    // H1 discovered and escalated on 11-05 → 500105; closed on 11-06 → 500157; H2 discovered 11-06 and open at the cut → 500157.
    expect(y2025.row(OLD)).toMatchObject({ reported: 1, closed: 0, open: 0, closureRate: null, escalationsByMeasure: { notice_letter: 1 } });
    expect(y2025.row(NEW)).toMatchObject({ reported: 1, closed: 1, open: 1, closureRate: 0.5, escalationsByMeasure: { notice_letter: 1 } });
    const y2026 = await figures('hazards', 'year=2026');
    expect(y2026.row(NEW)).toMatchObject({ reported: 0, closed: 0, open: 1 });
    const current = await figures('hazards', 'year=2025&units=current');
    expect(current.rows).toHaveLength(39);
    expect(current.row(OLD)).toBeUndefined();
    expect(current.row(NEW)).toMatchObject({ reported: 2, closed: 1, open: 1, escalationsByMeasure: { notice_letter: 2 } });
  });

  it('accidents: by occurred date, the previous year\'s deaths too', async () => {
    const accident = (occurredAt: string, deaths: number) =>
      post('/api/v1/accidents', { summary: '测试事故', districtCode: OLD, sector: 'hazardous_chemicals', occurredAt, deaths, seriousInjuries: 0, directLossFen: 0 });
    await accident(ON_LAST_DAY, 1);
    await accident(ON_FIRST_DAY, 2);
    await accident('2026-03-01T10:00:00+08:00', 4);
    const y2025 = await figures('accidents', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ accidents: 1, deaths: 1 });
    expect(y2025.row(NEW)).toMatchObject({ accidents: 1, deaths: 2 });
    // 2026 under 500157: 4 deaths; 2025's deaths under 500157 are only those of 11-06 (2).
    const y2026 = await figures('accidents', 'year=2026');
    expect(y2026.row(NEW)).toMatchObject({ accidents: 1, deaths: 4, deathsPreviousYear: 2, deathsChangeOnYear: 2, deathsChangeOnYearRate: 1 });
    expect((await figures('accidents', 'year=2025&units=current')).row(NEW)).toMatchObject({ accidents: 2, deaths: 3 });
    expect((await figures('accidents', 'year=2026&units=current')).row(NEW)).toMatchObject({ deaths: 4, deathsPreviousYear: 3, deathsChangeOnYear: 1 });
  });

  it('drills: drills by held date (CST), enterprises at the cut', async () => {
    await post('/api/v1/drills', { enterpriseUscc: E1, kind: 'evacuation', heldAt: '2025-11-05T23:30:00+08:00', participants: 10 });
    await post('/api/v1/drills', { enterpriseUscc: E1, kind: 'evacuation', heldAt: '2025-11-05T16:30:00Z', participants: 20 }); // 2025-11-06 00:30 CST
    const y2025 = await figures('drills', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ drills: 1, participants: 10, enterprises: 0 });
    expect(y2025.row(NEW)).toMatchObject({ drills: 1, participants: 20, enterprises: 1 });
    expect((await figures('drills', 'year=2024')).row(OLD)).toMatchObject({ drills: 0, enterprises: 1 });
    expect((await figures('drills', 'year=2025&units=current')).row(NEW)).toMatchObject({ drills: 2, participants: 30, enterprises: 1 });
  });

  it('training: trainings by completion date, principals of key-sector enterprises at the cut', async () => {
    const training = (audience: string, personRef: string, completedAt: string, extra: Record<string, unknown> = {}) =>
      post('/api/v1/trainings', { audience, personRef, districtCode: OLD, topic: '安全生产培训', completedAt, passed: true, ...extra });
    await training('enforcement_officer', 'officer-1', ON_LAST_DAY);
    await training('enforcement_officer', 'officer-2', ON_FIRST_DAY);
    await training('principal', 'principal-e1', ON_LAST_DAY, { enterpriseUscc: E1 });
    const y2025 = await figures('training', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ enforcementOfficersTrained: 1, principalsInKeySectors: 0, principalsTrained: 0 });
    expect(y2025.row(NEW)).toMatchObject({ enforcementOfficersTrained: 1, principalsInKeySectors: 1, principalsTrained: 1, principalCoverage: 1 });
    expect((await figures('training', 'year=2025&units=current')).row(NEW)).toMatchObject({ enforcementOfficersTrained: 2, principalsInKeySectors: 1 });
  });

  it('standardization: every figure is stock at the cut', async () => {
    await post(`/api/v1/enterprises/${E1}/responsibility-system`, { establishedAt: ON_LAST_DAY, postsCovered: 12 });
    const y2025 = await figures('standardization', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ enterprises: 0, responsibilitySystemEstablished: 0 });
    expect(y2025.row(NEW)).toMatchObject({ enterprises: 1, responsibilitySystemEstablished: 1, responsibilitySystemRate: 1 });
    expect((await figures('standardization', 'year=2024')).row(OLD)).toMatchObject({ enterprises: 1, responsibilitySystemEstablished: 0 });
    expect((await figures('standardization', 'year=2025&units=current')).row(NEW)).toMatchObject({ enterprises: 1, responsibilitySystemEstablished: 1 });
  });

  it('enforcement: inspections by inspected date, actions by decision date', async () => {
    const inspect = (inspectedAt: string) =>
      post('/api/v1/supervisory-inspections', { districtCode: OLD, enterpriseUscc: E1, method: 'double_random', inspectedAt, hazardsFound: [], findings: '现场检查' });
    const fine = (decidedAt: string, amountFen: number) =>
      post('/api/v1/enforcement-actions', { districtCode: OLD, enterpriseUscc: E1, kind: 'fine', amountFen, decidedAt, documentNumber: '渝应急罚〔2025〕9号' });
    await inspect(ON_LAST_DAY);
    await inspect(ON_FIRST_DAY);
    await fine(ON_LAST_DAY, 100);
    await fine(ON_FIRST_DAY, 200);
    const y2025 = await figures('enforcement', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ inspections: 1, actions: 1, penaltyAmountFen: 100, zeroPenalty: false });
    expect(y2025.row(NEW)).toMatchObject({ inspections: 1, actions: 1, penaltyAmountFen: 200, zeroPenalty: false });
    expect((await figures('enforcement', 'year=2025&units=current')).row(NEW)).toMatchObject({ inspections: 2, actions: 2, penaltyAmountFen: 300 });
  });

  it('inspections: records by inspected date, enterprises at the cut', async () => {
    const inspect = (inspectedAt: string) =>
      post('/api/v1/self-inspections', { enterpriseUscc: E1, level: 'team_daily', inspectedAt, hazardIds: [], findings: '班组日检' });
    await inspect(ON_LAST_DAY);
    await inspect(ON_FIRST_DAY);
    const y2025 = await figures('inspections', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ teamDailyRecords: 1, enterprises: 0 });
    expect(y2025.row(NEW)).toMatchObject({ teamDailyRecords: 1, enterprises: 1 });
    expect((await figures('inspections', 'year=2024')).row(OLD)).toMatchObject({ teamDailyRecords: 0, enterprises: 1 });
    expect((await figures('inspections', 'year=2025&units=current')).row(NEW)).toMatchObject({ teamDailyRecords: 2, enterprises: 1 });
  });

  it('engineering: checks by check date, progress by completion date; city totals unchanged', async () => {
    const check = (checkedAt: string, elevators: number) =>
      post('/api/v1/elevator-spot-checks', { districtCode: OLD, elevators, items: ['door_lock', 'emergency_alarm', 'intercom'], defectsFound: 0, checkedAt });
    const hydrants = (completedAt: string, quantity: number) =>
      post('/api/v1/engineering-progress', { districtCode: OLD, project: 'hydrant', quantity, areaSquareMetres: null, completedAt });
    await check(ON_LAST_DAY, 10);
    await check(ON_FIRST_DAY, 20);
    await hydrants(ON_LAST_DAY, 3);
    await hydrants(ON_FIRST_DAY, 4);
    const y2025 = await figures('engineering', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ elevatorsChecked: 10, hydrantsBuilt: 3 });
    expect(y2025.row(NEW)).toMatchObject({ elevatorsChecked: 20, hydrantsBuilt: 4 });
    expect(y2025.body.cityTotals.elevatorsChecked.value).toBe(30);
    const current = await figures('engineering', 'year=2025&units=current');
    expect(current.row(NEW)).toMatchObject({ elevatorsChecked: 30, hydrantsBuilt: 7 });
    expect(current.body.cityTotals.elevatorsChecked.value).toBe(30);
  });

  it('reports: received by received date, pending at the cut', async () => {
    const report = (receivedAt: string) =>
      post('/api/v1/reports', { districtCode: OLD, sector: 'hazardous_chemicals', channel: 'phone', summary: '仓库违规储存危险化学品', receivedAt });
    await report(ON_LAST_DAY);
    await report(ON_FIRST_DAY);
    const y2025 = await figures('reports', 'year=2025');
    expect(y2025.row(OLD)).toMatchObject({ received: 1, pendingVerification: 0 });
    expect(y2025.row(NEW)).toMatchObject({ received: 1, pendingVerification: 2 });
    expect((await figures('reports', 'year=2025&units=current')).row(NEW)).toMatchObject({ received: 2, pendingVerification: 2 });
  });
});
