/**
 * Events of the `supervision-{districtCode}-{yyyy}` stream (DOMAIN.md §2): the supervisory
 * inspections (督导/执法检查) and enforcement actions (行政处罚等) of one district in one CST year.
 */
import { cstYear } from '../core/cst.js';

/** How a regulator inspected: 四不两直, 双随机, 异地交叉执法, 专项督查, or a routine inspection. */
export const INSPECTION_METHODS = ['four_no_two_direct', 'double_random', 'cross_regional', 'special_supervision', 'routine'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

/** Levels of a special supervision (专项督查): the city on a district, a district on a sector. */
export const SPECIAL_SUPERVISION_LEVELS = ['city_on_district', 'district_on_sector'] as const;
export type SpecialSupervisionLevel = (typeof SPECIAL_SUPERVISION_LEVELS)[number];

/** Kinds of enforcement action: 罚款, 停产整顿, 关闭取缔, 上限处罚, 联合惩戒, 警告. */
export const ENFORCEMENT_KINDS = ['fine', 'suspension_for_rectification', 'closure', 'upper_limit_penalty', 'joint_punishment', 'warning'] as const;
export type EnforcementKind = (typeof ENFORCEMENT_KINDS)[number];

/** The kinds that carry a penalty amount (> 0 fen); every other kind carries 0. */
export const MONETARY_ENFORCEMENT_KINDS: readonly EnforcementKind[] = ['fine', 'upper_limit_penalty'];

export interface SupervisoryInspectionRecorded {
  type: 'SupervisoryInspectionRecorded';
  data: {
    inspectionId: string;
    districtCode: string;
    /** The enterprise inspected, or null for an inspection of a district or sector as a whole. */
    enterpriseUscc: string | null;
    /** The enterprise's sector when one is named, else the sector given. */
    sector: string;
    method: InspectionMethod;
    /** Set exactly when method is 'special_supervision'. */
    specialSupervisionLevel: SpecialSupervisionLevel | null;
    /** ISO-8601 instant with offset; its CST year names the stream. */
    inspectedAt: string;
    /** Ids of hazards (hazard-{id} streams) the inspection found. */
    hazardsFound: string[];
    findings: string;
  };
}

export interface EnforcementActionRecorded {
  type: 'EnforcementActionRecorded';
  data: {
    actionId: string;
    districtCode: string;
    enterpriseUscc: string;
    /** The enterprise's sector when the action was decided. */
    sector: string;
    kind: EnforcementKind;
    /** Integer fen ≥ 0: > 0 for fine and upper_limit_penalty, 0 for the others. */
    amountFen: number;
    /** ISO-8601 instant with offset; its CST year names the stream. */
    decidedAt: string;
    /** 处罚决定书文号. */
    documentNumber: string;
    /** The inspection that led to the action, or null. */
    inspectionId: string | null;
  };
}

export type SupervisionEvent = SupervisoryInspectionRecorded | EnforcementActionRecorded;

export const SUPERVISION_EVENT_TYPES = ['SupervisoryInspectionRecorded', 'EnforcementActionRecorded'] as const satisfies readonly SupervisionEvent['type'][];

/**
 * The stream of one district's inspections and actions in the CST year of `at` (ISO-8601 instant):
 * `supervision-{districtCode}-{yyyy}`; 2024-12-31T20:00:00Z is in `…-2025`.
 */
export const supervisionStreamId = (districtCode: string, at: string): string => `supervision-${districtCode}-${cstYear(at)}`;
