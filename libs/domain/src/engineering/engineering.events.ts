/**
 * Events of the `engineering-{districtCode}-{yyyy}` stream (DOMAIN.md §2): the safety-engineering
 * facts of one district in one CST year (plan 三(七)20 安全工程治理) — elevator spot checks and the
 * plan's engineering projects completed. No optional fields.
 */
import { cstYear } from '../core/cst.js';

/** What an elevator spot check looks at: 门锁装置、紧急报警装置、救援对讲系统 (三(七)20). */
export const ELEVATOR_CHECK_ITEMS = ['door_lock', 'emergency_alarm', 'intercom'] as const;
export type ElevatorCheckItem = (typeof ELEVATOR_CHECK_ITEMS)[number];

/**
 * The plan's engineering projects and the unit `quantity` counts in:
 * old_community_renovation 老旧小区改造 (communities; also areaSquareMetres), rural_dangerous_bridge
 * 农村公路危桥改造 (bridges), life_protection_road 公路安全生命防护工程 (metres), reservoir_reinforcement
 * 病险水库除险加固 (reservoirs), hydrant 市政消火栓 (hydrants built), self_built_housing 自建房整治 (buildings).
 */
export const ENGINEERING_PROJECTS = [
  'old_community_renovation',
  'rural_dangerous_bridge',
  'life_protection_road',
  'reservoir_reinforcement',
  'hydrant',
  'self_built_housing',
] as const;
export type EngineeringProject = (typeof ENGINEERING_PROJECTS)[number];

export interface ElevatorSpotChecked {
  type: 'ElevatorSpotChecked';
  data: {
    checkId: string;
    districtCode: string;
    /** Elevators checked: a positive integer. */
    elevators: number;
    /** The items checked: a non-empty subset of {@link ELEVATOR_CHECK_ITEMS}, without repeats. */
    items: ElevatorCheckItem[];
    /** Elevators found defective: an integer from 0 to `elevators`. */
    defectsFound: number;
    /** ISO-8601 instant with offset; its CST year names the stream. */
    checkedAt: string;
  };
}

export interface EngineeringProgressRecorded {
  type: 'EngineeringProgressRecorded';
  data: {
    progressId: string;
    districtCode: string;
    project: EngineeringProject;
    /** Completed, a positive integer in the project's unit (metres for life_protection_road). */
    quantity: number;
    /** Area renovated in m², a positive integer, for old_community_renovation only; otherwise null. */
    areaSquareMetres: number | null;
    /** ISO-8601 instant with offset; its CST year names the stream. */
    completedAt: string;
  };
}

export type EngineeringEvent = ElevatorSpotChecked | EngineeringProgressRecorded;

export const ENGINEERING_EVENT_TYPES = ['ElevatorSpotChecked', 'EngineeringProgressRecorded'] as const satisfies readonly EngineeringEvent['type'][];

/**
 * The stream of one district's engineering facts in the CST year of `at` (ISO-8601 instant):
 * `engineering-{districtCode}-{yyyy}`; 2024-12-31T20:00:00Z is in `…-2025`.
 */
export const engineeringStreamId = (districtCode: string, at: string): string => `engineering-${districtCode}-${cstYear(at)}`;
