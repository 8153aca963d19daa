/**
 * The demo workload: a deterministic list of HTTP commands (API.md) that registers enterprises over
 * Chongqing's 41 districts and the plan's sectors, and takes their hazards through whole lifecycles
 * from 2023 to the end date — the stock found in 2023, closures on time and late, extensions,
 * rejected rectifications, reopenings (反销号), escalations (函告/通报/约谈/挂牌督办), problem-list
 * entries, hazards left open, and a few facts placed on CST New Year boundaries on purpose.
 *
 * ## Proportions, and where they come from
 * The figures are synthetic; the proportions are chosen to look like what public figures show, and
 * are stated here so the README can cite them.
 *
 * - **Districts** (`DISTRICT_TIERS`): weight 6 for the central urban districts and 两江新区 (dense
 *   commerce, construction, people-intensive places); 4 for the industrial and new-city districts
 *   (涪陵 and 长寿 with their chemical parks, 江津, 永川, 合川, 璧山, 巴南, 北碚, 万州, 高新区); 2.5 for the
 *   rest of the 主城都市区 and 万盛; 1.5 for the counties of 渝东北 and 渝东南. These are rough relative
 *   sizes after the districts' public economic and population rankings, not official enterprise
 *   counts. The first 41 enterprises take one district each, so every district has enterprises
 *   whatever the size.
 * - **Sectors** (`SECTOR_WEIGHTS`, then `sectorFactor` by district tier): weighted towards the
 *   enterprises a district safety bureau supervises most — 商贸 14, 建设施工 12, 道路运输 9, 机械 8,
 *   九小场所 8, 消防(人员密集场所) 7, 轻工 6, 建材 4, 危险化学品 4 … — with few coal mines, fireworks,
 *   civil explosives and tailings ponds (0.2–0.4: Chongqing has closed most of its small coal mines and
 *   fireworks producers); no mines, fireworks or explosives in the central urban districts; chemicals
 *   ×4 in 涪陵 and 长寿; mines, 农机 and 水利 more common in the counties; 水上交通 on the Yangtze
 *   districts. After the first 41, any sector not drawn yet gets one enterprise, so every sector has
 *   enterprises too.
 * - **Hazards per enterprise**: Poisson with mean `hazardsPerEnterprise` (default 2), ×1.4 in
 *   high-risk sectors, ×0.6 for 九小场所 and 经营性自建房.
 * - **Year found**: 2023 : 2024 : 2025 : 2026 ≈ 0.8 : 1.25 : 1.05 : 1.0 per full year (2024 is the plan's
 *   year of the big hazard survey 大排查), prorated for the part of a year before the end date.
 * - **Channel**: 自查 52%, 督导检查 26%, 执法检查 11%, 群众举报 8%, 事故调查 3%.
 * - **Major hazards**: P(major | channel) = 1.1% for self-inspection, 4.3% for supervisory
 *   inspection, 4% for enforcement, 2% for public reports, 8% for accident investigations, ×1.3 in
 *   high-risk sectors and ×0.8 elsewhere: about 2.5–3% of all hazards, more often found by supervisors.
 *   REFERENCE-DATA.md §6 (应急管理部, 2021-12-27): a national special check by working groups found
 *   111 major among 2,588 (≈4.3%); the enterprises' own self-check and cross-check round found 1,800+
 *   major among 169,000+ (≈1.1%).
 * - **Lifecycle**: deadlines 7–45 days after discovery for a general hazard, 30–150 for a major one;
 *   80% of the 2023 stock get a deadline in 2024 (the plan: stock 基本消除 in 2024); 2% never planned,
 *   5% planned and stuck (60% of them closed 2–13 months late), 2% completed and never verified; 10% extended; 12% closed late (15% of the
 *   stock); 8% rejected once at verification; 5% of closed hazards reopened, 70% of those closed
 *   again; late and stuck hazards escalated (45% of general, 90% of major ones) with 1–4 measures in
 *   the order 函告 → 通报 → 约谈 → 挂牌督办, or 挂牌督办 at once for 30% of the escalated major ones (half of the
 *   挂牌督办 by `POST …/listed-supervision`); 45% of
 *   major hazards on a district problem list, 15% on the city's. Every fact after the end date is
 *   left out, so the recent hazards are still open, as they would be.
 */
import { usccCheckCharacter } from '#domain';
import { loadReferenceData } from '#reference-data';
import { addDays, cstDateOf, cstMidnight, DAY_MS, formatCst, HOUR_MS, laterDate } from './cst-time.js';
import { deriveSeed, Prng } from './prng.js';

/** One HTTP command of the workload. */
export interface WorkloadOperation {
  method: 'POST';
  /** Path under the server's base URL, e.g. '/api/v1/hazards/{id}/closure'. */
  path: string;
  /** The JSON body (times ISO-8601 with offset, deadlines CST dates, money integer fen). */
  body: Record<string, unknown>;
  /** Extra request headers: an `Idempotency-Key` (a UUID) on every operation. */
  headers?: Record<string, string>;
  /** The stream written ('enterprise-{uscc}', 'hazard-{id}'): one stream's operations are sent in list order, one at a time. */
  stream: string;
  /** A stream whose operations must all have succeeded first (a hazard's report waits for its enterprise). */
  after?: string;
}

/** The reference data the generator draws from (a subset of `ReferenceData`). */
export interface WorkloadReference {
  districts: readonly { code: string; name: string; gbCode: string | null }[];
  sectors: readonly { code: string; name: string; highRisk: boolean; gbt4754: readonly string[] }[];
  criteria: readonly {
    code: string;
    sector: string | null;
    appliesToSectors: readonly string[];
    effectiveFrom: string;
    supersededBy: string | null;
  }[];
}

