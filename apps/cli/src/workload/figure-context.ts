/**
 * What every figure generator (`workload-<topic>.ts`) draws from: the enterprises the hazard workload
 * registered (read back from its operations), a few enterprises registered later (so that "a period
 * began before the registration" and "registered after the cut" occur), the enterprises that close
 * and when, the hazards reported, the reference data, and small helpers for times and operations.
 *
 * Shares (stated here so the README can cite them): 2% of enterprises (at least 5) register in
 * 2024–2026 rather than 2022; 3% of enterprises close (关闭/注销) between 2024-03 and the end date —
 * the plan's 关闭取缔 of non-compliant small enterprises; a closing enterprise records nothing after its
 * closure, and its closure is sent last (phase 3).
 */
import { usccCheckCharacter } from '#domain';
import { addDays, cstDateOf, cstMidnight, DAY_MS, formatCst, HOUR_MS } from './cst-time.js';
import { deriveSeed, Prng } from './prng.js';
import { enterpriseStream, type WorkloadOperation } from './workload-model.js';

/** The reference data the figure generators and recounts need (a subset of `ReferenceData`). */
export interface FigureReference {
  districts: readonly { code: string; name: string; gbCode: string | null; validFrom?: string | null; validTo?: string | null }[];
  sectorList: readonly { code: string; name: string; highRisk: boolean; industryAndTrade: boolean; keySectorForPrincipalTraining: boolean }[];
  /** The annex's key tasks (seeds/key-tasks.json), when loaded. */
  keyTasks?: readonly KeyTaskSeed[];
  /** The plan's numeric targets (seeds/plan-targets.json), when loaded. */
  planTargets?: readonly PlanTargetSeed[];
}

/** A key task of the annex as the seed gives it. */
export interface KeyTaskSeed {
  taskNo: number;
  title: string;
  items: readonly { itemNo: string; deadline: { kind: 'year'; year: number; years: readonly number[] } | { kind: 'date'; date: string } | { kind: 'yearly' } | { kind: 'ongoing' }; leadUnits: string }[];
}

/** A numeric target of the plan as the seed gives it. */
export interface PlanTargetSeed {
  targetId: string;
  title: string;
  year: number;
  dueDate: string | null;
  grouping: 'city' | 'district' | 'sector';
  unit: string;
  comparator: string;
  threshold: number;
  indicator: string;
  keyTaskItem: string | null;
}

/** An enterprise as registered by the workload. */
export interface FigureEnterprise {
  uscc: string;
  districtCode: string;
  sector: string;
  highRisk: boolean;
  /** Epoch ms of `registeredAt`. */
  registeredMs: number;
  /** Epoch ms of its closure, or Infinity when it stays open. */
  closedMs: number;
}

/** A hazard reported by the workload. */
export interface FigureHazard {
  hazardId: string;
  enterpriseUscc: string;
  channel: string;
  discoveredMs: number;
}

/** The context of every figure generator. */
export interface FigureContext {
  seed: number;
  /** No fact after this instant (epoch ms). */
  endMs: number;
  reference: FigureReference;
  enterprises: readonly FigureEnterprise[];
  hazards: readonly FigureHazard[];
  /** The years facts are generated in: 2024 to the end date's year. */
  years: readonly number[];
  /**
   * How many district-level facts (lectures, sites, rescue teams, trainings of officials …) to draw, as a
   * share of the full size: enterprises ÷ 1000, at most 1 (a small test workload stays small).
   */
  scale: number;
  /** A Prng of its own for `topic` (and more labels), from the seed. */
  rng(topic: string, ...labels: (string | number)[]): Prng;
}

/** The plan's first year: figure facts are generated from 2024 on (some from 2023, where a figure looks back). */
export const PLAN_FIRST_YEAR = 2024;

/** True when the district exists on the CST date `date` (reference `validFrom`/`validTo`, when present, both inclusive). */
export function districtExistsOn(d: { validFrom?: string | null; validTo?: string | null }, date: string): boolean {
  return (d.validFrom == null || d.validFrom <= date) && (d.validTo == null || date <= d.validTo);
}

/** The districts existing on the CST date `date`. */
export function districtsOn(reference: FigureReference, date: string) {
  return reference.districts.filter((d) => districtExistsOn(d, date));
}

/**
 * Reads the enterprises and hazards of the hazard workload back from its operations, adds the late
 * registrations and draws the closures.
 *
 * @returns the context, and the registrations of the late enterprises (phase-1 operations to send)
 */
