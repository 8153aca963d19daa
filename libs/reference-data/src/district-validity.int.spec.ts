import { districtRemap, districtsInForce, unitInForce } from './district-validity.js';
import { loadReferenceData } from './load-reference-data.js';

// Expected values read off seeds/districts.json by hand: 500105 江北区 and CQ-LJXQ retire on 2025-11-05 with
// successor 500157; 500112 渝北区 retires then with main successor 500157 (also 500109); 500157 from 2025-11-06.
describe('district validity (seeds/districts.json)', () => {
  const reference = loadReferenceData();

  describe('unitInForce', () => {
    it('keeps the old unit on its validTo day and moves to the successor the day after', () => {
      expect(unitInForce(reference, '500105', '2025-11-05')).toBe('500105');
      expect(unitInForce(reference, '500105', '2025-11-06')).toBe('500157');
      expect(unitInForce(reference, '500112', '2025-11-05')).toBe('500112');
      expect(unitInForce(reference, '500112', '2026-03-01')).toBe('500157');
      expect(unitInForce(reference, 'CQ-LJXQ', '2025-11-06')).toBe('500157');
    });

    it('leaves units that never retire, and rejects unknown codes and bad dates', () => {
      expect(unitInForce(reference, '500109', '2026-03-01')).toBe('500109');
      expect(unitInForce(reference, '500157', '2024-03-01')).toBe('500157');
      expect(unitInForce(reference, '509999', '2025-01-01')).toBeNull();
      expect(() => unitInForce(reference, '500105', '2025-02-30')).toThrow(RangeError);
    });
  });

  describe('districtsInForce', () => {
    it('gives the plan\'s 41 units for 2024, 42 for 2025 (500157 joins) and 39 for 2026', () => {
      expect(districtsInForce(reference, 2024)).toHaveLength(41);
      expect(districtsInForce(reference, 2024).map((d) => d.code)).not.toContain('500157');
      const y2025 = districtsInForce(reference, 2025).map((d) => d.code);
      expect(y2025).toHaveLength(42);
      expect(y2025).toEqual(expect.arrayContaining(['500105', '500112', '500157', 'CQ-LJXQ']));
      const y2026 = districtsInForce(reference, 2026).map((d) => d.code);
      expect(y2026).toHaveLength(39);
      expect(y2026).not.toEqual(expect.arrayContaining(['500105']));
      expect(y2026.filter((c) => ['500105', '500112', 'CQ-LJXQ'].includes(c))).toEqual([]);
    });
  });

  describe('districtRemap', () => {
    it('in_force: each retired unit maps to its successor from the day after its validTo', () => {
      expect(districtRemap(reference, 'in_force', '2026-05-01')).toEqual([
        { code: '500105', from: '2025-11-06', to: '500157' },
        { code: '500112', from: '2025-11-06', to: '500157' },
        { code: 'CQ-LJXQ', from: '2025-11-06', to: '500157' },
      ]);
    });

    it('current: before the change nothing is remapped; after it, every retired unit maps whatever the date', () => {
      expect(districtRemap(reference, 'current', '2025-11-05')).toEqual([]);
      expect(districtRemap(reference, 'current', '2026-05-01')).toEqual([
        { code: '500105', from: null, to: '500157' },
        { code: '500112', from: null, to: '500157' },
        { code: 'CQ-LJXQ', from: null, to: '500157' },
      ]);
    });
  });
});
