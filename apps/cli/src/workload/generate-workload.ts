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
 *
 * ## Where the parts are
 * This file is the public entry; the parts sit beside it: `workload-enterprises.ts` (district and
 * sector weights, enterprises and their registrations), `workload-hazards.ts` (discovery, channel,
 * grade, criterion, the report), `workload-lifecycle.ts` (plan, extension, completion, verification,
 * closure, reopening, escalations, problem lists), `workload-boundaries.ts` (the hand-placed CST New
 * Year cases), `workload-timeline.ts` (one hazard's commands in order) and `workload-model.ts` (what
 * they share: the operation and reference types, an enterprise, `FIRST_YEAR`).
 */
import { loadReferenceData } from '#reference-data';
import { cstDateOf } from './cst-time.js';
import { deriveSeed, Prng } from './prng.js';
import { BOUNDARY_HAZARDS, boundaryHazard } from './workload-boundaries.js';
import { generateEnterprises, generateRegistrations } from './workload-enterprises.js';
import { generateHazard } from './workload-lifecycle.js';
import { FIRST_YEAR, type WorkloadOperation, type WorkloadReference } from './workload-model.js';
import type { HazardStep } from './workload-timeline.js';

// Defined beside the parts that use them, and exported from here as before.
export { BOUNDARY_HAZARDS, FIRST_YEAR };
export type { WorkloadOperation, WorkloadReference };

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