/** Options of {@link generateWorkload}. */
export interface WorkloadOptions {
  /** Any integer: equal options give equal workloads. */
  seed: number;
  /** How many enterprises to register (≥ 1). */
  enterprises: number;
  /** Mean hazards per enterprise (default {@link DEFAULT_HAZARDS_PER_ENTERPRISE}). */
  hazardsPerEnterprise?: number;
  /** No fact is dated after this instant (ISO-8601 with offset; default {@link DEFAULT_END_DATE}). */
  endDate?: string;
  /** Default: `loadReferenceData()` from the repository's seeds. */
  reference?: WorkloadReference;
}

/** The fixed default end of the demo, so that the demo is the same whenever it runs. */
export const DEFAULT_END_DATE = '2026-10-31T23:59:59+08:00';
/**
 * Mean hazards per enterprise. Two keeps the default demo (3,000 enterprises, ≈36,000 commands) to
 * minutes against the embedded instance; real enterprises record many more general hazards a year.
 */
export const DEFAULT_HAZARDS_PER_ENTERPRISE = 2;
/** The first year hazards are found in: the stock (存量) is what was found before 2024-01-01. */
export const FIRST_YEAR = 2023;

// ─── proportions (see the module comment) ──────────────────────────────────────────────────────────

type Tier = 'central' | 'industrial' | 'metro' | 'county';

const DISTRICT_TIERS: Record<string, Tier> = {
  '500103': 'central', '500105': 'central', '500106': 'central', '500107': 'central', '500108': 'central',
  '500112': 'central', 'CQ-LJXQ': 'central',
  '500101': 'industrial', '500102': 'industrial', '500109': 'industrial', '500113': 'industrial', '500115': 'industrial',
  '500116': 'industrial', '500117': 'industrial', '500118': 'industrial', '500120': 'industrial', 'CQ-GXQ': 'industrial',
  '500104': 'metro', '500110': 'metro', '500111': 'metro', '500119': 'metro', '500151': 'metro', '500152': 'metro',
  '500153': 'metro', '500154': 'metro', '500155': 'metro', 'CQ-WSJKQ': 'metro',
};
const TIER_WEIGHT: Record<Tier, number> = { central: 6, industrial: 4, metro: 2.5, county: 1.5 };
/** Districts with chemical parks (长寿经开区, 涪陵白涛): more hazardous-chemicals enterprises. */
const CHEMICAL_DISTRICTS = new Set(['500102', '500115']);
/** Districts on the Yangtze with much river traffic. */
const RIVER_DISTRICTS = new Set(['500101', '500102', '500115', '500230', '500233', '500235', '500236', '500237']);

const SECTOR_WEIGHTS: Record<string, number> = {
  commerce_trade: 14, construction: 12, road_transport: 9, machinery: 8, nine_small_places: 8, fire_safety: 7,
  light_industry: 6, building_materials: 4, hazardous_chemicals: 4, gas: 3, special_equipment: 3,
  self_built_housing: 3, hospital: 2, other: 2, textiles: 1.5, metallurgy: 1.5, nonferrous: 1.5,
  non_coal_mine: 1.5, waterway_transport: 1.5, school_lab: 1, electric_power: 1, water_conservancy: 1,
  agricultural_machinery: 1, oil_gas_storage: 0.8, tailings_pond: 0.4, coal_mine: 0.3, fireworks: 0.3,
  military_industry: 0.3, oil_gas_extraction: 0.3, tobacco: 0.3, civil_explosives: 0.2,
};
const UNKNOWN_SECTOR_WEIGHT = 0.5;
const EXTRACTIVE = new Set(['coal_mine', 'non_coal_mine', 'tailings_pond', 'oil_gas_extraction', 'fireworks', 'civil_explosives']);
const PEOPLE_INTENSIVE = new Set(['commerce_trade', 'fire_safety', 'nine_small_places', 'hospital', 'school_lab']);

function sectorFactor(sector: string, district: string, tier: Tier): number {
  let f = 1;
  if (tier === 'central') {
    if (EXTRACTIVE.has(sector)) return 0;
    if (sector === 'agricultural_machinery') f *= 0.2;
    if (PEOPLE_INTENSIVE.has(sector)) f *= 1.5;
  }
  if (tier === 'industrial' && ['hazardous_chemicals', 'metallurgy', 'nonferrous', 'machinery'].includes(sector)) f *= 1.5;
  if (tier === 'county' && (EXTRACTIVE.has(sector) || ['agricultural_machinery', 'water_conservancy'].includes(sector))) f *= 2.5;
  if (CHEMICAL_DISTRICTS.has(district) && sector === 'hazardous_chemicals') f *= 4;
  if (RIVER_DISTRICTS.has(district) && sector === 'waterway_transport') f *= 2;
  return f;
}

/** GB/T 4754-2017 codes for sectors without a clean link in the seeds (a plausible class each). */
const INDUSTRY_CODES: Record<string, readonly string[]> = {
  agricultural_machinery: ['A05', 'O81'], civil_explosives: ['C2671'], commerce_trade: ['F52', 'F51', 'G59'],
  fire_safety: ['H61', 'R90', 'F52'], fireworks: ['C2672', 'F52'], hospital: ['Q84'], light_industry: ['C13', 'C14', 'C22', 'C29'],
  military_industry: ['C37', 'C40'], nine_small_places: ['H62', 'O80', 'F52'], oil_gas_storage: ['G59', 'F52'],
  other: ['L72', 'M74', 'O81'], school_lab: ['P83', 'M73'], self_built_housing: ['H61', 'H62'], special_equipment: ['O81', 'C34'],
  tailings_pond: ['B09', 'B10'], textiles: ['C17', 'C18'],
};
const RISK_TAGS_BY_SECTOR: Record<string, readonly string[]> = {
  hazardous_chemicals: ['major_hazard_source', 'chemical_park'], metallurgy: ['steel', 'dust_explosion'],
  nonferrous: ['deep_well_casting', 'dust_explosion'], machinery: ['dust_explosion', 'confined_space'],
  light_industry: ['dust_explosion', 'liquid_ammonia_refrigeration', 'confined_space'], commerce_trade: ['liquid_ammonia_refrigeration'],
  oil_gas_storage: ['major_hazard_source'], gas: ['major_hazard_source', 'confined_space'], building_materials: ['dust_explosion'],
};

