/**
 * Seals over the global order, store verification and the audit export, on PGlite and PostgreSQL
 * (a fresh schema per scenario when TEST_DATABASE_URL is set). Each tampering is done the way an
 * attacker with SQL access would, and must be detected and located exactly. Expected seal hashes are
 * computed here with node:crypto from the documented definitions, not with the code under test.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { assertTestDatabase, PgDatabase, PgliteDatabase, type Database } from '#database';
import { hashEvent } from '../event-hash.js';
import { ensureEventStoreSchema } from '../event-store.schema.js';
import type { RecordedEvent } from '../event-store.port.js';
import { PostgresEventStore } from '../postgres-event-store.js';
import { auditExportLines } from './audit-export.js';
import { verifyExport } from './export-verifier.js';
import { Sealer } from './sealer.js';
import { verifyStore } from './store-verifier.js';

interface Opened {
  db: Database;
  store: PostgresEventStore;
  close(): Promise<void>;
}

let storeImage: Promise<Blob> | null = null;

/** A PGlite with the store's schema: a copy of one built once per file (initdb per test was most of this file's time). */
async function openPglite(): Promise<Opened> {
  storeImage ??= (async () => {
    const first = new PgliteDatabase();
    await ensureEventStoreSchema(first);
    const image = await first.dumpDataDir();
    await first.close();
    return image;
  })();
  const db = new PgliteDatabase({ loadDataDir: await storeImage });
  return { db, store: new PostgresEventStore(db, { pollIntervalMs: 10 }), close: () => db.close() };
}

