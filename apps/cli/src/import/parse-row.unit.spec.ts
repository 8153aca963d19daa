/** One row → a ledger entry or its problems: required cells, date order, five-in-place, defaults. */
import { mapHeader } from './ledger-columns.js';
import { referenceMatcher } from './match-reference.js';
import { parseRow, titleFrom } from './parse-row.js';

const HEADER = ['隐患编号', '单位名称', '统一社会信用代码', '所属区县', '行业领域', '隐患等级', '隐患描述', '判定依据', '发现日期', '整改期限', '整改措施', '整改责任人', '整改资金（万元）', '应急预案', '整改完成日期', '销号日期'];
const header = mapHeader(HEADER);
const match = referenceMatcher({
  districts: [{ code: '500101', name: '万州区' }],
  sectors: [{ code: 'metallurgy', name: '冶金', highRisk: true, gbt4754: ['C31'] }],
  riskTags: [],
  criteria: [{ code: 'MEM-10-2023', title: '工贸企业重大事故隐患判定标准', documentNumber: null, appliesToSectors: ['metallurgy'], effectiveFrom: '2023-05-15' }],
});
// 91500101MA5XP6N17N: check character computed by hand (GB 32100-2015 weights).
const base: Record<string, string> = { 隐患编号: 'X-1', 单位名称: '某冶金公司', 统一社会信用代码: '91500101ma5xp6n17n', 所属区县: '万州区', 行业领域: '冶金', 隐患等级: '一般', 隐患描述: '  高炉平台\n防护栏杆锈蚀断裂，存在高处坠落风险，需立即更换并加强巡检，防止人员坠落事故发生  ', 发现日期: '2025-03-03' };
const row = (cells: Record<string, string>, line = 7) => parseRow({ line, cells: HEADER.map((h) => ({ ...base, ...cells })[h] ?? '') }, header, match, '2025-12-31');

describe('parseRow', () => {
  it('reads a minimal general hazard, upper-casing the USCC and making the title from the description', () => {
    const result = row({});
    expect(result).toMatchObject({ entry: { line: 7, uscc: '91500101MA5XP6N17N', districtCode: '500101', sector: 'metallurgy', grade: 'general', channel: 'self_inspection', deadline: null, fundsFen: null } });
    expect('entry' in result && result.entry.title).toBe('高炉平台 防护栏杆锈蚀断裂，存在高处坠落风险，需立即更换并加强巡检，防止人员坠落');
    expect([...titleFrom(base['隐患描述']!)].length).toBe(40);
  });

  it('reads funds in 万元 to fen', () => {
    expect(row({ 整改期限: '2025-03-31', '整改资金（万元）': '0.35' })).toMatchObject({ entry: { fundsFen: 350000 } });
  });

  it('refuses completion without a deadline and closure without completion', () => {
    expect(row({ 整改完成日期: '2025-03-20' })).toEqual({
      problems: [{ line: 7, column: '整改期限', reason: '整改完成日期 is given but 整改期限 is empty: a rectification is completed against a plan with a deadline' }],
    });
    expect(row({ 整改期限: '2025-03-31', 销号日期: '2025-03-20' })).toEqual({
      problems: [{ line: 7, column: '整改完成日期', reason: '销号日期 is given but 整改完成日期 is empty: only a completed rectification is verified and closed' }],
    });
  });

  it('accepts a deadline after today but not a completion after today', () => {
    expect(row({ 整改期限: '2026-06-30' })).toMatchObject({ entry: { deadline: '2026-06-30' } });
    expect(row({ 整改期限: '2026-06-30', 整改完成日期: '2026-01-02' })).toEqual({
      problems: [{ line: 7, column: '整改完成日期', reason: '2026-01-02 lies in the future (today is 2025-12-31)' }],
    });
  });

  it('needs the criterion of a major hazard, and the five in place when it has a deadline, naming each missing column', () => {
    expect(row({ 隐患等级: '重大' })).toEqual({ problems: [{ line: 7, column: '判定依据', reason: 'a major hazard needs the criterion (判定标准条款) it is judged under' }] });
    const five = "a major hazard's rectification plan needs all five in place (五落实: measures, funds, deadline, responsible person, emergency plan)";
    expect(row({ 隐患等级: '重大', 判定依据: 'MEM-10-2023', 整改期限: '2025-04-30', '整改资金（万元）': '0' })).toEqual({
      problems: [
        { line: 7, column: '整改措施', reason: `${five}; 整改措施 is empty` },
        { line: 7, column: '整改资金（万元）', reason: `${five}; the funds are 0` },
        { line: 7, column: '整改责任人', reason: `${five}; 整改责任人 is empty` },
        { line: 7, column: '应急预案', reason: `${five}; 应急预案 is empty` },
      ],
    });
  });

  it('lists every bad cell of a row', () => {
    expect(row({ 隐患编号: '', 隐患等级: '较大', 发现日期: '2025-02-30' })).toEqual({
      problems: [
        { line: 7, column: '隐患编号', reason: 'required cell is empty' },
        { line: 7, column: '隐患等级', reason: "'较大' is not a hazard grade (重大 or 一般)" },
        { line: 7, column: '发现日期', reason: "'2025-02-30' is not a real calendar date" },
      ],
    });
  });
});