const CHANNELS = [
  ['self_inspection', 0.52],
  ['supervisory_inspection', 0.26],
  ['enforcement', 0.11],
  ['public_report', 0.08],
  ['accident_investigation', 0.03],
] as const;
type Channel = (typeof CHANNELS)[number][0];
const MAJOR_SHARE_BY_CHANNEL: Record<Channel, number> = {
  self_inspection: 0.011,
  supervisory_inspection: 0.043,
  enforcement: 0.04,
  public_report: 0.02,
  accident_investigation: 0.08,
};
const YEAR_WEIGHT: Record<number, number> = { 2023: 0.8, 2024: 1.25, 2025: 1.05, 2026: 1.0 };
const ESCALATION_ORDER = ['notice_letter', 'circular', 'interview', 'listed_supervision'] as const;

// ─── names and texts ─────────────────────────────────────────────────────────────────────────────

const NAME_SYLLABLES = ['恒', '鑫', '瑞', '盛', '远', '通', '华', '泰', '宏', '安', '嘉', '信', '达', '丰', '润', '凯', '锦', '祥', '德', '兴', '川', '渝', '巴', '峡'];
const NAME_SUFFIX: Record<string, string> = {
  hazardous_chemicals: '化工有限公司', oil_gas_extraction: '天然气开采有限公司', oil_gas_storage: '油气储运有限公司',
  coal_mine: '煤业有限公司', non_coal_mine: '矿业有限公司', tailings_pond: '矿业尾矿库', fireworks: '烟花爆竹经营部',
  civil_explosives: '民爆器材有限公司', military_industry: '精密机电有限公司', metallurgy: '钢铁有限公司', nonferrous: '铝业有限公司',
  building_materials: '建材有限公司', machinery: '机械制造有限公司', light_industry: '食品有限公司', textiles: '纺织有限公司',
  tobacco: '烟草物流中心', commerce_trade: '商贸有限公司', construction: '建筑工程有限公司', road_transport: '运输有限公司',
  waterway_transport: '航运有限公司', gas: '燃气有限公司', fire_safety: '商业管理有限公司', special_equipment: '电梯工程有限公司',
  water_conservancy: '水利工程管理站', electric_power: '电力有限公司', agricultural_machinery: '农机专业合作社', hospital: '医院',
  school_lab: '职业学院', nine_small_places: '餐饮店', self_built_housing: '宾馆', other: '实业有限公司',
};
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '何', '罗', '郑', '谢', '唐'];
const GIVEN = ['伟', '芳', '军', '敏', '静', '强', '磊', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚', '燕', '鹏', '婷'];
const GENERIC_HAZARDS = [
  '安全出口锁闭', '疏散通道堆放杂物', '消防设施未定期检测', '特种作业人员未持证上岗', '有限空间作业未审批',
  '安全警示标志缺失', '电气线路私拉乱接', '应急预案未演练', '隐患排查台账不全', '安全培训记录缺失',
];
const SECTOR_HAZARDS: Record<string, readonly string[]> = {
  hazardous_chemicals: ['储罐区可燃气体报警仪失效', '危险化学品超量储存', '装置未设自动化控制系统'],
  construction: ['脚手架连墙件缺失', '深基坑未按方案支护', '塔吊限位装置失效'],
  road_transport: ['车辆动态监控设备故障', '驾驶员超时驾驶', '车辆超载运输'],
  gas: ['燃气管道腐蚀', '用户端未装熄火保护装置', '调压设施泄漏'],
  metallurgy: ['煤气区域未设报警装置', '高温熔融金属吊运设备缺陷'],
  nonferrous: ['深井铸造冷却水系统无联锁', '铝粉尘除尘系统不符合要求'],
  machinery: ['粉尘涉爆除尘系统未防爆', '冲压设备安全防护缺失'],
  light_industry: ['液氨制冷车间泄漏报警失效', '粉尘清扫制度未落实'],
  commerce_trade: ['商场疏散指示标志损坏', '液氨冷库未设泄漏报警'],
  coal_mine: ['瓦斯监测系统失效', '超层越界开采'],
  non_coal_mine: ['采空区未按设计处理', '提升系统保护装置失效'],
  fire_safety: ['人员密集场所防火分隔缺失', '自动喷水灭火系统停用'],
  nine_small_places: ['电动自行车室内充电', '住宿与经营场所未分隔'],
  self_built_housing: ['房屋擅自加层', '承重结构开裂'],
  waterway_transport: ['船舶救生设备不足', '船员未持证'],
  special_equipment: ['电梯门锁失效', '压力容器未定期检验'],
};

// ─── generation ──────────────────────────────────────────────────────────────────────────────────

interface Enterprise {
  uscc: string;
  name: string;
  districtCode: string;
  sector: string;
  highRisk: boolean;
}

/**
 * Generates the workload: enterprises first (one `POST /api/v1/enterprises` each), then every
 * hazard's commands, all hazards' commands interleaved in time order (each hazard's own steps in
 * the order the server requires, each step's time ≥ the previous one's).
 *
 * @returns operations in an order the server accepts; hazard ids and `Idempotency-Key`s are UUIDs
 *   drawn from the seed, so the same options give byte-for-byte the same list
 * @throws RangeError for a non-positive enterprise count, a negative mean, or an end date that is not
 *   an ISO-8601 instant in or after 2023
 */
export function generateWorkload(options: WorkloadOptions): WorkloadOperation[] {
  const { seed, enterprises: count } = options;
  const mean = options.hazardsPerEnterprise ?? DEFAULT_HAZARDS_PER_ENTERPRISE;
  const endDate = options.endDate ?? DEFAULT_END_DATE;
  const endMs = Date.parse(endDate);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`enterprises must be a positive integer, got ${count}`);
  if (!(mean >= 0)) throw new RangeError(`hazardsPerEnterprise must be ≥ 0, got ${mean}`);
  if (!/T.*(Z|[+-]\d{2}:\d{2})$/.test(endDate) || Number.isNaN(endMs)) throw new RangeError(`endDate must be an ISO-8601 instant with an offset, got '${endDate}'`);
  if (cstDateOf(endMs) < `${FIRST_YEAR}-01-01`) throw new RangeError(`endDate must be in or after ${FIRST_YEAR}, got '${endDate}'`);
  const reference = options.reference ?? toWorkloadReference(loadReferenceData());

  const enterprises = generateEnterprises(new Prng(deriveSeed(seed, 'enterprises')), count, reference);
  const registrations = generateRegistrations(new Prng(deriveSeed(seed, 'registrations')), enterprises, reference, endMs);

  const steps: HazardStep[] = [];
  let hazardSeq = 0;
  enterprises.forEach((enterprise, i) => {
    const rng = new Prng(deriveSeed(seed, 'hazards', i));
    const factor = enterprise.highRisk ? 1.4 : ['nine_small_places', 'self_built_housing'].includes(enterprise.sector) ? 0.6 : 1;
    const n = rng.poisson(mean * factor);
    for (let k = 0; k < n; k++) steps.push(...generateHazard(rng, enterprise, reference, endMs, hazardSeq++));
  });
  const boundaryRng = new Prng(deriveSeed(seed, 'boundaries'));
  for (const spec of BOUNDARY_HAZARDS) {
    const enterprise = boundaryRng.pick(enterprises);
    steps.push(...boundaryHazard(boundaryRng, spec, enterprise, reference, endMs, hazardSeq++));
  }
  steps.sort((a, b) => a.at - b.at || a.hazardSeq - b.hazardSeq || a.stepNo - b.stepNo);

  const operations = [...registrations, ...steps.map((s) => s.operation)];
  const keys = new Prng(deriveSeed(seed, 'idempotency-keys'));
  for (const op of operations) op.headers = { 'Idempotency-Key': keys.uuid() };
  return operations;
}

