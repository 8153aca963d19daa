/**
 * Parking, listing and retrying a poison event with a real projection (the hazard ledger) over a
 * real stored event: a `HazardReported` appended straight to the store with a `discoveredAt` that is
 * not a date, between two hazards reported through the real decider. Each event is applied as the
 * runner does (its own `zhiben.position`); the one the projector throws on is parked with the
 * projector's own error, the checkpoint passes it, and the later hazard is projected.
 */
import { randomUUID } from 'node:crypto';
import type { AppendResult, RecordedEvent } from '#event-store';
import { hazardStreamId } from '#domain';
import { HazardLedgerProjection } from '../hazard-ledger/hazard-ledger.projection.js';
import type { Projection } from '../runner/projection.js';
import { HazardScenario, testUscc } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { listParkedEvents, parkedEventsPage, parkedEventsSummary } from './list-parked-events.js';
import { parkEvent, parkedErrorText } from './park-event.js';
import { retryParked } from './retry-parked.js';
import { buildReadModelsAsOf } from '../as-of/as-of-replay.js';

/** What `Date#toISOString` throws on an invalid date, asked of the runtime (not of the code under test). */
const INVALID_DATE_ERROR = (() => {
  try {
    new Date(Number.NaN).toISOString();
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
})();

/** The fix a deploy would bring: a ledger projector that takes an unreadable `discoveredAt` from `metadata.occurredAt`. */
function fixedLedger(real: Projection): Projection {
  const readable = (e: RecordedEvent): RecordedEvent =>
    e.type === 'HazardReported' && Number.isNaN(Date.parse(String(e.data.discoveredAt)))
      ? { ...e, data: { ...e.data, discoveredAt: e.metadata.occurredAt } }
      : e;
  return { name: real.name, eventTypes: real.eventTypes, batched: real.batched, apply: (events, em) => real.apply(events.map(readable), em) };
}

describe.each(testBackends())('parked events ($name)', ({ open }) => {
  let t: TestStore;
  const ledger = new HazardLedgerProjection();
  let good: { first: string; last: string };
  let poison: RecordedEvent;
  let poisonPlan: AppendResult;

  /** Applies every event after the checkpoint one at a time, parking the ones the projector throws on; then moves the checkpoint. */
  async function project(p: Projection): Promise<void> {
    const [cp]: { position: string }[] = await t.dataSource.query('SELECT position FROM projection_checkpoints WHERE name = $1', [p.name]);
    const events = await t.store.readAll({ after: BigInt(cp!.position), limit: 1000 });
    for (const e of events.filter((x) => p.eventTypes.has(x.type))) {
      try {
        await t.dataSource.transaction(async (em) => {
          await em.query(`SELECT set_config('zhiben.position', $1, true)`, [e.position.toString()]);
          await p.apply([e], em);
        });
      } catch (error) {
        await t.dataSource.transaction((em) =>
          parkEvent(em, { projection: p.name, position: e.position, eventId: e.eventId, eventType: e.type, error: parkedErrorText(error) }),
        );
      }
    }
    if (events.length > 0) await t.dataSource.query('UPDATE projection_checkpoints SET position = $2 WHERE name = $1', [p.name, events.at(-1)!.position.toString()]);
  }

  const ledgerIds = async (): Promise<string[]> =>
    ((await t.dataSource.query('SELECT hazard_id FROM hazard_ledger ORDER BY hazard_id')) as { hazard_id: string }[]).map((r) => r.hazard_id);

  beforeAll(async () => {
    t = await open();
    await t.dataSource.query(`INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0)`, [ledger.name]);
    const scenario = new HazardScenario(t.store);
    const uscc = testUscc('500103', 1);
    await scenario.registerEnterprise({ uscc, districtCode: '500103', sector: 'hazardous_chemicals' });
    const first = await scenario.reportHazard({ uscc, discoveredAt: '2025-03-01T09:00:00+08:00' });
    await scenario.plan(first.hazardId, { deadline: '2025-03-31', plannedAt: '2025-03-01T10:00:00+08:00' });
    // The poison: a copy of a real HazardReported for a new hazard, its discoveredAt not a date, appended straight to the store.
    const [reported, planned] = await t.store.readStream(hazardStreamId(first.hazardId));
    const poisonId = randomUUID();
    const appended = await t.store.append(
      hazardStreamId(poisonId),
      [{ eventId: randomUUID(), type: 'HazardReported', schemaVersion: reported!.schemaVersion, data: { ...reported!.data, hazardId: poisonId, discoveredAt: 'yesterday-ish' }, metadata: reported!.metadata }],
      'no_stream',
    );
    // …and the same plan for it, also straight to the store: while the report is parked, the ledger has no row for it to update.
    poisonPlan = await t.store.append(hazardStreamId(poisonId), [{ eventId: randomUUID(), type: planned!.type, schemaVersion: planned!.schemaVersion, data: { ...planned!.data, hazardId: poisonId }, metadata: planned!.metadata }], 0n);
    const last = await scenario.reportHazard({ uscc, discoveredAt: '2025-03-02T09:00:00+08:00' });
    [poison] = await t.store.readAll({ after: appended.position - 1n, limit: 1 });
    good = { first: first.hazardId, last: last.hazardId };
    await project(ledger);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('parks the poison event with the projector’s own error, and projects the hazards before and after it', async () => {
    expect(await ledgerIds()).toEqual([good.first, good.last].sort());
    const parked = await listParkedEvents(t.dataSource);
    expect(parked).toEqual([
      { projection: ledger.name, position: poison.position, eventId: poison.eventId, eventType: 'HazardReported', error: `RangeError: ${INVALID_DATE_ERROR}`, parkedAt: expect.any(Date) },
    ]);
    const [{ now }]: { now: Date }[] = await t.dataSource.query('SELECT now() AS now');
    expect(Math.abs(parked[0]!.parkedAt.getTime() - new Date(now).getTime())).toBeLessThan(60_000);
    expect(await parkedEventsSummary(t.dataSource)).toEqual({ count: 1, first: parked });
  });

  it('parks the same event again idempotently: one row, the new error, the first parked_at', async () => {
    const [before] = await listParkedEvents(t.dataSource);
    await t.dataSource.transaction((em) => parkEvent(em, { projection: ledger.name, position: poison.position, eventId: poison.eventId, eventType: poison.type, error: 'second time' }));
    const after = await listParkedEvents(t.dataSource);
    expect(after).toHaveLength(1);
    expect(after[0]!.error).toBe('second time');
    expect(after[0]!.parkedAt).toEqual(before!.parkedAt);
    // Another projection parking the same event is a row of its own.
    await t.dataSource.transaction((em) => parkEvent(em, { projection: 'other', position: poison.position, eventId: poison.eventId, eventType: poison.type, error: 'x' }));
    const summary = await parkedEventsSummary(t.dataSource, 1);
    expect(summary.count).toBe(2);
    expect(summary.first).toHaveLength(1);
    // A limited list never splits a position: both projections' rows at it.
    expect((await listParkedEvents(t.dataSource, { limit: 1 })).map((p) => p.projection)).toEqual([ledger.name, 'other'].sort());
    await t.dataSource.query(`DELETE FROM projection_parked_events WHERE projection = 'other'`);
  });

  it('pages the parked events by position, never splitting one, with the cursor of the next page', async () => {
    const at = (position: bigint, projection: string) =>
      t.dataSource.transaction((em) => parkEvent(em, { projection, position, eventId: randomUUID(), eventType: 'Synthetic', error: 'e' }));
    const base = poison.position + 100n;
    await at(base, 'p-a');
    await at(base, 'p-b');
    await at(base + 1n, 'p-a');
    await at(base + 5n, 'p-c');
    const key = (p: { projection: string; position: bigint }) => `${p.position - base}:${p.projection}`;
    const first = await parkedEventsPage(t.dataSource, poison.position, 1);
    expect([first.events.map(key), first.nextAfter]).toEqual([['0:p-a', '0:p-b'], base]);
    const second = await parkedEventsPage(t.dataSource, first.nextAfter!, 2);
    expect([second.events.map(key), second.nextAfter]).toEqual([['1:p-a', '5:p-c'], null]);
    expect(await parkedEventsPage(t.dataSource, base + 5n, 10)).toEqual({ events: [], nextAfter: null });
    expect((await listParkedEvents(t.dataSource, { after: poison.position - 1n })).map((p) => p.position)).toEqual([poison.position, base, base, base + 1n, base + 5n]);
    await expect(listParkedEvents(t.dataSource, { after: -1n })).rejects.toThrow(RangeError);
    await t.dataSource.query(`DELETE FROM projection_parked_events WHERE projection LIKE 'p-_'`);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(listParkedEvents(t.dataSource, { limit: 0 })).rejects.toThrow(RangeError);
    await expect(listParkedEvents(t.dataSource, { limit: 1.5 })).rejects.toThrow(RangeError);
  });

  it('a retry before the fix fails again: nothing written, still parked, with the new error', async () => {
    const outcomes = await retryParked(t.store, t.dataSource, [ledger]);
    expect(outcomes).toEqual([
      { projection: ledger.name, position: poison.position, eventId: poison.eventId, eventType: 'HazardReported', outcome: 'failed', error: `RangeError: ${INVALID_DATE_ERROR}`, followers: 0 },
    ]);
    expect(await ledgerIds()).toEqual([good.first, good.last].sort());
    const [still] = await listParkedEvents(t.dataSource);
    expect(still!.error).toBe(`RangeError: ${INVALID_DATE_ERROR}`);
  });

  it('keeps an event parked, unapplied, while the runner’s check still refuses it (the check’s reason as its error)', async () => {
    const seen: bigint[] = [];
    const outcomes = await retryParked(t.store, t.dataSource, [fixedLedger(ledger)], {
      check: (e) => {
        seen.push(e.position);
        return `HazardReported: districtCode "${String(e.data.districtCode)}" is not a district of the reference data`;
      },
    });
    expect(seen).toEqual([poison.position]);
    expect(outcomes.map((o) => [o.outcome, o.error])).toEqual([['failed', 'HazardReported: districtCode "500103" is not a district of the reference data']]);
    expect(await ledgerIds()).toEqual([good.first, good.last].sort());
    expect((await listParkedEvents(t.dataSource))[0]!.error).toBe('HazardReported: districtCode "500103" is not a district of the reference data');
  });

  it('throws an error that is not the event’s fault (a missing table), leaving the event parked as it was', async () => {
    const [before] = await listParkedEvents(t.dataSource);
    const broken: Projection = { name: ledger.name, eventTypes: ledger.eventTypes, apply: async (_events, em) => void (await em.query('SELECT * FROM no_such_read_model')) };
    await expect(retryParked(t.store, t.dataSource, [broken])).rejects.toThrow(/no_such_read_model/);
    expect(await listParkedEvents(t.dataSource)).toEqual([before]);
    expect(await ledgerIds()).toEqual([good.first, good.last].sort());
  });

  it('skips an event parked by a projection that does not run here, leaving it as it was', async () => {
    const outcomes = await retryParked(t.store, t.dataSource, []);
    expect(outcomes.map((o) => [o.outcome, o.error])).toEqual([['skipped', `no projection named ${ledger.name} runs here`]]);
    expect(await listParkedEvents(t.dataSource)).toHaveLength(1);
  });

  it('an as-of replay leaves out what the runner parks (the event its projector throws on, what its check refuses) and applies the rest', async () => {
    const head = await t.store.headPosition();
    const replayedIds = async (check?: (e: RecordedEvent) => string | null): Promise<string[]> => {
      const replay = await buildReadModelsAsOf(t.store, head, { projections: [ledger], ...(check && { check }) });
      try {
        return ((await replay.dataSource.query('SELECT hazard_id FROM hazard_ledger ORDER BY hazard_id')) as { hazard_id: string }[]).map((r) => r.hazard_id);
      } finally {
        await replay.close();
      }
    };
    expect(await replayedIds()).toEqual([good.first, good.last].sort());
    expect(await replayedIds()).toEqual(await ledgerIds());
    expect(await replayedIds((e) => (e.data.hazardId === good.last ? 'refused by the check' : null))).toEqual([good.first]);
  });

  it('a retry after the fix applies it once, under its own position, and unparks it; a second retry finds nothing', async () => {
    // As-of snapshots (a cache of the replay) before its position stay; from its position on they were taken without it.
    for (const at of [poison.position - 1n, poison.position, poisonPlan.position + 1n]) {
      await t.dataSource.query('INSERT INTO read_model_snapshots (position) VALUES ($1)', [at.toString()]);
    }
    const fixed = fixedLedger(ledger);
    const known = { check: () => null };
    const [first, second] = await Promise.all([retryParked(t.store, t.dataSource, [fixed], known), retryParked(t.store, t.dataSource, [fixed])]);
    // Two retries at once: each event is applied by exactly one of them.
    const all = [...first!, ...second!].filter((o) => o.outcome === 'applied');
    // Applied with the later event of its stream (the plan), which found no row while it was parked.
    expect(all).toEqual([{ projection: ledger.name, position: poison.position, eventId: poison.eventId, eventType: 'HazardReported', outcome: 'applied', error: null, followers: 1 }]);
    expect([...first!, ...second!].filter((o) => o.outcome !== 'applied').every((o) => o.outcome === 'skipped')).toBe(true);

    const poisonId = poison.data.hazardId as string;
    expect(await ledgerIds()).toEqual([good.first, poisonId, good.last].sort());
    const row = async (id: string) =>
      ((await t.dataSource.query('SELECT discovered_date::text, status, deadline::text, revision::text FROM hazard_ledger WHERE hazard_id = $1', [id])) as unknown[])[0];
    // The same report and plan as the first hazard (whose discoveredAt the fix reads from metadata): the same row.
    expect(await row(poisonId)).toEqual(await row(good.first));
    expect(await row(poisonId)).toMatchObject({ discovered_date: '2025-03-01', status: 'planned', deadline: '2025-03-31', revision: '1' });
    // Its row versions at the report's and the plan's own positions.
    const versions: { valid_from: string; valid_to: string | null }[] = await t.dataSource.query(
      'SELECT valid_from::text, valid_to::text FROM hazard_ledger__versions WHERE hazard_id = $1 ORDER BY valid_from',
      [poisonId],
    );
    expect(versions).toEqual([
      { valid_from: poison.position.toString(), valid_to: poisonPlan.position.toString() },
      { valid_from: poisonPlan.position.toString(), valid_to: null },
    ]);
    expect(await listParkedEvents(t.dataSource)).toEqual([]);
    const snapshots: { position: string }[] = await t.dataSource.query('SELECT position::text FROM read_model_snapshots ORDER BY position');
    expect(snapshots.map((r) => r.position)).toEqual([(poison.position - 1n).toString()]);
    expect(await retryParked(t.store, t.dataSource, [fixed])).toEqual([]);
    expect(await ledgerIds()).toHaveLength(3);
  });

  it('leaves an event alone while its projection has not reached it (its checkpoint was reset): the runner meets it again', async () => {
    await t.dataSource.transaction((em) => parkEvent(em, { projection: ledger.name, position: poison.position, eventId: poison.eventId, eventType: poison.type, error: 'parked before a reset' }));
    await t.dataSource.query('UPDATE projection_checkpoints SET position = $2 WHERE name = $1', [ledger.name, (poison.position - 1n).toString()]);
    const outcomes = await retryParked(t.store, t.dataSource, [fixedLedger(ledger)]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['skipped']);
    expect(outcomes[0]!.error).toBe(`projection ${ledger.name} has not reached position ${poison.position} yet (checkpoint ${poison.position - 1n})`);
    expect((await listParkedEvents(t.dataSource))[0]!.error).toBe('parked before a reset');
  });
});
