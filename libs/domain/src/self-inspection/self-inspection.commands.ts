import type { CommandMetadata } from '../core/actor.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { HazardState } from '../hazard/hazard.state.js';
import type { InspectionLevel } from './self-inspection.events.js';

/**
 * RecordSelfInspection: an enterprise held a self-inspection. `inspectionId` is made at the edge
 * (UUID); `inspectedAt` an ISO-8601 instant with offset; `hazardIds` the hazards it found (UUIDs of
 * reported hazards of this enterprise); `findings` non-empty free text.
 */
export interface RecordSelfInspection {
  type: 'RecordSelfInspection';
  data: {
    inspectionId: string;
    enterpriseUscc: string;
    level: InspectionLevel;
    inspectedAt: string;
    hazardIds: string[];
    findings: string;
  };
  /**
   * Folded by the handler (the decider does no I/O): the enterprise's state, and the state of each
   * hazard named in `hazardIds`, keyed by hazard id (a missing key counts as never reported).
   */
  context: { enterprise: EnterpriseState; hazards: Readonly<Record<string, HazardState>> };
  metadata: CommandMetadata;
}

export type SelfInspectionCommand = RecordSelfInspection;
