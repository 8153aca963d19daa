/**
 * A hazard's lifecycle after its report: the rectification plan, deadline extensions, completion,
 * verification (rejected once, at times), closure on time or late, reopening (反销号), escalations
 * and problem-list entries, each a step of the hazard's timeline. `generateHazard` draws one
 * hazard's whole story with the shares stated in `generate-workload.ts`.
 */
import { addDays, cstDateOf, cstMidnight, DAY_MS, HOUR_MS, laterDate } from './cst-time.js';
import type { Prng } from './prng.js';
import { discoverHazard, reportStep } from './workload-hazards.js';
import type { Enterprise, WorkloadReference } from './workload-model.js';
import { Timeline, type HazardStep } from './workload-timeline.js';

const ESCALATION_ORDER = ['notice_letter', 'circular', 'interview', 'listed_supervision'] as const;
/** An escalation measure (函告, 通报, 约谈, 挂牌督办). */
export type EscalationMeasure = (typeof ESCALATION_ORDER)[number];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '何', '罗', '郑', '谢', '唐'];
const GIVEN = ['伟', '芳', '军', '敏', '静', '强', '磊', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚', '燕', '鹏', '婷'];

function person(rng: Prng): string {
  return `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.5) ? rng.pick(GIVEN) : ''}`;
}

/**
 * Adds the rectification plan at `at`: 1–3 measures with deadlines spread up to `deadline`, a
 * responsible person, funds (more for a major hazard) and, for a major hazard or 30% of the others,
 * an emergency plan.
 *
 * @returns the time used (epoch ms)
 */
export function planStep(tl: Timeline, rng: Prng, at: number | string, grade: 'major' | 'general', reportDate: string, deadline: string): number {
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

/** Adds a rectification completion at `at`; returns the time used. */
export const completeStep = (tl: Timeline, at: number | string) =>
  tl.add(at, 'rectification-completion', 'completedAt', { evidence: '整改完成，附现场照片和复查记录。' });
/** Adds a passed verification at `at`; returns the time used. */
export const verifyStep = (tl: Timeline, at: number | string) => tl.add(at, 'verification', 'verifiedAt', { verdict: 'passed' });
/** Adds a rejected verification at `at` (the rectification goes back to be done again); returns the time used. */
export const rejectStep = (tl: Timeline, at: number | string) =>
  tl.add(at, 'verification', 'verifiedAt', { verdict: 'rejected', reason: '复核发现整改不彻底，退回重新整改。' });
/** Adds the closure (销号) at `at`; returns the time used. */
export const closeStep = (tl: Timeline, at: number | string) => tl.add(at, 'closure', 'closedAt', {});
/** Adds a deadline extension to `deadline` at `at`; returns the time used. */
export const extendStep = (tl: Timeline, at: number | string, deadline: string) =>
  tl.add(at, 'deadline-extension', 'extendedAt', { deadline, reason: '整改工程量大，需延长整改期限。' });
/** Adds a reopening (反销号) at `at` with the new `deadline`; returns the time used. */
export const reopenStep = (tl: Timeline, at: number | string, deadline: string) =>
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

/**
 * One random hazard of `enterprise`, from its report to wherever its story has got by the end date:
 * never planned, stuck, extended, completed and never verified, closed on time or late (after a
 * rejection, at times), reopened; escalated when late; on a problem list, at times.
 *
 * @param hazardSeq the hazard's number in the workload, to keep equal times in a stable order
 * @returns the hazard's steps up to the end date, in time order
 */
export function generateHazard(rng: Prng, enterprise: Enterprise, reference: WorkloadReference, endMs: number, hazardSeq: number): HazardStep[] {
  const { atMs: t0, date: d0, channel, grade, criterionCode } = discoverHazard(rng, enterprise, reference, endMs);
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
