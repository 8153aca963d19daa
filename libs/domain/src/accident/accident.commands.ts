import type { CommandMetadata } from '../core/actor.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';

/** ReportAccident: the grade is not among the data, it is derived from the toll. */
export interface ReportAccident {
  type: 'ReportAccident';
  data: {
    accidentId: string;
    districtCode: string;
    sector: string;
    enterpriseUscc: string | null;
    occurredAt: string;
    deaths: number;
    seriousInjuries: number;
    directLossFen: number;
    summary: string;
  };
  /**
   * Reference data (district and sector codes) and, when `enterpriseUscc` is given, the enterprise's
   * folded state (`null` when none is named), handed in by the handler: the decider does no I/O.
   */
  context: {
    districtCodes: ReadonlySet<string>;
    sectors: ReadonlySet<string>;
    enterprise: EnterpriseState | null;
  };
  metadata: CommandMetadata;
}

/** ReviseAccidentToll: the toll as it now stands (counts, fen) and why; dated `revisedAt`. */
export interface ReviseAccidentToll {
  type: 'ReviseAccidentToll';
  data: { deaths: number; seriousInjuries: number; directLossFen: number; revisedAt: string; reason: string };
  metadata: CommandMetadata;
}

/** ConcludeInvestigation (一案双查): causes, hazards found, enterprise and regulator accountability. */
export interface ConcludeInvestigation {
  type: 'ConcludeInvestigation';
  data: {
    concludedAt: string;
    causes: string;
    hazardsFound: string[];
    enterpriseAccountability: string;
    regulatorAccountability: string;
  };
  /** Of `hazardsFound`, the ids whose hazard stream exists (looked up by the handler). */
  context: { reportedHazardIds: ReadonlySet<string> };
  metadata: CommandMetadata;
}

/** Every command on the `accident-{id}` stream. */
export type AccidentCommand = ReportAccident | ReviseAccidentToll | ConcludeInvestigation;
