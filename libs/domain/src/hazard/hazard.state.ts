import type { HazardChannel, HazardGrade, ProblemList, RectificationMeasure } from './hazard.events.js';

/** What every reported hazard knows, whatever its status. */
export interface HazardCore {
  hazardId: string;
  enterpriseUscc: string;
  districtCode: string;
  sector: string;
  grade: HazardGrade;
  criterionCode: string | null;
  channel: HazardChannel;
  discoveredAt: string;
  /** The time of the latest lifecycle fact: a later fact may not claim an earlier time. */
  lastOccurredAt: string;
  /** Deadlines for which `DeadlineMissed` is already recorded. */
  missedDeadlines: string[];
  /** Problem lists the hazard is entered on (`HazardListed`): a list takes a hazard once. */
  listedOn: ProblemList[];
}

/** The rectification plan as it stands (deadline after extensions and reopening). */
export interface HazardPlan {
  measures: RectificationMeasure[];
  responsiblePerson: { name: string; phone: string | null };
  deadline: string;
  fundsFen: number;
  emergencyPlan: string | null;
}

/**
 * A hazard's state: `none` before it is reported; then reported → planned → completed → verified →
 * closed; a rejected rectification returns to planned; a reopened closed hazard returns to planned.
 */
export type HazardState =
  | { status: 'none' }
  | ({ status: 'reported' } & HazardCore)
  | ({ status: 'planned' | 'completed' | 'verified'; plan: HazardPlan } & HazardCore)
  | ({ status: 'closed'; plan: HazardPlan; closedAt: string } & HazardCore);