/** The generator's view of the loaded reference data. */
export function toWorkloadReference(data: {
  districts: WorkloadReference['districts'];
  sectorList: WorkloadReference['sectors'];
  criteria: WorkloadReference['criteria'];
}): WorkloadReference {
  return { districts: data.districts, sectors: data.sectorList, criteria: data.criteria };
}

function generateEnterprises(rng: Prng, count: number, reference: WorkloadReference): Enterprise[] {
  const districts = reference.districts;
  const tierOf = (code: string): Tier => DISTRICT_TIERS[code] ?? 'county';
  const sectorWeight = (sector: string, district: string) =>
    (SECTOR_WEIGHTS[sector] ?? UNKNOWN_SECTOR_WEIGHT) * sectorFactor(sector, district, tierOf(district));
  const districtEntries = districts.map((d) => [d.code, TIER_WEIGHT[tierOf(d.code)]] as const);
  const used = new Set<string>();
  const seenSectors = new Set<string>();
  const out: Enterprise[] = [];
  for (let i = 0; i < count; i++) {
    let districtCode: string;
    let sector: string;
    const missingSectors = reference.sectors.filter((s) => !seenSectors.has(s.code));
    if (i < districts.length) {
      // Every district first, so that none has an empty row for want of enterprises.
      districtCode = districts[i]!.code;
      sector = rng.weighted(reference.sectors.map((s) => [s.code, sectorWeight(s.code, districtCode)] as const));
    } else if (missingSectors.length > 0) {
      // Then every sector not drawn yet, in a district where it is plausible.
      sector = missingSectors[0]!.code;
      const fit = districts.map((d) => [d.code, TIER_WEIGHT[tierOf(d.code)] * sectorFactor(sector, d.code, tierOf(d.code))] as const);
      districtCode = fit.some(([, w]) => w > 0) ? rng.weighted(fit) : rng.pick(districts).code;
    } else {
      districtCode = rng.weighted(districtEntries);
      sector = rng.weighted(reference.sectors.map((s) => [s.code, sectorWeight(s.code, districtCode)] as const));
    }
    seenSectors.add(sector);
    const district = districts.find((d) => d.code === districtCode)!;
    const sectorRef = reference.sectors.find((s) => s.code === sector)!;
    let uscc: string;
    do {
      uscc = makeUscc(rng, district);
    } while (used.has(uscc));
    used.add(uscc);
    const name = `${districtShortName(district.name)}${rng.pick(NAME_SYLLABLES)}${rng.pick(NAME_SYLLABLES)}${NAME_SUFFIX[sector] ?? '有限公司'}`;
    out.push({ uscc, name, districtCode, sector, highRisk: sectorRef.highRisk });
  }
  return out;
}

/** A USCC: '9' (market regulation) '1' (enterprise), the area code, 'MA' + 7 characters, the GB 32100-2015 check character. */
function makeUscc(rng: Prng, district: { code: string; gbCode: string | null }): string {
  const zoneArea: Record<string, string> = { 'CQ-LJXQ': '500112', 'CQ-GXQ': '500106', 'CQ-WSJKQ': '500110' };
  const area = district.gbCode ?? zoneArea[district.code] ?? '500000';
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = 'MA';
  for (let k = 0; k < 7; k++) body += alphabet[rng.int(0, alphabet.length - 1)];
  const first17 = `91${area}${body}`;
  return first17 + usccCheckCharacter(first17);
}

function districtShortName(name: string): string {
  if (name.startsWith('西部科学城')) return '科学城';
  return name.slice(0, 2);
}

