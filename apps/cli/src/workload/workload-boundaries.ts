/**
 * Hazards placed by hand on CST New Year boundaries (CST is UTC+8: 2024-12-31T20:00:00Z is
 * 2025-01-01 in CST), whose figures come out wrong when dates are counted in UTC.
 */
import { cstDateOf } from './cst-time.js';
import type { Prng } from './prng.js';
import { CHANNELS, pickCriterion, reportStep } from './workload-hazards.js';
import {
  closeStep,
  completeStep,
  extendStep,
  planStep,
  rejectStep,
  reopenStep,
  verifyStep,
  type EscalationMeasure,
} from './workload-lifecycle.js';
import type { Enterprise, WorkloadReference } from './workload-model.js';
import { Timeline, type HazardStep } from './workload-timeline.js';

type BoundaryStep =
  | ['report', string]
  | ['plan', string, string]
  | ['extend', string, string]
  | ['complete' | 'verify' | 'reject' | 'close', string]
  | ['reopen', string, string]
  | ['escalate', string, EscalationMeasure]
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

/**
 * The steps of one hand-placed hazard of `enterprise`, each at the time `spec` writes; major when
 * `spec.major` and a criterion fits the sector, else general.
 *
 * @param hazardSeq the hazard's number in the workload, to keep equal times in a stable order
 * @returns the steps up to the end date, in time order
 */
export function boundaryHazard(rng: Prng, spec: BoundarySpec, enterprise: Enterprise, reference: WorkloadReference, endMs: number, hazardSeq: number): HazardStep[] {
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
