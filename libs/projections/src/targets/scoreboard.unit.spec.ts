import { rankDistricts } from './scoreboard.js';
import type { TargetResult } from './target-evaluation.js';
import type { TargetStatus } from './target-status.js';

/** A district target whose groups have the statuses given (code → status). */
function target(id: string, statuses: Record<string, TargetStatus>, grouping: 'district' | 'city' = 'district'): TargetResult {
  return {
    targetId: id, title: id, clause: '三', year: 2025, dueDate: null, grouping, unit: 'count', comparator: '>=', threshold: 1,
    indicator: 'x', keyTaskItem: null, note: `note of ${id}`, cut: '2025-12-31', period: { state: 'finished', cut: '2025-12-31' },
    actual: null, numerator: null, denominator: null, status: 'no_data', reason: null,
    source: { figure: 'f', numerator: 'n', denominator: null, note: null },
    groups: Object.entries(statuses).map(([key, status]) => ({ key, name: key, actual: status === 'no_data' ? null : 1, numerator: null, denominator: null, status, reason: null })),
  };
}

const districts = ['d1', 'd2', 'd3', 'd4', 'd5'].map((code) => ({ code, name: `name ${code}` }));

describe('rankDistricts', () => {
  it('ranks by met+onTrack desc, then missed asc, then behind asc; ties share a rank and the next skips (1, 2, 2, 2, 5)', () => {
    const rows = rankDistricts(districts, [
      target('t1', { d1: 'met', d2: 'met', d3: 'on_track', d4: 'missed', d5: 'met' }),
      target('t2', { d1: 'met', d2: 'behind', d3: 'behind', d4: 'met', d5: 'missed' }),
      target('t3', { d1: 'no_data', d2: 'missed', d3: 'missed', d4: 'behind', d5: 'missed' }),
      target('city-one', { d1: 'missed' }, 'city'),
    ]);
    // d1: 2 good, 0 missed → 1. d2: 1 good, 1 missed, 1 behind; d3 the same → 2, 2.
    // d4: 1 good, 1 missed, 1 behind → 2 as well. d5: 1 good, 2 missed → 5 (ranks 3 and 4 are skipped).
    expect(rows.map((r) => [r.districtCode, r.rank])).toEqual([['d1', 1], ['d2', 2], ['d3', 2], ['d4', 2], ['d5', 5]]);
  });
  it('breaks on missed, then on behind, and orders equal ranks by code', () => {
    const rows = rankDistricts(districts, [
      target('t1', { d1: 'missed', d2: 'met', d3: 'met', d4: 'met', d5: 'met' }),
      target('t2', { d1: 'missed', d2: 'behind', d3: 'missed', d4: 'no_data', d5: 'behind' }),
      target('t3', { d1: 'missed', d2: 'behind', d3: 'no_data', d4: 'no_data', d5: 'no_data' }),
    ]);
    // good: d2..d5 = 1, d1 = 0. missed: d3 1, others 0. behind: d2 2, d5 1, d4 0.
    expect(rows.map((r) => [r.districtCode, r.rank])).toEqual([['d4', 1], ['d5', 2], ['d2', 3], ['d3', 4], ['d1', 5]]);
    const d4 = rows[0]!;
    expect(d4).toMatchObject({ met: 1, onTrack: 0, behind: 0, missed: 0, noData: 2, name: 'name d4' });
    expect(d4.reasons.map((r) => [r.targetId, r.status, r.note])).toEqual([['t1', 'met', 'note of t1'], ['t2', 'no_data', 'note of t2'], ['t3', 'no_data', 'note of t3']]);
  });
  it('counts only district targets, and a district without a group is no_data', () => {
    const rows = rankDistricts([{ code: 'new', name: 'new' }], [target('t1', { d1: 'met' }), target('c', {}, 'city')]);
    expect(rows).toEqual([{ rank: 1, districtCode: 'new', name: 'new', met: 0, onTrack: 0, behind: 0, missed: 0, noData: 1, reasons: [expect.objectContaining({ targetId: 't1', status: 'no_data' })] }]);
  });
});
