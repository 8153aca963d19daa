/**
 * DATABASE_POOL_SIZE bounds ALL of a server-mode process's PostgreSQL connections (README
 * "Connections"): the real app (worker in process: projections, deadline watcher, sealer) started on
 * a fresh PostgreSQL database with a pool of 3, under 32 concurrent clients sending commands and
 * reads, never shows more than 3 connections of its `application_name` in `pg_stat_activity` — sampled
 * every 5 ms by a separate connection, nor more than 3 connections to its database at all — and still answers everything: every command acknowledged, every
 * hazard counted once the figures have read its position.
 *
 * PostgreSQL only: PGlite is one in-process connection, whatever the configuration says.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { http, startApp, type JsonResponse, type RunningApp } from '../support/app-harness.js';
import { createTestDatabase, testUscc, type TestDatabase } from '../support/backends.js';

const base = process.env['TEST_DATABASE_URL'];
const POOL_SIZE = 3;
const CLIENTS = 32;
const HAZARDS = 96;
const ENTERPRISE = testUscc('91500101MA60P0001');

/** Runs `tasks` with `concurrency` of them in flight at a time; answers in task order. */
async function inFlight<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  }));
  return out;
}

if (base) {
  describe(`a server-mode process with DATABASE_POOL_SIZE=${POOL_SIZE}`, () => {
    const applicationName = `zhiben-pool-test-${randomBytes(4).toString('hex')}`;
    let db: TestDatabase;
    let running: RunningApp;
    let monitor: pg.Client;
    /** Per sample: connections named `applicationName`, and connections to the test's own database (the app's only). */
    const samples: { named: number; toDatabase: number }[] = [];
    let sampling = false;
    let sampler: Promise<void> = Promise.resolve();

    const connections = async () => {
      const { rows } = await monitor.query<{ named: string; to_database: string }>(
        'SELECT count(*) FILTER (WHERE application_name = $1) AS named, count(*) FILTER (WHERE datname = $2) AS to_database FROM pg_stat_activity',
        [applicationName, new URL(db.url).pathname.slice(1)],
      );
      return { named: Number(rows[0]!.named), toDatabase: Number(rows[0]!.to_database) };
    };
    const startSampling = () => {
      sampling = true;
      sampler = (async () => {
        while (sampling) {
          samples.push(await connections());
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
    };

    beforeAll(async () => {
      db = await createTestDatabase(base, 'zhiben_pool');
      monitor = new pg.Client({ connectionString: base, application_name: `${applicationName}-monitor` });
      await monitor.connect();
      startSampling(); // from before start-up: migrations and the worker's first batches count too
      running = await startApp({
        databaseUrl: db.url,
        databasePoolSize: POOL_SIZE,
        databaseApplicationName: applicationName,
        minPositionTimeoutMs: 30_000,
        deadlineWatchIntervalMs: 1_000,
      });
    }, 60_000);

    afterAll(async () => {
      sampling = false;
      await sampler;
      await running?.close();
      await monitor?.end();
      await db?.drop();
    });

    it(`opens at most ${POOL_SIZE} connections under ${CLIENTS} concurrent clients, and answers every request`, async () => {
      const reg = await http(running.baseUrl, 'POST', '/api/v1/enterprises', {
        uscc: ENTERPRISE, name: '重庆连接预算测试有限公司', districtCode: '500103', sector: 'commerce_trade', industryCode: 'G59',
        registeredAt: '2022-06-01T09:00:00+08:00',
      });
      expect(reg.status).toBe(201);
      const tasks: (() => Promise<JsonResponse>)[] = [];
      for (let i = 0; i < HAZARDS; i++) {
        tasks.push(() => http(running.baseUrl, 'POST', '/api/v1/hazards', {
          enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', title: `隐患${i}`,
          description: '配电箱未接地', discoveredAt: '2025-04-01T09:00:00+08:00',
        }));
        tasks.push(() => http(running.baseUrl, 'GET', '/api/v1/statistics/hazards?groupBy=district&year=2025'));
        tasks.push(() => http(running.baseUrl, 'GET', `/api/v1/hazards/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`));
        tasks.push(() => http(running.baseUrl, 'GET', '/api/v1/hazards?limit=20'));
      }
      const answers = await inFlight(tasks, CLIENTS);
      const statuses = answers.reduce<Record<number, number>>((t, r) => ({ ...t, [r.status]: (t[r.status] ?? 0) + 1 }), {});
      expect(statuses).toEqual({ 201: HAZARDS, 200: 2 * HAZARDS, 404: HAZARDS });
      // Every hazard is counted once the figures have read the last command's position.
      const last = answers.filter((r) => r.status === 201).map((r) => BigInt(r.body.position)).reduce((a, b) => (a > b ? a : b));
      const figures = await http(running.baseUrl, 'GET', `/api/v1/statistics/hazards?groupBy=district&year=2025&minPosition=${last}`);
      expect(figures.status).toBe(200);
      expect(figures.body.rows.find((r: { key: string }) => r.key === '500103').reported).toBe(HAZARDS);

      sampling = false;
      await sampler;
      // The sampler saw the app's connections (so it could see too many), and never more than the pool.
      expect(samples.length).toBeGreaterThan(50);
      const most = { named: Math.max(...samples.map((s) => s.named)), toDatabase: Math.max(...samples.map((s) => s.toDatabase)) };
      expect(most.named).toBeGreaterThanOrEqual(2);
      expect(most).toEqual({ named: most.named, toDatabase: most.named });
      expect(most.named).toBeLessThanOrEqual(POOL_SIZE);
    }, 120_000);
  });
} else {
  describe(`a server-mode process with DATABASE_POOL_SIZE=${POOL_SIZE}`, () => {
    it('is not run here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(process.env['TEST_DATABASE_URL'] ?? '').toBe('');
    });
  });
}
