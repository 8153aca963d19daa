/**
 * Events of the `rescue-{districtCode}` stream (DOMAIN.md §2): the rescue capacity of one district —
 * rescue teams established (应急救援队伍, 村(社区)应急救援站(点), 专业救援队伍) and rescue equipment
 * distributed (救援装备), plan 三(五)14. No optional fields.
 */

/** Levels of rescue team the plan counts: city, district, township (乡镇/街道), village station (村(社区)), sector professional. */
export const RESCUE_TEAM_LEVELS = ['city', 'district', 'township', 'village_station', 'sector_professional'] as const;
export type RescueTeamLevel = (typeof RESCUE_TEAM_LEVELS)[number];

/** Levels that serve a named unit (the township or village): `unitRef` is required for them, null for the others. */
export const UNIT_LEVELS: readonly RescueTeamLevel[] = ['township', 'village_station'];

/** Who receives distributed equipment sets. */
export const EQUIPMENT_RECIPIENT_LEVELS = ['township', 'village'] as const;
export type EquipmentRecipientLevel = (typeof EQUIPMENT_RECIPIENT_LEVELS)[number];

export interface RescueTeamEstablished {
  type: 'RescueTeamEstablished';
  data: {
    teamId: string;
    districtCode: string;
    level: RescueTeamLevel;
    /** A sector code of the reference data for `sector_professional`, else null. */
    sector: string | null;
    /** The township or village served (a free code or name) for `township` and `village_station`, else null. */
    unitRef: string | null;
    /** Members: a positive integer. */
    members: number;
    /** ISO-8601 instant with offset. */
    establishedAt: string;
  };
}

export interface EquipmentDistributed {
  type: 'EquipmentDistributed';
  data: {
    distributionId: string;
    districtCode: string;
    /** Equipment sets (套): a positive integer. */
    sets: number;
    recipientLevel: EquipmentRecipientLevel;
    /** ISO-8601 instant with offset. */
    distributedAt: string;
  };
}

export type RescueEvent = RescueTeamEstablished | EquipmentDistributed;

export const RESCUE_EVENT_TYPES = ['RescueTeamEstablished', 'EquipmentDistributed'] as const satisfies readonly RescueEvent['type'][];

/** The stream of one district's rescue capacity: `rescue-{districtCode}`. */
export const rescueStreamId = (districtCode: string): string => `rescue-${districtCode}`;

/**
 * The key a team is unique by within its district: level plus the unit served (township,
 * village_station) or the sector (sector_professional); city and district teams by level alone.
 */
export const rescueTeamKey = (level: string, sector: string | null, unitRef: string | null): string =>
  level === 'sector_professional' ? `${level}:${sector ?? ''}` : UNIT_LEVELS.includes(level as RescueTeamLevel) ? `${level}:${(unitRef ?? '').trim()}` : level;