async function openPostgres(url: string): Promise<Opened> {
  assertTestDatabase(url);
  const schema = `seals_${randomBytes(5).toString('hex')}`;
  const admin = new PgDatabase(url, { poolSize: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = new PgDatabase(url, { poolSize: 4, searchPath: schema });
  await ensureEventStoreSchema(db);
  return {
    db,
    store: new PostgresEventStore(db, { pollIntervalMs: 10 }),
    close: async () => {
      await db.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

const backends: [string, () => Promise<Opened>][] = [['pglite', openPglite]];
const url = process.env['TEST_DATABASE_URL'];
if (url) backends.push(['postgres', () => openPostgres(url)]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The scenario's store, one event per append, ≥ 3 ms apart (distinct recordedAt):
 *   pos 1 A0 · 2 B0 · 3 A1 · 4 D0 · | 5 C0 · 6 B1 · 7 (burnt: a rolled-back append) · 8 A2 | 9 C1 · 10 B2 · 11 A3 |  12 C2
 * sealed with blocks of 4: block 1 = 1–4 (4 events), block 2 = 5–8 (3 events), block 3 = 9–11 (partial, 3 events);
 * position 12 is appended after sealing (unsealed). A0, B1 and C2 carry correlationId 'corr-1'.
 */
async function scenario(t: Opened): Promise<Map<bigint, RecordedEvent>> {
  const plan: [string, string | null][] = [['A', 'corr-1'], ['B', null], ['A', null], ['D', null], ['C', null], ['B', 'corr-1'], ['burn', null], ['A', null], ['C', null], ['B', null], ['A', null]];
  let n = 0;
  for (const [stream, correlationId] of plan) {
    if (stream === 'burn') {
      await t.db.query(`SELECT nextval('es_position_seq')`);
      continue;
    }
    await t.store.append(stream, [{ eventId: randomUUID(), type: 'Tested', schemaVersion: 1, data: { n: ++n, text: `事件 ${n}` }, metadata: correlationId ? { correlationId } : {} }], 'any');
    await sleep(3);
  }
  const sealer = new Sealer(t.db, t.store, { blockSize: 4 });
  expect((await sealer.sealNow(false)).map((s) => s.blockNo)).toEqual([1, 2]);
  expect((await sealer.sealNow(true)).map((s) => [s.blockNo, s.fromPosition, s.toPosition, s.eventCount])).toEqual([[3, 9n, 11n, 3]]);
  await t.store.append('C', [{ eventId: randomUUID(), type: 'Tested', schemaVersion: 1, data: { n: 12 }, metadata: { correlationId: 'corr-1' } }], 'any');
  const events = await t.store.readAll({ after: 0n });
  return new Map(events.map((e) => [e.position, e]));
}

describe.each(backends)('seals, verification and audit export (%s)', (_name, open) => {
  let t: Opened;
  let events: Map<bigint, RecordedEvent>;

  beforeEach(async () => {
    t = await open();
    events = await scenario(t);
  });
  afterEach(async () => t.close());

  it('seals blocks whose hashes recompute from their definitions, and a clean store verifies', async () => {
    expect([...events.keys()]).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 8n, 9n, 10n, 11n, 12n]);
    const { rows } = await t.db.query<{ block_no: string; from_position: string; to_position: string; event_count: number; events_hash: string; previous_seal_hash: string | null; seal_hash: string; sealed_at: Date }>(
      'SELECT * FROM es_seals ORDER BY block_no',
    );
    const ranges: [number, number, number[]][] = [[1, 4, [1, 2, 3, 4]], [5, 8, [5, 6, 8]], [9, 11, [9, 10, 11]]];
    let previous: string | null = null;
    rows.forEach((row, i) => {
      const [from, to, positions] = ranges[i]!;
      const lines = positions.map((p) => {
        const e = events.get(BigInt(p))!;
        return `${JSON.stringify([String(p), e.eventId, e.streamId, e.revision.toString(), e.hash])}\n`;
      });
      const expectedEventsHash = sha256(lines.join(''));
      const body = `{"blockNo":${i + 1},"eventCount":${positions.length},"eventsHash":"${expectedEventsHash}","fromPosition":"${from}","sealedAt":"${row.sealed_at.toISOString()}","toPosition":"${to}"}`;
      expect(row).toMatchObject({ from_position: String(from), to_position: String(to), event_count: positions.length, events_hash: expectedEventsHash, previous_seal_hash: previous });
      expect(row.seal_hash).toBe(sha256((previous ?? '') + body));
      previous = row.seal_hash;
    });
    expect(rows).toHaveLength(3);

    const result = await verifyStore(t.db, t.store, { batchSize: 3 });
    expect(result).toMatchObject({ ok: true, problem: null, problems: [], eventsChecked: 11, streamsChecked: 4, blocksChecked: 3, headPosition: '12', sealedThrough: '11' });
    expect(result.lastSeal).toEqual({ blockNo: 3, toPosition: '11', sealHash: rows[2]!.seal_hash });
  });

  it('an edited event is data_changed at its stream, revision and position', async () => {
    await t.db.query(`UPDATE es_events SET data = jsonb_set(data, '{n}', '999') WHERE position = 3`);
    const { problem, ok } = await verifyStore(t.db, t.store);
    expect(ok).toBe(false);
    expect(problem).toMatchObject({ kind: 'data_changed', streamId: 'A', revision: '1', position: '3', eventId: events.get(3n)!.eventId });
  });

  it('an edited event whose hash the attacker recomputed is still data_changed there (the next revision links to the original)', async () => {
    const e = events.get(3n)!;
    const forged = hashEvent(e.previousHash, { ...e, data: { ...e.data, n: 999 } });
    await t.db.query(`UPDATE es_events SET data = jsonb_set(data, '{n}', '999'), hash = $1 WHERE position = 3`, [forged]);
    expect((await verifyStore(t.db, t.store)).problem).toMatchObject({ kind: 'data_changed', streamId: 'A', revision: '1', position: '3' });
  });

  it('a deleted event is event_missing: its stream and revision, between the neighbours, in its block', async () => {
    await t.db.query(`DELETE FROM es_events WHERE position = 6`);
    expect((await verifyStore(t.db, t.store)).problem).toMatchObject({ kind: 'event_missing', streamId: 'B', revision: '1', afterPosition: '2', beforePosition: '10', blockNo: 2 });
  });

  it('an inserted event with a plausible hash (and the stream head patched) is event_inserted at its position', async () => {
    const d0 = events.get(4n)!;
    const recordedAt = new Date(d0.recordedAt.getTime() + 1);
    const forged = { eventId: randomUUID(), streamId: 'D', revision: 1n, type: 'Tested', schemaVersion: 1, data: { n: 77 }, metadata: {}, recordedAt };
    const hash = hashEvent(d0.hash, forged);
    await t.db.query(
      `INSERT INTO es_events (position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash)
       VALUES (7, $1, 'D', 1, 'Tested', 1, '{"n":77}', '{}', $2, $3, $4)`,
      [forged.eventId, recordedAt.toISOString(), hash, d0.hash],
    );
    await t.db.query(`UPDATE es_streams SET revision = 1, last_hash = $1 WHERE stream_id = 'D'`, [hash]);
    expect((await verifyStore(t.db, t.store)).problem).toMatchObject({ kind: 'event_inserted', streamId: 'D', revision: '1', position: '7', blockNo: 2, eventId: forged.eventId });
  });

  it('two events of different streams that swapped positions are order_changed, both located', async () => {
    await swap(t.db, 5, 6);
    expect((await verifyStore(t.db, t.store)).problem).toMatchObject({ kind: 'order_changed', position: '5', otherPosition: '6', streamId: 'B', revision: '1', blockNo: 2 });
  });

  it('two revisions of one stream that swapped positions are order_changed at the stream', async () => {
    await swap(t.db, 3, 8);
    expect((await verifyStore(t.db, t.store)).problem).toMatchObject({ kind: 'order_changed', streamId: 'A', revision: '1', position: '8', otherPosition: '3' });
  });

  it('an edited seal is seal_broken at its block', async () => {
    await t.db.query(`UPDATE es_seals SET event_count = 4 WHERE block_no = 2`);
    expect((await verifyStore(t.db, t.store)).problem).toMatchObject({ kind: 'seal_broken', blockNo: 2, position: '5' });
  });

  it('a stream export verifies offline, and changing any single byte of it makes it fail', async () => {
    const text = await exportText(t.db, { streamId: 'A' });
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['record'])).toEqual(['header', 'event', 'event', 'event', 'event', 'seal', 'seal', 'seal', 'trailer']);
    expect(lines.filter((l) => l['record'] === 'seal').map((l) => (l['entries'] as unknown[]).length)).toEqual([4, 3, 3]);
    expect(verifyExport(text)).toMatchObject({ ok: true, problems: [], events: 4, seals: 3, unsealedEvents: 0 });

    const bytes = Buffer.from(text, 'utf8');
    let failed = 0;
    for (let i = 0; i < bytes.length; i += 1) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ 0x01;
      if (!verifyExport(changed).ok) failed += 1;
    }
    expect(failed).toBe(bytes.length);

    const kindsAfter = (needle: string, offset = 0) => {
      const at = text.indexOf(needle) + offset;
      expect(at).toBeGreaterThanOrEqual(offset);
      const changed = text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1);
      return verifyExport(changed).problems.map((p) => p.kind);
    };
    expect(kindsAfter('"n":1,', 4)).toContain('data_changed'); // in an event's data
    expect(kindsAfter(`"hash":"${events.get(8n)!.hash}`, 10)).toContain('data_changed'); // in an event's hash
    const seal2 = lines[6]!;
    expect(kindsAfter(`"eventsHash":"${String(seal2['eventsHash'])}`, 16)).toContain('seal_broken'); // in a seal
    expect(kindsAfter('"exportedAt":"', 15)).toContain('file_changed'); // in the header
  });

  it('a correlation export carries its events from several streams, the unsealed one noted', async () => {
    const text = await exportText(t.db, { correlationId: 'corr-1' });
    const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.filter((r) => r['record'] === 'event').map((r) => [r['streamId'], r['position']])).toEqual([['A', '1'], ['B', '6'], ['C', '12']]);
    // Blocks 1 and 2 cover them: both with their lists; block 3 is not needed.
    expect(records.filter((r) => r['record'] === 'seal').map((r) => [r['blockNo'], Array.isArray(r['entries'])])).toEqual([[1, true], [2, true]]);
    expect(verifyExport(text)).toMatchObject({ ok: true, events: 3, seals: 2, unsealedEvents: 1 });
  });
});

