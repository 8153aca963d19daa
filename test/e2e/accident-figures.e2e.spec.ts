/**
 * Accidents over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): the derived grade at and just below every bound of 国务院令第493号,
 * a toll revision that re-grades, the investigation conclusion (一案双查) after which nothing is
 * recorded, refusals (400 / 404 / 409 / 422), and the yearly figures computed by hand below —
 * counted by CST date (2024-12-31T20:00Z is 2025), with the toll as revised, change on the year.
 */
import { randomUUID } from 'node:crypto';
import { http } from '../support/app-harness.js';
import { appBackends, testUscc, type StartedApp } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('accidents over HTTP (%s)', (_mode, start) => {
  let running: StartedApp;
  let url: string;
  const ENTERPRISE = testUscc('91500103MA60A0701');

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    const reg = await http(url, 'POST', '/api/v1/enterprises', {
      uscc: ENTERPRISE, name: '重庆示例化工有限公司', districtCode: '500103', sector: 'hazardous_chemicals', industryCode: 'C2614',
      registeredAt: '2023-01-05T09:00:00+08:00',
    });
    expect(reg.status).toBe(201);
  });
  afterAll(async () => running?.done());

  /** Reports an accident and reads it back once the register has caught up. */
  const report = async (body: Record<string, unknown>) => {
    const res = await http(url, 'POST', '/api/v1/accidents', { summary: '测试事故', ...body });
    expect(res.status).toBe(201);
    const state = await http(url, 'GET', `/api/v1/accidents/${res.body.accidentId}?minPosition=${res.body.position}`);
    expect(state.status).toBe(200);
    return { accidentId: res.body.accidentId as string, position: res.body.position as string, state: state.body };
  };

  it('derives the grade at and just below every bound, the highest any criterion reaches', async () => {
    // All in 綦江区 (500110) / fireworks, 2023-06-01: outside the figures asserted below.
    const cases: [number, number, number, string][] = [
      [2, 0, 0, 'general'], [3, 0, 0, 'larger'], [9, 0, 0, 'larger'], [10, 0, 0, 'major'], [29, 0, 0, 'major'], [30, 0, 0, 'especially_major'],
      [0, 9, 0, 'general'], [0, 10, 0, 'larger'], [0, 49, 0, 'larger'], [0, 50, 0, 'major'], [0, 99, 0, 'major'], [0, 100, 0, 'especially_major'],
      // fen: 1000万元 = 1,000,000,000; 5000万元 = 5,000,000,000; 1亿元 = 10,000,000,000
      [0, 0, 999_999_999, 'general'], [0, 0, 1_000_000_000, 'larger'], [0, 0, 4_999_999_999, 'larger'],
      [0, 0, 5_000_000_000, 'major'], [0, 0, 9_999_999_999, 'major'], [0, 0, 10_000_000_000, 'especially_major'],
      [2, 10, 999_999_999, 'larger'], [9, 49, 10_000_000_000, 'especially_major'],
    ];
    for (const [deaths, seriousInjuries, directLossFen, grade] of cases) {
      const { state } = await report({ districtCode: '500110', sector: 'fireworks', occurredAt: '2023-06-01T10:00:00+08:00', deaths, seriousInjuries, directLossFen });
      expect([deaths, seriousInjuries, directLossFen, state.grade]).toEqual([deaths, seriousInjuries, directLossFen, grade]);
      expect(state).toMatchObject({ deaths, seriousInjuries, directLossFen, status: 'reported', districtCode: '500110', sector: 'fireworks', enterpriseUscc: null });
    }
  });

  it('re-grades on a toll revision, concludes the investigation (一案双查), then refuses anything more', async () => {
    // Builds accident C of the figures: 500103 / coal_mine, 2025-03-01, 2 deaths, 999,999,999 fen → general.
    const { accidentId, state } = await report({
      districtCode: '500103', sector: 'coal_mine', enterpriseUscc: ENTERPRISE, occurredAt: '2025-03-01T10:00:00+08:00',
      deaths: 2, seriousInjuries: 0, directLossFen: 999_999_999,
    });
    expect(state).toMatchObject({ grade: 'general', occurredAt: '2025-03-01T10:00:00.000+08:00', enterpriseUscc: ENTERPRISE, streamRevision: '0' });

    // a revision dated before the accident is refused, nothing appended
    const early = await http(url, 'POST', `/api/v1/accidents/${accidentId}/toll-revision`, { deaths: 3, seriousInjuries: 0, directLossFen: 999_999_999, revisedAt: '2025-02-28T10:00:00+08:00', reason: '补报' });
    expect(early.status).toBe(422);
    expect(early.body.error).toBe('chronology');

    // 2 → 3 deaths: general → larger
    const rev = await http(url, 'POST', `/api/v1/accidents/${accidentId}/toll-revision`, { deaths: 3, seriousInjuries: 0, directLossFen: 999_999_999, revisedAt: '2025-03-05T09:00:00+08:00', reason: '一名重伤者抢救无效死亡' }, { 'If-Match': '"0"' });
    expect(rev.status).toBe(201);
    expect(rev.body.streamRevision).toBe('1');
    const revised = await http(url, 'GET', `/api/v1/accidents/${accidentId}?minPosition=${rev.body.position}`);
    expect(revised.body).toMatchObject({ grade: 'larger', deaths: 3, streamRevision: '1' });
    expect(revised.headers.get('etag')).toBe('"1"');
    expect(revised.body.tollHistory.map((t: { grade: string }) => t.grade)).toEqual(['general', 'larger']);

    // a hazard the investigation found
    const hazardId = randomUUID();
    const hz = await http(url, 'POST', '/api/v1/hazards', { hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'accident_investigation', title: '未验收即使用', description: '事故调查发现', discoveredAt: '2025-03-10T09:00:00+08:00' });
    expect(hz.status).toBe(201);

    const conclusion = { concludedAt: '2025-05-20T09:00:00+08:00', causes: '违章作业', enterpriseAccountability: '企业主要负责人罚款', regulatorAccountability: '区监管人员诫勉谈话' };
    const unknownHazard = await http(url, 'POST', `/api/v1/accidents/${accidentId}/investigation-conclusion`, { ...conclusion, hazardsFound: [randomUUID()] });
    expect(unknownHazard.status).toBe(422);
    expect(unknownHazard.body.error).toBe('unknown_hazard');
    const blank = await http(url, 'POST', `/api/v1/accidents/${accidentId}/investigation-conclusion`, { ...conclusion, regulatorAccountability: ' ', hazardsFound: [] });
    expect(blank.status).toBe(422);
    expect(blank.body.error).toBe('accountability_required');

    const done = await http(url, 'POST', `/api/v1/accidents/${accidentId}/investigation-conclusion`, { ...conclusion, hazardsFound: [hazardId] });
    expect(done.status).toBe(201);
    const concluded = await http(url, 'GET', `/api/v1/accidents/${accidentId}?minPosition=${done.body.position}`);
    expect(concluded.body).toMatchObject({ status: 'concluded', grade: 'larger', investigation: { ...conclusion, hazardsFound: [hazardId] } });

    const after = await http(url, 'POST', `/api/v1/accidents/${accidentId}/toll-revision`, { deaths: 4, seriousInjuries: 0, directLossFen: 0, revisedAt: '2025-06-01T09:00:00+08:00', reason: '再次核实' });
    expect(after.status).toBe(422);
    expect(after.body.error).toBe('investigation_concluded');
    const again = await http(url, 'POST', `/api/v1/accidents/${accidentId}/investigation-conclusion`, { ...conclusion, concludedAt: '2025-06-01T09:00:00+08:00', hazardsFound: [] });
    expect(again.status).toBe(422);
    expect(again.body.error).toBe('investigation_concluded');
    const audit = await http(url, 'GET', `/api/v1/audit/streams/accident-${accidentId}`);
    expect(audit.body.events.map((e: { type: string }) => e.type)).toEqual(['AccidentReported', 'AccidentTollRevised', 'InvestigationConcluded']);
  });

  it('answers bad input 400, broken rules 422, unknown ids 404, a second report 409', async () => {
    const good = { districtCode: '500103', sector: 'coal_mine', occurredAt: '2023-01-01T10:00:00+08:00', deaths: 0, seriousInjuries: 0, directLossFen: 0, summary: '测试' };
    for (const bad of [
      { ...good, grade: 'general' }, // the grade is never typed in
      { ...good, deaths: -1 },
      { ...good, seriousInjuries: 1.5 },
      { ...good, directLossFen: '100' }, // no implicit conversion
      { ...good, directLossFen: 2 ** 53 },
      { ...good, occurredAt: '2025-03-01T10:00:00' }, // no offset
      { ...good, accidentId: 'not-a-uuid' },
      { ...good, summary: undefined },
    ]) {
      const res = await http(url, 'POST', '/api/v1/accidents', bad);
      expect([res.status, res.body.error]).toEqual([400, 'validation']);
    }
    const district = await http(url, 'POST', '/api/v1/accidents', { ...good, districtCode: '999999' });
    expect([district.status, district.body.error]).toEqual([422, 'unknown_district']);
    const sector = await http(url, 'POST', '/api/v1/accidents', { ...good, sector: 'space_travel' });
    expect([sector.status, sector.body.error]).toEqual([422, 'unknown_sector']);
    const enterprise = await http(url, 'POST', '/api/v1/accidents', { ...good, enterpriseUscc: testUscc('91500103MA60A0799') });
    expect([enterprise.status, enterprise.body.error]).toEqual([422, 'enterprise_not_found']);
    const future = await http(url, 'POST', '/api/v1/accidents', { ...good, occurredAt: '2099-01-01T10:00:00+08:00' });
    expect([future.status, future.body.error]).toEqual([422, 'occurred_in_future']);

    const accidentId = randomUUID();
    expect((await http(url, 'POST', '/api/v1/accidents', { ...good, accidentId })).status).toBe(201);
    const twice = await http(url, 'POST', '/api/v1/accidents', { ...good, accidentId });
    expect([twice.status, twice.body.error]).toEqual([409, 'accident_exists']);
    const same = await http(url, 'POST', `/api/v1/accidents/${accidentId}/toll-revision`, { deaths: 0, seriousInjuries: 0, directLossFen: 0, revisedAt: '2023-01-02T10:00:00+08:00', reason: '核实' });
    expect([same.status, same.body.error]).toEqual([422, 'toll_unchanged']);

    const unknown = randomUUID();
    const revise = await http(url, 'POST', `/api/v1/accidents/${unknown}/toll-revision`, { deaths: 1, seriousInjuries: 0, directLossFen: 0, revisedAt: '2025-01-01T10:00:00+08:00', reason: 'x' });
    expect([revise.status, revise.body.error]).toEqual([404, 'accident_not_found']);
    expect((await http(url, 'POST', '/api/v1/accidents/not-an-id/toll-revision', { deaths: 1, seriousInjuries: 0, directLossFen: 0, revisedAt: '2025-01-01T10:00:00+08:00', reason: 'x' })).status).toBe(404);
    expect((await http(url, 'GET', `/api/v1/accidents/${unknown}`)).status).toBe(404);
    expect((await http(url, 'GET', '/api/v1/accidents/not-an-id')).status).toBe(404);

    for (const q of ['groupBy=county&year=2025', 'groupBy=district&year=25', 'groupBy=district', 'groupBy=district&year=2025&grade=major', 'groupBy=district&year=2025&year=2024']) {
      const res = await http(url, 'GET', `/api/v1/statistics/accidents?${q}`);
      expect([q, res.status]).toEqual([q, 400]);
    }
  });

  it('retries an Idempotency-Key to the same accident, appending nothing', async () => {
    const key = randomUUID();
    const body = { districtCode: '500110', sector: 'fireworks', occurredAt: '2023-02-01T10:00:00+08:00', deaths: 0, seriousInjuries: 0, directLossFen: 0, summary: '测试' };
    const first = await http(url, 'POST', '/api/v1/accidents', body, { 'Idempotency-Key': key });
    const retry = await http(url, 'POST', '/api/v1/accidents', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  it('computes the yearly figures by district and sector, counted by CST date, with tolls as revised', async () => {
    // The accidents of the figures (accident C, reported and revised above, is one of them):
    //   A 500103 coal_mine 2024-05-01               5 deaths                   → larger  (2024)
    //   B 500103 coal_mine 2024-12-31T20:00Z        2 deaths, 9 injuries       → general (2025-01-01 CST: 2025)
    //   C 500103 coal_mine 2025-03-01               3 deaths (revised from 2), 999,999,999 fen → larger (2025)
    //   D 500104 coal_mine 2025-07-01               10 injuries                → larger  (2025)
    //   E 500103 gas       2025-08-01               10 deaths                  → major   (2025)
    await report({ districtCode: '500103', sector: 'coal_mine', occurredAt: '2024-05-01T10:00:00+08:00', deaths: 5, seriousInjuries: 0, directLossFen: 0 });
    const b = await report({ districtCode: '500103', sector: 'coal_mine', occurredAt: '2024-12-31T20:00:00Z', deaths: 2, seriousInjuries: 9, directLossFen: 0 });
    expect(b.state.occurredAt).toBe('2025-01-01T04:00:00.000+08:00');
    await report({ districtCode: '500104', sector: 'coal_mine', occurredAt: '2025-07-01T10:00:00+08:00', deaths: 0, seriousInjuries: 10, directLossFen: 0 });
    const e = await report({ districtCode: '500103', sector: 'gas', occurredAt: '2025-08-01T10:00:00+08:00', deaths: 10, seriousInjuries: 0, directLossFen: 0 });

    const stats = async (groupBy: string, year: number) => {
      const res = await http(url, 'GET', `/api/v1/statistics/accidents?groupBy=${groupBy}&year=${year}&minPosition=${e.position}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ groupBy, year });
      expect(BigInt(res.body.position)).toBeGreaterThanOrEqual(BigInt(e.position));
      return res.body.rows as Record<string, unknown>[];
    };

    const districts2025 = await stats('district', 2025);
    expect(districts2025).toHaveLength(42);
    expect(districts2025.map((r) => r['key'])).toEqual([...(districts2025.map((r) => r['key']) as string[])].sort());
    // 500103 in 2025: B, C, E → general 1 (B), larger 1 (C, re-graded), major 1 (E); deaths 2 + 3 + 10 = 15;
    // injuries 9; loss 999,999,999 fen. 2024: A → 5 deaths. Change 15 − 5 = 10; rate 10 ÷ 5 = 2.
    expect(districts2025.find((r) => r['key'] === '500103')).toEqual({
      key: '500103', name: '渝中区', accidents: 3, byGrade: { general: 1, larger: 1, major: 1, especially_major: 0 },
      deaths: 15, seriousInjuries: 9, directLossFen: 999_999_999, deathsPreviousYear: 5, deathsChangeOnYear: 10, deathsChangeOnYearRate: 2,
    });
    // 500104 in 2025: D → larger, 0 deaths, 10 injuries; 2024 had no deaths: rate null.
    expect(districts2025.find((r) => r['key'] === '500104')).toMatchObject({
      accidents: 1, byGrade: { general: 0, larger: 1, major: 0, especially_major: 0 }, deaths: 0, seriousInjuries: 10, deathsChangeOnYear: 0, deathsChangeOnYearRate: null,
    });
    // a district with nothing: zeros
    expect(districts2025.find((r) => r['key'] === '500101')).toMatchObject({ accidents: 0, deaths: 0, directLossFen: 0, deathsChangeOnYearRate: null });

    // by sector, 2025: coal_mine B, C, D → general 1, larger 2; deaths 2 + 3 = 5; injuries 9 + 10 = 19;
    // 2024: A → 5; change 0, rate 0 ÷ 5 = 0. gas: E → major, 10 deaths, 2024 none → rate null.
    const sectors2025 = await stats('sector', 2025);
    expect(sectors2025.find((r) => r['key'] === 'coal_mine')).toMatchObject({
      accidents: 3, byGrade: { general: 1, larger: 2, major: 0, especially_major: 0 }, deaths: 5, seriousInjuries: 19,
      directLossFen: 999_999_999, deathsPreviousYear: 5, deathsChangeOnYear: 0, deathsChangeOnYearRate: 0,
    });
    expect(sectors2025.find((r) => r['key'] === 'gas')).toMatchObject({ accidents: 1, byGrade: { major: 1 }, deaths: 10, deathsChangeOnYearRate: null });

    // 2024 by district: 500103 has A only (B is 2025 in CST): 1 larger, 5 deaths; 2023 none there → null.
    const districts2024 = await stats('district', 2024);
    expect(districts2024.find((r) => r['key'] === '500103')).toMatchObject({
      accidents: 1, byGrade: { general: 0, larger: 1, major: 0, especially_major: 0 }, deaths: 5, deathsPreviousYear: 0, deathsChangeOnYear: 5, deathsChangeOnYearRate: null,
    });
    // 2024 by sector: fireworks had the 2023 boundary accidents, none in 2024:
    // 2023 deaths 2+3+9+10+29+30 + 2 + 9 = 94 → change −94, rate −1.
    const sectors2024 = await stats('sector', 2024);
    expect(sectors2024.find((r) => r['key'] === 'fireworks')).toMatchObject({ accidents: 0, deathsPreviousYear: 94, deathsChangeOnYear: -94, deathsChangeOnYearRate: -1 });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const docs = await http(url, 'GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining([
      '/api/v1/accidents', '/api/v1/accidents/{id}', '/api/v1/accidents/{id}/toll-revision', '/api/v1/accidents/{id}/investigation-conclusion', '/api/v1/statistics/accidents',
    ]));
    expect(docs.body.paths['/api/v1/statistics/accidents'].get.description).toContain('deathsChangeOnYearRate');
  });
});
