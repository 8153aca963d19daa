/**
 * `GET /api/v1/audit/verify` over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): the in-process sealer seals what the commands appended, a clean store
 * verifies, an event edited in SQL is named (stream, revision, position), and only auditor and
 * city_admin may ask.
 */
import { DATABASE } from '#bootstrap';
import type { Database } from '#database';
import { http, tokenFor, type RunningApp } from '../support/app-harness.js';
import { appBackends } from '../support/backends.js';

const modes = appBackends({ sealBlockSize: 2, sealIdleMs: 0 }, 'zhiben_e2e');

describe.each(modes)('audit verify over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
  });
  afterAll(async () => running?.done());

  it('seals the appended events, verifies a clean store, and names an event edited in SQL', async () => {
    const positions: string[] = [];
    for (const audienceSize of [10, 20, 30]) {
      const res = await http(url, 'POST', '/api/v1/lectures', { districtCode: '500104', topic: '安全生产讲座', audienceSize, heldAt: '2025-03-01T09:00:00+08:00' });
      expect(res.status).toBe(201);
      positions.push(res.body.position);
    }
    const head = positions[2]!;
    const auditor = { authorization: `Bearer ${await tokenFor({ role: 'auditor' })}` };
    let verified = await http(url, 'GET', '/api/v1/audit/verify', undefined, auditor);
    for (let i = 0; i < 100 && verified.body.sealedThrough !== verified.body.headPosition; i += 1) {
      await sleep(50);
      verified = await http(url, 'GET', '/api/v1/audit/verify', undefined, auditor);
    }
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, problem: null, eventsChecked: Number(head), headPosition: head, sealedThrough: head });
    // Blocks of at most 2 positions (idle 0 closes partial ones at once), contiguous from 1 to the head.
    const db = running.app.app.get<Database>(DATABASE);
    const { rows } = await db.query<{ f: string; t: string }>('SELECT from_position AS f, to_position AS t FROM es_seals ORDER BY block_no');
    expect(verified.body.blocksChecked).toBe(rows.length);
    rows.forEach((row, i) => {
      expect(Number(row.f)).toBe(i === 0 ? 1 : Number(rows[i - 1]!.t) + 1);
      expect(Number(row.t) - Number(row.f)).toBeLessThan(2);
    });
    expect(rows[rows.length - 1]!.t).toBe(head);

    await db.query(`UPDATE es_events SET data = jsonb_set(data, '{audienceSize}', '999') WHERE position = $1::bigint`, [positions[1]]);
    const broken = await http(url, 'GET', '/api/v1/audit/verify');
    expect(broken.status).toBe(200);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.problem).toMatchObject({ kind: 'data_changed', streamId: 'publicity-500104-2025', revision: '1', position: positions[1] });
  });

  it('answers auditor and city_admin only', async () => {
    for (const role of ['analyst', 'inspector'] as const) {
      const token = await tokenFor(role === 'inspector' ? { role, district: '500104' } : { role });
      expect((await http(url, 'GET', '/api/v1/audit/verify', undefined, { authorization: `Bearer ${token}` })).status).toBe(403);
    }
    expect((await http(url, 'GET', '/api/v1/audit/verify', undefined, { authorization: '' })).status).toBe(401);
  });
});
