import type { CommandMetadata } from '../core/actor.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { EnforcementKind, InspectionMethod, SpecialSupervisionLevel } from './supervision.events.js';

/**
 * RecordSupervisoryInspection: a regulator inspected (督导/执法检查). `inspectionId` is made at the
 * edge (UUID); `inspectedAt` is an ISO-8601 instant with offset; `sector` is given only when no
 * enterprise is named (otherwise null: the enterprise's sector is used).
 */
export interface RecordSupervisoryInspection {
  type: 'RecordSupervisoryInspection';
  data: {
    inspectionId: string;
    districtCode: string;
    enterpriseUscc: string | null;
    sector: string | null;
    method: InspectionMethod;
    specialSupervisionLevel: SpecialSupervisionLevel | null;
    inspectedAt: string;
    hazardsFound: string[];
    findings: string;
  };
  /**
   * Handed in by the handler (the decider does no I/O): the reference data's district and sector
   * codes, the named enterprise's folded state (null when none is named), and which of
   * `hazardsFound` have a stream.
   */
  context: {
    districtCodes: ReadonlySet<string>;
    sectors: ReadonlySet<string>;
    enterprise: EnterpriseState | null;
    existingHazardIds: ReadonlySet<string>;
  };
  metadata: CommandMetadata;
}

/**
 * RecordEnforcementAction: a penalty or measure decided against an enterprise (行政处罚等).
 * `actionId` is made at the edge; `amountFen` integer fen; `decidedAt` an ISO-8601 instant with offset.
 */
export interface RecordEnforcementAction {
  type: 'RecordEnforcementAction';
  data: {
    actionId: string;
    districtCode: string;
    enterpriseUscc: string;
    kind: EnforcementKind;
    amountFen: number;
    decidedAt: string;
    documentNumber: string;
    inspectionId: string | null;
  };
  /**
   * The reference data's district codes, the enterprise's folded state, and the ids of the
   * inspections recorded in the district in the CST year of decidedAt and the year before.
   */
  context: {
    districtCodes: ReadonlySet<string>;
    enterprise: EnterpriseState;
    knownInspectionIds: ReadonlySet<string>;
  };
  metadata: CommandMetadata;
}

export type SupervisionCommand = RecordSupervisoryInspection | RecordEnforcementAction;
