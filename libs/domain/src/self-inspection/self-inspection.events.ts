/**
 * Events of the `inspection-{uscc}-{yyyy}` stream (DOMAIN.md §2): the self-inspections (自查自纠) an
 * enterprise recorded in one CST year — the 日周月 regime (班组日查, 部门周查, 负责人月查), the
 * inspections led by the principal (主要负责人带队检查) and the 2024 重大事故隐患大排查. No optional fields.
 */
import { cstYear } from '../core/cst.js';

/**
 * Levels of self-inspection: `team_daily` 班组日查, `department_weekly` 部门周查, `director_monthly`
 * 负责人月查 (the 日周月 regime), `principal_led` 主要负责人带队检查 (plan: each quarter, monthly in
 * high-risk sectors), `major_hazard_survey` the 2024 重大事故隐患大排查 done after 判定标准 training
 * (plan 三(二)2: every enterprise by 30 June 2024).
 */
export const INSPECTION_LEVELS = ['team_daily', 'department_weekly', 'director_monthly', 'principal_led', 'major_hazard_survey'] as const;
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];

export interface SelfInspectionRecorded {
  type: 'SelfInspectionRecorded';
  data: {
    inspectionId: string;
    enterpriseUscc: string;
    /** The enterprise's district, sector and high-risk flag when the inspection was recorded. */
    districtCode: string;
    sector: string;
    highRisk: boolean;
    level: InspectionLevel;
    /** ISO-8601 instant with offset; its CST year names the stream. */
    inspectedAt: string;
    /** Hazards the inspection found: each a reported hazard of this enterprise, each once (may be empty). */
    hazardIds: string[];
    /** What was inspected and found, free text (non-empty). */
    findings: string;
  };
}

export type SelfInspectionEvent = SelfInspectionRecorded;

export const SELF_INSPECTION_EVENT_TYPES = ['SelfInspectionRecorded'] as const satisfies readonly SelfInspectionEvent['type'][];

/**
 * The stream of one enterprise's self-inspections in the CST year of `inspectedAt` (ISO-8601
 * instant): `inspection-{uscc}-{yyyy}`; 2024-12-31T20:00:00Z is in `…-2025`.
 */
export const selfInspectionStreamId = (uscc: string, inspectedAt: string): string => `inspection-${uscc}-${cstYear(inspectedAt)}`;