describe.each(backends)('the sealer at work (%s)', (_name, open) => {
  let t: Opened;
  beforeEach(async () => {
    t = await open();
  });
  afterEach(async () => t.close());

  it('seals full blocks as they fill and a partial block once appends stop for idleMs', async () => {
    const sealer = new Sealer(t.db, t.store, { blockSize: 2, idleMs: 150, tickMs: 10 });
    sealer.start();
    try {
      for (let i = 0; i < 5; i += 1) await t.store.append(`s-${i}`, [{ eventId: randomUUID(), type: 'Tested', schemaVersion: 1, data: {}, metadata: {} }], 'no_stream');
      const ranges = async () => (await t.db.query<{ f: string; t: string }>('SELECT from_position AS f, to_position AS t FROM es_seals ORDER BY block_no')).rows.map((r) => `${r.f}-${r.t}`);
      const deadline = Date.now() + 5000;
      while ((await ranges()).length < 3 && Date.now() < deadline) await sleep(20);
      expect(await ranges()).toEqual(['1-2', '3-4', '5-5']);
    } finally {
      await sealer.stop();
    }
    expect((await verifyStore(t.db, t.store)).ok).toBe(true);
  });

  it('two sealers at once close each block once, in order', async () => {
    for (let i = 0; i < 9; i += 1) await t.store.append('s', [{ eventId: randomUUID(), type: 'Tested', schemaVersion: 1, data: { i }, metadata: {} }], 'any');
    const a = new Sealer(t.db, t.store, { blockSize: 2 });
    const b = new Sealer(t.db, t.store, { blockSize: 2 });
    const made = (await Promise.all([a.sealNow(true), b.sealNow(true)])).flat();
    expect(made.map((s) => s.blockNo).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
    const { rows } = await t.db.query<{ n: string }>('SELECT block_no AS n FROM es_seals ORDER BY block_no');
    expect(rows.map((r) => Number(r.n))).toEqual([1, 2, 3, 4, 5]);
    expect((await verifyStore(t.db, t.store)).ok).toBe(true);
  });
});

async function swap(db: Database, a: number, b: number): Promise<void> {
  await db.query(`UPDATE es_events SET position = 1000000 WHERE position = $1`, [a]);
  await db.query(`UPDATE es_events SET position = $1 WHERE position = $2`, [a, b]);
  await db.query(`UPDATE es_events SET position = $1 WHERE position = 1000000`, [b]);
}

async function exportText(db: Database, selection: { streamId: string } | { correlationId: string }): Promise<string> {
  let text = '';
  for await (const line of auditExportLines(db, selection)) text += `${line}\n`;
  return text;
}
