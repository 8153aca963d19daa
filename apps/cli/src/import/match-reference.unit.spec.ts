/** Matching district, sector and criterion cells against a small hand-made reference. */
import { referenceMatcher, type ImportReference } from './match-reference.js';

const reference: ImportReference = {
  districts: [
    { code: '500101', name: '万州区' },
    { code: '500105', name: '江北区' },
    { code: '500240', name: '石柱土家族自治县' },
    { code: '500241', name: '秀山土家族苗族自治县' },
    { code: 'CQ-GXQ', name: '西部科学城重庆高新区' },
    { code: 'CQ-LJXQ', name: '两江新区' },
  ],
  sectors: [
    { code: 'hazardous_chemicals', name: '危险化学品', highRisk: true, gbt4754: ['C25', 'C26'] },
    { code: 'fireworks', name: '烟花爆竹', highRisk: true, gbt4754: [] },
    { code: 'construction', name: '建设施工', highRisk: true, gbt4754: ['E47'] },
  ],
  riskTags: [],
  criteria: [
    { code: 'SAWS-121-2017-CHEM', title: '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）', documentNumber: '安监总管三〔2017〕121号', appliesToSectors: ['hazardous_chemicals'], effectiveFrom: '2017-11-13' },
    { code: 'SAWS-121-2017-FW', title: '烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）', documentNumber: '安监总管三〔2017〕121号', appliesToSectors: ['fireworks'], effectiveFrom: '2017-11-13' },
    { code: 'GB-35181-2025', title: '重大火灾隐患判定规则', documentNumber: 'GB 35181-2025', appliesToSectors: [], effectiveFrom: '2025-11-01' },
  ],
};
const m = referenceMatcher(reference);
const v = (p: { ok: true; value: string } | { ok: false; reason: string }) => (p.ok ? p.value : 'ERR');

describe('district', () => {
  it.each([
    ['500101', '500101'],
    ['万州区', '500101'],
    ['万州', '500101'],
    ['重庆市万州区', '500101'],
    [' 江北区 ', '500105'],
    ['石柱县', '500240'],
    ['石柱', '500240'],
    ['石柱土家族自治县', '500240'],
    ['秀山县', '500241'],
    ['高新区', 'CQ-GXQ'],
    ['cq-ljxq', 'CQ-LJXQ'],
    ['两江新区', 'CQ-LJXQ'],
  ])('%j → %s', (cell, code) => expect(v(m.district(cell))).toBe(code));

  it('refuses a district outside the reference data, naming the cell', () => {
    expect(m.district('成都市武侯区')).toEqual({
      ok: false,
      reason: "'成都市武侯区' is not one of the 41 districts of the reference data (give its name or code, e.g. 万州区 or 500101)",
    });
  });
});

describe('sector', () => {
  it('matches codes, names and the short names ledgers use', () => {
    expect(v(m.sector('危险化学品'))).toBe('hazardous_chemicals');
    expect(v(m.sector('危化'))).toBe('hazardous_chemicals');
    expect(v(m.sector('hazardous_chemicals'))).toBe('hazardous_chemicals');
    expect(v(m.sector('建筑施工'))).toBe('construction');
    expect(v(m.sector('餐饮业'))).toBe('ERR');
  });
});

describe('criterion', () => {
  it('matches code, title or document number, the sector choosing between standards of one notice', () => {
    expect(v(m.criterion('SAWS-121-2017-CHEM', null))).toBe('SAWS-121-2017-CHEM');
    expect(v(m.criterion('安监总管三〔2017〕121号', 'hazardous_chemicals'))).toBe('SAWS-121-2017-CHEM');
    expect(v(m.criterion('安监总管三〔2017〕121号', 'fireworks'))).toBe('SAWS-121-2017-FW');
    expect(v(m.criterion('重大火灾隐患判定规则 第5.1条', 'construction'))).toBe('GB-35181-2025');
  });

  it('refuses an ambiguous or unknown standard', () => {
    expect(m.criterion('安监总管三〔2017〕121号', null)).toEqual({
      ok: false,
      reason: "'安监总管三〔2017〕121号' names several standards (SAWS-121-2017-CHEM, SAWS-121-2017-FW): give the code",
    });
    expect(v(m.criterion('某某标准', null))).toBe('ERR');
  });
});
