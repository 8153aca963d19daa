import type { CommandMetadata } from '../core/actor.js';

/**
 * Commands on an enterprise. `data.*At` are when the fact happened (ISO-8601 with offset).
 * The handler has already checked the district and sector codes exist; the decider re-checks
 * them against `known*` lists it is handed, so the rule lives in one place.
 */
export interface RegisterEnterprise {
  type: 'RegisterEnterprise';
  data: {
    uscc: string;
    name: string;
    districtCode: string;
    sector: string;
    industryCode: string;
    riskTags: string[];
    /** `null`: take the sector's high-risk flag. */
    highRisk: boolean | null;
    registeredAt: string;
  };
  /** Reference data the decider judges against (handed in by the handler; the decider does no I/O). */
  reference: {
    districtCodes: ReadonlySet<string>;
    sectors: ReadonlyMap<string, { highRisk: boolean }>;
    riskTags: ReadonlySet<string>;
  };
  metadata: CommandMetadata;
}

export interface GradeStandardization {
  type: 'GradeStandardization';
  data: { uscc: string; level: 1 | 2 | 3; gradedAt: string };
  metadata: CommandMetadata;
}

export interface EstablishResponsibilitySystem {
  type: 'EstablishResponsibilitySystem';
  data: { uscc: string; establishedAt: string; postsCovered: number };
  metadata: CommandMetadata;
}

export interface CloseEnterprise {
  type: 'CloseEnterprise';
  data: { uscc: string; closedAt: string; reason: string };
  metadata: CommandMetadata;
}

export type EnterpriseCommand = RegisterEnterprise | GradeStandardization | EstablishResponsibilitySystem | CloseEnterprise;
