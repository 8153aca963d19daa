/**
 * Events of the `drill-{uscc}-{yyyy}` stream (DOMAIN.md §2): the evacuation drills (疏散逃生演练) an
 * enterprise held in one CST year. No optional fields.
 */
import { cstYear } from '../core/cst.js';

/** Kinds of drill the plan counts (三(四)7 names evacuation and escape drills only). */
export const DRILL_KINDS = ['evacuation'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

export interface DrillHeld {
  type: 'DrillHeld';
  data: {
    drillId: string;
    enterpriseUscc: string;
    /** The enterprise's district, sector and high-risk flag when the drill was held: figures count under these. */
    districtCode: string;
    sector: string;
    highRisk: boolean;
    kind: DrillKind;
    /** ISO-8601 instant with offset; its CST year names the stream. */
    heldAt: string;
    /** People who took part: a positive integer. */
    participants: number;
  };
}

export type DrillEvent = DrillHeld;

export const DRILL_EVENT_TYPES = ['DrillHeld'] as const satisfies readonly DrillEvent['type'][];

/**
 * The stream of one enterprise's drills in the CST year of `heldAt` (ISO-8601 instant):
 * `drill-{uscc}-{yyyy}`; 2024-12-31T20:00:00Z is in `…-2025`.
 */
export const drillStreamId = (uscc: string, heldAt: string): string => `drill-${uscc}-${cstYear(heldAt)}`;
