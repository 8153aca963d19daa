import { drillHalves } from './drill-statistics.query.js';

describe('drillHalves (plan 三(四)7: high-risk sectors drill each half-year)', () => {
  it('judges both halves of a past year, the first ending on 30 June', () => {
    expect(drillHalves(2025, '2025-12-31')).toEqual({
      start: '2025-01-01', firstHalfEnd: '2025-06-30', secondHalfStart: '2025-07-01', secondHalfBegun: true,
    });
  });

  it('judges only the first half while the cut is in it, up to the cut', () => {
    expect(drillHalves(2025, '2025-05-15')).toMatchObject({ firstHalfEnd: '2025-05-15', secondHalfBegun: false });
    expect(drillHalves(2025, '2025-06-30')).toMatchObject({ firstHalfEnd: '2025-06-30', secondHalfBegun: false });
  });

  it('judges the second half from 1 July on', () => {
    expect(drillHalves(2025, '2025-07-01')).toMatchObject({ firstHalfEnd: '2025-06-30', secondHalfBegun: true });
  });
});
