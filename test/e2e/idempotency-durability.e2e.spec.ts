/**
 * The Idempotency-Key's claim and response record commit without a WAL flush of their own (decision
 * record 0004): what that relies on, checked against the real app on PGlite and PostgreSQL.
 * - The statement's own `set_config(…, true)` turns synchronous commit off for that statement's
 *   transaction only: every pooled connection still commits appends synchronously afterwards.
 * - A response record lost in a server crash (the claim stays, durable and pending) is taken over
 *   after 30 s: the retry gets the first response and appends nothing; another body is still 422.
 */
import { randomUUID } from 'node:crypto';
import { DATABASE } from '#bootstrap';
import type { Database } from '#database';
import { COMMIT_WITHOUT_FLUSH } from '../../apps/api/src/conventions/idempotency.interceptor.js';
import { http, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const modes = appBackends({}, 'zhiben_e2e');

describe.each(modes)('Idempotency-Key records without their own flush (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let db: Database;
  const ENTERPRISE = testUscc('91500101MA60D0003');
  const report = (hazardId: string, title = '消防通道堵塞') => ({
    hazardId, enterpriseUscc: ENTERPRISE, grade: 'general', channel: 'self_inspection', title, description: '消防通道被货物堵塞',
    discoveredAt: '2025-04-01T09:30:00+08:00',
  });
  const eventsOf = async (streamId: string): Promise<number> =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM es_events WHERE stream_id = $1', [streamId])).rows[0]!.n);

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    db = running.app.app.get<Database>(DATABASE);
    const reg = await http(url, 'POST', '/api/v1/enterprises', {
      uscc: ENTERPRISE, name: '重庆示例物流有限公司', districtCode: '500101', sector: 'commerce_trade', industryCode: 'G59',
      registeredAt: '2023-01-05T09:00:00+08:00',
    });
    expect(reg.status).toBe(201);
  });
  afterAll(async () => running?.done());

  it('turns synchronous commit off for its own statement only: the session (every pooled connection) keeps it on', async () => {
    const own = await db.query<{ setting: string }>(`SELECT current_setting('synchronous_commit') AS setting FROM ${COMMIT_WITHOUT_FLUSH}`);
    expect(own.rows).toEqual([{ setting: 'off' }]);
    // Commands with keys, at once, so that several pooled connections ran the claim and the record…
    const sent = await Promise.all(Array.from({ length: 8 }, () => http(url, 'POST', '/api/v1/hazards', report(randomUUID()), { 'Idempotency-Key': randomUUID() })));
    expect(sent.map((r) => r.status)).toEqual(Array(8).fill(201));
    // …and then every connection the pool hands out still commits synchronously.
    const after = await Promise.all(Array.from({ length: 12 }, () => db.query<{ synchronous_commit: string }>('SHOW synchronous_commit')));
    expect(new Set(after.map((r) => r.rows[0]!.synchronous_commit))).toEqual(new Set(['on']));
    const inTransaction = await db.transaction((tx) => tx.query<{ synchronous_commit: string }>('SHOW synchronous_commit'));
    expect(inTransaction.rows[0]!.synchronous_commit).toBe('on');
  });

  it('stores the claim and the response, as before', async () => {
    const key = randomUUID();
    const hazardId = randomUUID();
    const first = await http(url, 'POST', '/api/v1/hazards', report(hazardId), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const { rows } = await db.query<{ status_code: number; response: Record<string, unknown> }>('SELECT status_code, response FROM idempotency_keys WHERE key = $1', [key]);
    expect(rows).toEqual([{ status_code: 201, response: first.body }]);
    const again = await http(url, 'POST', '/api/v1/hazards', report(hazardId), { 'Idempotency-Key': key });
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    const other = await http(url, 'POST', '/api/v1/hazards', report(hazardId, '另一个隐患'), { 'Idempotency-Key': key });
    expect({ status: other.status, error: other.body.error }).toEqual({ status: 422, error: 'idempotency_key_reused' });
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
  });

  it('after a response record lost in a crash (the claim pending, 31 s old): the retry gets the first response, appends nothing; another body is 422', async () => {
    const key = randomUUID();
    const hazardId = randomUUID();
    const first = await http(url, 'POST', '/api/v1/hazards', report(hazardId), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    // What a server crash before the WAL writer flushed the record leaves: the claim (made durable by the append's flush), pending.
    await db.query(`UPDATE idempotency_keys SET status_code = 0, response = '{}'::jsonb, created_at = now() - interval '31 seconds' WHERE key = $1`, [key]);
    const other = await http(url, 'POST', '/api/v1/hazards', report(hazardId, '另一个隐患'), { 'Idempotency-Key': key });
    expect({ status: other.status, error: other.body.error }).toEqual({ status: 422, error: 'idempotency_key_reused' });
    const retry = await http(url, 'POST', '/api/v1/hazards', report(hazardId), { 'Idempotency-Key': key });
    expect({ status: retry.status, body: retry.body, etag: retry.headers.get('etag') }).toEqual({ status: 201, body: first.body, etag: first.headers.get('etag') });
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
    const { rows } = await db.query<{ status_code: number; response: Record<string, unknown> }>('SELECT status_code, response FROM idempotency_keys WHERE key = $1', [key]);
    expect(rows).toEqual([{ status_code: 201, response: first.body }]);
  });

  it('a retry while that claim is younger than 30 s waits, then answers 409 idempotency_in_progress, and appends nothing', async () => {
    const key = randomUUID();
    const hazardId = randomUUID();
    const first = await http(url, 'POST', '/api/v1/hazards', report(hazardId), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    await db.query(`UPDATE idempotency_keys SET status_code = 0, response = '{}'::jsonb WHERE key = $1`, [key]);
    const retry = await http(url, 'POST', '/api/v1/hazards', report(hazardId), { 'Idempotency-Key': key });
    expect({ status: retry.status, error: retry.body.error }).toEqual({ status: 409, error: 'idempotency_in_progress' });
    expect(await eventsOf(`hazard-${hazardId}`)).toBe(1);
  }, 30_000);
});
