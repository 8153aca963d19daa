/**
 * District units over real HTTP (embedded PGlite; PostgreSQL too when TEST_DATABASE_URL is set): the
 * 2025 re-division (江北区 500105 retired after 2025-11-05, 两江新区 500157 from 2025-11-06). A fact keeps
 * the code it was recorded with; statistics count it under the unit in force at its date
 * (units=in_force, the default) or under today's unit (units=current). Expected figures by hand.
 */
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('district units over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let lastPosition = '0';
  const OLD = '500105'; // 江北区, valid to 2025-11-05
  const NEW = '500157'; // 两江新区, valid from 2025-11-06

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  const lecture = (districtCode: string, heldAt: string, audienceSize: number) =>
    http(url, 'POST', '/api/v1/lectures', { districtCode, topic: '安全生产讲座', audienceSize, heldAt });
  const figures = async (query: string) => {
    const res = await http(url, 'GET', `/api/v1/statistics/publicity?groupBy=district&${query}&minPosition=${lastPosition}`);
    expect(res.status).toBe(200);
    return res.body.rows as { key: string; lectures: number; lectureAudience: number }[];
  };

  it('accepts facts under the retired code after its retirement (deciders accept any known code)', async () => {
    expect((await lecture(OLD, '2025-11-05T23:30:00+08:00', 10)).status).toBe(201); // last day of 500105
    expect((await lecture(OLD, '2025-11-05T16:30:00Z', 20)).status).toBe(201); // 2025-11-06 00:30 CST
    expect((await lecture(OLD, '2026-03-01T09:00:00+08:00', 40)).status).toBe(201);
    const last = await lecture(NEW, '2026-04-01T09:00:00+08:00', 5);
    expect(last.status).toBe(201);
    lastPosition = last.body.position;
  });

  it('2025 (in force): rows for the 42 units in force that year; the validTo day counts under 500105, the day after under 500157', async () => {
    const rows = await figures('year=2025');
    expect(rows).toHaveLength(42);
    expect(rows.find((r) => r.key === OLD)).toMatchObject({ lectures: 1, lectureAudience: 10 });
    expect(rows.find((r) => r.key === NEW)).toMatchObject({ lectures: 1, lectureAudience: 20 });
  });

  it('2026 (in force): no 500105 row; its 2026 fact counts under 500157 with 500157\'s own', async () => {
    const rows = await figures('year=2026&units=in_force');
    expect(rows).toHaveLength(39);
    expect(rows.map((r) => r.key)).not.toContain(OLD);
    expect(rows.find((r) => r.key === NEW)).toMatchObject({ lectures: 2, lectureAudience: 45 });
  });

  it('2024 (in force): the plan\'s 41 units, without 500157', async () => {
    const rows = await figures('year=2024');
    expect(rows).toHaveLength(41);
    expect(rows.map((r) => r.key)).not.toContain(NEW);
  });

  it('units=current: today\'s 39 units; every 2025 fact of 500105 counts under 500157', async () => {
    const rows = await figures('year=2025&units=current');
    expect(rows).toHaveLength(39);
    expect(rows.map((r) => r.key)).not.toContain(OLD);
    expect(rows.find((r) => r.key === NEW)).toMatchObject({ lectures: 2, lectureAudience: 30 });
  });

  it('refuses an unknown units value with 400 validation', async () => {
    const res = await http(url, 'GET', '/api/v1/statistics/publicity?groupBy=district&year=2025&units=today');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'validation', details: [{ path: 'units', message: 'units must be in_force or current' }] });
  });

  it('lists validity, successor and counts at GET /api/v1/reference/districts', async () => {
    const res = await http(url, 'GET', '/api/v1/reference/districts');
    expect(res.status).toBe(200);
    const items = res.body.items as { code: string }[];
    expect(items).toHaveLength(42);
    expect(items.find((d) => d.code === '500112')).toMatchObject({ validTo: '2025-11-05', successor: { main: NEW, also: ['500109'] }, townships: 30, villages: 412 });
    expect(items.find((d) => d.code === NEW)).toMatchObject({ validFrom: '2025-11-06', validTo: null, successor: null, townships: 42, villages: 497 });
  });
});
