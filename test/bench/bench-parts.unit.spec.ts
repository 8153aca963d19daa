/**
 * The bench's pure parts: the profile summary's shares, the percentile, a table row's ratio, and
 * which side a load was bound by.
 */
import { boundBy, percentile } from '../../apps/cli/src/bench/http-figures.js';
import { summariseProfile } from '../../apps/cli/src/bench/profile.js';
import { row } from '../../apps/cli/src/bench/table.js';

describe('the bench parts', () => {
  it('summarises a CPU profile as self time per package and per function, idle apart', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('parseRow', 'file:///x/node_modules/pg/lib/result.js') },
        { id: 3, callFrame: frame('query', 'file:///x/node_modules/typeorm/driver/a.js') },
        { id: 4, callFrame: frame('apply', 'file:///x/dist/libs/projections/src/runner/projection-runner.js') },
      ],
      // 10 samples: 5 idle, 3 pg, 1 typeorm, 1 runner.
      samples: [1, 1, 1, 1, 1, 2, 2, 2, 3, 4],
    };
    const text = summariseProfile(profile);
    expect(text).toContain('busy 50% of the time, idle — waiting on I/O — 50%');
    expect(text).toMatch(/: pg 30% · (typeorm|libs\/projections\/src\/runner) 10% · (typeorm|libs\/projections\/src\/runner) 10%;/);
    expect(text).toContain('top functions: parseRow (pg) 30%');
  });

  it('takes the nearest-rank percentile', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('computes a row\'s ratio as value ÷ raw, and none without a raw counterpart', () => {
    const base = { figure: 'f', shown: 's', rawShown: 'r', goal: 'g', met: null };
    expect(row({ ...base, value: 81, raw: 2658 }).ratio).toBeCloseTo(81 / 2658, 12);
    expect(row({ ...base, value: 81, raw: null }).ratio).toBeNull();
  });

  it('says which side a load was bound by, from the CPU each used', () => {
    const l = (serverCpu: number, postgresCpu: number) => ({ perSecond: 1, ok: 1, failed: 0, mean: 1, p50: 1, p99: 1, seconds: 1, serverCpu, postgresCpu });
    expect(boundBy(l(0.95, 0.3), 'the api')).toMatch(/^the api CPU-bound \(95% of a core\)/);
    expect(boundBy(l(0.2, 0.7), 'the api')).toMatch(/^PostgreSQL-bound \(its CPU 70% against 20% for the api\)/);
    expect(boundBy(l(0.3, 0.4), 'the api')).toMatch(/^bound by neither CPU \(the api 30%, PostgreSQL 40% of a core\)/);
  });
});
