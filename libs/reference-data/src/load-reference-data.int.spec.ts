import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSeedsDir, loadReferenceData } from './load-reference-data.js';
import type { District, KeyTaskItem } from './reference-data.types.js';

// Reads the real seeds/. Expected values are typed in from the sources (REFERENCE-DATA.md §1a table,
// DOMAIN.md §1a, the plan text), not taken from the loader.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PLAN_TEXT = '/work/shared/seeds/chongqing-three-year-action-2024-2026.txt';

/** REFERENCE-DATA.md §1a: the 38 GB/T 2260 county-level units of Chongqing. */
const GB_TABLE: Record<string, string> = {
  '500101': '万州区', '500102': '涪陵区', '500103': '渝中区', '500104': '大渡口区', '500105': '江北区',
  '500106': '沙坪坝区', '500107': '九龙坡区', '500108': '南岸区', '500109': '北碚区', '500110': '綦江区',
  '500111': '大足区', '500112': '渝北区', '500113': '巴南区', '500114': '黔江区', '500115': '长寿区',
  '500116': '江津区', '500117': '合川区', '500118': '永川区', '500119': '南川区', '500120': '璧山区',
  '500151': '铜梁区', '500152': '潼南区', '500153': '荣昌区', '500154': '开州区', '500155': '梁平区',
  '500156': '武隆区', '500229': '城口县', '500230': '丰都县', '500231': '垫江县', '500233': '忠县',
  '500235': '云阳县', '500236': '奉节县', '500237': '巫山县', '500238': '巫溪县',
  '500240': '石柱土家族自治县', '500241': '秀山土家族苗族自治县', '500242': '酉阳土家族苗族自治县',
  '500243': '彭水苗族土家族自治县',
};

/** DOMAIN.md §1a sectors; ★ = high risk. */
const HIGH_RISK = [
  'hazardous_chemicals', 'oil_gas_extraction', 'oil_gas_storage', 'coal_mine', 'non_coal_mine', 'tailings_pond',
  'fireworks', 'civil_explosives', 'military_industry', 'metallurgy', 'nonferrous', 'construction', 'road_transport', 'gas',
];
const NOT_HIGH_RISK = [
  'building_materials', 'machinery', 'light_industry', 'textiles', 'tobacco', 'commerce_trade', 'waterway_transport',
  'fire_safety', 'special_equipment', 'water_conservancy', 'electric_power', 'agricultural_machinery', 'hospital',
  'school_lab', 'nine_small_places', 'self_built_housing', 'other',
];
const INDUSTRY_AND_TRADE = ['metallurgy', 'nonferrous', 'building_materials', 'machinery', 'light_industry', 'textiles', 'tobacco', 'commerce_trade'];

const data = loadReferenceData();

function item(no: string): KeyTaskItem {
  const found = data.keyTaskItemByNo(no);
  if (found === undefined) throw new Error(`no item ${no}`);
  return found;
}

