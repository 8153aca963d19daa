/**
 * A hazard as found: when (years weighted as the module comment of `generate-workload.ts` says), by
 * which channel, its grade (the major share depends on the channel and the sector) and, for a major
 * hazard, the criterion it meets; and the report that records it.
 */
import { addDays, cstDateOf, cstMidnight, DAY_MS } from './cst-time.js';
import type { Prng } from './prng.js';
import { FIRST_YEAR, type Enterprise, type WorkloadReference } from './workload-model.js';
import type { Timeline } from './workload-timeline.js';

/** How hazards are found, with each channel's share. */
export const CHANNELS = [
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

/** A hazard as found, before anything is written. */
export interface Discovery {
  /** When it was found (epoch ms). */
  atMs: number;
  /** The CST date it was found on. */
  date: string;
  channel: Channel;
  grade: 'major' | 'general';
  /** The criterion a major hazard meets; null for a general one. */
  criterionCode: string | null;
}

/**
 * Draws when and how a hazard of `enterprise` is found and its grade: major with the channel's share
 * (×1.3 in high-risk sectors, ×0.8 elsewhere), and general after all when no criterion fits.
 */
export function discoverHazard(rng: Prng, enterprise: Enterprise, reference: WorkloadReference, endMs: number): Discovery {
  const atMs = discoveryTime(rng, endMs);
  const date = cstDateOf(atMs);
  const channel = rng.weighted(CHANNELS);
  let grade: 'major' | 'general' = rng.chance(MAJOR_SHARE_BY_CHANNEL[channel] * (enterprise.highRisk ? 1.3 : 0.8)) ? 'major' : 'general';
  const criterionCode = grade === 'major' ? pickCriterion(rng, reference, enterprise.sector, date) : null;
  if (criterionCode === null) grade = 'general';
  return { atMs, date, channel, grade, criterionCode };
}

/** A criterion that fits the enterprise's sector on `date`, preferring the sector's own standard; null when none. */
export function pickCriterion(rng: Prng, reference: WorkloadReference, sector: string, date: string): string | null {
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

/**
 * When a hazard is found: 08:00–19:59 CST on a day from `FIRST_YEAR`-01-01 to the end date (and not
 * after the end date itself), years weighted by `YEAR_WEIGHT` and prorated for a part year.
 */
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

/** Adds the hazard's report (`POST /api/v1/hazards`) at `at`: a title fitting the sector, a description naming the enterprise and the channel. */
export function reportStep(tl: Timeline, rng: Prng, at: number | string, enterprise: Enterprise, shape: ReportShape): void {
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
