/**
 * The benchmark harness runs end to end on PGlite (and PostgreSQL when TEST_DATABASE_URL is set) and
 * reports each operation as a ratio against the raw database measured in the same run. Speed is
 * judged by `npm run bench`, not here: this only checks that the harness measures what it says.
 */
import { runBench } from '../../apps/cli/src/bench.command.js';

const backends: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env['TEST_DATABASE_URL']) backends.push(['PostgreSQL', process.env['TEST_DATABASE_URL']]);

describe.each(backends)('the benchmark harness (%s)', (_name, databaseUrl) => {
  it('measures append, single-event append and read against raw SQL, as ratios', async () => {
    const results = await runBench({ events: 200, databaseUrl });
    expect(results.map((r) => r.operation)).toEqual([
      'append, 100 events per append',
      'append, one event per transaction',
      'read the global order, 1,000 per batch',
    ]);
    for (const r of results) {
      expect(Number.isFinite(r.storePerSecond) && r.storePerSecond > 0).toBe(true);
      expect(Number.isFinite(r.rawPerSecond) && r.rawPerSecond > 0).toBe(true);
      expect(r.ratio).toBeCloseTo(r.storePerSecond / r.rawPerSecond, 10);
    }
  });

  it('measures statistics asOf (row-version history; replay: full, snapshot + replay, cached) against a raw count of the same events', async () => {
    // A store of its own with 450 lectures: head 450. Snapshots every 100: the mid position is 225
    // rounded down to a snapshot (200) + 99 = 299, the longest replay after a snapshot.
    const notes: string[] = [];
    const results = await runBench({ events: 100, asOfEvents: 450, asOfSnapshotEvery: 100, databaseUrl, notes });
    expect(results.slice(3).map((r) => r.operation)).toEqual([
      'asOf mid-history, row-version history (P=299)',
      'asOf at the head, row-version history (P=450)',
      'asOf at the head, full replay (P=450)',
      'asOf mid-history, snapshot + replay (P=299)',
      'asOf mid-history, replay cached (P=299)',
    ]);
    for (const r of results.slice(3)) {
      expect(Number.isFinite(r.storePerSecond) && r.storePerSecond > 0).toBe(true);
      expect(r.ratio).toBeCloseTo(r.storePerSecond / r.rawPerSecond, 10);
    }
    // One version per lecture (lectures are never updated); snapshots at 100…400 saved by the full replay.
    expect(notes.find((n) => n.startsWith('asOf history:'))).toMatch(/^asOf history: 450 events projected .* row versions: 450 lecture versions, 31 history tables/);
    expect(notes.find((n) => n.startsWith('asOf snapshots:'))).toMatch(/^asOf snapshots: 4 snapshot\(s\)/);
  }, 180_000);

  it('with asOfReplay false, measures only the row-version history', async () => {
    // Head 150: the mid position is 75 rounded down to a snapshot (0) + 99 = 99.
    const results = await runBench({ events: 100, asOfEvents: 150, asOfSnapshotEvery: 100, asOfReplay: false, databaseUrl });
    expect(results.slice(3).map((r) => r.operation)).toEqual(['asOf mid-history, row-version history (P=99)', 'asOf at the head, row-version history (P=150)']);
  }, 180_000);

  it('refuses a database whose name contains neither test nor bench', async () => {
    await expect(runBench({ events: 200, databaseUrl: 'postgres://postgres@127.0.0.1:5432/zhiben' })).rejects.toThrow(/test/);
  });
});
