/**
 * buildReadModelsAsOf on PGlite and PostgreSQL: the read models at P1 — rebuilt from a snapshot saved
 * by an earlier replay plus the events after it — equal those of a fresh store fed only the events up to P1.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand } from '#command-handling';
import { publicityDecider, publicityEventOccurredAt, publicityStreamId, type PublicityCommand } from '#domain';
import type { EventStore } from '#event-store';
import { allProjections } from '../projections.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { TEST_CITY_ADMIN } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { queryPublicityStatistics } from '../publicity-figures/publicity-statistics.query.js';
import { buildReadModelsAsOf } from './as-of-replay.js';

const DISTRICTS = [{ code: '500101', name: '万州区' }, { code: '500102', name: '涪陵区' }];
const reference = { districtCodes: new Set(DISTRICTS.map((d) => d.code)), sectorCodes: new Set(['commerce_trade']) };

async function lecture(store: EventStore, districtCode: string, heldAt: string, audienceSize: number) {
  return handleCommand(store, {
    streamId: publicityStreamId(districtCode, heldAt),
    decider: publicityDecider,
    command: { type: 'RecordLecture', data: { lectureId: randomUUID(), districtCode, sector: null, topic: '讲座', audienceSize, heldAt }, reference, metadata: { actor: TEST_CITY_ADMIN, now: heldAt, correlationId: randomUUID(), causationId: null } } as PublicityCommand,
    occurredAt: publicityEventOccurredAt,
  });
}
const batch1 = async (s: EventStore) => {
  for (let i = 0; i < 4; i++) await lecture(s, '500101', `2025-0${i + 1}-01T09:00:00+08:00`, 10 + i);
  await lecture(s, '500102', '2025-05-01T09:00:00+08:00', 7);
};
const figures = (ds: Parameters<typeof queryPublicityStatistics>[0]) =>
  queryPublicityStatistics(ds, { groupBy: 'district', year: 2025, today: '2025-12-31', groups: DISTRICTS, remap: [] });

describe.each(testBackends())('buildReadModelsAsOf ($name)', ({ open }) => {
  let a: TestStore;
  let b: TestStore;
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('asOf P1 (restored from a snapshot, then replayed) equals a fresh store fed only the first batch', async () => {
    a = await open();
    b = await open();
    await batch1(a.store);
    const p1 = await a.store.headPosition();
    for (let i = 0; i < 6; i++) await lecture(a.store, '500102', '2025-06-01T09:00:00+08:00', 100);
    const p2 = await a.store.headPosition();
    const head = await buildReadModelsAsOf(a.store, p2, { snapshots: a.dataSource, snapshotEvery: 3 });
    expect(head.replayedFrom).toBe(0n);
    const saved: { position: string }[] = await a.dataSource.query('SELECT position FROM read_model_snapshots ORDER BY position');
    expect(saved.map((r) => r.position)).toEqual(['3', '6', '9']);
    await head.close();

    const past = await buildReadModelsAsOf(a.store, p1, { snapshots: a.dataSource, snapshotEvery: 3 });
    expect(p1).toBe(5n);
    expect(past.replayedFrom).toBe(3n);
    await batch1(b.store);
    await new ProjectionRunner(b.store, b.dataSource, allProjections(), new RecordingLogger()).catchUp();
    const got = await figures(past.dataSource);
    expect(got).toEqual(await figures(b.dataSource));
    // By hand: 500101 4 lectures 10+11+12+13 = 46; 500102 1 lecture of 7 (the six of 100 are after P1).
    expect(got.rows.map((r) => [r.key, r.lectures, r.lectureAudience])).toEqual([['500101', 4, 46], ['500102', 1, 7]]);
    await past.close();

    const none = await buildReadModelsAsOf(a.store, 0n, { snapshots: a.dataSource, snapshotEvery: 3 });
    expect((await figures(none.dataSource)).rows.map((r) => r.lectures)).toEqual([0, 0]);
    await none.close();
  }, 300_000);
});