function generateRegistrations(rng: Prng, enterprises: Enterprise[], reference: WorkloadReference, endMs: number): WorkloadOperation[] {
  return enterprises.map((e) => {
    const industry = industryCodeFor(rng, e.sector, reference.sectors.find((s) => s.code === e.sector)?.gbt4754);
    const tags = RISK_TAGS_BY_SECTOR[e.sector];
    const riskTags = tags && rng.chance(0.4) ? [rng.pick(tags)] : [];
    // Registered in 2022, before any hazard of the workload (or at the end date, if that is earlier).
    const at = Math.min(endMs, cstMidnight(addDays('2022-01-03', rng.int(0, 350))) + rng.int(9, 16) * HOUR_MS);
    return {
      method: 'POST' as const,
      path: '/api/v1/enterprises',
      body: {
        uscc: e.uscc,
        name: e.name,
        districtCode: e.districtCode,
        sector: e.sector,
        industryCode: industry,
        ...(riskTags.length > 0 ? { riskTags } : {}),
        registeredAt: formatCst(at),
      },
      stream: enterpriseStream(e.uscc),
    };
  });
}

function industryCodeFor(rng: Prng, sector: string, linked?: readonly string[]): string {
  const own = INDUSTRY_CODES[sector];
  if (own) return rng.pick(own);
  const codes = (linked ?? []).filter((c) => /^[A-T](\d{2}(\d{1,2})?)?$/.test(c));
  return codes.length > 0 ? rng.pick(codes) : 'L72';
}

const enterpriseStream = (uscc: string) => `enterprise-${uscc}`;
const hazardStream = (id: string) => `hazard-${id}`;

// ─── one hazard ──────────────────────────────────────────────────────────────────────────────────

interface HazardStep {
  at: number;
  hazardSeq: number;
  stepNo: number;
  operation: WorkloadOperation;
}

/**
 * A hazard's steps as they are built: times only move forward (an earlier time is raised to the
 * previous step's), except where an explicit ISO time is given, which must not go back.
 */
class Timeline {
  readonly steps: { at: number; sub: string | null; body: Record<string, unknown> }[] = [];
  private last = -Infinity;

  constructor(
    readonly hazardId: string,
    private readonly endMs: number,
  ) {}

  /** Adds a step at `at` (ms, or an explicit ISO string kept as written); returns the time used. */
  add(at: number | string, sub: string | null, field: string | null, body: Record<string, unknown>): number {
    let ms: number;
    let text: string;
    if (typeof at === 'string') {
      ms = Date.parse(at);
      if (ms < this.last) throw new Error(`workload bug: ${sub} at ${at} goes back in time`);
      text = at;
    } else {
      ms = Math.max(Math.floor(at / 1000) * 1000, this.last);
      text = formatCst(ms);
    }
    this.last = ms;
    this.steps.push({ at: ms, sub, body: field ? { ...body, [field]: text } : body });
    return ms;
  }

  /**
   * An out-of-order step valid in any open state (escalation, listed supervision, problem list):
   * kept only when strictly after the discovery and strictly before `beforeMs`.
   */
  addOpenStep(atMs: number, beforeMs: number, sub: string, field: string, body: Record<string, unknown>): boolean {
    const ms = Math.floor(atMs / 1000) * 1000;
    if (ms <= this.steps[0]!.at || ms >= beforeMs - HOUR_MS) return false;
    this.steps.push({ at: ms, sub, body: { ...body, [field]: formatCst(ms) } });
    return true;
  }

  /** The steps in time order (stable), without those after the end date. */
  finish(hazardSeq: number): HazardStep[] {
    const ordered = this.steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.at - b.s.at || a.i - b.i);
    return ordered
      .filter(({ s }) => s.at <= this.endMs)
      .map(({ s }, stepNo) => ({
        at: s.at,
        hazardSeq,
        stepNo,
        operation: {
          method: 'POST' as const,
          path: s.sub === null ? '/api/v1/hazards' : `/api/v1/hazards/${this.hazardId}/${s.sub}`,
          body: s.body,
          stream: hazardStream(this.hazardId),
          ...(s.sub === null ? { after: enterpriseStream(String(s.body['enterpriseUscc'])) } : {}),
        },
      }));
  }
}

/** A criterion that fits the enterprise's sector on `date`, preferring the sector's own standard; null when none. */
function pickCriterion(rng: Prng, reference: WorkloadReference, sector: string, date: string): string | null {
  const inForce = (c: WorkloadReference['criteria'][number]) => {
    if (c.effectiveFrom > date) return false;
    const successor = c.supersededBy ? reference.criteria.find((s) => s.code === c.supersededBy) : undefined;
    return !successor || successor.effectiveFrom > date;
  };
  const own = reference.criteria.filter((c) => inForce(c) && (c.sector === sector || (c.sector === null && c.appliesToSectors.includes(sector))));
  const any = reference.criteria.filter((c) => inForce(c) && c.sector === null && c.appliesToSectors.length === 0);
  if (own.length > 0 && (any.length === 0 || rng.chance(0.8))) return rng.pick(own).code;
  return any.length > 0 ? rng.pick(any).code : null;
}

function person(rng: Prng): string {
  return `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.5) ? rng.pick(GIVEN) : ''}`;
}

function hazardTitle(rng: Prng, sector: string): string {
  const own = SECTOR_HAZARDS[sector];
  return own && rng.chance(0.6) ? rng.pick(own) : rng.pick(GENERIC_HAZARDS);
}

const CHANNEL_TEXT: Record<Channel, string> = {
  self_inspection: '企业自查发现',
  supervisory_inspection: '督导检查发现',
  enforcement: '执法检查发现',
  public_report: '群众举报核查属实',
  accident_investigation: '事故调查中发现',
};

