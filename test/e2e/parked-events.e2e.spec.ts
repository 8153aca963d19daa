/**
 * Issue 9, part 3 over real HTTP against the real app (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): a poison event — a stored `HazardReported` whose `discoveredAt` is not a
 * date, appended straight to the store between two hazards reported through the API — is parked by
 * the projection runner while the later hazard flows; `/health` turns `degraded` and names it;
 * `GET /api/v1/admin/parked-events` lists it for city administrators only; `retry-parked` (the CLI's
 * function, in-process over the app's own database) finds it still failing and leaves it parked.
 * Then an event whose district code the reference data does not know is parked by every projection
 * that reads it, counted nowhere, and applied once by `retry-parked` after the reference data learns it.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG, DATABASE, EVENT_STORE, type ZhibenConfig } from '#bootstrap';
import type { Database } from '#database';
import type { EventStore } from '#event-store';
import { allProjections } from '#projections';
import { runRetryParked } from '../../apps/cli/src/retry-parked.command.js';
import { http, tokenFor, type RunningApp } from '../support/app-harness.js';
import { appBackends, testUscc } from '../support/backends.js';

const DISTRICT = '500104';
const USCC = testUscc('91500104MA5UPARK1');
/** What `Date#toISOString` throws on an invalid date, asked of the runtime (the projectors format discoveredAt as a CST date). */
const INVALID_DATE = (() => {
  try {
    return new Date(Number.NaN).toISOString();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
})();
/** CST ISO-8601 with milliseconds, as every timestamp of the API. */
const CST_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;
/** A six-digit district code the seeds do not hold. */
const UNKNOWN_DISTRICT = '500199';

describe.each(appBackends({}, 'zhiben_parked'))('parked events over HTTP (%s)', (_mode, start) => {
  let running: { app: RunningApp; done(): Promise<void> };
  let url: string;
  let poison: { position: string; eventId: string; hazardId: string };
  let later: { position: string; hazardId: string };
  let unknownDistrict: { position: string; eventId: string; hazardId: string };

  /** Waits until every projection's checkpoint is at or past `position` (as /health reports them). */
  const caughtUpTo = async (position: string) => {
    const past = (body: { projections: { position: string }[] }) => body.projections.every((p) => BigInt(p.position) >= BigInt(position));
    let health = await http(url, 'GET', '/health', undefined, { authorization: '' });
    for (let i = 0; i < 200 && !past(health.body); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await http(url, 'GET', '/health', undefined, { authorization: '' });
    }
    expect(past(health.body)).toBe(true);
    return health;
  };

  const reportHazard = async (discoveredAt: string) => {
    const hazardId = randomUUID();
    const res = await http(url, 'POST', '/api/v1/hazards', { hazardId, enterpriseUscc: USCC, grade: 'general', channel: 'self_inspection', title: '消防通道堵塞', description: '—', discoveredAt });
    expect(res.status).toBe(201);
    return { hazardId, position: res.body.position as string };
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    const registered = await http(url, 'POST', '/api/v1/enterprises', { uscc: USCC, name: '重庆停放测试有限公司', districtCode: DISTRICT, sector: 'hazardous_chemicals', industryCode: 'C2614', registeredAt: '2023-01-05T09:00:00+08:00' });
    expect(registered.status).toBe(201);
    const first = await reportHazard('2025-03-01T09:00:00+08:00');
    // The poison: a copy of that HazardReported for a new hazard, its discoveredAt not a date, straight into the store.
    const store = running.app.app.get<EventStore>(EVENT_STORE);
    const [reported] = await store.readStream(`hazard-${first.hazardId}`);
    const hazardId = randomUUID();
    const eventId = randomUUID();
    const appended = await store.append(
      `hazard-${hazardId}`,
      [{ eventId, type: 'HazardReported', schemaVersion: reported!.schemaVersion, data: { ...reported!.data, hazardId, discoveredAt: 'the day before yesterday' }, metadata: reported!.metadata }],
      'no_stream',
    );
    poison = { position: appended.position.toString(), eventId, hazardId };
    later = await reportHazard('2025-03-02T09:00:00+08:00');
  });
  afterAll(async () => running?.done());

  it('goes on past the poison event: the later hazard is listed and counted, the poison one is not', async () => {
    expect(BigInt(later.position)).toBeGreaterThan(BigInt(poison.position));
    const ledger = await http(url, 'GET', `/api/v1/hazards?districtCode=${DISTRICT}&limit=200&minPosition=${later.position}`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.items.map((h: { hazardId: string }) => h.hazardId)).toContain(later.hazardId);
    expect(ledger.body.items.map((h: { hazardId: string }) => h.hazardId)).not.toContain(poison.hazardId);
    expect((await http(url, 'GET', `/api/v1/hazards/${poison.hazardId}`)).status).toBe(404);
    const figures = await http(url, 'GET', `/api/v1/statistics/hazards?groupBy=district&year=2025&minPosition=${later.position}`);
    expect(figures.status).toBe(200);
    expect(figures.body.rows.find((r: { key: string }) => r.key === DISTRICT).reported).toBe(2); // the two hazards reported through the API
  });

  it('/health turns degraded (still 200) and names the parked event', async () => {
    // Every projection goes past it (the poison holds no checkpoint back): wait for the slowest.
    const health = await caughtUpTo(later.position);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    const named = health.body.parkedEvents.first as { projection: string; position: string; eventId: string; eventType: string; error: string; parkedAt: string }[];
    expect(health.body.parkedEvents.count).toBe(named.length); // fewer than the five shown
    // The projectors that format discoveredAt as a CST date threw on it, each parking it for itself.
    expect(named.map((p) => p.projection)).toEqual(expect.arrayContaining(['hazard-figures', 'hazard-ledger']));
    for (const p of named) {
      expect(p).toEqual({ projection: p.projection, position: poison.position, eventId: poison.eventId, eventType: 'HazardReported', error: INVALID_DATE, parkedAt: expect.stringMatching(CST_ISO) });
    }
  });

  it('lists the parked events for a city administrator, paged by position', async () => {
    const health = await http(url, 'GET', '/health');
    const listed = await http(url, 'GET', '/api/v1/admin/parked-events');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ count: health.body.parkedEvents.count, parkedEvents: health.body.parkedEvents.first, nextAfter: null });
    // A page of one is extended to every projection's row at that position; the next page after it is empty.
    const one = await http(url, 'GET', '/api/v1/admin/parked-events?limit=1');
    expect(one.body.parkedEvents).toEqual(listed.body.parkedEvents);
    const beyond = await http(url, 'GET', `/api/v1/admin/parked-events?after=${poison.position}`);
    expect(beyond.body).toEqual({ count: listed.body.count, parkedEvents: [], nextAfter: null });
  });

  it('answers city_admin only: 401 without a token, 403 for every other role; 400 for a bad limit or cursor', async () => {
    expect((await http(url, 'GET', '/api/v1/admin/parked-events', undefined, { authorization: '' })).status).toBe(401);
    const others = [
      await tokenFor({ role: 'auditor' }),
      await tokenFor({ role: 'analyst' }),
      await tokenFor({ role: 'inspector', district: DISTRICT }),
      await tokenFor({ role: 'district_supervisor', district: DISTRICT }),
      await tokenFor({ role: 'enterprise', enterprise: USCC }),
    ];
    for (const token of others) {
      const res = await http(url, 'GET', '/api/v1/admin/parked-events', undefined, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    for (const query of ['limit=0', 'limit=1001', 'limit=x', 'after=-1', 'after=abc']) {
      const res = await http(url, 'GET', `/api/v1/admin/parked-events?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  it('retry-parked without a fix: each parked event fails again, stays parked, exit code 1', async () => {
    const before = (await http(url, 'GET', '/api/v1/admin/parked-events')).body;
    const lines: string[] = [];
    const notes: string[] = [];
    const db = running.app.app.get<Database>(DATABASE);
    const config = running.app.app.get<ZhibenConfig>(CONFIG);
    expect(await runRetryParked(db, config, (l) => lines.push(l), (l) => notes.push(l))).toBe(1);
    expect(lines).toEqual(before.parkedEvents.map((p: { projection: string; position: string; eventId: string }) => `failed  ${p.projection} ${p.position} ${p.eventId} HazardReported: ${INVALID_DATE}`));
    expect(notes).toEqual([`retry-parked: 0 applied, ${before.count} still failing, 0 skipped`]);
    const after = (await http(url, 'GET', '/api/v1/admin/parked-events')).body;
    expect(after).toEqual(before);
    expect((await http(url, 'GET', '/health')).body.status).toBe('degraded');
  });

  it('parks an event whose district code the reference data does not know, in every projection that reads it, counting it nowhere', async () => {
    const store = running.app.app.get<EventStore>(EVENT_STORE);
    const [reported] = await store.readStream(`hazard-${later.hazardId}`);
    const hazardId = randomUUID();
    const eventId = randomUUID();
    const appended = await store.append(
      `hazard-${hazardId}`,
      [{ eventId, type: 'HazardReported', schemaVersion: reported!.schemaVersion, data: { ...reported!.data, hazardId, districtCode: UNKNOWN_DISTRICT }, metadata: reported!.metadata }],
      'no_stream',
    );
    unknownDistrict = { position: appended.position.toString(), eventId, hazardId };
    const third = await reportHazard('2025-03-03T09:00:00+08:00');
    await caughtUpTo(third.position);
    const listed = (await http(url, 'GET', `/api/v1/admin/parked-events?after=${BigInt(unknownDistrict.position) - 1n}`)).body;
    const readers = allProjections().filter((p) => p.eventTypes.has('HazardReported')).map((p) => p.name).sort();
    expect(listed.parkedEvents).toEqual(readers.map((projection) => ({
      projection, position: unknownDistrict.position, eventId, eventType: 'HazardReported',
      error: `HazardReported: districtCode "${UNKNOWN_DISTRICT}" is not a district of the reference data`, parkedAt: expect.stringMatching(CST_ISO),
    })));
    expect((await http(url, 'GET', `/api/v1/hazards/${hazardId}`)).status).toBe(404);
    // The three hazards reported through the API, and nothing under another row.
    const figures = await http(url, 'GET', `/api/v1/statistics/hazards?groupBy=district&year=2025&minPosition=${third.position}`);
    expect(figures.body.rows.reduce((sum: number, r: { reported: number }) => sum + r.reported, 0)).toBe(3);
  });

  it('retry-parked after the reference data learns the code applies it once; the projector failures stay', async () => {
    const seeds = await mkdtemp(join(tmpdir(), 'zhiben-seeds-'));
    try {
      await cp('seeds', seeds, { recursive: true });
      const districts = JSON.parse(await readFile(join(seeds, 'districts.json'), 'utf8'));
      districts.entries.push({ ...districts.entries.find((d: { code: string }) => d.code === DISTRICT), code: UNKNOWN_DISTRICT, name: '测试新区', gbCode: UNKNOWN_DISTRICT, townships: null, villages: null, countsSource: null });
      await writeFile(join(seeds, 'districts.json'), JSON.stringify(districts));
      const before = (await http(url, 'GET', '/api/v1/admin/parked-events')).body;
      const db = running.app.app.get<Database>(DATABASE);
      const config = { ...running.app.app.get<ZhibenConfig>(CONFIG), seedsDir: seeds };
      const lines: string[] = [];
      const notes: string[] = [];
      expect(await runRetryParked(db, config, (l) => lines.push(l), (l) => notes.push(l))).toBe(1);
      const byPosition = (position: string) => before.parkedEvents.filter((p: { position: string }) => p.position === position);
      expect(lines).toEqual(before.parkedEvents.map((p: { projection: string; position: string; eventId: string }) =>
        p.position === unknownDistrict.position
          ? `applied ${p.projection} ${p.position} ${p.eventId} HazardReported`
          : `failed  ${p.projection} ${p.position} ${p.eventId} HazardReported: ${INVALID_DATE}`));
      const applied = byPosition(unknownDistrict.position).length;
      expect(notes).toEqual([`retry-parked: ${applied} applied, ${before.count - applied} still failing, 0 skipped`]);
      const hazard = await http(url, 'GET', `/api/v1/hazards/${unknownDistrict.hazardId}`);
      expect({ status: hazard.status, districtCode: hazard.body.districtCode }).toEqual({ status: 200, districtCode: UNKNOWN_DISTRICT });
      const after = (await http(url, 'GET', '/api/v1/admin/parked-events')).body;
      expect(after.parkedEvents).toEqual(byPosition(poison.position));
      // Applied once: a second retry finds only the projector failures.
      const again: string[] = [];
      expect(await runRetryParked(db, config, (l) => again.push(l), () => undefined)).toBe(1);
      expect(again.every((l) => l.startsWith('failed '))).toBe(true);
      expect(again).toHaveLength(after.count);
      expect((await http(url, 'GET', '/health')).body.status).toBe('degraded');
    } finally {
      await rm(seeds, { recursive: true, force: true });
    }
  });
});