describe('loadReferenceData on the real seeds', () => {
  it('finds the repository seeds/ by default', () => {
    expect(defaultSeedsDir()).toBe(join(REPO, 'seeds'));
    expect(data.seedsDir).toBe(join(REPO, 'seeds'));
    expect(loadReferenceData(join(REPO, 'seeds')).districts).toEqual(data.districts);
  });

  describe('districts', () => {
    it('has the 41 units of the plan (the 38 GB codes of the table and the three CQ- codes) and 500157', () => {
      expect(data.districts).toHaveLength(42);
      expect(Object.keys(GB_TABLE)).toHaveLength(38);
      const gb = data.districts.filter((d) => d.gbCode !== null);
      expect(Object.fromEntries(gb.map((d) => [d.gbCode, d.name]))).toEqual({ ...GB_TABLE, '500157': '两江新区' });
      for (const d of gb) expect(d.code).toBe(d.gbCode);
      const zones = data.districts.filter((d) => d.gbCode === null);
      expect(zones.map((d) => [d.code, d.name, d.kind])).toEqual([
        ['CQ-GXQ', '西部科学城重庆高新区', 'functional_zone'],
        ['CQ-LJXQ', '两江新区', 'functional_zone'],
        ['CQ-WSJKQ', '万盛经开区', 'functional_zone'],
      ]);
    });

    it('counts 26 + 1 区, 8 县, 4 自治县 and 3 functional zones', () => {
      const count = (k: District['kind']) => data.districts.filter((d) => d.kind === k).length;
      expect([count('district'), count('county'), count('autonomous_county'), count('functional_zone')]).toEqual([27, 8, 4, 3]);
      expect(data.districtByCode('500233')).toMatchObject({ name: '忠县', kind: 'county' });
      expect(data.districtByCode('500156')).toMatchObject({ name: '武隆区', kind: 'district' });
    });

    it('is ordered by code: GB codes ascending, then the CQ- codes', () => {
      const codes = data.districts.map((d) => d.code);
      expect(codes.slice(0, 3)).toEqual(['500101', '500102', '500103']);
      expect(codes.slice(25, 27)).toEqual(['500156', '500157']);
      expect(codes.slice(35, 39)).toEqual(['500240', '500241', '500242', '500243']);
      expect(codes.slice(39)).toEqual(['CQ-GXQ', 'CQ-LJXQ', 'CQ-WSJKQ']);
      expect([...codes].sort()).toEqual(codes);
    });

    it('models the 2025 re-division: 500105, 500112 and CQ-LJXQ valid to 2025-11-05, 500157 from 2025-11-06', () => {
      const changed = data.districts.filter((d) => d.validFrom !== null || d.validTo !== null);
      expect(changed.map((d) => [d.code, d.validFrom, d.validTo, d.successor])).toEqual([
        ['500105', null, '2025-11-05', { main: '500157', also: [] }],
        ['500112', null, '2025-11-05', { main: '500157', also: ['500109'] }],
        ['500157', '2025-11-06', null, null],
        ['CQ-LJXQ', null, '2025-11-05', { main: '500157', also: [] }],
      ]);
      expect(data.districtsValidOn('2024-01-01')).toHaveLength(41);
      expect(data.districtsValidOn('2025-11-05')).toHaveLength(41);
      expect(data.districtsValidOn('2025-11-06')).toHaveLength(39);
      expect(data.districtsValidOn('2026-12-31')).toHaveLength(39);
      expect(() => data.districtsValidOn('2026-02-29')).toThrow(RangeError);
    });

    it('carries township and village counts (NBS 2023 lists) with their source', () => {
      const gb38 = data.districts.filter((d) => d.gbCode !== null && d.code !== '500157');
      // NBS 2023: 1,031 乡级 and 11,270 村级 codes in Chongqing; 500110 carries them minus 万盛经开区's 10 / 99.
      expect(gb38.reduce((a, d) => a + (d.townships ?? 0), 0) + 10).toBe(1031);
      expect(gb38.reduce((a, d) => a + (d.villages ?? 0), 0) + 99).toBe(11_270);
      expect(data.districtByCode('500103')).toMatchObject({ townships: 11, villages: 80 });
      expect(data.districtByCode('500157')).toMatchObject({ townships: 42, villages: 497 });
      expect(data.districtByCode('CQ-WSJKQ')).toMatchObject({ townships: 10, villages: 99 });
      expect(data.districtByCode('CQ-GXQ')).toMatchObject({ townships: null, villages: null, countsSource: null });
      for (const d of data.districts) expect(d.countsSource === null).toBe(d.townships === null && d.villages === null);
    });

    it('offers the codes as a set and looks units up by code', () => {
      expect(data.districtCodes.size).toBe(42);
      expect(data.districtCodes.has('CQ-LJXQ')).toBe(true);
      expect(data.districtCodes.has('500157')).toBe(true);
      expect(data.districtByCode('500103')?.name).toBe('渝中区');
      expect(data.districtByCode('nope')).toBeUndefined();
    });
  });

  describe('sectors and risk tags', () => {
    it('has the sectors of DOMAIN.md §1a with their high-risk flags', () => {
      expect(data.sectorList.map((s) => s.code).sort()).toEqual([...HIGH_RISK, ...NOT_HIGH_RISK].sort());
      for (const c of HIGH_RISK) expect(data.sectors.get(c)?.highRisk).toBe(true);
      for (const c of NOT_HIGH_RISK) expect(data.sectors.get(c)?.highRisk).toBe(false);
      expect(data.sectorByCode('hazardous_chemicals')).toMatchObject({ name: '危险化学品', gbt4754: ['C25', 'C26'] });
      expect(data.sectorByCode('construction')?.gbt4754).toEqual(['E47', 'E48', 'E49', 'E50']);
      expect(data.sectorByCode('machinery')?.gbt4754).toEqual(['C33', 'C34', 'C35', 'C36', 'C37', 'C38', 'C39', 'C40', 'C43']);
    });

    it('flags the eight 工贸 industries and the key sectors of plan task 6', () => {
      expect(data.sectorList.filter((s) => s.industryAndTrade).map((s) => s.code).sort()).toEqual([...INDUSTRY_AND_TRADE].sort());
      // 道路交通, 建设施工, 消防, 燃气, 危险化学品, 工贸, 矿山
      const key = ['road_transport', 'construction', 'fire_safety', 'gas', 'hazardous_chemicals', 'coal_mine', 'non_coal_mine', ...INDUSTRY_AND_TRADE];
      expect(data.sectorList.filter((s) => s.keySectorForPrincipalTraining).map((s) => s.code).sort()).toEqual(key.sort());
    });

    it('has the seven risk tags', () => {
      expect([...data.riskTagCodes].sort()).toEqual(
        ['chemical_park', 'confined_space', 'deep_well_casting', 'dust_explosion', 'liquid_ammonia_refrigeration', 'major_hazard_source', 'steel'],
      );
      expect(data.riskTags.find((t) => t.code === 'deep_well_casting')?.name).toBe('铝加工(深井铸造)');
    });
  });

  describe('criteria', () => {
    it('has one standard-level entry for each standard of DOMAIN.md §1a', () => {
      const titles = data.criteria.map((c) => c.title);
      for (const t of [
        '工贸企业重大事故隐患判定标准', '煤矿重大事故隐患判定标准', '金属非金属矿山重大事故隐患判定标准',
        '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）', '烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）',
        '民用爆炸物品行业重大事故隐患判定标准（试行）', '房屋市政工程生产安全重大事故隐患判定标准（2022版）', '城镇燃气经营安全重大隐患判定标准',
        '重大火灾隐患判定规则', '重大火灾隐患判定方法', '道路运输企业和城市客运企业安全生产重大事故隐患判定标准（试行）',
        '水利工程生产安全重大事故隐患判定标准（试行）', '特种设备重大事故隐患判定准则',
      ]) {
        expect(titles).toContain(t);
      }
      for (const c of data.criteria) {
        expect([c.clauseNo, c.text, c.standardId]).toEqual([null, null, c.code]);
      }
    });

    it('ships GB 35181-2017 superseded by GB 35181-2025 on 2025-11-01', () => {
      const old = data.criterionByCode('GB-35181-2017');
      const current = data.criterionByCode('GB-35181-2025');
      expect(old).toMatchObject({ documentNumber: 'GB 35181-2017', supersededBy: 'GB-35181-2025' });
      expect(current).toMatchObject({ documentNumber: 'GB 35181-2025', effectiveFrom: '2025-11-01', supersededBy: null });
    });

    it('records the numbers and dates read in the sources', () => {
      expect(data.criterionByCode('MEM-10-2023')).toMatchObject({ documentNumber: '中华人民共和国应急管理部令第10号', effectiveFrom: '2023-05-15', sector: null });
      expect(data.criterionByCode('MEM-10-2023')?.appliesToSectors).toHaveLength(8);
      expect(data.criterionByCode('MEM-4-2020')).toMatchObject({ sector: 'coal_mine', effectiveFrom: '2021-01-01' });
      expect(data.criterionByCode('KA-88-2022')).toMatchObject({ documentNumber: '矿安〔2022〕88号', effectiveFrom: '2022-09-01' });
      expect(data.criterionByCode('SAWS-98-2017')?.supersededBy).toBe('KA-88-2022');
      expect(data.criterionByCode('NOPE-1-2020')).toBeUndefined();
    });

    it('names only known sectors', () => {
      for (const c of data.criteria) {
        if (c.sector !== null) expect(data.sectors.has(c.sector)).toBe(true);
        for (const s of c.appliesToSectors) expect(data.sectors.has(s)).toBe(true);
      }
    });
  });

  describe('key tasks (annex)', () => {
    it('has the 22 tasks under the eight actions', () => {
      expect(data.keyTasks.map((t) => t.taskNo)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
      expect(data.keyTasks[0]).toMatchObject({ actionNo: 1, action: '开展重大安全风险源头管控行动', title: '强化重大安全风险源头管控' });
      expect(data.keyTasks[21]).toMatchObject({ actionNo: 8, action: '开展全民安全素质提升行动', title: '强力推进安全宣传教育' });
      expect([data.keyTasks[19]!.actionNo, data.keyTasks[20]!.actionNo]).toEqual([7, 7]);
      expect(new Set(data.keyTasks.map((t) => t.actionNo))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
    });

    it('has the rows of tasks 2, 3 and 14 as the annex lists them', () => {
      expect(data.keyTasks[1]!.items).toHaveLength(2);
      expect(data.keyTasks[2]!.items).toHaveLength(8);
      expect(data.keyTasks[13]!.items).toHaveLength(6);
    });

    it('task 2: the first item is due 2024-06-30, the second is 长期坚持', () => {
      expect(item('2.1').deadline).toEqual({ kind: 'date', date: '2024-06-30' });
      expect(item('2.1').text.startsWith('生产经营单位要在开展重大事故隐患判断标准培训的同时')).toBe(true);
      expect(item('2.2').deadline).toEqual({ kind: 'ongoing' });
    });

    it('task 14: the 1.8万台(套) item is 2024, the village stations 90% in 2025 and 100% in 2026', () => {
      expect(item('14.1')).toMatchObject({
        text: '为基层配备应急救援装备1.8万台(套)。',
        deadline: { kind: 'year', year: 2024, years: [2024] },
        leadUnits: '市应急局、市财政局等市安委会有关成员单位,各区县政府',
      });
      expect(item('14.3')).toMatchObject({ text: '村(社区)应急救援站(点)建成率达到90%', deadline: { kind: 'year', year: 2025 }, deadlineInherited: true });
      expect(item('14.5')).toMatchObject({ text: '村(社区)应急救援站(点)建成率达到100%', deadline: { kind: 'year', year: 2026 }, deadlineInherited: false });
    });

    it('applies merged cells: omitted 完成时间 / 责任单位 continue the row above', () => {
      // 3.3 (存量) has no 完成时间 cell: it continues 3.1's 2024, as the body says 「2024年,基本消除…」.
      expect(item('3.3')).toMatchObject({ text: '基本消除2023年及以前排查发现的重大事故隐患存量。', deadline: { kind: 'year', year: 2024 }, deadlineInherited: true });
      expect(item('3.6')).toMatchObject({ deadline: { kind: 'yearly' }, leadUnits: '市安委会' });
      expect(item('3.7')).toMatchObject({ deadline: { kind: 'yearly' }, deadlineInherited: true, leadUnits: '各区县安委会', leadUnitsInherited: false });
      expect(item('1.2')).toMatchObject({ deadline: { kind: 'year', year: 2024 }, leadUnits: '市应急局等市安委会有关成员单位' });
      // Task 21 has one 责任单位 cell spanning its four rows.
      for (const no of ['21.2', '21.3', '21.4']) {
        expect(item(no)).toMatchObject({ leadUnits: '市经济信息委等市安委会有关成员单位,各区县政府', leadUnitsInherited: true });
      }
      expect(item('21.3').deadline).toEqual({ kind: 'year', year: 2026, years: [2026] });
      expect(item('19.2').leadUnits).toBe('市安委会有关成员单位,有关区县政府');
    });

    it('represents an item listed for 2025 and 2026', () => {
      expect(item('5.2').deadline).toEqual({ kind: 'year', year: 2026, years: [2025, 2026] });
      expect(item('22.2')).toMatchObject({ text: '力争每年分别开展“千师万讲”安全知识宣讲近万场。', deadline: { kind: 'year', years: [2025, 2026] } });
      expect(item('20.8').deadline).toEqual({ kind: 'yearly' });
      expect(item('20.7')).toMatchObject({ text: '实施公路安全生命防护工程8000公里。', deadline: { kind: 'year', year: 2026 } });
    });

    if (!existsSync(PLAN_TEXT)) {
      it('checks the annex against the plan text only where ../shared/seeds is beside the repo (it is not here)', () => {
        expect(existsSync(PLAN_TEXT)).toBe(false);
      });
    }
    (existsSync(PLAN_TEXT) ? it : () => undefined)('copies every task title, item text and lead unit verbatim from the plan text', () => {
      const lines = new Set(readFileSync(PLAN_TEXT, 'utf8').split('\n').map((l) => l.trim()));
      for (const t of data.keyTasks) {
        expect(lines.has(`${t.taskNo}.${t.title}。`)).toBe(true);
        for (const it of t.items) {
          if (!lines.has(it.text)) throw new Error(`item ${it.itemNo} text is not a line of the plan`);
          if (!lines.has(it.leadUnits)) throw new Error(`item ${it.itemNo} lead units are not a line of the plan`);
        }
      }
    });
  });

  describe('plan targets', () => {
    it('has the hazard targets: stock cleared in 2024, dynamic zero in 2026', () => {
      expect(data.planTargets.find((t) => t.targetId === 'major-stock-cleared-2024')).toMatchObject({
        clause: '三(二)3', year: 2024, grouping: 'district', unit: 'count', comparator: '<=', threshold: 0, indicator: 'major_stock_open', keyTaskItem: '3.3',
      });
      expect(data.planTargets.find((t) => t.indicator === 'major_overdue')).toMatchObject({ year: 2026, comparator: '<=', threshold: 0, keyTaskItem: '3.5' });
      expect(data.planTargets.find((t) => t.indicator === 'self_inspection_completion_rate')).toMatchObject({ year: 2024, dueDate: '2024-06-30', threshold: 1 });
    });

    it('carries the plan figures', () => {
      const by = (indicator: string, year: number) => data.planTargetsForYear(year).find((t) => t.indicator === indicator);
      expect(by('rescue_equipment_sets_distributed', 2024)).toMatchObject({ unit: 'sets', threshold: 18000 });
      expect(by('village_rescue_station_build_rate', 2025)?.threshold).toBe(0.9);
      expect(by('village_rescue_station_build_rate', 2026)?.threshold).toBe(1);
      expect(by('professional_rescue_team_build_rate', 2025)?.threshold).toBe(0.8);
      expect(by('professional_rescue_team_build_rate', 2026)?.threshold).toBe(0.9);
      expect(by('old_communities_renovation_started', 2024)?.threshold).toBe(1835);
      expect(by('old_communities_renovation_area_m2', 2024)?.threshold).toBe(41_860_000);
      expect(by('rural_dangerous_bridges_rebuilt', 2024)?.threshold).toBe(36);
      expect(by('dangerous_reservoirs_reinforced', 2025)?.threshold).toBe(115);
      expect(by('highway_life_protection_km', 2026)).toMatchObject({ unit: 'km', threshold: 8000 });
      expect(by('standardization_rate_mines', 2025)?.threshold).toBe(1);
      expect(by('high_risk_training_pass_rate', 2026)?.threshold).toBe(1);
      expect(by('safety_demo_city_districts_succeeded', 2026)?.threshold).toBe(3);
      for (const y of [2024, 2025, 2026]) {
        expect(by('elevators_spot_checked', y)?.threshold).toBe(1000);
        expect(by('publicity_demo_sites_new', y)).toMatchObject({ grouping: 'district', threshold: 5 });
      }
      expect(by('qianshi_wanjiang_lectures', 2024)).toBeUndefined();
      expect(by('qianshi_wanjiang_lectures', 2025)?.threshold).toBe(10000);
    });

    it('lists targets by year and links them to annex items that exist', () => {
      const years = data.planTargets.map((t) => t.year);
      expect([...years].sort()).toEqual(years);
      expect(data.planTargetsForYear(2023)).toEqual([]);
      for (const t of data.planTargets) if (t.keyTaskItem !== null) expect(data.keyTaskItemByNo(t.keyTaskItem)).toBeDefined();
    });
  });

  it('hands out frozen data', () => {
    expect(Object.isFrozen(data)).toBe(true);
    expect(Object.isFrozen(data.districts)).toBe(true);
    expect(Object.isFrozen(data.keyTasks[0]!.items[0]!.deadline)).toBe(true);
    expect(() => (data.districts as District[]).push({ ...data.districts[0]! })).toThrow(TypeError);
  });

  it('names its sources in every file', () => {
    for (const s of Object.values(data.sources)) {
      expect(s.summary.length).toBeGreaterThan(0);
      expect(s.documents.length).toBeGreaterThan(0);
    }
    expect(data.sources['criteria.json'].notes.join(' ')).toContain('Clause texts are not shipped');
    expect(data.sources['districts.json'].notes.join(' ')).toContain('facts dated after validTo count under the main successor');
  });
});