function discoveryTime(rng: Prng, endMs: number): number {
  const endDate = cstDateOf(endMs);
  const endYear = Number(endDate.slice(0, 4));
  const years: (readonly [number, number])[] = [];
  for (let y = FIRST_YEAR; y <= endYear; y++) {
    const last = y === endYear ? endDate : `${y}-12-31`;
    const share = (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${y}-01-01T00:00:00Z`) + DAY_MS) / (365 * DAY_MS);
    years.push([y, (YEAR_WEIGHT[y] ?? 1) * share]);
  }
  const year = rng.weighted(years);
  const last = year === endYear ? endDate : `${year}-12-31`;
  const span = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / DAY_MS);
  const date = addDays(`${year}-01-01`, rng.int(0, span));
  return Math.min(endMs, cstMidnight(date) + rng.int(8 * 60, 19 * 60 + 59) * 60_000);
}

interface ReportShape {
  hazardId: string;
  grade: 'major' | 'general';
  criterionCode: string | null;
  channel: Channel;
}

function reportStep(tl: Timeline, rng: Prng, at: number | string, enterprise: Enterprise, shape: ReportShape): void {
  const title = hazardTitle(rng, enterprise.sector);
  tl.add(at, null, 'discoveredAt', {
    hazardId: shape.hazardId,
    enterpriseUscc: enterprise.uscc,
    grade: shape.grade,
    ...(shape.criterionCode ? { criterionCode: shape.criterionCode } : {}),
    channel: shape.channel,
    title,
    description: `${enterprise.name}：${title}，${CHANNEL_TEXT[shape.channel]}。`,
  });
}

function planStep(tl: Timeline, rng: Prng, at: number | string, grade: 'major' | 'general', reportDate: string, deadline: string): number {
  const span = Math.max(0, Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${reportDate}T00:00:00Z`)) / DAY_MS));
  const n = rng.int(1, 3);
  const measures = Array.from({ length: n }, (_, k) => ({
    description: ['制定整改方案并落实', '更换或维修相关设施设备', '开展专项培训和复查', '完善管理制度和操作规程'][(k + rng.int(0, 3)) % 4]!,
    deadline: addDays(reportDate, Math.round((span * (k + 1)) / n)),
  }));
  const major = grade === 'major';
  return tl.add(at, 'rectification-plan', 'plannedAt', {
    measures,
    responsiblePerson: { name: person(rng) },
    deadline,
    // Fen: general 500–50,000 yuan, major 10,000–2,000,000 yuan.
    fundsFen: major ? rng.int(1_000_000, 200_000_000) : rng.int(50_000, 5_000_000),
    ...(major || rng.chance(0.3) ? { emergencyPlan: '制定专项应急预案，明确警戒、疏散和处置措施，整改期间加强监测和值守。' } : {}),
  });
}

const completeStep = (tl: Timeline, at: number | string) =>
  tl.add(at, 'rectification-completion', 'completedAt', { evidence: '整改完成，附现场照片和复查记录。' });
const verifyStep = (tl: Timeline, at: number | string) => tl.add(at, 'verification', 'verifiedAt', { verdict: 'passed' });
const rejectStep = (tl: Timeline, at: number | string) =>
  tl.add(at, 'verification', 'verifiedAt', { verdict: 'rejected', reason: '复核发现整改不彻底，退回重新整改。' });
const closeStep = (tl: Timeline, at: number | string) => tl.add(at, 'closure', 'closedAt', {});
const extendStep = (tl: Timeline, at: number | string, deadline: string) =>
  tl.add(at, 'deadline-extension', 'extendedAt', { deadline, reason: '整改工程量大，需延长整改期限。' });
const reopenStep = (tl: Timeline, at: number | string, deadline: string) =>
  tl.add(at, 'reopening', 'reopenedAt', { reason: '回头看发现隐患反弹，反销号。', deadline });

/**
 * Escalations between `fromMs` and `beforeMs` (exclusive): 1–4 measures in the order 函告 → 通报 →
 * 约谈 → 挂牌督办, each 7–30 days after the previous. 挂牌督办 goes half the time through
 * `POST …/listed-supervision` (with level and document number), else as an escalation measure.
 */
function escalate(tl: Timeline, rng: Prng, fromMs: number, beforeMs: number, major: boolean): void {
  const n = major ? rng.weighted([[1, 0.25], [2, 0.3], [3, 0.25], [4, 0.2]] as const) : rng.weighted([[1, 0.5], [2, 0.3], [3, 0.15], [4, 0.05]] as const);
  // A major hazard is often put under 挂牌督办 at once, without the milder measures first.
  const measures = major && rng.chance(0.3) ? ['listed_supervision' as const] : ESCALATION_ORDER.slice(0, n);
  let t = fromMs + rng.int(2, 15) * DAY_MS + rng.int(9, 17) * HOUR_MS;
  for (const measure of measures) {
    const ok =
      measure === 'listed_supervision' && rng.chance(0.5)
        ? tl.addOpenStep(t, beforeMs, 'listed-supervision', 'orderedAt', {
            level: major ? rng.pick(['city', 'province'] as const) : 'county',
            documentNumber: `渝安办督〔${cstDateOf(t).slice(0, 4)}〕${rng.int(1, 99)}号`,
          })
        : tl.addOpenStep(t, beforeMs, 'escalations', 'decidedAt', { measure, note: '整改进度滞后。' });
    if (!ok) return;
    t += rng.int(7, 30) * DAY_MS;
  }
}

