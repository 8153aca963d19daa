/**
 * Training (培训) and special-operations certificates (特种作业操作证) over real HTTP (embedded PGlite;
 * PostgreSQL too when TEST_DATABASE_URL is set): the commands, their refusals, and the training
 * figures computed by hand below, including the boundaries — a rate of exactly 1 and one below it,
 * an empty denominator (null), a training at 2024-12-31T20:00Z counting in 2025 (CST), an expired and
 * a revoked certificate no longer counting.
 */
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

// District A 500103 渝中区: E1 危化 (key, high-risk), E2 商贸 (key, not high-risk), E3 其他 (not key).
// District B 500104 大渡口区: E4 燃气, E5 建设施工, E6 道路运输 (all key and high-risk).
// District C 500106 沙坪坝区: no enterprise; party/government leaders and an enforcement officer.
const A = '500103';
const B = '500104';
const C = '500106';
const E1 = testUscc('91500103MA60T0001');
const E2 = testUscc('91500103MA60T0002');
const E3 = testUscc('91500103MA60T0003');
const E4 = testUscc('91500104MA60T0004');
const E5 = testUscc('91500104MA60T0005');
const E6 = testUscc('91500104MA60T0006');
const ENTERPRISES: [string, string, string][] = [
  [E1, A, 'hazardous_chemicals'],
  [E2, A, 'commerce_trade'],
  [E3, A, 'other'],
  [E4, B, 'gas'],
  [E5, B, 'construction'],
  [E6, B, 'road_transport'],
];

