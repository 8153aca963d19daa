/** Header matching: canonical headers, aliases, spacing and parentheses, missing and doubled columns. */
import { looksLikeHeader, mapHeader } from './ledger-columns.js';

const REQUIRED = ['隐患编号', '单位名称', '统一社会信用代码', '所属区县', '行业领域', '隐患等级', '隐患描述', '发现日期'];

describe('mapHeader', () => {
  it('maps the canonical headers to their cell indexes and keeps the text as written', () => {
    const map = mapHeader([...REQUIRED, '整改期限', '整改资金（元）', '销号日期']);
    expect(map.problems).toEqual([]);
    expect(map.index).toMatchObject({ ledgerId: 0, enterpriseName: 1, uscc: 2, district: 3, sector: 4, grade: 5, description: 6, discoveredOn: 7, deadline: 8, fundsYuan: 9, closedOn: 10 });
    expect(map.text.fundsYuan).toBe('整改资金（元）');
  });

  it('accepts aliases, half-width parentheses, line breaks, spaces and required-column asterisks', () => {
    const map = mapHeader(['*编号', '企业名称', '社会信用代码', '区县', '所属行业', '隐患级别', '隐患内容', '发现\n时间', '整改时限', '整改资金(元)', '判定依据', '来源', ' 验收销号日期 ']);
    expect(map.problems).toEqual([]);
    expect(map.index).toMatchObject({ ledgerId: 0, enterpriseName: 1, uscc: 2, district: 3, sector: 4, grade: 5, description: 6, discoveredOn: 7, deadline: 8, fundsYuan: 9, criterion: 10, channel: 11, closedOn: 12 });
    expect(map.text.discoveredOn).toBe('发现\n时间');
  });

  it('lists unknown headers as ignored', () => {
    expect(mapHeader([...REQUIRED, '序号', '备注']).ignored).toEqual(['序号', '备注']);
  });

  it('names every missing required column, and a column given twice', () => {
    const map = mapHeader(['隐患编号', '编号', '单位名称']);
    expect(map.problems).toEqual([
      "columns '隐患编号' and '编号' both give 隐患编号",
      'required column 统一社会信用代码 is missing (accepted headers: 统一社会信用代码, 社会信用代码, 信用代码, 统一信用代码)',
      'required column 所属区县 is missing (accepted headers: 所属区县, 区县, 所属区县（自治县）, 区县（自治县）, 所在区县, 属地)',
      'required column 行业领域 is missing (accepted headers: 行业领域, 所属行业, 行业, 所属行业领域, 行业类别)',
      'required column 隐患等级 is missing (accepted headers: 隐患等级, 隐患级别, 等级, 级别)',
      'required column 隐患描述 is missing (accepted headers: 隐患描述, 隐患内容, 隐患情况, 隐患具体情况, 存在问题)',
      'required column 发现日期 is missing (accepted headers: 发现日期, 发现时间, 排查日期, 检查日期, 上报日期)',
    ]);
  });

  it('refuses funds given both in 元 and in 万元', () => {
    expect(mapHeader([...REQUIRED, '整改资金（元）', '整改资金（万元）']).problems).toEqual([
      "columns '整改资金（元）' and '整改资金（万元）' both give the funds: keep one",
    ]);
  });
});

describe('looksLikeHeader', () => {
  it('needs 隐患编号 and two more known columns', () => {
    expect(looksLikeHeader(['隐患编号', '单位名称', '发现日期'])).toBe(true);
    expect(looksLikeHeader(['某区隐患排查治理台账', '', ''])).toBe(false);
    expect(looksLikeHeader(['单位名称', '发现日期', '隐患描述'])).toBe(false);
  });
});