function generateHazard(rng: Prng, enterprise: Enterprise, reference: WorkloadReference, endMs: number, hazardSeq: number): HazardStep[] {
  const t0 = discoveryTime(rng, endMs);
  const d0 = cstDateOf(t0);
  const channel = rng.weighted(CHANNELS);
  let grade: 'major' | 'general' = rng.chance(MAJOR_SHARE_BY_CHANNEL[channel] * (enterprise.highRisk ? 1.3 : 0.8)) ? 'major' : 'general';
  const criterionCode = grade === 'major' ? pickCriterion(rng, reference, enterprise.sector, d0) : null;
  if (criterionCode === null) grade = 'general';
  const major = grade === 'major';
  const tl = new Timeline(rng.uuid(), endMs);
  reportStep(tl, rng, t0, enterprise, { hazardId: tl.hazardId, grade, criterionCode, channel });

  const listBefore = (beforeMs: number) => {
    if (major ? rng.chance(0.45) : rng.chance(0.008)) tl.addOpenStep(t0 + rng.int(3, 30) * DAY_MS, beforeMs, 'problem-list-entries', 'listedAt', { list: 'district' });
    if (major && rng.chance(0.15)) tl.addOpenStep(t0 + rng.int(5, 40) * DAY_MS, beforeMs, 'problem-list-entries', 'listedAt', { list: 'city' });
  };
  const escalationChance = major ? 0.9 : 0.45;

  if (rng.chance(0.02)) {
    // Reported and never planned.
    if (rng.chance(0.3)) escalate(tl, rng, t0 + 20 * DAY_MS, Infinity, major);
    listBefore(Infinity);
    return tl.finish(hazardSeq);
  }
  const tPlan = t0 + rng.int(2, 120) * HOUR_MS;
  let deadline = addDays(d0, major ? rng.int(30, 150) : rng.int(7, 45));
  const stock = d0 < '2024-01-01';
  if (stock && rng.chance(0.8)) deadline = laterDate(deadline, addDays('2024-01-05', rng.int(0, 170)));
  let last = planStep(tl, rng, tPlan, grade, d0, deadline);

  if (rng.chance(0.05)) {
    // Stuck: overdue once the deadline passes; 60% are closed at last, 2–13 months late, after escalation.
    const tClose = rng.chance(0.6) ? cstMidnight(deadline) + rng.int(60, 400) * DAY_MS + rng.int(9, 17) * HOUR_MS : Infinity;
    if (tClose < Infinity) closeAfter(tl, rng, last, tClose, false);
    if (rng.chance(escalationChance)) escalate(tl, rng, cstMidnight(deadline) + DAY_MS, tClose, major);
    listBefore(tClose);
    return tl.finish(hazardSeq);
  }
  if (rng.chance(0.1)) {
    const tExt = Math.max(last + DAY_MS, cstMidnight(deadline) - rng.int(0, 10) * DAY_MS + rng.int(9, 17) * HOUR_MS);
    deadline = addDays(deadline, rng.int(15, 60));
    last = extendStep(tl, tExt, deadline);
  }
  if (rng.chance(0.02)) {
    // Completed, never verified.
    completeStep(tl, last + rng.int(1, 20) * DAY_MS);
    listBefore(Infinity);
    return tl.finish(hazardSeq);
  }
  const late = rng.chance(stock ? 0.15 : 0.12);
  const tClose = closingTime(rng, last, deadline, late);
  closeAfter(tl, rng, last, tClose, rng.chance(0.08));
  if (tClose > cstMidnight(deadline) + DAY_MS && rng.chance(escalationChance)) escalate(tl, rng, cstMidnight(deadline) + DAY_MS, tClose, major);
  listBefore(tClose);

  if (rng.chance(0.05)) {
    const tReopen = tClose + rng.int(10, 90) * DAY_MS + rng.int(1, 8) * HOUR_MS;
    const newDeadline = addDays(cstDateOf(tReopen), rng.int(10, 40));
    const reopenedAt = reopenStep(tl, tReopen, newDeadline);
    if (rng.chance(0.7)) {
      closeAfter(tl, rng, reopenedAt, closingTime(rng, reopenedAt, newDeadline, rng.chance(0.2)), false);
    } else if (rng.chance(escalationChance)) {
      escalate(tl, rng, cstMidnight(newDeadline) + DAY_MS, Infinity, major);
    }
  }
  return tl.finish(hazardSeq);
}

/** When a hazard is closed: on time, somewhere before 18:00 CST of its deadline day; late, 1–40 days after it. */
function closingTime(rng: Prng, lastMs: number, deadline: string, late: boolean): number {
  const endOfDeadlineDay = cstMidnight(deadline) + 18 * HOUR_MS;
  if (!late && endOfDeadlineDay - lastMs > 2 * HOUR_MS) return lastMs + (endOfDeadlineDay - lastMs) * (0.35 + 0.63 * rng.next());
  return Math.max(lastMs, cstMidnight(deadline) + DAY_MS) + rng.int(0, 40) * DAY_MS + rng.int(9, 17) * HOUR_MS;
}

/** Completion, verification (after one rejection and a second completion when `rejected`) and closure at `tClose`. */
function closeAfter(tl: Timeline, rng: Prng, lastMs: number, tClose: number, rejected: boolean): void {
  const tComplete = lastMs + (tClose - lastMs) * (0.3 + 0.45 * rng.next());
  const tVerify = tComplete + (tClose - tComplete) * (0.3 + 0.6 * rng.next());
  completeStep(tl, tComplete);
  if (rejected) {
    rejectStep(tl, tComplete + (tVerify - tComplete) * 0.35);
    completeStep(tl, tComplete + (tVerify - tComplete) * 0.7);
  }
  verifyStep(tl, tVerify);
  closeStep(tl, tClose);
}

// ─── New Year boundaries (CST is UTC+8: 2024-12-31T20:00:00Z is 2025-01-01 in CST) ─────────────────

type BoundaryStep =
  | ['report', string]
  | ['plan', string, string]
  | ['extend', string, string]
  | ['complete' | 'verify' | 'reject' | 'close', string]
  | ['reopen', string, string]
  | ['escalate', string, (typeof ESCALATION_ORDER)[number]]
  | ['list', string, 'city' | 'district'];

interface BoundarySpec {
  what: string;
  major?: boolean;
  steps: BoundaryStep[];
}