describe.each(modes)('training and certificates over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let last = '0';
  let revokedCertificate = '';

  const post = async (path: string, body: unknown, expected = 201) => {
    const res = await http(url, 'POST', path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: expected });
    if (res.status === 201) last = res.body.position;
    return res;
  };
  const training = (audience: string, personRef: string, enterpriseUscc: string | null, districtCode: string, completedAt: string, passed: boolean, sector?: string) =>
    post('/api/v1/trainings', {
      audience,
      personRef,
      districtCode,
      ...(enterpriseUscc === null ? {} : { enterpriseUscc }),
      ...(sector === undefined ? {} : { sector }),
      topic: '安全生产培训',
      completedAt,
      passed,
    });
  const figures = async (groupBy: string, year: number) => {
    const res = await http(url, 'GET', `/api/v1/statistics/training?groupBy=${groupBy}&year=${year}&minPosition=${last}`);
    expect(res.status).toBe(200);
    return res.body as { position: string; groupBy: string; year: number; rows: Record<string, unknown>[] };
  };
  const row = (rows: Record<string, unknown>[], key: string) => rows.find((r) => r['key'] === key)!;

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    for (const [uscc, districtCode, sector] of ENTERPRISES) {
      await post('/api/v1/enterprises', {
        uscc, name: `测试企业${uscc.slice(-4)}`, districtCode, sector, industryCode: 'C', registeredAt: '2024-06-01T09:00:00+08:00',
      });
    }
    // Principals (2025): E1 at 2024-12-31T20:00Z = 2025-01-01 04:00 CST, E2, E4, E5 passed; E6 failed.
    await training('principal', 'principal-e1', E1, A, '2024-12-31T20:00:00Z', true);
    await training('principal', 'principal-e2', E2, A, '2025-05-01T09:00:00+08:00', true);
    await training('principal', 'principal-e4', E4, B, '2025-05-02T09:00:00+08:00', true);
    await training('principal', 'principal-e5', E5, B, '2025-05-03T09:00:00+08:00', true);
    await training('principal', 'principal-e6', E6, B, '2025-05-04T09:00:00+08:00', false);
    // Special operators of E1: so-0002 trained in 2024 too; so-0001 passed, so-0002 failed, so-0003 passed in 2025.
    await training('special_operations', 'so-person-0002', E1, A, '2024-04-01T09:00:00+08:00', true);
    await training('special_operations', 'so-person-0001', E1, A, '2025-03-01T09:00:00+08:00', true);
    await training('special_operations', 'so-person-0002', E1, A, '2025-03-02T09:00:00+08:00', false);
    await training('special_operations', 'so-person-0003', E1, A, '2025-03-03T09:00:00+08:00', true);
    // Certificates: so-0001 valid six years; so-0002 issued 2024, revoked 2025-06-01; so-0003 valid only to 2025-12-30.
    await post('/api/v1/certificates', { personRef: 'so-person-0001', enterpriseUscc: E1, operationType: '危险化学品安全作业/氯化工艺作业', issuedAt: '2025-03-10T10:00:00+08:00' });
    const revoked = await post('/api/v1/certificates', { personRef: 'so-person-0002', enterpriseUscc: E1, operationType: '电工作业/低压电工作业', issuedAt: '2024-05-01T10:00:00+08:00' });
    revokedCertificate = revoked.body.certificateId;
    await post(`/api/v1/certificates/${revokedCertificate}/revocation`, { revokedAt: '2025-06-01T09:00:00+08:00', reason: '违章作业被吊销' });
    await post('/api/v1/certificates', { personRef: 'so-person-0003', enterpriseUscc: E1, operationType: '焊接与热切割作业', issuedAt: '2025-03-12T10:00:00+08:00', validUntil: '2025-12-30' });
    // District C: leaders L1 (twice), L2 passed, L3 failed; one enforcement officer (sector 燃气) passed.
    await training('party_government_leader', 'leader-0001', null, C, '2025-04-01T09:00:00+08:00', true);
    await training('party_government_leader', 'leader-0001', null, C, '2025-09-01T09:00:00+08:00', true);
    await training('party_government_leader', 'leader-0002', null, C, '2025-04-01T09:00:00+08:00', true);
    await training('party_government_leader', 'leader-0003', null, C, '2025-04-01T09:00:00+08:00', false);
    await training('enforcement_officer', 'officer-0001', null, C, '2025-04-02T09:00:00+08:00', true, 'gas');
  });
  afterAll(async () => running?.done());

  it('answers 201 with the stream, the training id and the certificate id', async () => {
    const t = await training('worker', 'worker-000001', E3, A, '2023-06-01T09:00:00+08:00', true);
    expect(t.body).toMatchObject({ streamId: `training-${E3}-2023`, streamRevision: '0', trainingId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const leader = await training('party_government_leader', 'leader-0009', null, C, '2023-06-01T09:00:00+08:00', true);
    expect(leader.body.streamId).toBe(`training-${C}-2023`);
    expect(revokedCertificate).toMatch(new RegExp(`^${E1}-2024-[0-9a-f-]{36}$`));
    const history = await http(url, 'GET', `/api/v1/audit/streams/training-${E1}-2024`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['TrainingRecorded', 'CertificateIssued', 'CertificateRevoked']);
    expect(history.body.events[1].data.validUntil).toBe('2030-05-01');
  });

  it('refuses bad input with 400, broken rules with 422, unknown certificates with 404', async () => {
    const base = { audience: 'worker', personRef: 'worker-000002', districtCode: A, enterpriseUscc: E1, topic: '岗前培训', completedAt: '2025-02-01T09:00:00+08:00', passed: true };
    for (const personRef of ['张三', 'zhang san', 'short']) {
      const res = await post('/api/v1/trainings', { ...base, personRef }, 400);
      expect(res.body.error).toBe('validation');
      expect(res.body.details[0].path).toBe('personRef');
    }
    await post('/api/v1/trainings', { ...base, passed: 'yes' }, 400);
    await post('/api/v1/trainings', { ...base, completedAt: '2025-02-01 09:00' }, 400);
    await post('/api/v1/trainings', { ...base, extra: 1 }, 400);
    await post('/api/v1/trainings', { ...base, audience: 'visitor' }, 400);
    await post('/api/v1/certificates', { personRef: '李四李四李四李四', enterpriseUscc: E1, operationType: '电工作业', issuedAt: '2025-03-10T10:00:00+08:00' }, 400);
    const refusals: [unknown, string][] = [
      [{ ...base, enterpriseUscc: undefined }, 'enterprise_required'],
      [{ ...base, audience: 'enforcement_officer', enterpriseUscc: undefined, districtCode: '999999' }, 'unknown_district'],
      [{ ...base, sector: 'spaceflight' }, 'unknown_sector'],
      [{ ...base, enterpriseUscc: testUscc('91500103MA60T0099') }, 'enterprise_not_found'],
      [{ ...base, districtCode: B }, 'enterprise_district_mismatch'],
      [{ ...base, completedAt: '2099-01-01T09:00:00+08:00' }, 'occurred_in_future'],
    ];
    for (const [body, code] of refusals) expect((await post('/api/v1/trainings', body, 422)).body.error).toBe(code);
    expect((await post(`/api/v1/certificates/${revokedCertificate}/revocation`, { revokedAt: '2025-07-01T09:00:00+08:00', reason: '再次吊销' }, 422)).body.error).toBe(
      'certificate_revoked',
    );
    await post('/api/v1/certificates/nope/revocation', { revokedAt: '2025-07-01T09:00:00+08:00', reason: '吊销' }, 404);
    await post(`/api/v1/certificates/${E1}-2025-0195a0c0-0000-7000-8000-0000000000ff/revocation`, { revokedAt: '2025-07-01T09:00:00+08:00', reason: '吊销' }, 404);
    const early = await post('/api/v1/certificates', { personRef: 'so-person-0001', enterpriseUscc: E1, operationType: '电工作业', issuedAt: '2025-03-10T10:00:00+08:00', validUntil: '2025-03-09' }, 422);
    expect(early.body.error).toBe('validity_before_issue');
  });

  it('computes the 2025 figures per district, as counted by hand', async () => {
    const body = await figures('district', 2025);
    expect(body.groupBy).toBe('district');
    expect(body.year).toBe(2025);
    expect(body.position).toMatch(/^\d+$/);
    expect(body.rows).toHaveLength(42); // 2025: the plan's 41 units + 500157 (in force from 2025-11-06)
    expect(body.rows.map((r) => r['key'])).toEqual([...body.rows.map((r) => r['key'] as string)].sort());
    // A: key-sector enterprises E1, E2 (E3 is 其他) → 2; both principals passed in 2025 (E1's at 2024-12-31T20:00Z
    // is 2025-01-01 CST) → coverage exactly 1. Special operators so-0001/0002/0003 → 3; valid at 2025-12-31: so-0001 only
    // (so-0002 revoked 2025-06-01, so-0003 expired 2025-12-30) → 1/3. High-risk (危化, E1): principal-e1, so-0001,
    // so-0002 (failed), so-0003 → 4 persons, 3 passed → 0.75.
    expect(row(body.rows, A)).toMatchObject({
      principalsInKeySectors: 2, principalsTrained: 2, principalCoverage: 1,
      specialOperationsTrainees: 3, specialOperationsCertified: 1, certificationRate: 1 / 3,
      highRiskTrainees: 4, highRiskPassed: 3, highRiskPassRate: 0.75,
      partyGovernmentLeadersTrained: 0, partyGovernmentLeadersCoverage: null, enforcementOfficersTrained: 0, enforcementOfficersCoverage: null,
    });
    // B: E4, E5 passed, E6 failed → 2/3 (just below 1); high-risk persons the same three → 2/3; no special operators → null.
    expect(row(body.rows, B)).toMatchObject({
      principalsInKeySectors: 3, principalsTrained: 2, principalCoverage: 2 / 3,
      specialOperationsTrainees: 0, specialOperationsCertified: 0, certificationRate: null,
      highRiskTrainees: 3, highRiskPassed: 2, highRiskPassRate: 2 / 3,
    });
    // C: no enterprise → empty denominator, null; leaders 0001 (twice) and 0002 passed → 2 (0003 failed); one officer,
    // whose training in 燃气 (high-risk) makes 1/1.
    expect(row(body.rows, C)).toMatchObject({
      principalsInKeySectors: 0, principalsTrained: 0, principalCoverage: null,
      specialOperationsTrainees: 0, certificationRate: null,
      highRiskTrainees: 1, highRiskPassed: 1, highRiskPassRate: 1,
      partyGovernmentLeadersTrained: 2, partyGovernmentLeadersCoverage: null,
      enforcementOfficersTrained: 1, enforcementOfficersCoverage: null,
    });
    expect(String(row(body.rows, C)['note'])).toContain('no roster');
    // A district with nothing: zeros and nulls.
    expect(row(body.rows, '500101')).toMatchObject({ principalsInKeySectors: 0, principalCoverage: null, certificationRate: null, highRiskPassRate: null, partyGovernmentLeadersTrained: 0 });
  });

  it('computes the 2024 figures: the 2024-12-31T20:00Z training is not in 2024, the certificate revoked in 2025 still counts', async () => {
    const body = await figures('district', 2024);
    // A at cut 2024-12-31: E1, E2 open → 2; no principal training dated 2024 (CST) → 0, coverage 0.
    // so-0002 trained 2024-04-01, certificate issued 2024-05-01, revoked only 2025-06-01 → 1/1.
    expect(row(body.rows, A)).toMatchObject({
      principalsInKeySectors: 2, principalsTrained: 0, principalCoverage: 0,
      specialOperationsTrainees: 1, specialOperationsCertified: 1, certificationRate: 1,
      highRiskTrainees: 1, highRiskPassed: 1, highRiskPassRate: 1,
    });
  });

  it('computes the 2025 figures per sector', async () => {
    const body = await figures('sector', 2025);
    expect(body.rows.map((r) => r['key'])).toEqual([...body.rows.map((r) => r['key'] as string)].sort());
    expect(row(body.rows, 'hazardous_chemicals')).toMatchObject({
      principalsInKeySectors: 1, principalsTrained: 1, principalCoverage: 1,
      specialOperationsTrainees: 3, specialOperationsCertified: 1, highRiskTrainees: 4, highRiskPassed: 3,
    });
    // 商贸 is a key sector but not high-risk: its principal counts, its trainings make no high-risk figure.
    expect(row(body.rows, 'commerce_trade')).toMatchObject({ principalsInKeySectors: 1, principalsTrained: 1, highRiskTrainees: 0, highRiskPassRate: null });
    expect(row(body.rows, 'road_transport')).toMatchObject({ principalsInKeySectors: 1, principalsTrained: 0, principalCoverage: 0, highRiskTrainees: 1, highRiskPassed: 0, highRiskPassRate: 0 });
    // 燃气: E4's principal and the enforcement officer → 2 high-risk persons, both passed.
    expect(row(body.rows, 'gas')).toMatchObject({ principalCoverage: 1, highRiskTrainees: 2, highRiskPassed: 2, enforcementOfficersTrained: 1 });
    // 其他 is not a key sector: E3 is not in any denominator.
    expect(row(body.rows, 'other')).toMatchObject({ principalsInKeySectors: 0, principalCoverage: null });
    // Leaders' trainings carry no sector and so count in no sector row.
    expect(body.rows.reduce((sum, r) => sum + Number(r['partyGovernmentLeadersTrained']), 0)).toBe(0);
  });

  it('refuses malformed statistics queries with 400', async () => {
    for (const q of ['groupBy=city&year=2025', 'groupBy=district&year=25', 'groupBy=district', 'groupBy=district&year=2025&grade=major', 'groupBy=district&year=2025&year=2024']) {
      expect((await http(url, 'GET', `/api/v1/statistics/training?${q}`)).status).toBe(400);
    }
  });
});