export function buildFigureContext(
  base: readonly WorkloadOperation[],
  reference: FigureReference,
  seed: number,
  endMs: number,
): { context: FigureContext; operations: WorkloadOperation[] } {
  const sectors = new Map(reference.sectorList.map((s) => [s.code, s]));
  const enterprises: FigureEnterprise[] = [];
  const hazards: FigureHazard[] = [];
  for (const op of base) {
    if (op.path === '/api/v1/enterprises') {
      const b = op.body;
      const sector = String(b['sector']);
      enterprises.push({
        uscc: String(b['uscc']), districtCode: String(b['districtCode']), sector, highRisk: sectors.get(sector)?.highRisk ?? false,
        registeredMs: Date.parse(String(b['registeredAt'])), closedMs: Infinity,
      });
    } else if (op.path === '/api/v1/hazards') {
      const b = op.body;
      hazards.push({ hazardId: String(b['hazardId']), enterpriseUscc: String(b['enterpriseUscc']), channel: String(b['channel']), discoveredMs: Date.parse(String(b['discoveredAt'])) });
    }
  }
  const rng = new Prng(deriveSeed(seed, 'figures', 'enterprises'));
  const operations: WorkloadOperation[] = [];
  const late = Math.max(5, Math.round(enterprises.length * 0.02));
  const firstDay = `${PLAN_FIRST_YEAR}-01-01`;
  const span = Math.max(0, Math.floor((endMs - cstMidnight(firstDay)) / DAY_MS) - 30);
  const used = new Set(enterprises.map((e) => e.uscc));
  for (let i = 0; i < late && span > 0; i++) {
    const date = addDays(firstDay, rng.int(0, span));
    const district = rng.pick(districtsOn(reference, date).filter((d) => d.gbCode !== null));
    const sector = rng.pick(reference.sectorList);
    let uscc: string;
    do {
      let body = `91${district.gbCode}MA`;
      for (let k = 0; k < 7; k++) body += '0123456789ABCDEFGHJKLMNPQRTUWXY'[rng.int(0, 30)];
      uscc = body + usccCheckCharacter(body);
    } while (used.has(uscc));
    used.add(uscc);
    const registeredMs = cstMidnight(date) + rng.int(9, 16) * HOUR_MS;
    enterprises.push({ uscc, districtCode: district.code, sector: sector.code, highRisk: sector.highRisk, registeredMs, closedMs: Infinity });
    operations.push({
      method: 'POST', path: '/api/v1/enterprises', stream: enterpriseStream(uscc),
      body: { uscc, name: `${district.name.slice(0, 2)}新设${sector.name.slice(0, 4)}有限公司${i + 1}`, districtCode: district.code, sector: sector.code, industryCode: 'L72', registeredAt: formatCst(registeredMs) },
    });
  }
  const closeFrom = cstMidnight('2024-03-01');
  for (const e of enterprises) {
    if (!rng.chance(0.03)) continue;
    const from = Math.max(closeFrom, e.registeredMs + 60 * DAY_MS);
    if (from >= endMs - 2 * DAY_MS) continue;
    e.closedMs = Math.floor((from + rng.next() * (endMs - DAY_MS - from)) / 1000) * 1000;
  }
  const endYear = Number(cstDateOf(endMs).slice(0, 4));
  const years = Array.from({ length: Math.max(0, endYear - PLAN_FIRST_YEAR + 1) }, (_, i) => PLAN_FIRST_YEAR + i);
  return {
    context: { seed, endMs, reference, enterprises, hazards, years, scale: Math.min(1, enterprises.length / 1000), rng: (topic, ...labels) => new Prng(deriveSeed(seed, 'figures', topic, ...labels)) },
    operations,
  };
}

/** `n` scaled by `ctx.scale`, rounded, at least `min`. */
export function scaled(ctx: FigureContext, n: number, min = 1): number {
  return Math.max(min, Math.round(n * ctx.scale));
}

/** True when the enterprise is registered and open at `ms` and its district exists on that CST date. */
export function activeAt(e: FigureEnterprise, ms: number, reference: FigureReference): boolean {
  if (!(e.registeredMs < ms && ms < e.closedMs)) return false;
  const d = reference.districts.find((x) => x.code === e.districtCode);
  return d !== undefined && districtExistsOn(d, cstDateOf(ms));
}

/**
 * An instant at an office hour (08:00–18:59 CST) on a random day between the CST dates `from` and `to`
 * (inclusive), to the second; null when that day lies after `endMs`.
 */
export function officeInstant(rng: Prng, from: string, to: string, endMs: number): number | null {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
  const ms = cstMidnight(addDays(from, rng.int(0, Math.max(0, days)))) + rng.int(8 * 3600, 18 * 3600 + 3599) * 1000;
  return ms <= endMs ? ms : null;
}

/** A POST operation of the figure workload (phase 1 unless given). */
export function post(path: string, stream: string, body: Record<string, unknown>, extra: Partial<WorkloadOperation> = {}): WorkloadOperation {
  return { method: 'POST', path, body, stream, ...extra };
}
