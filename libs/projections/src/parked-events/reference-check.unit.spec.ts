/**
 * The reference-data check run before a projection applies an event: pure, so the reference codes
 * here are a handful copied from seeds/*.json (districts.json, sectors.json, risk-tags.json,
 * criteria.json), not loaded.
 */
import { unknownReferenceCodes, type ReferenceCodes } from './reference-check.js';

const CRITERIA = new Set(['GB-35181-2017', 'MEM-10-2023']);
const reference: ReferenceCodes = {
  // 500105 was retired on 2025-11-05 (seeds/districts.json): still a known code.
  districtCodes: new Set(['500103', '500105', 'CQ-GXQ']),
  sectors: new Map([['hazardous_chemicals', {} as never], ['construction', {} as never]]),
  riskTagCodes: new Set(['dust_explosion', 'confined_space']),
  criterionByCode: (code: string) => (CRITERIA.has(code) ? ({ code } as never) : undefined),
};

const hazardReported = (data: Record<string, unknown>) => ({
  type: 'HazardReported',
  data: { hazardId: 'h-1', enterpriseUscc: '91500000MA5U000000', districtCode: '500103', sector: 'hazardous_chemicals', criterionCode: null, ...data },
});

describe('unknownReferenceCodes', () => {
  it('passes an event whose district, sector and criterion are in the seeds (retired district included)', () => {
    expect(unknownReferenceCodes(hazardReported({}), reference)).toBeNull();
    expect(unknownReferenceCodes(hazardReported({ districtCode: '500105', criterionCode: 'MEM-10-2023' }), reference)).toBeNull();
    expect(unknownReferenceCodes(hazardReported({ districtCode: 'CQ-GXQ', sector: 'construction' }), reference)).toBeNull();
  });

  it('names an unknown district code', () => {
    expect(unknownReferenceCodes(hazardReported({ districtCode: '500199' }), reference)).toBe(
      'HazardReported: districtCode "500199" is not a district of the reference data',
    );
  });

  it('names an unknown sector and an unknown criterion together', () => {
    const reason = unknownReferenceCodes(hazardReported({ sector: 'space_mining', criterionCode: 'GB-0-1999' }), reference);
    expect(reason).toBe(
      'HazardReported: sector "space_mining" is not a sector of the reference data; criterionCode "GB-0-1999" is not a criterion of the reference data',
    );
  });

  it('refuses a code of the wrong type or an empty code, and accepts null (city-wide, no sector)', () => {
    expect(unknownReferenceCodes(hazardReported({ districtCode: 500103 }), reference)).toContain('districtCode 500103 is not a district');
    expect(unknownReferenceCodes(hazardReported({ sector: '' }), reference)).toContain('sector "" is not a sector');
    expect(unknownReferenceCodes({ type: 'LectureHeld', data: { lectureId: 'l', districtCode: '500103', sector: null } }, reference)).toBeNull();
  });

  it('checks each risk tag of an enterprise', () => {
    const registered = (riskTags: unknown) => ({ type: 'EnterpriseRegistered', data: { uscc: 'x', districtCode: '500103', sector: 'construction', riskTags } });
    expect(unknownReferenceCodes(registered(['dust_explosion', 'confined_space']), reference)).toBeNull();
    expect(unknownReferenceCodes(registered(['dust_explosion', 'moon_dust']), reference)).toBe(
      'EnterpriseRegistered: riskTags[1] "moon_dust" is not a risk tag of the reference data',
    );
    expect(unknownReferenceCodes(registered('dust_explosion'), reference)).toContain('riskTags "dust_explosion" is not a list');
  });

  it("checks each measurement's district and sector of a progress report", () => {
    const progress = (measurements: unknown[]) => ({ type: 'TaskProgressReported', data: { taskNo: 1, itemNo: '1.1', districtCode: null, measurements } });
    expect(unknownReferenceCodes(progress([{ indicator: 'a', districtCode: null, sector: null }, { indicator: 'b', districtCode: '500103', sector: 'construction' }]), reference)).toBeNull();
    expect(unknownReferenceCodes(progress([{ indicator: 'a', districtCode: '500103', sector: null }, { indicator: 'b', districtCode: '509999', sector: 'fishing' }]), reference)).toBe(
      'TaskProgressReported: measurements[1].districtCode "509999" is not a district of the reference data; measurements[1].sector "fishing" is not a sector of the reference data',
    );
  });

  it('checks nothing on an event that carries no reference codes', () => {
    expect(unknownReferenceCodes({ type: 'RectificationCompleted', data: { hazardId: 'h-1', completedAt: 'not even a date' } }, reference)).toBeNull();
  });
});
