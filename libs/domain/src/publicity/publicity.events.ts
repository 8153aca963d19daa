/**
 * Events of the `publicity-{districtCode}-{yyyy}` stream: the safety publicity (安全宣传) a district
 * recorded in one CST year — 千师万讲 lectures, 五进 demonstration sites and 应急科普体验馆 science halls
 * (plan 三(八)22). No optional fields: a lecture without a sector carries `sector: null`.
 */
import { cstYear } from '../core/cst.js';

/** The five settings of 安全宣传"五进": 进企业、进农村、进社区、进学校、进家庭. */
export const DEMONSTRATION_SETTINGS = ['enterprise', 'village', 'community', 'school', 'family'] as const;
export type DemonstrationSetting = (typeof DEMONSTRATION_SETTINGS)[number];

/** The levels of an emergency-science hall (应急科普体验馆). */
export const SCIENCE_HALL_LEVELS = ['city', 'district', 'township', 'village'] as const;
export type ScienceHallLevel = (typeof SCIENCE_HALL_LEVELS)[number];

/** A 千师万讲 safety lecture was held: `audienceSize` a positive integer, `heldAt` ISO-8601 with offset. */
export interface LectureHeld {
  type: 'LectureHeld';
  data: { lectureId: string; districtCode: string; sector: string | null; topic: string; audienceSize: number; heldAt: string };
}

/** A 五进 demonstration site was built in `setting`; `builtAt` ISO-8601 with offset. */
export interface DemonstrationSiteBuilt {
  type: 'DemonstrationSiteBuilt';
  data: { siteId: string; districtCode: string; setting: DemonstrationSetting; name: string; builtAt: string };
}

/** An emergency-science hall (应急科普体验馆) of `level` was established; `establishedAt` ISO-8601 with offset. */
export interface ScienceHallEstablished {
  type: 'ScienceHallEstablished';
  data: { hallId: string; districtCode: string; level: ScienceHallLevel; name: string; establishedAt: string };
}

export type PublicityEvent = LectureHeld | DemonstrationSiteBuilt | ScienceHallEstablished;

export const PUBLICITY_EVENT_TYPES = ['LectureHeld', 'DemonstrationSiteBuilt', 'ScienceHallEstablished'] as const satisfies readonly PublicityEvent['type'][];

/**
 * The stream of one district's publicity in the CST year of `at` (ISO-8601 instant):
 * `publicity-{districtCode}-{yyyy}`; 2024-12-31T20:00:00Z is in `…-2025`.
 */
export const publicityStreamId = (districtCode: string, at: string): string => `publicity-${districtCode}-${cstYear(at)}`;
