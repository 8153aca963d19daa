import type { CommandMetadata } from '../core/actor.js';
import type { EquipmentRecipientLevel, RescueTeamLevel } from './rescue.events.js';

/** Reference data the rescue decider judges against (handed in by the handler; the decider does no I/O). */
export interface RescueReference {
  districtCodes: ReadonlySet<string>;
  sectorCodes: ReadonlySet<string>;
}

/**
 * EstablishRescueTeam: a rescue team was established in a district. `teamId` is made at the edge;
 * `establishedAt` an ISO-8601 instant with offset; `members` a positive integer.
 */
export interface EstablishRescueTeam {
  type: 'EstablishRescueTeam';
  data: {
    teamId: string;
    districtCode: string;
    level: RescueTeamLevel;
    sector: string | null;
    unitRef: string | null;
    members: number;
    establishedAt: string;
  };
  reference: RescueReference;
  metadata: CommandMetadata;
}

/** DistributeEquipment: `sets` rescue equipment sets (a positive integer) handed to townships or villages of a district. */
export interface DistributeEquipment {
  type: 'DistributeEquipment';
  data: {
    distributionId: string;
    districtCode: string;
    sets: number;
    recipientLevel: EquipmentRecipientLevel;
    distributedAt: string;
  };
  reference: RescueReference;
  metadata: CommandMetadata;
}

export type RescueCommand = EstablishRescueTeam | DistributeEquipment;
