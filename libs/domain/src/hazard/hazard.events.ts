/**
 * Events of the `hazard-{id}` stream (DOMAIN.md §2). No optional fields: absent is `null`.
 * Times (`*At`) are ISO-8601 instants with offset; deadlines are CST dates 'YYYY-MM-DD'.
 */
export const HAZARD_GRADES = ['major', 'general'] as const;
export type HazardGrade = (typeof HAZARD_GRADES)[number];

export const HAZARD_CHANNELS = [
  'self_inspection',
  'supervisory_inspection',
  'public_report',
  'enforcement',
  'accident_investigation',
] as const;
export type HazardChannel = (typeof HAZARD_CHANNELS)[number];

export const ESCALATION_MEASURES = ['notice_letter', 'circular', 'interview', 'listed_supervision'] as const;
export type EscalationMeasure = (typeof ESCALATION_MEASURES)[number];

export const SUPERVISION_LEVELS = ['county', 'city', 'province'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const PROBLEM_LISTS = ['city', 'district'] as const;
export type ProblemList = (typeof PROBLEM_LISTS)[number];

export interface RectificationMeasure {
  description: string;
  /** CST date. */
  deadline: string;
}

export interface HazardReported {
  type: 'HazardReported';
  data: {
    hazardId: string;
    enterpriseUscc: string;
    /** The enterprise's district and sector when the hazard was found: figures count under these. */
    districtCode: string;
    sector: string;
    grade: HazardGrade;
    criterionCode: string | null;
    channel: HazardChannel;
    title: string;
    description: string;
    discoveredAt: string;
  };
}

export interface RectificationPlanned {
  type: 'RectificationPlanned';
  data: {
    hazardId: string;
    measures: RectificationMeasure[];
    responsiblePerson: { name: string; phone: string | null };
    deadline: string;
    fundsFen: number;
    emergencyPlan: string | null;
    plannedAt: string;
  };
}

export interface DeadlineExtended {
  type: 'DeadlineExtended';
  data: { hazardId: string; previousDeadline: string; deadline: string; reason: string; extendedAt: string };
}

export interface RectificationCompleted {
  type: 'RectificationCompleted';
  data: { hazardId: string; completedAt: string; evidence: string };
}

export interface RectificationVerified {
  type: 'RectificationVerified';
  data: { hazardId: string; verifiedAt: string; reason: string | null };
}

export interface RectificationRejected {
  type: 'RectificationRejected';
  data: { hazardId: string; rejectedAt: string; reason: string };
}

export interface HazardClosed {
  type: 'HazardClosed';
  /** `deadlineInForce`: the deadline in force when closed; `onTime`: closed on or before it (CST dates). */
  data: { hazardId: string; closedAt: string; deadlineInForce: string; onTime: boolean };
}

export interface HazardReopened {
  type: 'HazardReopened';
  /** 反销号: a closed hazard found not fixed; it returns to `planned` with a new deadline. */
  data: { hazardId: string; reopenedAt: string; reason: string; deadline: string };
}

export interface HazardEscalated {
  type: 'HazardEscalated';
  data: { hazardId: string; measure: EscalationMeasure; decidedAt: string; note: string | null };
}

export interface ListedSupervisionOrdered {
  type: 'ListedSupervisionOrdered';
  data: { hazardId: string; level: SupervisionLevel; documentNumber: string; orderedAt: string };
}

export interface HazardListed {
  type: 'HazardListed';
  data: { hazardId: string; list: ProblemList; listedAt: string };
}

export interface DeadlineMissed {
  type: 'DeadlineMissed';
  /** Appended by the deadline watcher the first CST day after `deadline` while the hazard is open. */
  data: { hazardId: string; deadline: string; detectedAt: string };
}

export type HazardEvent =
  | HazardReported
  | RectificationPlanned
  | DeadlineExtended
  | RectificationCompleted
  | RectificationVerified
  | RectificationRejected
  | HazardClosed
  | HazardReopened
  | HazardEscalated
  | ListedSupervisionOrdered
  | HazardListed
  | DeadlineMissed;

export const HAZARD_EVENT_TYPES = [
  'HazardReported',
  'RectificationPlanned',
  'DeadlineExtended',
  'RectificationCompleted',
  'RectificationVerified',
  'RectificationRejected',
  'HazardClosed',
  'HazardReopened',
  'HazardEscalated',
  'ListedSupervisionOrdered',
  'HazardListed',
  'DeadlineMissed',
] as const satisfies readonly HazardEvent['type'][];

/** The stream of one hazard. */
export const hazardStreamId = (hazardId: string): string => `hazard-${hazardId}`;
