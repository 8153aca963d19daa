import type { CommandMetadata } from '../core/actor.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type {
  EscalationMeasure,
  HazardChannel,
  HazardGrade,
  ProblemList,
  RectificationMeasure,
  SupervisionLevel,
} from './hazard.events.js';

/** A criterion of the catalogue as the decider needs it (handed in by the handler). */
export interface CriterionRef {
  code: string;
  /** The sectors the criterion's standard applies to; empty when it applies to every sector (e.g. fire safety). */
  sectors: readonly string[];
  /** CST date the standard took effect. */
  effectiveFrom: string;
}

export interface ReportHazard {
  type: 'ReportHazard';
  data: {
    hazardId: string;
    enterpriseUscc: string;
    grade: HazardGrade;
    criterionCode: string | null;
    channel: HazardChannel;
    title: string;
    description: string;
    discoveredAt: string;
  };
  /** The enterprise's folded state and the criterion looked up by code (`null` when unknown or not given). */
  context: { enterprise: EnterpriseState; criterion: CriterionRef | null };
  metadata: CommandMetadata;
}

export interface PlanRectification {
  type: 'PlanRectification';
  data: {
    measures: RectificationMeasure[];
    responsiblePerson: { name: string; phone: string | null };
    deadline: string;
    fundsFen: number;
    emergencyPlan: string | null;
    plannedAt: string;
  };
  metadata: CommandMetadata;
}

export interface ExtendDeadline {
  type: 'ExtendDeadline';
  data: { deadline: string; reason: string; extendedAt: string };
  metadata: CommandMetadata;
}

export interface CompleteRectification {
  type: 'CompleteRectification';
  data: { completedAt: string; evidence: string };
  metadata: CommandMetadata;
}

export interface VerifyRectification {
  type: 'VerifyRectification';
  data: { verifiedAt: string; reason: string | null };
  metadata: CommandMetadata;
}

export interface RejectRectification {
  type: 'RejectRectification';
  data: { rejectedAt: string; reason: string };
  metadata: CommandMetadata;
}

export interface CloseHazard {
  type: 'CloseHazard';
  data: { closedAt: string };
  metadata: CommandMetadata;
}

export interface ReopenHazard {
  type: 'ReopenHazard';
  data: { reopenedAt: string; reason: string; deadline: string };
  metadata: CommandMetadata;
}

export interface EscalateHazard {
  type: 'EscalateHazard';
  data: { measure: EscalationMeasure; decidedAt: string; note: string | null };
  metadata: CommandMetadata;
}

export interface OrderListedSupervision {
  type: 'OrderListedSupervision';
  data: { level: SupervisionLevel; documentNumber: string; orderedAt: string };
  metadata: CommandMetadata;
}

export interface ListOnProblemList {
  type: 'ListOnProblemList';
  data: { list: ProblemList; listedAt: string };
  metadata: CommandMetadata;
}

/** Issued by the deadline watcher (role `system`); `metadata.now` is when it looked. */
export interface RecordDeadlineMissed {
  type: 'RecordDeadlineMissed';
  data: Record<string, never>;
  metadata: CommandMetadata;
}

export type HazardCommand =
  | ReportHazard
  | PlanRectification
  | ExtendDeadline
  | CompleteRectification
  | VerifyRectification
  | RejectRectification
  | CloseHazard
  | ReopenHazard
  | EscalateHazard
  | OrderListedSupervision
  | ListOnProblemList
  | RecordDeadlineMissed;
