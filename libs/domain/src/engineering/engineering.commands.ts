import type { CommandMetadata } from '../core/actor.js';
import type { ElevatorCheckItem, EngineeringProject } from './engineering.events.js';

/** Reference data the engineering decider judges against (handed in by the handler; the decider does no I/O). */
export interface EngineeringReference {
  districtCodes: ReadonlySet<string>;
}

/** RecordElevatorSpotCheck: a district spot-checked `elevators` elevators at `checkedAt` (ISO-8601 with offset). */
export interface RecordElevatorSpotCheck {
  type: 'RecordElevatorSpotCheck';
  data: { checkId: string; districtCode: string; elevators: number; items: ElevatorCheckItem[]; defectsFound: number; checkedAt: string };
  reference: EngineeringReference;
  metadata: CommandMetadata;
}

/** RecordEngineeringProgress: `quantity` (in the project's unit) of a project completed at `completedAt`. */
export interface RecordEngineeringProgress {
  type: 'RecordEngineeringProgress';
  data: {
    progressId: string;
    districtCode: string;
    project: EngineeringProject;
    quantity: number;
    areaSquareMetres: number | null;
    completedAt: string;
  };
  reference: EngineeringReference;
  metadata: CommandMetadata;
}

export type EngineeringCommand = RecordElevatorSpotCheck | RecordEngineeringProgress;