/** Hazards whose figures depend on counting dates in CST, not UTC (each step's time as written on the wire). */
export const BOUNDARY_HAZARDS: readonly BoundarySpec[] = [
  {
    what: 'found 23:59:59 CST on 2023-12-31 (stock), closed on time in 2024',
    steps: [['report', '2023-12-31T15:59:59Z'], ['plan', '2024-01-02T10:00:00+08:00', '2024-02-29'], ['complete', '2024-02-10T10:00:00+08:00'], ['verify', '2024-02-15T10:00:00+08:00'], ['close', '2024-02-20T10:00:00+08:00']],
  },
  {
    what: 'found 00:00 CST on 2024-01-01 (increment, not stock), left open and overdue',
    steps: [['report', '2023-12-31T16:00:00Z'], ['plan', '2024-01-03T09:00:00+08:00', '2024-01-31'], ['escalate', '2024-03-01T10:00:00+08:00', 'notice_letter']],
  },
  {
    what: 'found 04:00 CST on 2025-01-01 (a 2025 hazard), major where a criterion fits',
    major: true,
    steps: [['report', '2024-12-31T20:00:00Z'], ['plan', '2025-01-02T10:00:00+08:00', '2025-03-31'], ['complete', '2025-03-20T10:00:00+08:00'], ['verify', '2025-03-25T10:00:00+08:00'], ['close', '2025-03-28T10:00:00+08:00']],
  },
  {
    what: 'found 00:30 CST on 2026-01-01',
    steps: [['report', '2025-12-31T16:30:00Z'], ['plan', '2026-01-05T10:00:00+08:00', '2026-02-28'], ['complete', '2026-02-20T10:00:00+08:00'], ['verify', '2026-02-25T10:00:00+08:00'], ['close', '2026-02-27T10:00:00+08:00']],
  },
  {
    what: 'deadline 2024-12-31, escalated 23:50 CST on 2024-12-31, closed 00:30 CST on 2025-01-01: closed late, in 2025',
    steps: [['report', '2024-11-20T10:00:00+08:00'], ['plan', '2024-11-21T10:00:00+08:00', '2024-12-31'], ['complete', '2024-12-25T10:00:00+08:00'], ['verify', '2024-12-30T10:00:00+08:00'], ['escalate', '2024-12-31T15:50:00Z', 'circular'], ['close', '2024-12-31T16:30:00Z']],
  },
  {
    what: 'deadline 2025-12-31, closed 23:30 CST on 2025-12-31: on time, in 2025',
    steps: [['report', '2025-11-10T10:00:00+08:00'], ['plan', '2025-11-11T10:00:00+08:00', '2025-12-31'], ['complete', '2025-12-20T10:00:00+08:00'], ['verify', '2025-12-30T10:00:00+08:00'], ['close', '2025-12-31T15:30:00Z']],
  },
  {
    what: 'extended at 01:00 CST on 2025-01-01: at the 2024 cut the old deadline is in force (overdue)',
    steps: [['report', '2024-11-01T10:00:00+08:00'], ['plan', '2024-11-02T10:00:00+08:00', '2024-12-15'], ['extend', '2024-12-31T17:00:00Z', '2025-02-28'], ['complete', '2025-02-20T10:00:00+08:00'], ['verify', '2025-02-25T10:00:00+08:00'], ['close', '2025-02-26T10:00:00+08:00']],
  },
  {
    what: 'listed and escalated just after 00:00 CST on 2026-01-01: counted in 2026, not 2025; left open',
    steps: [['report', '2025-10-08T10:00:00+08:00'], ['plan', '2025-10-09T10:00:00+08:00', '2025-11-30'], ['list', '2025-12-31T16:00:00Z', 'district'], ['escalate', '2025-12-31T16:10:00Z', 'notice_letter']],
  },
  {
    what: 'closed in 2024, reopened 00:20 CST on 2025-01-01: closed at the 2024 cut; closed late again in 2025',
    steps: [['report', '2024-05-06T10:00:00+08:00'], ['plan', '2024-05-07T10:00:00+08:00', '2024-06-30'], ['complete', '2024-06-20T10:00:00+08:00'], ['verify', '2024-06-25T10:00:00+08:00'], ['close', '2024-06-28T10:00:00+08:00'], ['reopen', '2024-12-31T16:20:00Z', '2025-01-31'], ['complete', '2025-01-20T10:00:00+08:00'], ['verify', '2025-01-25T10:00:00+08:00'], ['close', '2025-02-05T10:00:00+08:00']],
  },
  {
    what: 'found 00:30 CST on 2025-07-01, deadline that same CST day, closed the same day (0 days)',
    steps: [['report', '2025-06-30T16:30:00Z'], ['plan', '2025-07-01T09:00:00+08:00', '2025-07-01'], ['complete', '2025-07-01T11:00:00+08:00'], ['reject', '2025-07-01T12:00:00+08:00'], ['complete', '2025-07-01T13:00:00+08:00'], ['verify', '2025-07-01T15:00:00+08:00'], ['close', '2025-07-01T17:00:00+08:00']],
  },
];

function boundaryHazard(rng: Prng, spec: BoundarySpec, enterprise: Enterprise, reference: WorkloadReference, endMs: number, hazardSeq: number): HazardStep[] {
  const tl = new Timeline(rng.uuid(), endMs);
  const reportAt = spec.steps[0]![1];
  const criterionCode = spec.major ? pickCriterion(rng, reference, enterprise.sector, cstDateOf(reportAt)) : null;
  const grade = criterionCode ? 'major' : 'general';
  const channel = spec.major ? 'supervisory_inspection' : rng.weighted(CHANNELS);
  for (const step of spec.steps) {
    switch (step[0]) {
      case 'report':
        reportStep(tl, rng, step[1], enterprise, { hazardId: tl.hazardId, grade, criterionCode, channel });
        break;
      case 'plan':
        planStep(tl, rng, step[1], grade, cstDateOf(reportAt), step[2]);
        break;
      case 'extend':
        extendStep(tl, step[1], step[2]);
        break;
      case 'complete':
        completeStep(tl, step[1]);
        break;
      case 'verify':
        verifyStep(tl, step[1]);
        break;
      case 'reject':
        rejectStep(tl, step[1]);
        break;
      case 'close':
        closeStep(tl, step[1]);
        break;
      case 'reopen':
        reopenStep(tl, step[1], step[2]);
        break;
      case 'escalate':
        tl.add(step[1], 'escalations', 'decidedAt', { measure: step[2], note: '跨年节点的督办。' });
        break;
      case 'list':
        tl.add(step[1], 'problem-list-entries', 'listedAt', { list: step[2] });
        break;
    }
  }
  return tl.finish(hazardSeq);
}
