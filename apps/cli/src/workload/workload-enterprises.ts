/**
 * The workload's enterprises and their registrations: districts weighted by tier, sectors by weight
 * and by district (the proportions are stated in `generate-workload.ts`), and for each enterprise a
 * USCC, a name, an industry code and perhaps a risk tag.
 */
import { usccCheckCharacter } from '#domain';
import { addDays, cstMidnight, formatCst, HOUR_MS } from './cst-time.js';
import type { Prng } from './prng.js';
import { enterpriseStream, type Enterprise, type WorkloadOperation, type WorkloadReference } from './workload-model.js';

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

/**
 * Draws `count` enterprises: the first one per district (so that every district has some), then one
 * for each sector not drawn yet (so that every sector has some), then by district and sector weight.
 * USCCs are unique.
 */
export function generateEnterprises(rng: Prng, count: number, reference: WorkloadReference): Enterprise[] {
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

/** One `POST /api/v1/enterprises` per enterprise, registered in 2022 at an office hour CST (or at the end date, if that is earlier). */
export function generateRegistrations(rng: Prng, enterprises: Enterprise[], reference: WorkloadReference, endMs: number): WorkloadOperation[] {
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
